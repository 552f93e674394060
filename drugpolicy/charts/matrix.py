"""The cities-by-pillars matrix: number of measures per pillar, on one model."""
from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from drugpolicy.charts.base import escape, finish, wrap


def pillar_matrix(df: pd.DataFrame, city_names: dict[str, str], title: str, none_label: str,
                  footer: str | None = None) -> go.Figure:
    """Heatmap, pillars in rows (in df's order) and cities in columns; no recorded measure shows a dash.

    df: one row per city and pillar with columns city_id, row (the pillar's label) and measure_count;
    a (city, row) pair absent from df is a pillar that is not in that city's model: an empty cell.
    """
    rows = list(dict.fromkeys(df["row"]))
    cities = list(dict.fromkeys(df["city_id"]))
    counts = {(r.city_id, r.row): int(r.measure_count) for r in df.itertuples()}
    z, text, hover = [], [], []
    for label in rows:
        zr, tr, hr = [], [], []
        for c in cities:
            n = counts.get((c, label))
            zr.append(n or None)
            tr.append("" if n is None else (str(n) if n else "–"))
            hr.append("" if n is None else
                      f"{escape(city_names.get(c, c))}<br>{escape(label)}: {n if n else escape(none_label)}")
        z.append(zr), text.append(tr), hover.append(hr)
    fig = go.Figure(go.Heatmap(
        z=z, x=[wrap(city_names.get(c, c), 16) for c in cities], y=rows, text=text, texttemplate="%{text}",
        hovertext=hover, hoverinfo="text", colorscale="Blues", showscale=False, xgap=3, ygap=3,
        zmin=0, textfont={"size": 16},
    ))
    fig.update_yaxes(autorange="reversed", tickfont={"size": 13})
    fig.update_xaxes(side="top", tickfont={"size": 14})
    return finish(fig, title, footer, height=150 + 44 * len(rows))
