"""The cities-by-pillars matrix: number of measures per pillar, on one model.

On screen it is a shaded table (pillar_table, drawn as HTML by pillar_table_html): the numbers are the point, a
table reads them out to screen readers, and the page then needs no chart library nor the data grid's code. For
files and slides it is a plotly heatmap (pillar_matrix) with the same cells and the same shading.
"""
from __future__ import annotations

import html
import textwrap

import pandas as pd
import plotly.graph_objects as go
from plotly.colors import sample_colorscale

from drugpolicy.charts.base import escape, finish

COLORSCALE = "Blues"
# A cell's text is black or white, whichever stands out more from its shade: at least 4.58:1 (the two meet at
# sqrt(21):1), where a fixed switch to white at 55 % of the largest count gave 2.8:1 on the middle blues.
HEADER_TEXT = "#555555"  # the header cells' grey: 7.46:1 on white (rgba(49,51,63,0.6) was 3.68:1)


def _luminance(rgb: str) -> float:
    """WCAG relative luminance of an "rgb(r, g, b)" colour."""
    channels = [float(v) / 255 for v in rgb[rgb.index("(") + 1:rgb.index(")")].split(",")[:3]]
    r, g, b = (c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def text_colour(shade: str) -> str:
    """"white" or "black", whichever has the higher contrast with the shade (an "rgb(r, g, b)" colour)."""
    lum = _luminance(shade)
    return "white" if (1.05 / (lum + 0.05)) > ((lum + 0.05) / 0.05) else "black"


def _cells(df: pd.DataFrame) -> tuple[list[str], list[str], dict[tuple[str, str], int]]:
    """Rows (pillar labels, in df's order), cities, and the count of each (city, row) that is in the city's model."""
    rows = list(dict.fromkeys(df["row"]))
    cities = list(dict.fromkeys(df["city_id"]))
    counts = {(r.city_id, r.row): int(r.measure_count) for r in df.itertuples()}
    return rows, cities, counts


def _text(n: int | None) -> str:
    """A count; a dash for none recorded; nothing for a pillar that is not in the city's model."""
    return "" if n is None else (str(n) if n else "–")


def pillar_table(df: pd.DataFrame, city_names: dict[str, str], pillar_label: str
                 ) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The matrix as a table for the screen: (cell texts, cell CSS), pillars in rows and cities in columns.

    df as for pillar_matrix. The shade is the heatmap's: the count's share of the largest count on the colour scale.
    """
    rows, cities, counts = _cells(df)
    top = max(counts.values(), default=0) or 1
    text: dict[str, list[str]] = {}
    css: dict[str, list[str]] = {}
    for c in cities:
        name = city_names.get(c, c)
        text[name], css[name] = [], []
        for label in rows:
            n = counts.get((c, label))
            text[name].append(_text(n))
            if n:
                shade = sample_colorscale(COLORSCALE, [n / top])[0]
                css[name].append(f"background-color: {shade}; color: {text_colour(shade)}")
            else:
                css[name].append("")
    index = pd.Index(rows, name=pillar_label)
    return pd.DataFrame(text, index=index), pd.DataFrame(css, index=index)


# Scoped to the table's class; close to st.table's look (thin borders, grey headers), numbers in even widths. With
# many cities on a phone the table scrolls sideways in its own region (labelled by the caption, reached by the
# keyboard) rather than widening the page or squeezing the city names.
TABLE_STYLE = (
    "<style>"
    ".pillar-matrix-wrap{overflow-x:auto}"
    ".pillar-matrix-wrap:focus-visible{outline:2px solid #a8323f;outline-offset:2px}"
    ".pillar-matrix{border-collapse:collapse;width:100%;font-size:0.875rem;font-variant-numeric:tabular-nums}"
    ".pillar-matrix caption{caption-side:top;text-align:left;font-weight:600;font-size:1rem;padding:0 0 0.5rem}"
    ".pillar-matrix th,.pillar-matrix td{border:1px solid rgba(49,51,63,0.1);padding:0.25rem 0.5rem;"
    "text-align:left;vertical-align:top}"
    f".pillar-matrix th{{font-weight:400;color:{HEADER_TEXT}}}"
    ".pillar-matrix td{min-width:3rem}"
    "</style>"
)


def pillar_table_html(cells: pd.DataFrame, shades: pd.DataFrame, caption: str) -> str:
    """The shaded table as HTML for st.html: caption, a header row of cities, a header cell per pillar.

    cells and shades as pillar_table returns them. Every text is escaped; the only markup is the table's own.
    """
    e = html.escape
    head = "".join(f'<th scope="col">{e(str(c))}</th>' for c in [cells.index.name or "", *cells.columns])
    rows = []
    for label, texts, styles in zip(cells.index, cells.to_numpy().tolist(), shades.to_numpy().tolist(), strict=True):
        tds = "".join(f'<td style="{e(css)}">{e(text)}</td>' if css else f"<td>{e(text)}</td>"
                      for text, css in zip(texts, styles, strict=True))
        rows.append(f'<tr><th scope="row">{e(str(label))}</th>{tds}</tr>')
    return (f'{TABLE_STYLE}<div class="pillar-matrix-wrap" role="region" aria-label="{e(caption)}" tabindex="0">'
            f'<table class="pillar-matrix"><caption>{e(caption)}</caption>'
            f"<thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table></div>")


def pillar_matrix(df: pd.DataFrame, city_names: dict[str, str], title: str, none_label: str,
                  footer: str | None = None) -> go.Figure:
    """Heatmap, pillars in rows (in df's order) and cities in columns; no recorded measure shows a dash.

    df: one row per city and pillar with columns city_id, row (the pillar's label) and measure_count;
    a (city, row) pair absent from df is a pillar that is not in that city's model: an empty cell.
    """
    rows, cities, counts = _cells(df)
    z, text, hover = [], [], []
    for label in rows:
        zr, tr, hr = [], [], []
        for c in cities:
            n = counts.get((c, label))
            zr.append(n or None)
            tr.append(_text(n))
            hr.append("" if n is None else
                      f"{escape(city_names.get(c, c))}<br>{escape(label)}: {n if n else escape(none_label)}")
        z.append(zr), text.append(tr), hover.append(hr)
    # A file is 1280 px wide: a column's name wraps to the column's width (at 12 cities, about 75 px), never tilted.
    chars = max(9, min(16, 120 // max(len(cities), 1)))
    names = ["<br>".join(textwrap.wrap(escape(city_names.get(c, c)), chars, break_long_words=False)) for c in cities]
    fig = go.Figure(go.Heatmap(
        z=z, x=names, y=rows, text=text, texttemplate="%{text}",
        hovertext=hover, hoverinfo="text", colorscale=COLORSCALE, showscale=False, xgap=3, ygap=3,
        zmin=0, textfont={"size": 16},
    ))
    fig.update_yaxes(autorange="reversed", tickfont={"size": 13})
    fig.update_xaxes(side="top", tickfont={"size": 14 if len(cities) <= 8 else 13}, tickangle=0)
    fig = finish(fig, title, footer, height=150 + 44 * len(rows))
    if not footer:  # on screen: the title above the city names on top, not over them
        lines = max((name.count("<br>") + 1 for name in names), default=1)
        fig.update_layout(margin={"t": 70 + 20 * lines})
    return fig
