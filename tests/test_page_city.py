"""City profile page: one city in full, as a reader sees it, from a deep link, after a change and in each language."""
from __future__ import annotations

import pandas as pd
import pytest
import streamlit as st

from drugpolicy import cache
from tests.conftest import (
    all_frames,
    chart_elements,
    chart_spec,
    charts,
    csv_rows,
    details_groups,
    no_exception,
    open_page,
    page_text,
    picker,
)


@pytest.fixture(scope="module")
def data() -> dict[str, list[dict]]:
    return {name: csv_rows(name) for name in ("cities", "pillars", "measures", "measure_pillars", "budgets")}


def url(at, param: str) -> list[str]:
    value = at.query_params.get(param)
    return list(value) if isinstance(value, (list, tuple)) else [value]


def chart(at, key: str = "main_chart") -> dict:
    """The plotly spec of the chart with this key."""
    found = [chart_spec(el) for el in chart_elements(at) if el.proto.id and key in el.proto.id]
    assert len(found) == 1, f"no single chart with key {key}"
    return found[0]


def bar_totals(spec: dict) -> dict[str, int]:
    """Main chart: total bar length per row label."""
    totals: dict[str, int] = {}
    for trace in spec["data"]:
        for label, n in zip(trace["y"], trace["x"], strict=True):
            totals[label] = totals.get(label, 0) + (n or 0)
    return totals


def table_with(at, column: str) -> pd.DataFrame:
    found = [df for df in all_frames(at) if column in df.columns]
    assert found, f"no table with a column {column!r}; tables: {[list(df.columns) for df in all_frames(at)]}"
    return found[0]


def measure_items(at) -> list[dict]:
    """The measures listed per pillar, as they fold open: [{summary, text}]."""
    return [item for group in details_groups(at) for item in group["items"]]


def expander_labels(at) -> list[str]:
    """What the reader clicks to open something: the expanders' labels and the measures' summary lines."""
    return [e.label for e in at.expander] + [item["summary"] for item in measure_items(at)]


def test_without_parameters_shows_antwerp(data):
    at = open_page("city")
    no_exception(at)
    assert at.title[0].value == "City profile: Antwerp"
    assert "city" not in at.query_params, "the default stays out of the address: arriving pushes no history entry"
    assert list(bar_totals(chart(at)))[:3] == ["Preventive", "Curative", "Repressive"]
    text = page_text(at)
    assert "Three-track policy" in text
    assert "5345" in table_with(at, "Zone number").to_csv()
    assert "Sources:" in text and "Data curated on" in text


def test_ghent_shows_its_five_pillars_and_counts_per_pillar(data):
    at = open_page("city", city="gent")
    no_exception(at)
    assert at.title[0].value == "City profile: Ghent"
    text = page_text(at)
    assert "Own model: Five pillars" in text
    totals = bar_totals(chart(at))
    assert list(totals)[:5] == ["Prevention", "Early intervention", "Care", "Harm reduction", "Repression"]
    gent = {m["measure_id"] for m in data["measures"] if m["city_id"] == "gent"}
    harm = {mp["measure_id"] for mp in data["measure_pillars"]
            if mp["measure_id"] in gent and mp["pillar_id"] == "five_pillars.harm_reduction"}
    assert totals["Harm reduction"] == len(harm) > 0
    governance = gent - {mp["measure_id"] for mp in data["measure_pillars"]}
    assert totals.get("No pillar (coordination, plans)", 0) == len(governance)
    # A pillar with no recorded measure says so, rather than drawing a zero.
    empty = [p for p, n in totals.items() if n == 0]
    notes = [a["text"] for a in chart(at)["layout"].get("annotations", [])]
    assert notes.count("none recorded") == len(empty)
    # The chart's table alternative says the same.
    table = next(d.value for d in at.dataframe if list(d.value.iloc[:, 0]) == list(totals))
    assert table.set_index(table.columns[0]).sum(axis=1).astype(int).to_dict() == totals


def test_ghent_budget_formatted_with_what_it_includes_and_excludes():
    at = open_page("city", city="gent")
    budgets = table_with(at, "Amount")
    row = budgets[budgets["Amount"] == "EUR 2,500,000"]
    assert len(row) == 1, budgets["Amount"].tolist()
    row = row.iloc[0]
    assert "MSOC" in row["Includes"]
    assert "police" in row["Excludes"].lower()
    assert row["Basis"] == "per year"
    assert row["Kind of statement"] == "budget commitment"
    assert "2,5 miljoen euro per jaar" in row["Quote"]
    assert "EUR 75,000" in budgets["Amount"].tolist()


def test_ghent_in_dutch_and_french():
    nl = open_page("city", lang="nl", city="gent")
    no_exception(nl)
    assert nl.title[0].value == "Stadsprofiel: Gent"
    budgets = table_with(nl, "Bedrag")
    assert "EUR 2.500.000" in budgets["Bedrag"].tolist()
    assert list(bar_totals(chart(nl)))[:5] == ["Preventie", "Vroeginterventie", "Zorg", "Schadebeperking", "Repressie"]
    assert "per jaar" in budgets["Grondslag"].tolist()
    fr = open_page("city", lang="fr", city="gent")
    no_exception(fr)
    assert fr.title[0].value == "Profil de ville : Gand"
    amounts = [a.replace("\u202f", " ").replace("\xa0", " ") for a in table_with(fr, "Montant")["Montant"]]
    assert "2 500 000 EUR" in amounts
    assert "Réduction des risques" in bar_totals(chart(fr))
    assert "Sources" in page_text(fr)


def test_aalst_lists_the_oms_measure_with_its_quote():
    at = open_page("city", city="aalst")
    no_exception(at)
    labels = [label for label in expander_labels(at) if label.startswith("Introduction of the immediate settlement (OMS)")]
    assert len(labels) == 1 and "planned" in labels[0]
    assert "Onmiddellijke Minnelijke Schikking" in page_text(at)
    nl = open_page("city", lang="nl", city="aalst")
    assert any(label.startswith("Invoering onmiddellijke minnelijke schikking (OMS)") for label in expander_labels(nl))


def test_measure_detail_shows_quote_and_english_rendering(data):
    at = open_page("city", city="gent")
    needle = next(m for m in data["measures"] if m["measure_id"] == "gent-needle-containers")
    box = next(item for item in measure_items(at) if item["summary"].startswith(needle["title_en"]))
    inside = box["text"]
    assert needle["quote"][:40] in inside
    assert needle["quote_en"][:40] in inside
    assert "at least 10 extra needle containers" in inside


def test_measures_listed_once_per_pillar_with_counts_and_a_note_where_none(data):
    """Each pillar's heading counts the measures listed under it; every measure of the city is listed; a pillar
    without measures says so rather than showing an empty heading."""
    at = open_page("city", city="gent")
    groups = details_groups(at)
    assert [g["heading"].rsplit(" (", 1)[0] for g in groups][:5] == [
        "Prevention", "Early intervention", "Care", "Harm reduction", "Repression"]
    for g in groups:
        assert g["heading"].endswith(f"({len(g['items'])})"), g["heading"]
        assert (g["note"] == "none recorded") == (not g["items"]), g
    listed = {item["summary"].split(" · ")[0] for g in groups for item in g["items"]}
    assert listed == {m["title_en"] for m in data["measures"] if m["city_id"] == "gent"}
    # The chart's bars count the same measures as the headings.
    totals = bar_totals(chart(at))
    assert {g["heading"].rsplit(" (", 1)[0]: len(g["items"]) for g in groups} == totals


def test_timeline_places_dated_measures_only(data):
    at = open_page("city", city="gent")
    spec = chart(at, "timeline_chart")
    plotted = sum(len([x for x in tr["x"] if x is not None]) for tr in spec["data"] if tr["mode"] == "markers")
    gent = [m for m in data["measures"] if m["city_id"] == "gent"]
    dated = [m for m in gent if m["period_start"]]
    undated = [m for m in gent if not m["period_start"]]
    assert plotted == len(dated)
    if undated:
        assert f"Undated ({len(undated)})" in page_text(at)
        undated_table = [df for df in all_frames(at) if undated[0]["title_en"] in df.to_csv()]
        assert undated_table and "date unknown" in undated_table[0].to_csv()
        ys = {y for tr in spec["data"] for y in tr["y"] if y}
        assert undated[0]["title_en"][:40] not in " ".join(ys)


def test_a_city_without_dates_has_no_timeline_but_lists_its_measures(data):
    at = open_page("city", city="gemeente-x")
    no_exception(at)
    measures = [m for m in data["measures"] if m["city_id"] == "gemeente-x"]
    assert all(not m["period_start"] for m in measures)
    assert len(charts(at)) == 1
    text = page_text(at)
    assert "has a date" in text
    assert f"Undated ({len(measures)})" in text
    # No police zone or population is recorded for this municipality: said, not shown as zero.
    assert "None recorded for Municipality X" in text


def test_sources_list_with_dates_and_links():
    at = open_page("city", city="gent")
    sources = table_with(at, "Publisher")
    row = sources[sources["Title"] == "56 acties in drugsbeleidsplan Stad Gent voor 2020-2025"].iloc[0]
    assert row["Date"] == "January 2020"
    assert row["Link"].startswith("https://stad.gent/")
    assert int(row["Rows citing it"]) > 1


def test_population_and_police_zone_with_source():
    at = open_page("city", city="gent")
    zones = table_with(at, "Zone number")
    assert zones["Zone number"].tolist() == ["5415"]
    population = table_with(at, "Inhabitants")
    assert "266,926" in population["Inhabitants"].tolist()
    assert "more than 261,000" in population["Inhabitants"].tolist()
    assert all(population["Source"].str.len() > 0)


def test_changing_the_city_updates_page_and_address():
    at = open_page("city")
    picker(at, "w_city").set_value("brussels-region").run()
    no_exception(at)
    assert at.title[0].value == "City profile: Brussels-Capital Region"
    assert url(at, "city") == ["brussels-region"]
    assert "Security" in bar_totals(chart(at))
    assert "5339" in table_with(at, "Zone number")["Zone number"].tolist()


@pytest.mark.parametrize("bad", ["atlantis", "<script>alert(1)</script>"])
def test_unknown_city_gives_a_notice(bad):
    at = open_page("city", city=bad, tables_open=False)
    no_exception(at)
    # Notices escape markdown; a reader sees the text without the backslashes.
    warnings = " ".join(w.value for w in at.warning).replace("\\", "")
    assert "city" in warnings and bad[:20] in warnings
    assert at.title[0].value == "City profile: Antwerp"
    assert url(at, "city") == ["antwerpen"]


def test_timeline_chart_never_places_an_undated_measure():
    from drugpolicy.charts.timeline import measure_timeline

    df = pd.DataFrame([
        {"measure_id": "a", "title_nl": "Gedateerd", "title_fr": None, "title_en": "Dated", "status": "planned",
         "statement_kind": "plan_or_announcement", "period_start": pd.Timestamp("2020-01-01"),
         "period_end": pd.Timestamp("2025-12-31"), "period_precision": "year", "quote": "q", "quote_en": "q"},
        {"measure_id": "b", "title_nl": "Zonder datum", "title_fr": None, "title_en": "Undated", "status": "promised",
         "statement_kind": "election_promise", "period_start": pd.NaT, "period_end": pd.NaT,
         "period_precision": "unknown", "quote": "q", "quote_en": "q"},
    ])
    fig = measure_timeline(df, "en", "t").to_plotly_json()
    ys = [y for tr in fig["data"] for y in (tr.get("y") or []) if y is not None]
    assert "Dated" in ys and "Undated" not in ys
    marker = next(tr for tr in fig["data"] if tr.get("mode") == "markers" and list(tr.get("y") or []) == ["Dated"])
    assert list(marker["marker"]["symbol"]) == ["circle-open"]  # known only to the year: hollow
    assert "2020 – 2025" in marker["hovertext"][0]


def test_a_second_session_on_the_same_city_builds_nothing_and_sees_the_same_page():
    st.cache_resource.clear()
    builds = builds_so_far()
    first = open_page("city", city="gent")
    no_exception(first)
    assert builds_so_far() > builds
    builds = builds_so_far()
    second = open_page("city", city="gent")
    no_exception(second)
    assert builds_so_far() == builds

    def shown(at):
        return page_text(at), expander_labels(at), charts(at)

    assert shown(second) == shown(first)
    second.run()  # a warm rerun shows the same again: the page never changes a shared view
    assert shown(second) == shown(first)
    picker(second, "w_city").set_value("aalst").run()
    assert builds_so_far() == builds + 1
    assert second.title[0].value == "City profile: Aalst"


def builds_so_far() -> int:
    """Views built so far in this process (not served from Streamlit's cache)."""
    return sum(cache.BUILDS.values())


def test_french_labels_have_a_space_before_the_colon():
    """French typography: 'Statut : mis en œuvre', never 'Statut: mis en œuvre' (labels in the facts and in every
    measure's details)."""
    from drugpolicy.i18n import t

    at = open_page("city", lang="fr", city="gent")
    no_exception(at)
    details = "".join(el.proto.body for el in at.get("html"))
    status = t("common.status", "fr")
    assert f"<strong>{status}</strong> : " in details and f"<strong>{status}</strong>: " not in details
    facts = next(m.value for m in at.markdown if t("city.region", "fr") in m.value)
    assert f"**{t('city.region', 'fr')}** : " in facts
