"""The light plotly component (components/plotly_light): the figure JSON it sends, without a browser."""
from __future__ import annotations

import json
from pathlib import Path

import plotly.graph_objects as go
import pytest
import streamlit  # noqa: F401 - sets plotly's default template to Streamlit's ("streamlit", colour placeholders)
import streamlit_plotly_light as light

from tests.conftest import chart_elements, no_exception, open_page


def test_streamlits_template_goes_out_as_its_light_chart_template():
    """Streamlit's placeholder template goes out as Streamlit's light chart template (the app is light-themed):
    white background, no placeholder colour; the figure's own layout and hover text go out as they are."""
    fig = go.Figure(go.Bar(x=["a"], y=[1], hovertext=["<b>quote</b>"]))
    fig.update_layout(title={"text": "T"}, plot_bgcolor="white")
    before = fig.to_json()
    spec = json.loads(light.figure_json(fig))
    assert fig.to_json() == before, "the figure itself is never changed (it may be shared)"
    template = spec["layout"]["template"]
    assert template == light.light_template()
    assert template["layout"]["paper_bgcolor"].upper() == "#FFFFFF" and template["layout"]["font"]["color"]
    assert "#000001" not in json.dumps(spec)
    assert spec["layout"]["title"] == {"text": "T"} and spec["layout"]["plot_bgcolor"] == "white"
    assert spec["data"][0]["hovertext"] == ["<b>quote</b>"]


def test_another_template_is_kept():
    fig = go.Figure(go.Bar(x=["a"], y=[1]), layout={"template": "plotly_white"})
    spec = json.loads(light.figure_json(fig))
    assert spec["layout"]["template"]["layout"]["colorway"][0] == "#636efa"


def test_a_figure_is_serialised_once():
    fig = go.Figure(go.Bar(x=["a"], y=[1]))
    assert light.figure_json(fig) is light.figure_json(fig)


def test_supports_only_the_bundles_traces():
    assert light.supports(go.Figure([go.Bar(), go.Scatter(), go.Heatmap()]))
    assert light.supports(go.Figure(go.Sankey()))
    assert not light.supports(go.Figure([go.Bar(), go.Box()]))
    assert light.supports({"data": [{"type": "bar"}]})


def test_every_trace_type_is_in_the_bundle():
    """TRACE_TYPES names what the built bundle registers: its entry requires each type's module, and the bundle
    holds each type's attribute code."""
    assets = Path(light.__file__).parent / "assets"
    bundle = (assets / "plotly-dashboard.min.js").read_text(encoding="utf-8")
    entry = (Path(__file__).resolve().parent.parent / "components" / "plotly_light" / "bundle" / "entry.js").read_text()
    for trace in light.TRACE_TYPES - {"scatter"}:  # scatter is in plotly.js's core
        assert f"require('plotly.js/lib/{trace}')" in entry, trace
        assert f'moduleType:"trace",name:"{trace}"' in bundle, trace
    assert 'moduleType:"trace",name:"scatter"' in bundle
    assert "sankey" in (assets / "THIRD-PARTY-LICENSES.txt").read_text(encoding="utf-8")


@pytest.mark.parametrize(("page", "params"), [
    ("compare", {"cities": ["antwerpen", "gent"], "model": "five_pillars"}),
    ("city", {"city": "gent"}),
    ("personnel", {"cities": ["antwerpen", "gent"], "per": "100k"}),
    ("enforcement", {"cities": ["antwerpen", "gent"], "per": "100k"}),
    ("budgets", {"cities": ["antwerpen", "gent"], "per": "inhabitant"}),
    ("measures", {"cities": ["antwerpen", "gent"], "model": "five_pillars"}),
    ("briefing", {"cities": ["antwerpen", "gent"], "model": "five_pillars"}),
    ("sources", {"from_model": "five_pillars"}),
])
def test_pages_draw_with_the_light_component(page, params):
    at = open_page(page, **params)
    no_exception(at)
    kinds = [el.type for el in chart_elements(at)]
    assert kinds and set(kinds) == {"bidi_component"}, kinds
    assert not at.get("plotly_chart")


def test_a_trace_the_bundle_lacks_falls_back_to_plotly_chart():
    from streamlit.testing.v1 import AppTest

    def app():
        import plotly.graph_objects as go

        from drugpolicy import ui

        ui.chart(go.Figure(go.Box(y=[1, 2, 3])), "box_chart")
        ui.chart(go.Figure(go.Sankey(node={"label": ["a", "b"]}, link={"source": [0], "target": [1], "value": [1]})),
                 "sankey_chart")

    at = AppTest.from_function(app).run()
    assert not at.exception
    assert [el.type for el in chart_elements(at)] == ["plotly_chart", "bidi_component"]


def test_readme_names_the_bundle_that_ships():
    """The sha256 the component's README gives is the committed bundle's (rebuilt by bundle/build.sh)."""
    import hashlib

    component = Path(light.__file__).resolve().parent
    readme = (Path(__file__).resolve().parent.parent / "components" / "plotly_light" / "README.md").read_text()
    digest = hashlib.sha256((component / "assets" / "plotly-dashboard.min.js").read_bytes()).hexdigest()
    assert f"`{digest}`" in readme
