"""One colour per city, shared layout, and the source footer every chart carries (on screen and in exports)."""
from __future__ import annotations

import plotly.graph_objects as go

# Okabe-Ito: distinguishable with the common colour-vision deficiencies.
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"]
FONT = "Source Sans Pro, Arial, sans-serif"
PLOTLY_CONFIG = {"displaylogo": False, "modeBarButtonsToRemove": ["lasso2d", "select2d"], "responsive": True}


def city_colors(all_city_ids) -> dict[str, str]:
    """The same colour for a city on every page: by its place among all cities, not among those picked."""
    return {city: PALETTE[i % len(PALETTE)] for i, city in enumerate(sorted(all_city_ids))}


def finish(fig: go.Figure, title: str, footer: str | None = None, height: int | None = None) -> go.Figure:
    """Title, house font and, for exports, a footer with the sources and data date drawn under the plot."""
    import textwrap

    lines = textwrap.wrap(footer, 170) if footer else []
    fig.update_layout(
        title={"text": escape(title), "x": 0, "xref": "paper", "xanchor": "left", "font": {"size": 18}},
        font={"family": FONT, "size": 13},
        margin={"l": 40 if lines else 10, "r": 40 if lines else 10, "t": 80 if lines else 60,
                "b": 70 + 15 * len(lines) if lines else 40},
        paper_bgcolor="white",
        plot_bgcolor="white",
        hoverlabel={"align": "left"},
        **({"height": height} if height else {}),
    )
    fig.update_yaxes(automargin=True)
    fig.update_xaxes(automargin=True)
    if lines:
        fig.add_annotation(text="<br>".join(escape(line) for line in lines), xref="paper", yref="paper",
                           x=0, y=0, yshift=-45, xanchor="left", yanchor="top", showarrow=False, align="left",
                           font={"size": 11, "color": "#555"})
    return fig


def title_text(fig: go.Figure) -> str:
    """fig's title as plain text: finish escapes it for plotly; this undoes that ("" without a title)."""
    import html

    return html.unescape(fig.layout.title.text or "") if fig.layout.title else ""


def wrap(text: str, width: int = 60) -> str:
    """Break long hover text into lines (plotly hover labels do not wrap)."""
    import textwrap

    return "<br>".join(textwrap.wrap(escape(text), width)) if text else ""


def escape(text) -> str:
    """Plotly renders a subset of HTML in labels: data text must not become markup."""
    return ("" if text is None else str(text)).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
