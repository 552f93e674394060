"""The light plotly component (components/plotly_light): the figure JSON it sends, without a browser."""
from __future__ import annotations

import json
import re
from pathlib import Path

import plotly.graph_objects as go
import pytest
import streamlit  # noqa: F401 - sets plotly's default template to Streamlit's ("streamlit", colour placeholders)
import streamlit_plotly_light as light

from tests.conftest import chart_elements, no_exception, open_page


def test_streamlit_template_is_sent_by_name():
    """Streamlit's placeholder template goes out as the name "streamlit": the browser puts the visitor's theme in
    its place (assets/themes.js); the figure's own layout and hover text go out as they are."""
    fig = go.Figure(go.Bar(x=["a"], y=[1], hovertext=["<b>quote</b>"]))
    fig.update_layout(title={"text": "T"}, plot_bgcolor="white")
    before = fig.to_json()
    spec = json.loads(light.figure_json(fig))
    assert fig.to_json() == before, "the figure itself is never changed (it may be shared)"
    assert spec["layout"]["template"] == "streamlit"
    assert "#000001" not in json.dumps(spec)
    assert spec["layout"]["title"] == {"text": "T"} and spec["layout"]["plot_bgcolor"] == "white"
    assert spec["data"][0]["hovertext"] == ["<b>quote</b>"]


def test_themes_are_streamlits_light_and_dark_chart_templates():
    """themes.js holds the templates tools/capture_themes.py read from st.plotly_chart: light and dark differ
    where a visitor sees it (background, text) and carry no placeholder colour."""
    text = (Path(light.__file__).parent / "assets" / "themes.js").read_text(encoding="utf-8")
    themes = {m.group(1): json.loads(m.group(2)) for m in re.finditer(r"^export const (\w+) = (.*);$", text, re.M)}
    assert set(themes) == {"light", "dark"}
    assert themes["light"]["layout"]["paper_bgcolor"].upper() == "#FFFFFF"
    assert themes["dark"]["layout"]["paper_bgcolor"] != themes["light"]["layout"]["paper_bgcolor"]
    assert themes["dark"]["layout"]["font"]["color"] != themes["light"]["layout"]["font"]["color"]
    assert "#000001" not in text


def test_another_template_is_kept():
    fig = go.Figure(go.Bar(x=["a"], y=[1]), layout={"template": "plotly_white"})
    spec = json.loads(light.figure_json(fig))
    assert spec["layout"]["template"]["layout"]["colorway"][0] == "#636efa"


def test_a_figure_is_serialised_once():
    fig = go.Figure(go.Bar(x=["a"], y=[1]))
    assert light.figure_json(fig) is light.figure_json(fig)


def test_supports_only_the_bundles_traces():
    assert light.supports(go.Figure([go.Bar(), go.Scatter(), go.Heatmap()]))
    assert not light.supports(go.Figure(go.Sankey()))
    assert light.supports({"data": [{"type": "bar"}]})


@pytest.mark.parametrize(("page", "params"), [
    ("compare", {"cities": ["antwerpen", "gent"], "model": "five_pillars"}),
    ("city", {"city": "gent"}),
    ("personnel", {"cities": ["antwerpen", "gent"], "per": "100k"}),
    ("enforcement", {"cities": ["antwerpen", "gent"], "per": "100k"}),
    ("budgets", {"cities": ["antwerpen", "gent"], "per": "inhabitant"}),
    ("measures", {"cities": ["antwerpen", "gent"], "model": "five_pillars"}),
    ("briefing", {"cities": ["antwerpen", "gent"], "model": "five_pillars"}),
])
def test_pages_draw_with_the_light_component(page, params):
    at = open_page(page, **params)
    no_exception(at)
    kinds = [el.type for el in chart_elements(at)]
    assert kinds and set(kinds) == {"bidi_component"}, kinds
    assert not at.get("plotly_chart")


def test_sources_sankey_keeps_plotly_chart():
    at = open_page("sources")
    no_exception(at)
    assert [el.type for el in chart_elements(at)] == ["plotly_chart"]
