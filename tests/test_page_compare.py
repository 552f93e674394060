"""Compare page: cities per pillar, the model switch, adoption links and the way to the gap page, as a reader sees them."""
from __future__ import annotations

import re
from html.parser import HTMLParser

import pandas as pd
import pytest
import streamlit as st
from conftest import charts, csv_rows, no_exception, open_page, page_text, picker

from drugpolicy import cache, queries
from drugpolicy import charts as chart_base
from drugpolicy.charts.base import escape
from drugpolicy.charts.compare import pillar_bars
from drugpolicy.i18n import t
from drugpolicy.ui import plain

ALL_STATUSES = ["implemented", "in_progress", "planned", "announced", "promised"]


@pytest.fixture(scope="module")
def data() -> dict[str, list[dict]]:
    return {name: csv_rows(name) for name in ("cities", "pillars", "instruments", "measures", "measure_pillars")}


def _by(rows: list[dict], key: str) -> dict[str, dict]:
    return {r[key]: r for r in rows}


def _city(data, city_id: str, lang: str = "en") -> str:
    return _by(data["cities"], "city_id")[city_id][f"name_{lang}"]


def _pillar_names(data, model: str, lang: str = "en") -> list[str]:
    rows = sorted((p for p in data["pillars"] if p["model_id"] == model), key=lambda p: int(p["sort_order"]))
    return [p[f"name_{lang}"] for p in rows]


def _flat(node) -> list[tuple[str, str]]:
    """Every element under node in page order, as (type, text)."""
    out = []
    for child in getattr(node, "children", {}).values():
        if child.type in ("markdown", "caption", "subheader", "header", "title", "warning", "info"):
            out.append((child.type, str(child.value)))
        out.extend(_flat(child))
    return out


class _Grid(HTMLParser):
    """Reads markup.list_grid_html: the column headings and, per row heading, each cell's lines (an item or a note
    each, as shown); an item's bold start is kept apart too."""

    def __init__(self):
        super().__init__()
        self.columns, self.rows, self._at, self._in_head, self._strong = [], [], None, False, False

    def handle_starttag(self, tag, attrs):
        if tag == "thead":
            self._in_head = True
        elif tag == "tbody":
            self._in_head = False
        elif tag == "th" and self._in_head:
            self.columns.append("")
            self._at = "column"
        elif tag == "th":
            self.rows.append({"heading": "", "cells": []})
            self._at = "heading"
        elif tag == "td":
            self.rows[-1]["cells"].append([])
            self._at = None
        elif tag in ("li", "p") and self.rows and self.rows[-1]["cells"]:
            self.rows[-1]["cells"][-1].append({"text": "", "strong": ""})
            self._at = "line"
        elif tag == "strong":
            self._strong = True

    def handle_endtag(self, tag):
        if tag in ("th", "li", "p"):
            self._at = None
        elif tag == "strong":
            self._strong = False

    def handle_data(self, data):
        if self._at == "column":
            self.columns[-1] += data
        elif self._at == "heading":
            self.rows[-1]["heading"] += data
        elif self._at == "line":
            line = self.rows[-1]["cells"][-1][-1]
            line["text"] += data
            if self._strong:
                line["strong"] += data


def grid_rows(at) -> tuple[list[str], list[dict]]:
    """The comparison grid's city columns and its rows ({heading, cells: per city, its lines})."""
    blocks = [el.proto.body for el in at.get("html") if 'class="list-grid"' in el.proto.body]
    assert len(blocks) == 1, f"{len(blocks)} comparison grids"
    reader = _Grid()
    reader.feed(blocks[0])
    return reader.columns[1:], reader.rows


def grid(at, city_labels: list[str]) -> dict[tuple[str, str], str]:
    """The comparison grid: (pillar row as shown, city name) -> the cell's text, a line per measure or note."""
    columns, rows = grid_rows(at)
    return {(row["heading"], city): "\n".join(line["text"] for line in cell)
            for row in rows for city, cell in zip(columns, row["cells"], strict=True) if city in city_labels}


def titles_in(at, city: str) -> list[tuple[str, str]]:
    """(bold title, whole line) of every measure listed for city in the grid."""
    columns, rows = grid_rows(at)
    at_city = columns.index(city)
    return [(line["strong"], line["text"]) for row in rows for line in row["cells"][at_city] if line["strong"]]


def url(at, param: str) -> list[str]:
    """The values of ?param= in the page's address after the run."""
    value = at.query_params.get(param)
    return list(value) if isinstance(value, (list, tuple)) else [value]


@pytest.fixture(scope="module")
def kaalpluk(data) -> dict:
    m = _by(data["measures"], "measure_id")["antwerpen-kaalplukteams"]
    assert m["city_id"] == "antwerpen" and m["instrument_id"] == "asset_seizure_team"
    assert "asset" in m["title_en"].lower() or "kaalpluk" in m["title_en"].lower()
    return m


@pytest.fixture(scope="module")
def aalst_oms(data) -> dict:
    found = [m for m in data["measures"] if m["city_id"] == "aalst" and m["inspired_by_city_id"] == "antwerpen"
             and re.search(r"\bOMS\b|Minnelijke", m["title_nl"] + " " + m["quote"])]
    assert len(found) == 1, found
    return found[0]


# -- the queries --------------------------------------------------------------------------------------

def _declared_returns(name: str) -> list[str]:
    lines = queries.load(name).sql.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("-- returns:"))
    text = lines[start].removeprefix("-- returns:")
    for line in lines[start + 1:]:
        if not line.startswith("--   ") or "$" in line:
            break
        text += "," + line.removeprefix("--")
    return [c.strip() for c in text.split(",") if c.strip()]


@pytest.mark.parametrize("name, params", [
    ("measure_list", {"cities": ["antwerpen", "aalst"], "model": "three_track"}),
    ("compare_adoptions", {"cities": ["antwerpen", "aalst"]}),
])
def test_queries_return_the_declared_columns(name, params):
    df = queries.run(name, **params)
    assert list(df.columns) == _declared_returns(name)
    assert not df.empty


@pytest.mark.parametrize("model", ["three_track", "five_pillars", "own"])
def test_listed_measures_match_the_counts(model):
    cities = ["antwerpen", "aalst", "gent"]
    listed = queries.run("measure_list", cities=cities, model=model)
    listed = listed[listed["drug_specific"]]
    counts = queries.run("measures_by_pillar", cities=cities, model=model, statuses=ALL_STATUSES)
    got = listed.assign(pillar=listed["pillar_id"].fillna("-")).groupby(["city_id", "pillar"]).size().to_dict()
    counted = counts[counts["measure_count"] > 0].assign(pillar=lambda d: d["pillar_id"].fillna("-"))
    assert got == {(r.city_id, r.pillar): r.measure_count for r in counted.itertuples()}


# -- the page -----------------------------------------------------------------------------------------

def test_opens_without_parameters_on_antwerp_and_aalst(data):
    at = open_page("compare")
    no_exception(at)
    assert at.title[0].value == "Compare cities"
    assert picker(at, "w_cities").value == ["antwerpen", "aalst"]
    assert at.radio[0].value == "three_track"
    cells = grid(at, [_city(data, "antwerpen"), _city(data, "aalst")])
    assert {city for _, city in cells} == {"Antwerp", "Aalst"}
    assert [p for p in _pillar_names(data, "three_track") if p not in {p for p, _ in cells}] == []
    assert len(charts(at)) == 1


def test_kaalplukteams_under_repression_for_antwerp_only(data, kaalpluk):
    at = open_page("compare", cities=["antwerpen", "aalst"], model="three_track")
    no_exception(at)
    repressive = [p for p in data["pillars"] if p["model_id"] == "three_track" and "repress" in p["pillar_id"]]
    assert len(repressive) == 1
    own = {mp["pillar_id"] for mp in data["measure_pillars"] if mp["measure_id"] == kaalpluk["measure_id"]}
    assert own == {repressive[0]["pillar_id"]}
    cells = grid(at, ["Antwerp", "Aalst"])
    title = kaalpluk["title_en"]
    where = sorted(key for key, text in cells.items() if title in text)
    assert where == [(repressive[0]["name_en"], "Antwerp")]
    line = next(li for li in cells[where[0]].splitlines() if title in li)
    assert t(f"enums.status_{kaalpluk['status']}", "en") in line
    assert t(f"enums.statement_kind_{kaalpluk['statement_kind']}", "en") in line


def test_switching_to_five_pillars_shows_the_five_pillars(data):
    at = open_page("compare", cities=["antwerpen", "aalst"])
    at.radio[0].set_value("five_pillars").run()
    no_exception(at)
    five = _pillar_names(data, "five_pillars")
    assert len(five) == 5
    rows = [row["heading"] for row in grid_rows(at)[1]]
    assert all(name in rows for name in five)
    assert not any(name in rows for name in _pillar_names(data, "three_track"))
    assert url(at, "model") == ["five_pillars"]
    assert "five pillars" in charts(at)[0]["layout"]["title"]["text"].lower()


def test_five_pillars_by_deep_link_puts_kaalplukteams_under_repression(data, kaalpluk):
    at = open_page("compare", cities=["antwerpen", "aalst"], model="five_pillars")
    no_exception(at)
    repression = [p["name_en"] for p in data["pillars"] if p["pillar_id"] == "five_pillars.repression"]
    cells = grid(at, ["Antwerp", "Aalst"])
    assert kaalpluk["title_en"] in cells[(repression[0], "Antwerp")]


def test_measures_spanning_pillars_are_marked(data):
    pillars_of: dict[str, set[str]] = {}
    for mp in data["measure_pillars"]:
        pillars_of.setdefault(mp["measure_id"], set()).add(mp["pillar_id"])
    spanning = [m for m in data["measures"] if len(pillars_of.get(m["measure_id"], ())) > 1]
    if not spanning:
        pytest.skip("no measure spans pillars of its city's model in the data")
    m = spanning[0]
    other = next(o for o in data["measures"]
                 if o["city_id"] == m["city_id"] and len(pillars_of.get(o["measure_id"], ())) == 1)
    city = _city(data, m["city_id"])
    at = open_page("compare", cities=[m["city_id"], "aalst" if m["city_id"] != "aalst" else "gent"], model="own")
    no_exception(at)
    lines = titles_in(at, city)
    marked = [line for title, line in lines if title == m["title_en"]]
    assert len(marked) == len(pillars_of[m["measure_id"]]) and all("↔" in li for li in marked)
    assert [line for title, line in lines if title == other["title_en"] and "↔" not in line]
    assert t("compare.spans_legend", "en") in [c.value for c in at.caption]


def test_own_model_shows_each_city_in_its_model(data):
    at = open_page("compare", cities=["antwerpen", "gent"], model="own")
    no_exception(at)
    own = _by(data["cities"], "city_id")
    assert own["antwerpen"]["own_model_id"] != own["gent"]["own_model_id"]
    text = page_text(at)
    assert t("compare.not_in_model", "en") in text
    gent_first = _pillar_names(data, own["gent"]["own_model_id"])[0]
    assert any(row["heading"].endswith(gent_first) for row in grid_rows(at)[1])


def test_aalst_oms_shows_its_adoption_link_to_antwerp(aalst_oms):
    at = open_page("compare", cities=["antwerpen", "aalst"])
    no_exception(at)
    link = f"Aalst follows Antwerp: {aalst_oms['title_en']}"
    links = [m.value for m in at.markdown if link in m.value]
    assert len(links) == 1
    cells = grid(at, ["Antwerp", "Aalst"])
    aalst_lines = [li for (p, c), text in cells.items() if c == "Aalst" for li in text.splitlines()]
    assert any(aalst_oms["title_en"] in li and "following Antwerp" in li for li in aalst_lines)


def test_adoption_link_hidden_when_the_example_city_is_not_selected(aalst_oms):
    at = open_page("compare", cities=["aalst", "gent"])
    no_exception(at)
    assert "Aalst follows Antwerp" not in page_text(at)
    assert t("compare.no_adoptions", "en") in page_text(at)


def test_unknown_city_gives_a_notice_and_the_page_still_works():
    at = open_page("compare", cities=["nowhere", "antwerpen", "aalst"], tables_open=False)
    no_exception(at)
    assert any("nowhere" in w.value and "cities" in w.value for w in at.warning)
    assert picker(at, "w_cities").value == ["antwerpen", "aalst"]
    assert "Antwerp" in grid_rows(at)[0] and len(charts(at)) == 1


def test_fewer_than_two_cities_shows_a_hint_not_an_error():
    at = open_page("compare", cities="aalst")
    no_exception(at)
    assert t("compare.pick_two", "en") in [i.value for i in at.info]
    assert charts(at) == []


def test_removing_a_city_with_the_widget_shows_the_hint():
    at = open_page("compare")
    picker(at, "w_cities").set_value(["antwerpen"]).run()
    no_exception(at)
    assert t("compare.pick_two", "en") in [i.value for i in at.info]
    assert url(at, "cities") == ["antwerpen"]


def test_adding_a_city_with_the_widget_adds_a_column(data):
    at = open_page("compare")
    picker(at, "w_cities").set_value(["antwerpen", "aalst", "gent"]).run()
    no_exception(at)
    ghent = _city(data, "gent")
    assert ghent in {c for _, c in grid(at, ["Antwerp", "Aalst", ghent])}
    assert [tr["name"] for tr in charts(at)[0]["data"]] == ["Antwerp", "Aalst", ghent]
    assert url(at, "cities") == ["antwerpen", "aalst", "gent"]


def test_more_than_twelve_cities_are_cut_with_a_notice(data):
    ids = [c["city_id"] for c in data["cities"]]
    assert len(ids) > 13
    at = open_page("compare", cities=ids[:13], tables_open=False)
    no_exception(at)
    assert any("At most 12" in w.value for w in at.warning)
    assert len(picker(at, "w_cities").value) == 12


def test_a_city_picked_past_twelve_is_the_one_left_out(data):
    """The city picked past twelve is left out, with a notice naming it; the twelve picked before stay, in the
    order they were picked (whatever order the widget reports them in)."""
    ids = [c["city_id"] for c in data["cities"]]
    first = [ids[3], ids[0], ids[2], ids[1], *ids[4:12]]
    at = open_page("compare", cities=first, tables_open=False)
    assert picker(at, "w_cities").value == first
    picker(at, "w_cities").set_value(ids[:13]).run()  # the widget's order: the options'
    no_exception(at)
    extra = _city(data, ids[12])
    assert [w.value for w in at.warning] == [f"At most 12 cities at once; left out {plain(extra)}."]
    assert picker(at, "w_cities").value == first
    assert url(at, "cities") == first
    assert [tr["name"] for tr in charts(at)[0]["data"]] == [_city(data, c) for c in first]


def test_main_chart_has_a_bar_per_city_in_its_colour(data, kaalpluk):
    at = open_page("compare", cities=["antwerpen", "aalst"], model="three_track")
    fig = charts(at)[0]
    colors = chart_base.city_colors([c["city_id"] for c in data["cities"]])
    assert [(tr["name"], tr["marker"]["color"]) for tr in fig["data"]] == \
        [("Antwerp", colors["antwerpen"]), ("Aalst", colors["aalst"])]
    antwerp = fig["data"][0]
    assert antwerp["orientation"] == "h"
    assert set(map(escape, _pillar_names(data, "three_track"))) <= set(antwerp["y"])
    pillar_id = next(mp["pillar_id"] for mp in data["measure_pillars"] if mp["measure_id"] == kaalpluk["measure_id"])
    pillar = _by(data["pillars"], "pillar_id")[pillar_id]["name_en"]
    i = list(antwerp["y"]).index(escape(pillar))
    hover = antwerp["hovertext"][i]
    assert f"Number of measures: {antwerp['x'][i]}" in hover
    # the hover names the pillar's measures, the first of a long list and how many more ("+12")
    shown = hover.count("• ")
    assert escape(kaalpluk["title_en"]) in hover or hover.endswith(f"+{antwerp['x'][i] - shown}")
    listed = [line for title, line in titles_in(at, "Antwerp")
              if line in grid(at, ["Antwerp"])[(pillar, "Antwerp")].splitlines()]
    assert antwerp["x"][i] == len(listed) > 0
    assert antwerp["text"][i] == str(antwerp["x"][i])


def test_quotes_and_sources_are_shown_per_city(kaalpluk):
    at = open_page("compare", cities=["antwerpen", "aalst"])
    tables = {e.label: e.dataframe[0].value for e in at.expander if e.label.startswith("Quotes and sources: ")}
    assert list(tables) == ["Quotes and sources: Antwerp", "Quotes and sources: Aalst"]
    antwerp, aalst = tables.values()
    row = antwerp[antwerp["Measure"] == kaalpluk["title_en"]].iloc[0]
    assert (row["Quote"], row["English rendering"]) == (kaalpluk["quote"], kaalpluk["quote_en"])
    source = next(r for r in csv_rows("sources") if r["source_id"] == kaalpluk["source_id"])
    assert row["Source"] == source["title"]
    assert kaalpluk["title_en"] not in set(aalst["Measure"])
    assert any(c.value.startswith("Sources:") for c in at.caption)


def test_french_page_shows_french_pillar_names(data):
    at = open_page("compare", lang="fr", cities=["antwerpen", "aalst"], model="three_track")
    no_exception(at)
    assert at.title[0].value == "Comparer des villes"
    rows = [row["heading"] for row in grid_rows(at)[1]]
    french = _pillar_names(data, "three_track", "fr")
    assert all(name in rows for name in french)
    assert not any(name in rows for name in _pillar_names(data, "three_track", "en") if name not in french)
    at.radio[0].set_value("five_pillars").run()
    rows = [row["heading"] for row in grid_rows(at)[1]]
    assert all(name in rows for name in _pillar_names(data, "five_pillars", "fr"))


def test_dutch_page(data, kaalpluk):
    at = open_page("compare", lang="nl", cities=["antwerpen", "aalst"], model="three_track")
    no_exception(at)
    assert at.title[0].value == "Steden vergelijken"
    assert all(name in [row["heading"] for row in grid_rows(at)[1]] for name in _pillar_names(data, "three_track", "nl"))
    text = page_text(at)
    assert plain(kaalpluk["title_nl"]) in text
    assert t(f"enums.status_{kaalpluk['status']}", "nl") in text


def test_every_compare_text_is_translated():
    from drugpolicy.i18n import catalog

    keys = {k: v for k, v in catalog().items() if k.startswith("compare.")}
    assert keys
    for key, texts in keys.items():
        assert set(texts) == {"nl", "fr", "en"} and all(texts[lang].strip() for lang in ("nl", "fr", "en")), key
        assert texts["nl"] != texts["en"] and texts["fr"] != texts["en"], key


# -- the shared views ----------------------------------------------------------------------------------

def _shown(at) -> tuple:
    """What a reader sees: texts, tables, expanders and chart specs."""
    return page_text(at), [e.label for e in at.expander], charts(at)


def test_a_second_session_on_the_same_link_builds_nothing_and_sees_the_same_page():
    st.cache_resource.clear()
    link = {"cities": ["antwerpen", "gent", "aalst"], "model": "own"}
    builds = builds_so_far()
    first = open_page("compare", **link)
    no_exception(first)
    assert builds_so_far() > builds
    builds = builds_so_far()
    second = open_page("compare", **link)
    no_exception(second)
    assert builds_so_far() == builds
    assert _shown(second) == _shown(first)
    second.run()  # a warm rerun shows the same again: the page never changes a shared view
    assert _shown(second) == _shown(first)


def test_each_language_has_its_own_view():
    st.cache_resource.clear()
    en = open_page("compare", cities=["antwerpen", "aalst"])
    nl = open_page("compare", lang="nl", cities=["antwerpen", "aalst"])
    assert en.title[0].value == "Compare cities" and nl.title[0].value == "Steden vergelijken"
    assert [e.label for e in en.expander if e.label.startswith("Quotes and sources: ")] == \
        ["Quotes and sources: Antwerp", "Quotes and sources: Aalst"]
    assert charts(en)[0]["layout"]["title"]["text"] != charts(nl)[0]["layout"]["title"]["text"]


# -- the chart function ---------------------------------------------------------------------------------

def test_pillar_bars_shows_missing_as_missing_and_zero_as_a_dash():
    counts = pd.DataFrame({"city_id": ["a", "a", "b"], "model_id": "m", "row": ["P1", "P2", "P1"],
                           "measure_count": [2, 0, 1]})
    measures = pd.DataFrame({"city_id": ["a", "a", "b"], "row": ["P1", "P1", "P1"],
                             "title": ["<b>one</b>", "two", "three"], "quote": ["q1", "q2", "q3"]})
    fig = pillar_bars(counts, measures, {"a": "A & co", "b": "B"}, {"a": "#111111", "b": "#222222"},
                      "T", "none recorded", "Number")
    a, b = fig.data
    assert a.name == "A &amp; co" and a.marker.color == "#111111"
    assert list(a.y) == ["P1", "P2"] and list(a.x) == [2, 0] and list(a.text) == ["2", "–"]
    assert list(b.x) == [1, None] and list(b.text) == ["1", ""]
    assert "&lt;b&gt;one&lt;/b&gt;" in a.hovertext[0] and "<b>one</b>" not in a.hovertext[0]
    assert "none recorded" in a.hovertext[1]
    assert fig.layout.title.text == "T"


def test_pillar_bars_puts_each_model_in_its_own_panel():
    counts = pd.DataFrame({"city_id": ["a", "a", "b", "b", "b"], "model_id": ["m1", "m1", "m2", "m2", "m2"],
                           "row": ["M1: P", "M1: Q", "M2: P", "M2: R", "none"], "pillar": ["P", "Q", "P", "R", "none"],
                           "measure_count": [1, 2, 3, 0, 1]})
    empty = pd.DataFrame({"city_id": [], "row": [], "title": [], "quote": []})
    fig = pillar_bars(counts, empty, {"a": "A", "b": "B"}, {"a": "#111111", "b": "#222222"}, "T", "-", "N",
                      cities=["b", "a"], model_names={"m1": "Model one", "m2": "Model <two>"})
    a, b = fig.data
    assert (a.yaxis, list(a.y), list(a.x)) == ("y", ["M1: P", "M1: Q"], [1, 2])
    assert (b.yaxis, list(b.y), list(b.x)) == ("y2", ["M2: P", "M2: R", "none"], [3, 0, 1])
    assert [ann.text for ann in fig.layout.annotations] == ["Model one", "Model &lt;two&gt;"]
    assert list(fig.layout.yaxis2.ticktext) == ["P", "R", "none"]


def builds_of(*builders: str) -> tuple[int, ...]:
    """How often each named section builder has built a result so far (not served from Streamlit's cache)."""
    return tuple(sum(n for key, n in cache.BUILDS.items() if key.endswith(f":{name}")) for name in builders)


def builds_so_far() -> int:
    """Views built so far in this process (not served from Streamlit's cache)."""
    return sum(cache.BUILDS.values())


