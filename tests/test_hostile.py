"""Hostile input: crafted URLs on every page, and data holding markup or formulas, never break a page or run."""
from __future__ import annotations

import csv
import re
import shutil

import pytest

from dashboard import PAGES
from tests.conftest import DATA, charts, hostile_copy, open_page, open_tables

PARAMS = ("lang", "cities", "model", "city", "home", "peer", "per", "indicator", "deck_lang", "from_model")
PAYLOADS = {
    "script": "<script>alert(1)</script>",
    "img": '<img src=x onerror="alert(1)">',
    "markdown": "[click](javascript:alert(1)) **bold** :red[x]",
    "sql": "antwerpen'); drop table measures; --",
    "long": "a" * 20_000,
    "unicode": "\u202e\u0000ant\ufffdwerpen",
}
TEXT_KINDS = ("title", "header", "subheader", "markdown", "caption", "text", "warning", "info", "error", "success")
# Markup that would become an element or a link if st.markdown rendered it unescaped.
LIVE_MARKUP = [re.compile(p) for p in (r"(?<!\\)<(script|img)\b", r"(?<!\\)\]\((javascript|http://evil)",
                                       r"(?<!\\)\*\*bold(?<!\\)\*\*", r"(?<!\\):red(?<!\\)\[")]


def strings(value):
    """Every string inside a JSON-like value."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for v in value.values():
            yield from strings(v)
    elif isinstance(value, list):
        for v in value:
            yield from strings(v)


def assert_inert(at) -> None:
    """No exception, no friendly error, no live markup in any text element, no raw tags in any chart."""
    assert not at.exception, [e.value for e in at.exception][:1]
    assert not [e for e in at.error if "Reference" in e.value], [e.value for e in at.error]
    for kind in TEXT_KINDS:
        for el in at.get(kind):
            text = str(getattr(el, "value", ""))
            for pattern in LIVE_MARKUP:
                assert not pattern.search(text), f"{kind}: {text[:200]}"
            assert len(text) < 5_000, f"{kind} echoes a long value: {len(text)} characters"
    for el in at.get("html"):  # HTML blocks (matrix, cards, lists, tables): their own markup, every text escaped
        assert not re.search(r"<(script|img|iframe)\b", el.proto.body, re.I), el.proto.body[:300]
        # the only links: a source's own address in a table of sources, never the data's text
        for href in re.findall(r"<a\b[^>]*href=\"([^\"]*)\"", el.proto.body, re.I):
            assert href.startswith(("https://", "http://")) and "evil.example" not in href, href
    for spec in charts(at):
        for s in strings(spec):
            assert "<script" not in s.lower() and "<img" not in s.lower(), s[:200]


@pytest.mark.parametrize("payload", list(PAYLOADS), ids=list(PAYLOADS))
@pytest.mark.parametrize("page", [key for key, _ in PAGES])
def test_hostile_url_gives_notices_and_a_working_page(page, payload):
    value = PAYLOADS[payload]
    at = open_page(page, lang=value, tables_open=False, **{param: value for param in PARAMS if param != "lang"})
    assert_inert(at)
    warnings = " ".join(w.value for w in at.warning)
    assert "Ignored unknown value" in warnings or "Onbekende waarde" in warnings
    assert at.title, "the page still shows its title"
    assert_inert(open_tables(at))  # and with every table open


@pytest.mark.parametrize("page", [key for key, _ in PAGES])
def test_repeated_keys_are_bounded(page):
    at = open_page(page, cities=["antwerpen"] * 50 + ["gent"] * 50 + ["x"] * 500, model=["five_pillars", "own"])
    assert_inert(at)
    assert len(at.warning) <= 15


@pytest.fixture(scope="module")
def hostile_data(tmp_path_factory):
    return hostile_copy(tmp_path_factory.mktemp("hostile") / "data")


@pytest.fixture
def use_hostile(hostile_data, monkeypatch):
    monkeypatch.setenv("DRUGPOLICY_DATA_DIR", str(hostile_data))
    return hostile_data


PAGE_PARAMS = {"city": {"city": "gent"}, "personnel": {"cities": ["antwerpen", "aalst", "gent"]},
               "compare": {"cities": ["antwerpen", "aalst", "gent"]}}


@pytest.mark.parametrize("page", [key for key, _ in PAGES])
def test_hostile_data_shows_as_plain_text(page, use_hostile):
    from drugpolicy import validate

    assert validate.validate(use_hostile)[0] == []  # markup is valid text: the page must cope
    at = open_page(page, lang="en", **PAGE_PARAMS.get(page, {}))
    assert_inert(at)


def test_hostile_data_in_csv_and_image_exports(use_hostile):
    from drugpolicy import downloads, queries, sections
    from drugpolicy.exports import images

    df = queries.run("export_figures", cities=["gent"])
    text = downloads.csv_bytes(df).decode("utf-8-sig")
    assert "'=HYPERLINK" in text and ',=HYPERLINK' not in text
    (section,) = sections.build(["gent"], "three_track", "en", ["overview"])
    svg = images.picture(section, "en", "svg")
    svg = svg.decode() if isinstance(svg, bytes) else svg
    assert "<script" not in svg and "<img" not in svg
    assert "&#60;img" in svg or "&lt;img" in svg  # the source title is drawn as text


def test_invalid_data_is_refused_with_locations_and_the_page_keeps_serving(tmp_path, monkeypatch):
    broken = tmp_path / "data"
    shutil.copytree(DATA, broken)
    path = broken / "measures.csv"
    rows = list(csv.reader(path.open(encoding="utf-8", newline="")))
    rows[1][rows[0].index("status")] = "<b>done</b>"
    with path.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh, lineterminator="\n").writerows(rows)
    monkeypatch.setenv("DRUGPOLICY_DATA_DIR", str(broken))
    at = open_page("overview")
    assert not at.exception
    shown = " ".join(e.value for e in at.error)
    # one short message with a reference; the locations go to the server log and the validator, not to visitors
    assert "not valid (reference " in shown and "measures.csv" not in shown and str(broken) not in shown
    assert not at.code
    from drugpolicy.validate import validate

    assert any(str(p).startswith(f"{broken / 'measures.csv'}:2:") or ":2:" in str(p) for p in validate(broken)[0])
