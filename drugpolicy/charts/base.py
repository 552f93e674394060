"""Colours per city, the shared layout, and a chart's frame as a file: title, chart, footer (exports.images)."""
from __future__ import annotations

import re
import textwrap

import plotly.graph_objects as go

# Okabe-Ito: distinguishable with the common colour-vision deficiencies.
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"]
FONT = "Source Sans Pro, Arial, sans-serif"
PLOTLY_CONFIG = {"displaylogo": False, "modeBarButtonsToRemove": ["lasso2d", "select2d"], "responsive": True}

# A file's frame, in layout pixels. Text is laid out before chromium draws it, so its room is estimated from the
# number of characters: CHAR_EM is a character's width in font sizes, on the wide side of the house font's (and
# its fallbacks') average, so that an estimate is rather too large than too small; LINE is plotly's line height.
FILE_WIDTH = 1280
EDGE = 40  # the title and the footer start this far from the image's left edge
TITLE_SIZE, FONT_SIZE, FOOTER_SIZE = 18, 13, 11
LINE, CHAR_EM = 1.3, 0.58
SLACK = 60  # px the footer keeps free at its right: room should the left margin grow as plotly lays out the axes
LEGEND_ROW = 21  # px per entry of a vertical legend


# Paul Tol's muted scheme: for cities whose own colour another city in the same chart already has.
EXTRA = ["#332288", "#882255", "#117733", "#999933", "#AA4499", "#44AA99", "#CC6677", "#88CCEE", "#DDCC77"]


def city_colors(all_city_ids) -> dict[str, str]:
    """The same colour for a city on every page: by its place among all cities, not among those picked."""
    return {city: PALETTE[i % len(PALETTE)] for i, city in enumerate(sorted(all_city_ids))}


def distinct(colors: dict[str, str], cities) -> dict[str, str]:
    """colors with no two of these cities alike: a city keeps its own colour (city_colors) unless a city before it
    (by id) has it; then it takes the first colour that none of them has (Okabe-Ito, then EXTRA)."""
    shown = sorted(dict.fromkeys(cities))
    owned = {colors.get(city) for city in shown}
    out, used = dict(colors), set()
    for city in shown:
        color = colors.get(city)
        if color is None or color in used:
            free = [c for c in PALETTE + EXTRA if c not in used]
            color = next((c for c in free if c not in owned), free[0] if free else color)
        used.add(color)
        out[city] = color
    return out


def finish(fig: go.Figure, title: str, footer: list[str] | str | None = None, height: int | None = None,
           width: int = FILE_WIDTH, min_height: int = 0) -> go.Figure:
    """Title, house font, margins and height for the screen; with a footer (its lines: sources, data date, link),
    the frame of a file `width` pixels wide instead (see frame)."""
    screen_plot = _plot_px(fig, height)
    fig.update_layout(
        title={"text": escape(title), "x": 0, "xref": "paper", "xanchor": "left", "font": {"size": TITLE_SIZE}},
        font={"family": FONT, "size": FONT_SIZE},
        margin={"l": 10, "r": 10, "t": 60, "b": 40},
        paper_bgcolor="white",
        plot_bgcolor="white",
        hoverlabel={"align": "left"},
        **({"height": height} if height else {}),
    )
    fig.update_yaxes(automargin=True)
    fig.update_xaxes(automargin=True)
    if footer:
        frame(fig, title, [footer] if isinstance(footer, str) else footer, screen_plot, width, min_height)
    return fig


def _plot_px(fig: go.Figure, height: int | None = None) -> int:
    """The height of fig's plot area as laid out for the screen (its height less its top and bottom margins)."""
    margin = fig.layout.margin
    return int((height or fig.layout.height or 450) - (margin.t if margin.t is not None else 60)
               - (margin.b if margin.b is not None else 40))


def frame(fig: go.Figure, title: str, footer: list[str], plot_px: int, width: int = FILE_WIDTH,
          min_height: int = 0) -> go.Figure:
    """Lay fig out as a file: the title on top (wrapped), the plot at its screen height (taller to fill
    min_height or to hold the legend), the legend to its right, then the footer's lines (each wrapped) at the
    bottom. Each band is sized from the text in it, so that nothing overlaps whatever the number of cities."""
    title_lines = textwrap.wrap(title, _chars(width - 2 * EDGE, TITLE_SIZE)) or [""]
    lines = [part for line in footer for part in textwrap.wrap(line, _chars(width - 2 * EDGE - SLACK, FOOTER_SIZE))]
    title_px = _lines_px(len(title_lines), TITLE_SIZE)
    footer_px = _lines_px(len(lines), FOOTER_SIZE)
    top = 16 + title_px + 14 + max(_axis_px(fig, "top"), _above_px(fig))
    bottom = _axis_px(fig, "bottom") + 18 + footer_px + 12
    left = max(EDGE, _y_labels_px(fig))
    plot = max(plot_px, LEGEND_ROW * _legend_entries(fig) + 10, min_height - top - bottom)
    total = top + plot + bottom
    fig.update_layout(
        title={"text": "<br>".join(escape(line) for line in title_lines), "xref": "container", "x": EDGE / width,
               "xanchor": "left", "yref": "container", "y": 1 - 16 / total, "yanchor": "top", "automargin": False},
        margin={"l": left, "r": EDGE, "t": top, "b": bottom, "autoexpand": True},
        legend={"orientation": "v", "xref": "paper", "x": 1.02, "xanchor": "left", "yref": "paper", "y": 1,
                "yanchor": "top"},
        width=width, height=total)
    fig.add_annotation(text="<br>".join(escape(line) for line in lines), xref="paper", yref="paper", x=0, y=0,
                       xshift=EDGE - left, yshift=12 - bottom, xanchor="left", yanchor="bottom", showarrow=False,
                       align="left", font={"size": FOOTER_SIZE, "color": "#555"}, name="footer")
    return fig


def _chars(px: float, size: float) -> int:
    """How many characters of this font size surely fit in px."""
    return max(10, int(px / (CHAR_EM * size)))


def _lines_px(n: int, size: float) -> int:
    return int(n * LINE * size + 0.5) + 2


def _text_lines(text) -> list[str]:
    """A label's lines as plain text (plotly's <br> and tags taken out)."""
    return [re.sub(r"<[^>]+>", "", part) for part in re.split(r"<br\s*/?>", str(text))]


def _axes(fig: go.Figure, letter: str) -> list[tuple[str, object]]:
    """(name of the axis in traces, e.g. 'y2'; the axis) for every axis of fig with this letter."""
    layout = fig.layout
    names = [k for k in layout.to_plotly_json() if re.fullmatch(f"{letter}axis[0-9]*", k)] or [f"{letter}axis"]
    return [(letter + name[5:], layout[name]) for name in names]


def _shows_labels(axis) -> bool:
    return axis.visible is not False and axis.showticklabels is not False


def _tick_texts(fig: go.Figure, letter: str, name: str, axis) -> list[str]:
    """The tick labels an axis shows: its ticktext, else its traces' categories, else its numbers."""
    if axis.ticktext:
        return [str(t) for t in axis.ticktext]
    values = [v for trace in fig.data if (getattr(trace, f"{letter}axis", None) or letter) == name
              for v in (getattr(trace, letter, None) or ()) if v is not None]
    if any(isinstance(v, str) for v in values):
        return [str(v) for v in values]
    numbers = [abs(v) for v in [*values, *(axis.range or ())] if isinstance(v, int | float)]
    return [f"{max(numbers):,.0f}" + (axis.ticksuffix or "")] if numbers else ["2020"]  # else: dates, years


def _font_px(axis) -> float:
    return (axis.tickfont.size if axis.tickfont and axis.tickfont.size else FONT_SIZE)


def _y_labels_px(fig: go.Figure) -> int:
    """The room the y axes' labels and titles take left of the plot."""
    widest = 0.0
    for name, axis in _axes(fig, "y"):
        if not _shows_labels(axis) or axis.side == "right":
            continue
        chars = max((len(line) for text in _tick_texts(fig, "y", name, axis) for line in _text_lines(text)),
                    default=0)
        px = chars * CHAR_EM * _font_px(axis) + 12
        if axis.title and axis.title.text:
            px += LINE * FONT_SIZE + 12
        widest = max(widest, px)
    return int(widest + 16)


def _axis_px(fig: go.Figure, side: str) -> int:
    """The room the x axes' labels and titles take above ('top') or below ('bottom') the plot."""
    most = 0.0
    y_axes = {name: axis for name, axis in _axes(fig, "y")}
    for name, axis in _axes(fig, "x"):
        if axis.visible is False or (axis.side or "bottom") != side:
            continue
        anchor = y_axes.get(axis.anchor or "y")
        domain = anchor.domain if anchor is not None and anchor.domain else (0, 1)
        if (side == "bottom" and domain[0] > 0.001) or (side == "top" and domain[1] < 0.999):
            continue  # an axis between stacked panels: inside the plot
        px = 0.0
        if _shows_labels(axis):
            lines = max((len(_text_lines(text)) for text in _tick_texts(fig, "x", name, axis)), default=1)
            px += lines * LINE * _font_px(axis) + 10
        if axis.title and axis.title.text:
            px += LINE * FONT_SIZE + 14
        most = max(most, px)
    return int(most)


def _above_px(fig: go.Figure) -> int:
    """The room the annotations drawn above the plot (panel titles, notes) take."""
    most = 0.0
    for note in fig.layout.annotations:
        if note.yref == "paper" and note.y is not None and note.y >= 1 and note.yanchor in ("bottom", None, "auto"):
            size = note.font.size if note.font and note.font.size else FONT_SIZE
            most = max(most, (note.yshift or 0) + len(_text_lines(note.text or "")) * LINE * size + 6)
    return int(most)


def _legend_entries(fig: go.Figure) -> int:
    if fig.layout.showlegend is False:
        return 0
    return sum(1 for trace in fig.data  # a Sankey has neither
               if getattr(trace, "showlegend", None) is not False and getattr(trace, "name", None))


def title_text(fig: go.Figure) -> str:
    """fig's title as plain text: finish escapes it for plotly; this undoes that ("" without a title)."""
    import html

    return html.unescape(re.sub(r"<br\s*/?>", " ", fig.layout.title.text or "")) if fig.layout.title else ""


def wrap(text: str, width: int = 60) -> str:
    """Break long hover text into lines (plotly hover labels do not wrap)."""
    return "<br>".join(textwrap.wrap(escape(text), width)) if text else ""


def escape(text) -> str:
    """Plotly renders a subset of HTML in labels: data text must not become markup."""
    return ("" if text is None else str(text)).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
