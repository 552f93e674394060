"""Chart pictures (drugpolicy/previews.py): a session's first charts come with an SVG picture of themselves, drawn by
kaleido in the background, that the browser shows until plotly.js has drawn the chart (tests/test_browser.py)."""
from __future__ import annotations

import html
import json
import logging
import re
import time

import plotly.graph_objects as go
import pytest
import streamlit  # noqa: F401 - sets plotly's default template to Streamlit's (placeholders), as the app runs
import streamlit_plotly_light as light

from drugpolicy import previews
from tests.conftest import chart_elements, no_exception, open_page, picker

WAIT_S = 60  # kaleido's first drawing starts chromium (about 2 s; more on a loaded machine)


@pytest.fixture
def pictures_on(monkeypatch):
    monkeypatch.setenv(previews.ENV, "on")
    previews.clear()
    yield
    previews.clear()


def wait(fig, timeout: float = WAIT_S) -> str | None:
    """previews.for_chart until it gives the picture, for up to timeout seconds."""
    deadline = time.monotonic() + timeout
    while (svg := previews.for_chart(fig)) is None and time.monotonic() < deadline:
        time.sleep(0.05)
    return svg


def payload(el) -> dict:
    return json.loads(json.loads(el.proto.json))


def first_visit_until_pictured(page: str, **params):
    """Open page as new visitors do, until one gets the main chart's picture (the first visit queues it)."""
    deadline = time.monotonic() + WAIT_S
    while True:
        at = open_page(page, tables_open=False, **params)
        no_exception(at)
        if "preview" in payload(chart_elements(at)[0]) or time.monotonic() > deadline:
            return at
        time.sleep(0.2)


def svg_texts(svg: str) -> list[str]:
    """The picture's texts as a reader sees them."""
    return [html.unescape(re.sub(r"<[^>]+>", "", t)) for t in re.findall(r"<text[^>]*>(.*?)</text>", svg)]


def bars() -> go.Figure:
    fig = go.Figure(go.Bar(x=["Gent", "Antwerpen"], y=[3, 14], text=["3", "14"], textposition="outside"))
    return fig.update_layout(title={"text": "Measures &lt;per&gt; pillar"}, height=320)


def test_a_figure_gets_its_picture_on_a_later_call(pictures_on):
    fig = bars()
    assert previews.for_chart(fig) is None, "never drawn while the visitor waits"
    svg = wait(fig)
    assert svg is not None
    assert re.match(r'<svg[^>]* width="820" height="320"', svg), svg[:200]
    texts = svg_texts(svg)
    assert "Measures <per> pillar" in texts, "the title as text, as plotly.js draws it"
    assert {"3", "14", "Gent", "Antwerpen"} <= set(texts)
    assert "font-weight: bold" in svg or "font-weight:bold" in svg, "the title in bold, as on screen"
    assert previews.for_chart(bars()) == svg, "kept by the figure's content, not the object"


def test_the_picture_uses_the_screens_light_template():
    fig = go.Figure(go.Bar(x=["a"], y=[1]))
    fig.update_layout(title={"text": "T"})
    spec = light.picture_spec(fig)
    assert spec["layout"]["template"] == light.themes()["light"]
    assert spec["layout"]["title"]["text"] == "<b>T</b>"
    assert "#000001" not in json.dumps(spec), "no placeholder colour of Streamlit's template left"
    assert json.loads(light.figure_json(fig))["layout"]["template"] == "streamlit", "the figure is not changed"


def test_pictures_off_queue_nothing(monkeypatch):
    monkeypatch.setenv(previews.ENV, "off")
    fig = go.Figure(go.Bar(x=["a"], y=[1]))
    assert previews.for_chart(fig) is None
    assert previews._waiting == set() and previews._queue.empty()


def drained(timeout: float = 10.0) -> None:
    """Wait until the background thread has taken every queued figure and finished it."""
    deadline = time.monotonic() + timeout
    while (previews._waiting or not previews._queue.empty()) and time.monotonic() < deadline:
        time.sleep(0.05)


def test_a_failed_drawing_leaves_the_chart_without_picture(pictures_on, monkeypatch, caplog):
    def broken(fig):
        raise RuntimeError("no chromium")

    caplog.set_level(logging.WARNING, logger="drugpolicy")
    monkeypatch.setattr(previews, "draw", broken)
    monkeypatch.setattr(previews, "_failed_once", False)
    open_page("compare", tables_open=False)  # the first visit queues the picture, which fails
    drained()
    at = open_page("compare", tables_open=False)  # the next visitor: no picture, the chart as ever
    no_exception(at)
    assert "preview" not in payload(chart_elements(at)[0]), "the chart itself still comes"
    assert caplog.text.count("drawing failed (RuntimeError: no chromium)") == 1, "logged once"
    # Failing again and again (no chromium): the process stops trying.
    for i in range(previews.MAX_FAILURES):
        if not previews.enabled():
            break
        previews.for_chart(go.Figure(go.Bar(x=[f"broken {i}"], y=[1])))
        drained()
    assert previews._failures_in_a_row == previews.MAX_FAILURES and not previews.enabled()
    assert "no more pictures in this process" in caplog.text
    assert previews.for_chart(go.Figure(go.Bar(x=["after"], y=[1]))) is None
    assert previews._queue.empty() and not previews._waiting


def test_pictures_are_bounded_in_bytes(pictures_on, monkeypatch):
    monkeypatch.setattr(previews, "MAX_BYTES", 1)
    figs = [go.Figure(go.Bar(x=[f"city {i}"], y=[i])) for i in (1, 2)]
    first = wait(figs[0])
    assert first is not None
    assert wait(figs[1]) is not None
    assert list(previews._pictures.values()) == [previews.for_chart(figs[1])], "the older picture was dropped"


def test_a_visitor_after_the_first_gets_the_picture_and_only_on_the_first_run(pictures_on):
    at = first_visit_until_pictured("compare")
    chart = chart_elements(at)[0]
    sent = payload(chart)
    assert "preview" in sent, "no picture within a minute of the first visit"
    svg = sent["preview"]["svg"]
    title = sent["figure"]["layout"]["title"]["text"]
    assert sent["preview"]["alt"] == html.unescape(title)
    assert html.unescape(title) in svg_texts(svg)
    assert {"Antwerp", "Aalst"} <= set(svg_texts(svg)), "the cities in the picture, as in the chart"
    # Any later run of the session: plotly.js is loaded by then, and the picture is not sent again.
    picker(at, "w_cities").set_value(["antwerpen", "gent"]).run()
    no_exception(at)
    after = payload(chart_elements(at)[0])
    assert "Ghent" in json.dumps(after["figure"]), "the chart of the new choice"
    assert "preview" not in after
