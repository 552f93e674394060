"""Compare chart: measures per pillar as grouped bars, one colour per city, the measures behind each bar in the hover."""
from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from drugpolicy.charts.base import distinct, escape, finish, wrap

HOVER_MEASURES = 6  # more measures than this in one bar are summed up as "+n"


def pillar_bars(counts: pd.DataFrame, measures: pd.DataFrame, city_names: dict[str, str],
                colors: dict[str, str], title: str, none_label: str, count_label: str,
                footer: str | None = None, cities: list[str] | None = None,
                model_names: dict[str, str] | None = None) -> go.Figure:
    """Grouped horizontal bars: pillars down the y axis (in counts' order), one bar per city; a panel per model.

    counts: one row per city and pillar with columns city_id, model_id, row (the pillar's label, unique
    within a model) and measure_count, optionally pillar (a shorter label for the axis); a (city, row) pair
    absent from counts is a pillar outside that city's model and gets no bar, while a count of 0 is a pillar
    with no recorded measure (a flat bar labelled with a dash). When the cities use different models (each
    city in its own model), each model gets its own panel, titled from model_names.
    measures: the measures behind the bars, columns city_id, row, title and quote (verbatim), for the hover.
    cities: the order of the bars within a group (default: as they first appear in counts).
    """
    cities = cities or list(dict.fromkeys(counts["city_id"]))
    colors = distinct(colors, cities)
    count_of = {(r.city_id, r.row): int(r.measure_count) for r in counts.itertuples()}
    short = dict(zip(counts["row"], counts["pillar"] if "pillar" in counts else counts["row"], strict=True))
    behind: dict[tuple[str, str], list[tuple[str, str]]] = {}
    for r in measures.itertuples():
        behind.setdefault((r.city_id, r.row), []).append((r.title, r.quote))
    models = list(dict.fromkeys(counts["model_id"]))
    panels = []
    for model in models:
        part = counts[counts["model_id"] == model]
        rows = list(dict.fromkeys(part["row"]))
        panel_cities = [c for c in cities if c in set(part["city_id"])]
        panels.append((model, rows, panel_cities))
    sizes = [len(rows) * (len(cs) + 1) for _, rows, cs in panels]
    titles = [escape((model_names or {}).get(m, m)) for m, _, _ in panels]
    fig = make_subplots(rows=len(panels), cols=1, shared_xaxes=True, vertical_spacing=0.25 / len(panels),
                        row_heights=sizes, subplot_titles=titles if len(panels) > 1 else None)
    shown = set()
    for i, (_, rows, panel_cities) in enumerate(panels, start=1):
        for city in panel_cities:
            name = city_names.get(city, city)
            xs = [count_of.get((city, label)) for label in rows]
            fig.add_trace(go.Bar(
                y=[escape(r) for r in rows], x=xs, orientation="h", name=escape(name), legendgroup=city,
                showlegend=city not in shown, marker_color=colors.get(city),
                text=["" if n is None else (str(n) if n else "–") for n in xs],
                textposition="outside", cliponaxis=False, hoverinfo="text",
                hovertext=["" if n is None else _hover(name, short[label], n, behind.get((city, label), []),
                                                      none_label, count_label) for label, n in zip(rows, xs, strict=True)],
            ), row=i, col=1)
            shown.add(city)
        # Reversed, so that the first pillar and the first city come on top, as in the grid.
        fig.update_yaxes(tickmode="array", tickvals=[escape(r) for r in rows], autorange="reversed",
                         ticktext=[wrap(short[r], 28) for r in rows], row=i, col=1)
    top = max(count_of.values(), default=0)
    fig.update_xaxes(rangemode="tozero", dtick=max(1, -(-top // 8)), gridcolor="#eee", showticklabels=True)
    fig.update_xaxes(title_text=escape(count_label), row=len(panels), col=1)
    fig.update_layout(barmode="group", bargap=0.2, legend={"orientation": "h", "yref": "container", "y": 0,
                                                           "yanchor": "bottom", "x": 0})
    fig.update_annotations(font={"size": 13})
    height = 170 + sum(len(rows) * (14 + 18 * len(cs)) for _, rows, cs in panels) + 50 * (len(panels) - 1)
    fig = finish(fig, title, footer, height=height)
    fig.update_layout(margin={"b": (80 if footer else 40) + 40})
    return fig


def _hover(city: str, pillar: str, n: int, items: list[tuple[str, str]], none_label: str,
           count_label: str) -> str:
    head = f"<b>{escape(city)}</b><br>{escape(pillar)}<br>{escape(count_label)}: {n if n else escape(none_label)}"
    lines = [f"• <b>{escape(title)}</b><br>  “{wrap(quote, 70)}”" for title, quote in items[:HOVER_MEASURES]]
    if len(items) > HOVER_MEASURES:
        lines.append(f"+{len(items) - HOVER_MEASURES}")
    return "<br>".join([head, *lines])
