"""Chart images (PNG, SVG) through kaleido on Debian's chromium, one warm kaleido server per process."""
from __future__ import annotations

import copy
import threading

import plotly.graph_objects as go

from drugpolicy.charts.base import FILE_WIDTH, finish, title_text

WIDTH, HEIGHT, SCALE = FILE_WIDTH, 720, 1.25  # 16:9 at least; 1600 x 900 pixels, text legible on a full slide
SOURCES_CHARS = 700  # a footer lists sources up to about this many characters (4 lines), then counts the rest
_lock = threading.Lock()
_started = False


def _server() -> None:
    global _started
    if not _started:
        import atexit

        import kaleido

        kaleido.start_sync_server(n=1, mathjax=False, silence_warnings=True)
        # Stop chromium before Python removes its temporary profile, or the clean-up races it.
        atexit.register(kaleido.stop_sync_server, silence_warnings=True)
        _started = True


def footer_text(sources, lang: str, date: str, linked: bool = False) -> str:
    """'Sources: title (publisher); ... · Data curated on ... · Drug policy of Belgian cities' (date: the data's
    date as the sections module words it, sections.data_date); linked (a link to the view follows, and the view
    lists every source): past SOURCES_CHARS, the rest of the sources are counted ('and 12 more: see the link
    below')."""
    from drugpolicy.i18n import fmt_number, t

    titles = [f"{r.title} ({r.publisher})" for r in sources.itertuples()]
    shown, used = [], 0
    for title in titles:
        if linked and shown and used + len(title) > SOURCES_CHARS:
            break
        shown.append(title)
        used += len(title) + 2
    text = "; ".join(shown)
    if len(shown) < len(titles):
        text += " " + t("exports.more_sources", lang, n=fmt_number(len(titles) - len(shown), lang))
    return t("exports.footer", lang, sources=t("common.sources_caption", lang, sources=text), date=date)


def footer_lines(section, lang: str) -> list[str]:
    """A file's footer: the sources and the data's date, then the link back to the view the chart was taken from."""
    from drugpolicy.i18n import t
    from drugpolicy.sections.base import data_date

    lines = [footer_text(section.sources, lang, data_date(lang), linked=bool(section.url))]
    if section.url:
        lines.append(f"{t('briefing.open_view', lang)} {section.url}")
    return lines


def picture(section, lang: str, fmt: str = "png") -> bytes:
    """A section's chart as a file (PNG or SVG): its title, the chart, and under it the sources, the data's date
    and the link back to the view; at least 16:9, taller when the chart needs it (many cities, many sources)."""
    fig = with_footer(section.figure, footer_lines(section, lang))
    return to_image(fig, fmt, height=fig.layout.height)


def with_footer(fig: go.Figure, footer: str | list[str]) -> go.Figure:
    """A copy of fig laid out as a file WIDTH pixels wide with the footer's lines under the plot (for files, not
    for the screen); its layout's height is the file's (at least HEIGHT)."""
    out = go.Figure(copy.deepcopy(fig.to_dict()))
    return finish(out, title_text(out), footer, width=WIDTH, min_height=HEIGHT)


def to_image(fig: go.Figure | dict, fmt: str = "png", width: int = WIDTH, height: int = HEIGHT,
             scale: float = SCALE) -> bytes:
    """Render fig as PNG or SVG bytes at a slide-friendly size (scale: pixels per layout pixel)."""
    if fmt not in ("png", "svg"):
        raise ValueError(f"unknown image format {fmt!r}: png or svg")
    import kaleido

    if isinstance(fig, dict):  # a figure's JSON, drawn as the browser would, unvalidated (plotly.js's own values)
        fig = {**fig, "layout": {**fig.get("layout", {}), "width": width, "height": height}}
    else:
        fig = go.Figure(fig)
        fig.update_layout(width=width, height=height)
    with _lock:
        _server()
        return kaleido.calc_fig_sync(fig, opts={"format": fmt, "width": width, "height": height, "scale": scale})


_warming = threading.Event()


def warm_up_in_background() -> None:
    """Start kaleido and draw one tiny chart in a background thread, once per process: chromium's first
    render takes about 2 s, so a page that will offer images (the Briefing page) calls this when it opens."""
    if _warming.is_set():
        return
    _warming.set()

    def draw() -> None:
        try:
            to_image(go.Figure(go.Scatter(x=[0], y=[0])), "png", width=64, height=36)
        except Exception:  # noqa: BLE001 - warming is an optimisation; a real export reports its own error
            _warming.clear()

    threading.Thread(target=draw, name="kaleido-warm-up", daemon=True).start()
