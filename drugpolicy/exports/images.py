"""Chart images (PNG, SVG) through kaleido on Debian's chromium, one warm kaleido server per process."""
from __future__ import annotations

import copy
import threading

import plotly.graph_objects as go

from drugpolicy.charts.base import finish, title_text

WIDTH, HEIGHT, SCALE = 1280, 720, 1.25  # 16:9; 1600 x 900 pixels, text legible on a full slide
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


def footer_text(sources, lang: str, date: str) -> str:
    """'Sources: title (publisher); ... · Data curated on ... · Drug policy of Belgian cities' (date: the data's
    date as the sections module words it, sections.data_date)."""
    from drugpolicy.i18n import t

    titles = "; ".join(f"{r.title} ({r.publisher})" for r in sources.itertuples())
    return t("exports.footer", lang, sources=t("common.sources_caption", lang, sources=titles), date=date)


def picture(section, lang: str, fmt: str = "png") -> bytes:
    """A section's chart as a file (PNG or SVG) with its sources and the data's date drawn under it."""
    from drugpolicy.sections.base import data_date

    return to_image(with_footer(section.figure, footer_text(section.sources, lang, data_date(lang))), fmt)


def with_footer(fig: go.Figure, footer: str) -> go.Figure:
    """A copy of fig with the sources and data date drawn under the plot (for files, not for the screen)."""
    out = go.Figure(copy.deepcopy(fig.to_dict()))
    title = title_text(out)
    out.layout.height = None
    return finish(out, title, footer)


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
