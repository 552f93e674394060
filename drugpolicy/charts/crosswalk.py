"""The crosswalk between pillar models: display rows for its table and a diagram from a model's pillars to the common ones."""
from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from drugpolicy import i18n
from drugpolicy.charts.base import escape, finish, wrap

RELATIONS = ("equivalent", "narrower", "broader", "overlap")
# Okabe-Ito hues; a line's colour says how the two pillars relate, its width carries no quantity.
RELATION_COLORS = {"equivalent": "#009E73", "narrower": "#0072B2", "broader": "#E69F00", "overlap": "#CC79A7"}
NODE_COLORS = ["#4d4d4d", "#8c8c8c"]


def _rgba(hex_color: str, alpha: float) -> str:
    r, g, b = (int(hex_color[i:i + 2], 16) for i in (1, 3, 5))
    return f"rgba({r},{g},{b},{alpha})"


def crosswalk_rows(df: pd.DataFrame, lang: str, relation_labels: dict[str, str]) -> pd.DataFrame:
    """sources_crosswalk rows with display labels in lang: from_model, from_pillar, to_model, to_pillar,
    relation_label and note (the curator's note, the original with a marker where a translation is missing).
    A pillar that maps to no common pillar keeps empty to_ labels."""
    out = df.copy()
    records = df.to_dict("records")
    out["from_model"] = [i18n.label(r, "from_model_name", lang) for r in records]
    out["from_pillar"] = [i18n.label(r, "from_name", lang) for r in records]
    out["to_model"] = [i18n.label(r, "to_model_name", lang) for r in records]
    out["to_pillar"] = [i18n.label(r, "to_name", lang) for r in records]
    out["relation_label"] = [relation_labels.get(r["relation"], r["relation"]) if isinstance(r["relation"], str)
                             else "" for r in records]
    out["note"] = [i18n.label(r, "note", lang) for r in records]
    return out


def crosswalk_sankey(rows: pd.DataFrame, title: str, relation_labels: dict[str, str],
                     footer: str | None = None) -> go.Figure:
    """Pillars of one or more models on the left, the common-model pillars they map to on the right.

    rows: output of crosswalk_rows. A pillar's mapping onto its own model (the identity) and pillars
    that map to nothing draw no line. Where a side holds pillars of several models, its nodes name
    their model too (both common models have a prevention pillar).
    """
    links = rows[rows["to_pillar_id"].notna() & (rows["from_model_id"] != rows["to_model_id"])]
    left = list(dict.fromkeys(links["from_pillar_id"]))
    right = list(dict.fromkeys(links.sort_values(["to_model_id", "to_sort_order"], kind="stable")["to_pillar_id"]))
    first = links.drop_duplicates("from_pillar_id").set_index("from_pillar_id")
    first_to = links.drop_duplicates("to_pillar_id").set_index("to_pillar_id")

    several_left, several_right = links["from_model_id"].nunique() > 1, links["to_model_id"].nunique() > 1

    def node_label(pillar: str, model: str, with_model: bool) -> str:
        return escape(f"{model}: {pillar}" if with_model else pillar)

    labels = [node_label(first.at[p, "from_pillar"], first.at[p, "from_model"], several_left) for p in left]
    labels += [node_label(first_to.at[p, "to_pillar"], first_to.at[p, "to_model"], several_right) for p in right]
    hover = [escape(f"{first.at[p, 'from_model']}: {first.at[p, 'from_pillar']}") for p in left]
    hover += [escape(f"{first_to.at[p, 'to_model']}: {first_to.at[p, 'to_pillar']}") for p in right]
    models = list(dict.fromkeys([*links["from_model_id"], *links["to_model_id"]]))
    colors = [NODE_COLORS[models.index(first.at[p, "from_model_id"]) % 2] for p in left]
    colors += [NODE_COLORS[models.index(first_to.at[p, "to_model_id"]) % 2] for p in right]
    index = {("L", p): i for i, p in enumerate(left)} | {("R", p): len(left) + i for i, p in enumerate(right)}

    link_hover = []
    for r in links.itertuples():
        text = f"{r.from_model}: {r.from_pillar} → {r.to_model}: {r.to_pillar} ({r.relation_label})"
        link_hover.append(f"{escape(text)}<br>{wrap(r.note, 70)}" if r.note else escape(text))

    def spread(n: int) -> list[float]:
        return [0.5] if n == 1 else [0.02 + 0.96 * i / (n - 1) for i in range(n)]

    fig = go.Figure(go.Sankey(
        arrangement="snap",
        textfont={"size": 13, "color": "#222222", "shadow": "none"},
        node={"label": labels, "customdata": hover, "hovertemplate": "%{customdata}<extra></extra>",
              "color": colors, "pad": 18, "thickness": 16, "line": {"width": 0},
              "x": [0.001] * len(left) + [0.999] * len(right), "y": spread(len(left)) + spread(len(right))},
        link={"source": [index[("L", p)] for p in links["from_pillar_id"]],
              "target": [index[("R", p)] for p in links["to_pillar_id"]],
              "value": [1] * len(links),
              "color": [_rgba(RELATION_COLORS.get(r, "#999999"), 0.5) for r in links["relation"]],
              "customdata": link_hover, "hovertemplate": "%{customdata}<extra></extra>"},
    ))
    # The relation colours need a key; a Sankey has no legend, so empty marker traces supply one.
    for relation in RELATIONS:
        if relation in set(links["relation"]):
            fig.add_trace(go.Scatter(x=[None], y=[None], mode="markers", name=escape(relation_labels.get(relation, relation)),
                                     marker={"color": RELATION_COLORS[relation], "size": 12, "symbol": "square"},
                                     hoverinfo="skip"))
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False)
    fig.update_layout(showlegend=True, legend={"orientation": "h", "x": 0, "xanchor": "left", "y": 1.0,
                                               "yanchor": "bottom"})
    fig = finish(fig, title, footer, height=190 + 40 * max(len(left), len(right), 1))
    # Room under the title for the key of relation colours.
    return fig.update_layout(margin={"t": 100}, title={"y": 1, "yref": "container", "yanchor": "top", "pad": {"t": 12}})
