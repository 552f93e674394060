"""Pictures of charts for a visitor's first view: the chart on screen before plotly.js is loaded.

A browser that opens the dashboard must fetch and evaluate plotly.js (1.3 MB) before it can draw a chart: about
0.3 to 0.7 s on these machines after the page's other elements, more on a phone. The session's first charts
are therefore sent with an SVG picture of themselves (components/plotly_light shows it in the chart's place
until plotly.js has drawn the chart). The picture is drawn by kaleido on Debian's chromium, as the exports are,
from the figure exactly as the browser draws it (`streamlit_plotly_light.picture_spec`: Streamlit's light
template, bold title), WIDTH pixels wide and as high as the chart.

Drawing one takes about 0.1 to 0.3 s, so it is never done while a visitor waits: `for_chart` returns the picture
when one is ready and otherwise asks a background thread to draw it and returns None (that visitor gets the chart
when plotly.js draws it, as without pictures). Views are shared between sessions (drugpolicy/memo.py), so the
visitors after the first of a view (a shared link, a page's default view) get the picture. Pictures are kept by
the figure's content, up to MAX_BYTES in all, the least recently used dropped first; the queue of figures waiting
to be drawn is bounded (MAX_WAITING) and a figure it has no room for is drawn on a later visit.
A failure to draw (no chromium, a kaleido error) is logged once and leaves that figure without a picture;
after MAX_FAILURES in a row, the process draws no more pictures (charts come without them).

Switched off with the environment variable DRUGPOLICY_CHART_PICTURES=off.
"""
from __future__ import annotations

import hashlib
import logging
import os
import queue
import threading
from collections import OrderedDict

log = logging.getLogger("drugpolicy")

WIDTH = 820  # the chart's width in the wide layout of a 1280-pixel window with the sidebar open
MAX_BYTES = 32 * 1024 * 1024
MAX_WAITING = 64
MAX_FAILURES = 3
ENV = "DRUGPOLICY_CHART_PICTURES"

_lock = threading.Lock()
_pictures: OrderedDict[str, str] = OrderedDict()  # content key -> SVG text, least recently used first
_bytes = 0
_waiting: set[str] = set()  # keys queued or being drawn
_queue: queue.Queue = queue.Queue(maxsize=MAX_WAITING)
_worker: threading.Thread | None = None
_failed_once = False
_failures_in_a_row = 0


def enabled() -> bool:
    """Pictures are on unless DRUGPOLICY_CHART_PICTURES says off, and drawing has not failed MAX_FAILURES in a row."""
    return (_failures_in_a_row < MAX_FAILURES
            and os.environ.get(ENV, "on").strip().lower() not in ("off", "0", "false", "no"))


def _key(fig) -> str:
    import streamlit_plotly_light as light

    return hashlib.sha256(light.figure_json(fig).encode()).hexdigest()


def for_chart(fig) -> str | None:
    """The SVG picture of fig if one is ready; else None, and fig is queued to be drawn in the background."""
    if not enabled():
        return None
    key = _key(fig)
    with _lock:
        svg = _pictures.get(key)
        if svg is not None:
            _pictures.move_to_end(key)
            return svg
        if key in _waiting:
            return None
        try:
            _queue.put_nowait((key, fig))
        except queue.Full:
            return None
        _waiting.add(key)
        _start_worker()
    return None


def draw(fig) -> str:
    """fig's picture as SVG text, drawn now (kaleido), as the browser would draw the chart in the light theme."""
    import streamlit_plotly_light as light

    from drugpolicy.exports import images

    spec = light.picture_spec(fig, "light")
    height = spec["layout"].get("height") or light.DEFAULT_HEIGHT
    return images.to_image(spec, "svg", width=WIDTH, height=height, scale=1).decode("utf-8")


def _start_worker() -> None:
    global _worker
    if _worker is None or not _worker.is_alive():
        _worker = threading.Thread(target=_work, name="chart-pictures", daemon=True)
        _worker.start()


def _work() -> None:
    global _bytes, _failed_once, _failures_in_a_row
    while True:
        key, fig = _queue.get()
        try:
            svg = draw(fig)
            _failures_in_a_row = 0
        except Exception as exc:  # noqa: BLE001 - a picture is an optimisation: the chart itself still comes
            _failures_in_a_row += 1
            if not _failed_once:
                _failed_once = True
                log.warning("chart pictures: drawing failed (%s: %s); charts come without pictures",
                            type(exc).__name__, exc)
            if _failures_in_a_row == MAX_FAILURES:
                log.warning("chart pictures: %d drawings failed in a row; no more pictures in this process",
                            MAX_FAILURES)
            svg = None
        with _lock:
            _waiting.discard(key)
            if svg is not None and key not in _pictures:
                _pictures[key] = svg
                _bytes += len(svg)
                while _bytes > MAX_BYTES and len(_pictures) > 1:
                    _, dropped = _pictures.popitem(last=False)
                    _bytes -= len(dropped)


def clear() -> None:
    """Forget every picture and failure (tests)."""
    global _bytes, _failures_in_a_row
    with _lock:
        _pictures.clear()
        _bytes = 0
        _failures_in_a_row = 0
