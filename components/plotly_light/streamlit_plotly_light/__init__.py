"""Plotly figures drawn by a small plotly.js bundle through Streamlit's components v2 API.

st.plotly_chart loads Streamlit's 4.7 MB PlotlyChart chunk (every trace type); evaluating it delays a page's
first chart by about a second. This component draws the same figure JSON with a plotly.js bundle of the traces
the dashboard draws (1.3 MB: scatter, bar, heatmap and sankey; built by ../bundle/build.sh from the plotly.js
version that plotly.py bundles). Its script is served by Streamlit as a same-origin file, so it passes a strict
Content-Security-Policy (script-src 'self').

Looks: the app is light-themed (.streamlit/config.toml). A figure built with Streamlit's default plotly
template ("streamlit", colour placeholders #000001...) is sent with the template Streamlit's frontend gives
st.plotly_chart in its light theme (assets/light_template.json) in its place; index.js shows the title in bold,
as st.plotly_chart does. Any other template is kept. Narrower than 640 px (a phone) the mode bar is hidden
(assets/index.css), so it never sits over the chart's title.
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

__all__ = ["DEFAULT_HEIGHT", "TRACE_TYPES", "figure_json", "light_template", "plotly_chart", "supports"]

_component = None  # made on first use: Streamlit knows the component's manifest only once its runtime runs
_PLACEHOLDER = "#000001"  # Streamlit's template's first colorway entry
DEFAULT_HEIGHT = 450  # plotly.js's height for a layout without one

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
    """The figure's JSON; Streamlit's placeholder template is replaced by its light chart template."""
    spec = _loads(pio.to_json(fig, validate=False))
    layout = spec.setdefault("layout", {})
    template = layout.get("template")
    colorway = ((template or {}).get("layout") or {}).get("colorway") or [None]
    if template is None or colorway[0] == _PLACEHOLDER:
        layout["template"] = light_template()
    return _dumps({"data": spec.get("data", []), "layout": layout})


_light: dict = {}


def light_template() -> dict:
    """Streamlit's light chart template, as st.plotly_chart gets it (assets/light_template.json, read once)."""
    if not _light:
        from pathlib import Path

        _light.update(_loads((Path(__file__).parent / "assets" / "light_template.json").read_text(encoding="utf-8")))
    return _light


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


def plotly_chart(fig, *, key: str | None = None, config: dict | None = None):
    """Draw fig on the page, as wide as its container and as high as its layout says (450 px by default).

    key: the element's key (its container gets the st-key-<key> class); config: plotly.js's config
    (displaylogo, modeBarButtonsToRemove, ...); responsive is on unless config turns it off.
    """
    global _component
    if _component is None:
        _component = st.components.v2.component("streamlit-plotly-light.chart", js="index.js", css="index.css",
                                                isolate_styles=False)
    return _component(key=key, data='{"figure":' + figure_json(fig) + ',"config":' + _dumps(config or {}) + "}")
