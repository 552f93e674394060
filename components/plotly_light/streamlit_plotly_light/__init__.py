"""Plotly figures drawn by a small plotly.js bundle through Streamlit's components v2 API.

st.plotly_chart loads Streamlit's 4.7 MB PlotlyChart chunk (every trace type); evaluating it delays a page's
first chart by about a second. This component draws the same figure JSON with a plotly.js bundle of the traces
the dashboard draws (1.3 MB: scatter, bar, heatmap and sankey; built by ../bundle/build.sh from the plotly.js
version that plotly.py bundles). Its script is served by Streamlit as a same-origin file, so it passes a strict
Content-Security-Policy (script-src 'self').

Looks: a figure built with Streamlit's default plotly template ("streamlit", colour placeholders #000001...)
is sent with the template "streamlit"; in the browser, index.js puts in its place the template Streamlit's
frontend gives st.plotly_chart in the visitor's theme, light or dark (assets/themes.js, written by
tools/capture_themes.py), and shows the title in bold, as st.plotly_chart does. Any other template is kept.

A picture first: plotly_chart(..., preview=svg) shows an SVG picture of the chart (drawn on the server from
picture_spec, which applies the same template and bold title) until plotly.js has loaded and drawn the chart
itself, so a visitor whose browser has not yet evaluated the bundle sees the chart sooner.
"""
from __future__ import annotations

import json
import threading
import weakref

import plotly.io as pio
import streamlit as st

try:  # faster JSON when present (the dashboard installs it; plotly.io uses it too)
    import orjson
except ImportError:  # pragma: no cover - the component works without it
    orjson = None

__all__ = ["DEFAULT_HEIGHT", "TRACE_TYPES", "figure_json", "picture_spec", "plotly_chart", "supports", "themes"]

_component = None  # made on first use: Streamlit knows the component's manifest only once its runtime runs
_PLACEHOLDER = "#000001"  # Streamlit's template's first colorway entry
DEFAULT_HEIGHT = 450  # plotly.js's height for a layout without one (index.js sizes the picture by it too)

# The trace types in assets/plotly-dashboard.min.js (../bundle/entry.js; plotly.js's core always has scatter):
# a figure with any other needs st.plotly_chart.
TRACE_TYPES = frozenset({"bar", "heatmap", "sankey", "scatter"})

_cache: dict[int, str] = {}  # id(figure) -> its JSON for the component, dropped when the figure is freed
_lock = threading.Lock()


def _loads(text: str):
    return orjson.loads(text) if orjson else json.loads(text)


def _dumps(value) -> str:
    return orjson.dumps(value).decode() if orjson else json.dumps(value, separators=(",", ":"))


def _themed(fig) -> str:
    """The figure's JSON; Streamlit's placeholder template becomes the name "streamlit" (index.js themes it)."""
    spec = _loads(pio.to_json(fig, validate=False))
    layout = spec.setdefault("layout", {})
    template = layout.get("template")
    colorway = ((template or {}).get("layout") or {}).get("colorway") or [None]
    if template is None or colorway[0] == _PLACEHOLDER:
        layout["template"] = "streamlit"
    return _dumps({"data": spec.get("data", []), "layout": layout})


_themes: dict[str, dict] = {}


def themes() -> dict[str, dict]:
    """Streamlit's chart templates, {"light": ..., "dark": ...}, as assets/themes.js holds them (read once)."""
    if not _themes:
        import re
        from pathlib import Path

        text = (Path(__file__).parent / "assets" / "themes.js").read_text(encoding="utf-8")
        found = {m.group(1): _loads(m.group(2)) for m in re.finditer(r"^export const (\w+) = (.*);$", text, re.M)}
        if set(found) != {"light", "dark"}:
            raise RuntimeError(f"assets/themes.js: expected the templates light and dark, found {sorted(found)}")
        _themes.update(found)
    return _themes


def picture_spec(fig, theme: str = "light") -> dict:
    """fig as the browser draws it in theme ("light" or "dark"): {data, layout} with Streamlit's template in
    place of the name "streamlit" and the title in bold, as index.js does; to draw a picture that looks like the
    chart on screen. A new dict: fig is not changed."""
    spec = _loads(figure_json(fig))
    layout = spec["layout"]
    if layout.get("template") == "streamlit":
        layout["template"] = themes()[theme]
    title = layout.get("title")
    if isinstance(title, dict) and isinstance(title.get("text"), str) and title["text"]:
        layout["title"] = {**title, "text": "<b>" + title["text"] + "</b>"}
    return spec


def supports(fig) -> bool:
    """Whether the bundle can draw every trace of fig (a plotly Figure or a {data, layout} dict)."""
    traces = fig.get("data", []) if isinstance(fig, dict) else fig.data
    return all((t.get("type") if isinstance(t, dict) else t.type) in TRACE_TYPES for t in traces)


def figure_json(fig) -> str:
    """The JSON the component draws for fig (a plotly Figure or a {data, layout} dict).

    A Figure's JSON is made once and kept while the figure lives: figures must not change after their first
    drawing (cached, shared figures never do).
    """
    if isinstance(fig, dict):
        return _themed(fig)
    key = id(fig)
    text = _cache.get(key)
    if text is None:
        text = _themed(fig)
        with _lock:
            if key not in _cache:
                _cache[key] = text
                weakref.finalize(fig, _cache.pop, key, None)
    return text


def plotly_chart(fig, *, key: str | None = None, config: dict | None = None, preview: str | None = None,
                 preview_alt: str = ""):
    """Draw fig on the page, as wide as its container and as high as its layout says (450 px by default).

    key: the element's key (its container gets the st-key-<key> class); config: plotly.js's config
    (displaylogo, modeBarButtonsToRemove, ...); responsive is on unless config turns it off.
    preview: SVG text of a picture of the chart (picture_spec drawn by the caller), shown as an image in the
    chart's place, at most its own width and the chart's height, until plotly.js has drawn the chart; it is
    never parsed into the page (an <img>: no script in it runs). preview_alt: the picture's text alternative.
    Send a preview only while the browser may not have plotly.js yet (a session's first chart): a drawn chart
    ignores it.
    """
    global _component
    if _component is None:
        _component = st.components.v2.component("streamlit-plotly-light.chart", js="index.js", isolate_styles=False)
    payload = '{"figure":' + figure_json(fig) + ',"config":' + _dumps(config or {})
    if preview:
        payload += ',"preview":' + _dumps({"svg": preview, "alt": preview_alt})
    payload += "}"
    return _component(key=key, data=payload)
