"""The figures pages: personnel and capacity, enforcement, budgets; totals and per 100,000 inhabitants."""
from __future__ import annotations

import csv

import pandas as pd
import pytest

from drugpolicy import queries
from drugpolicy.charts import capacity, enforcement
from tests.conftest import (
    DATA,
    all_frames,
    charts,
    html_frames,
    no_exception,
    open_page,
    open_tables,
    page_text,
    picker,
)

with (DATA / "cities.csv").open(encoding="utf-8", newline="") as _fh:
    ALL_CITIES = [r["city_id"] for r in csv.DictReader(_fh)]  # every city of the package, whatever it holds
SPACES = str.maketrans({"\u202f": " ", "\xa0": " "})


def plain_spaces(text: str) -> str:
    """Babel writes French thousands with a narrow no-break space; compare with ordinary spaces."""
    return text.translate(SPACES)


def table(at, column: str) -> pd.DataFrame:
    """The first data table on the page that has the given column header."""
    for df in all_frames(at):
        if column in df.columns:
            return df
    raise AssertionError(f"no table with a column {column!r}; tables: {[list(d.columns) for d in all_frames(at)]}")


def main_chart(at) -> dict:
    specs = charts(at)
    assert specs, "no chart on the page"
    return specs[0]


def traces_of(spec: dict, indicator: str) -> list[dict]:
    return [tr for tr in spec["data"] if tr.get("meta") == indicator]


def warnings(at) -> str:
    """The notices as a reader sees them (markdown escapes removed)."""
    return " ".join(w.value for w in at.warning).replace("\\", "")


def rows(df: pd.DataFrame, **match) -> pd.DataFrame:
    for col, value in match.items():
        df = df[df[col] == value]
    return df


# --- personnel and capacity ----------------------------------------------------------------------------------

def test_personnel_deep_link_charts_what_the_cities_share_and_lists_the_rest():
    at = open_page("personnel")
    no_exception(at)
    assert "Personnel and capacity" in page_text(at)
    picked = picker(at, "w_cities").value
    cities_per_indicator = queries.run("figures_capacity", cities=picked).groupby("indicator_id")["city_id"].nunique()
    shared = set(cities_per_indicator[cities_per_indicator > 1].index)
    alone = set(cities_per_indicator.index) - shared
    assert shared and alone  # the peer group it opens on has both
    # the chart sets side by side what at least two of the cities have, each of those with every city that has it
    spec = main_chart(at)
    assert {tr.get("meta") for tr in spec["data"]} - {None} == shared
    for indicator in shared:
        assert len({tr["y"][0] for tr in traces_of(spec, indicator)}) == cities_per_indicator[indicator]
    aalst = rows(table(at, "Kind of figure"), City="Aalst", Indicator="Staff of the local police drug section")
    assert sorted(aalst["Value"]) == ["4", "6"]
    # the rest is a table of its own, named under the chart
    assert f"the {len(alone)} indicators only one of them has" in page_text(at)
    assert "Figures of one city only" in [h.value for h in at.subheader]
    one_city = next(df for df in html_frames(at) if "Kind of figure" in df.columns)
    names = queries.run("figures_indicators", domain="capacity").set_index("indicator_id")["name_en"]
    assert set(one_city["Indicator"]) == {names[i] for i in alone}
    fgp = rows(one_city, Indicator="Staff of the federal judicial police (FGP) Antwerp")
    assert set(fgp["Value"]) == {"about 400", "462", "550"}
    assert set(rows(fgp, Value="462")["Kind of figure"]) == {"actual"}
    assert set(rows(fgp, Value="550")["Kind of figure"]) == {"required"}
    assert "Eind 2023 was dit aantal slechts 462." in set(fgp["Quote"])
    ship = rows(one_city, Indicator="Staff of the federal shipping police and customs in Antwerp (together)")
    assert set(ship["Value"]) == {"186", "312"}
    assert "Sources:" in page_text(at)


def test_personnel_of_one_city_charts_every_figure_against_required():
    at = open_page("personnel", cities="antwerpen")
    no_exception(at)
    assert "Figures of one city only" not in [h.value for h in at.subheader]
    # the main chart: FGP's latest actual 462 as a bar, the requirement 550 as a labelled tick, the gap of 88
    spec = main_chart(at)
    fgp_traces = traces_of(spec, "fgp_antwerp_staff")
    bar = [tr for tr in fgp_traces if tr["type"] == "bar"]
    assert [b["x"] for b in bar] == [[462.0]]
    # the verbatim quote and its English rendering behind the value
    hover = bar[0]["hovertext"][0].replace("<br>", " ")  # long hover lines are wrapped
    assert "Eind 2023 was dit aantal slechts 462." in hover
    assert "At the end of 2023 this number was only 462." in hover
    assert any(tr.get("text") == ["required 550"] for tr in fgp_traces)
    titles = " ".join(a.get("text", "") for a in spec["layout"]["annotations"])
    assert "short by 88" in titles and "political claim" in titles and "about 2023" in titles


def test_personnel_keeps_the_two_shipping_police_scopes_apart():
    spec = main_chart(open_page("personnel", cities="antwerpen"))
    together = traces_of(spec, "shipping_police_customs_antwerp_staff")
    officers = traces_of(spec, "shipping_police_antwerp_officers")
    assert together and officers
    # each scope its own panel (own axes), never one series
    assert {tr.get("xaxis", "x") for tr in together}.isdisjoint({tr.get("xaxis", "x") for tr in officers})
    assert [tr["x"] for tr in together if tr["type"] == "bar"] == [[312.0]]
    assert [tr["x"] for tr in officers if tr["type"] == "bar"] == [[212.0]]


def test_personnel_time_series_where_an_indicator_has_several_dates():
    at = open_page("personnel", cities="antwerpen")
    specs = charts(at)
    assert len(specs) == 2
    series = specs[1]
    actual = [tr for tr in traces_of(series, "fgp_antwerp_staff") if "actual" in tr["name"]]
    assert [tr["y"] for tr in actual] == [[400.0, 462.0]]
    assert [tr["y"] for tr in traces_of(series, "shipping_police_customs_antwerp_staff")] == [[186.0, 312.0]]
    assert all(tr["mode"] == "lines+markers+text" for tr in actual)


def test_personnel_per_100k_uses_the_nearest_population_and_never_divides_shares():
    at = open_page("personnel", per="100k", cities=["aalst", "gent", "gemeente-x", "antwerpen", "brussels-region"])
    no_exception(at)
    # the chart's table and the table of what only one of the cities has
    tbl = pd.concat([df for df in all_frames(at) if "Per 100,000 inhabitants" in df.columns])
    aalst = rows(tbl, City="Aalst", Indicator="Staff of the local police drug section")
    aalst = aalst[aalst["Value"].isin(["4", "6"])]
    # 4 and 6 people in 2015 against Aalst's 84,329 inhabitants on 1 January 2016, the nearest population row
    assert sorted(aalst["Per 100,000 inhabitants"]) == ["4.7", "7.1"]
    assert set(aalst["Population used"]) == {"84,329 inhabitants (1 January 2016)"}
    # Ghent 2019 uses the January 2020 "more than 261,000": dividing by a lower bound gives an upper bound
    ghent = rows(tbl, City="Ghent", Indicator="Operational staff of the local police zone")
    assert list(ghent["Per 100,000 inhabitants"]) == ["less than 417.2"]
    # a percentage is never divided; a federal service and one of Brussels' six zones are not the city's
    share = rows(tbl, City="Municipality X (unnamed election programme)")
    assert list(share["Value"]) == ["30%"]
    assert list(share["Per 100,000 inhabitants"]) == ["not applicable: a share, not divided by population"]
    fgp = rows(tbl, Indicator="Staff of the federal judicial police (FGP) Antwerp")
    assert all(v.startswith("not applicable: a federal") for v in fgp["Per 100,000 inhabitants"])
    polbru = rows(tbl, City="Brussels-Capital Region")
    assert all(v.startswith("not applicable: the police zone") for v in polbru["Per 100,000 inhabitants"])
    spec = main_chart(at)
    assert [7.1] in [tr["x"] for tr in traces_of(spec, "drug_section_staff") if tr["type"] == "bar"]  # Aalst
    caption = page_text(at)
    assert "citypopulation.de" in caption  # the population's source is named
    # a federal service's bar stays the total
    spec = main_chart(open_page("personnel", per="100k", cities="antwerpen"))
    assert [tr["x"] for tr in traces_of(spec, "fgp_antwerp_staff") if tr["type"] == "bar"] == [[462.0]]


def test_personnel_switch_and_city_change_stay_in_the_url():
    at = open_page("personnel")
    at.radio[0].set_value("100k").run()
    no_exception(at)
    assert "Per 100,000 inhabitants" in table(at, "Kind of figure").columns
    assert at.query_params["per"] in ("100k", ["100k"])
    picker(at, "w_cities").set_value(["aalst"]).run()
    no_exception(at)
    tbl = table(at, "Kind of figure")
    assert set(tbl["City"]) == {"Aalst"}
    assert "Per 100,000 inhabitants" in tbl.columns


def test_personnel_without_population_shows_no_data_never_zero():
    # valid data always has a population for divisible figures; the chart and table still must not draw zero
    df = queries.run("figures_capacity", cities=["aalst"])
    df[["inhabitants", "value_per_100k", "per_capita_qualifier"]] = None
    names = {"aalst": "Aalst"}
    tbl = capacity.capacity_table(df, names, "en", "100k")
    assert set(tbl["Per 100,000 inhabitants"]) == {"no data"}
    fig = capacity.capacity_gap(df, names, {"aalst": "#000"}, "en", "100k", "t")
    assert not [tr for tr in fig.data if tr.type == "bar"]
    assert any(tr.text == ("no data",) for tr in fig.data)
    assert "No population known" in " ".join(a.text for a in fig.layout.annotations)


def test_personnel_in_dutch_and_french():
    nl = open_page("personnel", lang="nl", cities="antwerpen,gent")
    no_exception(nl)
    tbl = table(nl, "Soort cijfer")
    assert {"462", "550", "1.089"} <= set(tbl["Waarde"])
    assert "vereist" in set(tbl["Soort cijfer"])
    fr = open_page("personnel", lang="fr", cities="brussels-region,antwerpen")
    no_exception(fr)
    tbl = table(fr, "Type de chiffre")
    assert {"462", "550", "2 675"} <= {plain_spaces(v) for v in tbl["Valeur"]}
    assert "requis" in set(tbl["Type de chiffre"])
    assert "Personnel et capacité" in page_text(fr)


def test_personnel_unknown_parameters_give_notices():
    at = open_page("personnel", per="per-km2", cities="antwerpen,atlantis", tables_open=False)
    no_exception(at)
    assert "per-km2" in warnings(at) and "atlantis" in warnings(at)
    assert set(table(open_tables(at), "Kind of figure")["City"]) == {"Antwerp"}


# --- enforcement ---------------------------------------------------------------------------------------------

def test_enforcement_deep_link_shows_the_caveat_and_one_indicator():
    at = open_page("enforcement")
    no_exception(at)
    caveat = " ".join(i.value for i in at.info)
    assert "police" in caveat and "effort" in caveat and "Never add categories up" in caveat
    # it opens on one indicator: the one most of the chosen cities have figures for
    spec = main_chart(at)
    shown = {tr.get("meta") for tr in spec["data"]} - {None}
    picked = picker(at, "w_cities").value
    every = queries.run("figures_enforcement", cities=picked,
                        indicators=list(queries.run("figures_indicators", domain="enforcement")["indicator_id"]))
    per_indicator = every.groupby("indicator_id")["city_id"].nunique()
    assert len(shown) == 1 and per_indicator[shown.pop()] == per_indicator.max()
    # every drawn value is a recorded figure, never a sum
    port = main_chart(open_page("enforcement", indicator="cocaine_seized_port_antwerp", cities=["antwerpen"]))
    drawn = {y for tr in port["data"] for y in tr["y"]}
    recorded = queries.run("figures_enforcement", cities=["antwerpen"], indicators=["cocaine_seized_port_antwerp"])
    assert {14000.0, 50000.0, 89500.0, 109894.48, 116000.0} <= drawn == set(recorded["value"])


def test_enforcement_marks_the_2200_dealers_as_a_claim():
    at = open_page("enforcement", indicator="dealers_arrested", cities=["antwerpen"])
    no_exception(at)
    tbl = table(at, "Kind of statement")
    claim = rows(tbl, Indicator="Dealers arrested")
    claim = claim[claim["Value"] == "2,200"]
    assert len(claim) == 1
    assert list(claim["Kind of statement"]) == ["political claim — a claim, not a statistic"]
    assert list(claim["Period"]) == ["about 2013 – about 2015"]
    trace = main_chart(at)["data"][0]
    assert "political claim" in trace["name"]
    assert trace["line"]["dash"] == "dash" and trace["marker"]["symbol"] == "circle-open"
    assert "claim" in trace["text"][1] and "2,200" in trace["text"][1]
    # a statistic in the same city is drawn solid
    stat = main_chart(open_page("enforcement", indicator="drug_possession_reports", cities=["antwerpen"]))["data"]
    assert all(tr["line"]["dash"] == "solid" for tr in stat)


def test_enforcement_never_adds_up_indicators():
    at = open_page("enforcement", indicator="shootings", cities=["brussels-region"])
    no_exception(at)
    spec = main_chart(at)
    assert {tr.get("meta") for tr in spec["data"]} == {"shootings"}
    assert sorted(tr["y"][0] for tr in spec["data"]) == [56.0, 62.0, 89.0]  # 2022, 2023, 2024 apart
    every = html_frames(at)[-1]  # "All enforcement figures", every indicator
    recorded = queries.run("figures_enforcement", cities=["brussels-region"],
                           indicators=list(queries.run("figures_indicators", domain="enforcement")["indicator_id"]))
    assert len(every) == len(recorded)  # one row per recorded figure: no total rows
    assert "9" in set(rows(every, Indicator="Deaths in shootings")["Value"])
    with pytest.raises(ValueError, match="one indicator"):
        enforcement.enforcement_periods(recorded, {}, {}, "en", "total", "t")


def test_enforcement_indicator_switch_and_per_100k():
    at = open_page("enforcement", cities=["brussels-region", "antwerpen"])
    at.selectbox(key="w_indicator").set_value("shootings").run()
    no_exception(at)
    assert {tr.get("meta") for tr in main_chart(at)["data"]} == {"shootings"}
    at.radio[0].set_value("100k").run()
    no_exception(at)
    # 89 shootings in 2024 against 1,249,597 inhabitants on 1 January 2024
    assert 7.1 in {tr["y"][0] for tr in main_chart(at)["data"]}
    per = table(at, "Per 100,000 inhabitants")
    assert "7.1" in set(per["Per 100,000 inhabitants"])
    # seized kilograms are not divided by a city's inhabitants
    kg = rows(per, Indicator="Cocaine seized in the port of Antwerp")
    assert all(v.startswith("not applicable") for v in kg["Per 100,000 inhabitants"])


def test_enforcement_in_dutch_and_french_and_unknown_values():
    nl = open_page("enforcement", lang="nl", indicator="drug_possession_reports", cities=["gent", "antwerpen"])
    no_exception(nl)
    assert "Handhaving" in page_text(nl)
    assert {"2.982", "2.408"} <= set(table(nl, "Soort uitspraak")["Waarde"])
    fr = open_page("enforcement", lang="fr", indicator="dealers_arrested", cities=["antwerpen"])
    no_exception(fr)
    assert "affirmation politique" in " ".join(table(fr, "Type de déclaration")["Type de déclaration"])
    assert "2 200" in plain_spaces(" ".join(table(fr, "Type de déclaration")["Valeur"]))
    bad = open_page("enforcement", indicator="everything", per="sum", cities="gent,nowhere", tables_open=False)
    no_exception(bad)
    assert "everything" in warnings(bad) and "sum" in warnings(bad) and "nowhere" in warnings(bad)
    # the page opens on an indicator Ghent has figures for; Ghent's own figures listed
    assert charts(bad)
    assert set(table(open_tables(bad), "Kind of statement")["City"]) == {"Ghent"}
    # an indicator the chosen cities have no figure for: said so, no empty chart
    port = open_page("enforcement", indicator="cocaine_seized_port_antwerp", cities=["gent"])
    assert not charts(port)
    assert "No figures on 'Cocaine seized in the port of Antwerp' for the chosen cities." in [i.value.replace("\\", "") for i in port.info]


# --- budgets -------------------------------------------------------------------------------------------------

def test_budgets_show_ghent_with_what_it_includes_and_excludes():
    with_budgets = ["gent", "brussels-region", "antwerpen", "kortrijk"]
    at = open_page("budgets", cities=with_budgets)
    no_exception(at)
    text = page_text(at)
    assert "EUR 2,500,000" in text
    ghent = rows(table(at, "Includes"), Amount="EUR 2,500,000")
    assert list(ghent["Basis"]) == ["per year"]
    assert "MSOC" in ghent["Includes"].iloc[0] and "enforcement" in ghent["Excludes"].iloc[0].lower()
    assert "Medisch Sociaal Opvangcentrum (MSOC)" in text and "Police deployment for enforcement" in text
    # one bar per budget, never stacked or summed
    spec = main_chart(at)
    bars = [tr for tr in spec["data"] if tr["type"] == "bar"]
    assert sorted(b["x"][0] for b in bars) == sorted(queries.run("figures_budgets", cities=with_budgets)["amount_eur"])


def test_budgets_money_per_language():
    nl = open_page("budgets", lang="nl", cities="gent")
    no_exception(nl)
    assert "EUR 2.500.000" in table(nl, "Omvat")["Bedrag"].tolist()
    fr = open_page("budgets", lang="fr", cities="gent")
    no_exception(fr)
    assert "2 500 000 EUR" in [plain_spaces(v) for v in table(fr, "Comprend")["Montant"]]
    assert "Ne comprend pas" in table(fr, "Comprend").columns


def test_budgets_per_inhabitant_and_switch():
    at = open_page("budgets", per="inhabitant")
    no_exception(at)
    tbl = table(at, "Per inhabitant")
    ghent = rows(tbl, Amount="EUR 2,500,000")
    # EUR 2.5 million over "more than 261,000" inhabitants: less than EUR 9.58 each
    assert list(ghent["Per inhabitant"]) == ["less than EUR 9.58"]
    bar = [tr for tr in main_chart(at)["data"] if tr.get("meta") == "gent-drug-policy-annual"][0]
    assert bar["x"] == [9.58]
    hover = bar["hovertext"][0].replace("<br>", " ")  # long hover lines are wrapped
    assert "Per inhabitant: less than EUR 9.58, using more than 261,000 inhabitants" in hover
    assert "Over het volledige stadsbudget wordt 2,5 miljoen euro per jaar uitgegeven" in hover
    at.radio[0].set_value("total").run()
    no_exception(at)
    assert "Per inhabitant" not in table(at, "Includes").columns
    picker(at, "w_cities").set_value(["antwerpen"]).run()
    no_exception(at)
    assert set(table(at, "Includes")["City"]) == {"Antwerp"}


def test_budgets_unknown_parameters_give_notices():
    at = open_page("budgets", per="100k", cities="gent,<b>x</b>", tables_open=False)
    no_exception(at)
    assert "100k" in warnings(at) and "<b>x</b>" in warnings(at)
    assert set(table(open_tables(at), "Includes")["City"]) == {"Ghent"}


# --- shared views ----------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("page", "params"), [
    ("personnel", {"per": "100k"}),
    ("budgets", {"cities": "gent,antwerpen", "per": "inhabitant"}),
    ("enforcement", {"indicator": "dealers_arrested", "per": "100k"}),
])
def test_figures_pages_build_a_selection_once_for_every_session(page, params):
    """A second visitor of the same link gets the view built for the first (cache.shared), and a visitor who
    switches the view does not change what the others see."""
    import streamlit as st

    st.cache_resource.clear()
    first = open_page(page, **params)
    no_exception(first)
    builds = builds_so_far()
    again = open_page(page, **params)
    no_exception(again)
    assert builds_so_far() == builds
    assert page_text(again) == page_text(first)
    assert charts(again) == charts(first)
    again.radio[0].set_value("total").run()  # the per switch
    no_exception(again)
    third = open_page(page, **params)
    assert builds_so_far() > builds  # the switched view was new
    assert page_text(third) == page_text(first)
    assert charts(third) == charts(first)


def builds_so_far() -> int:
    """Views built so far in this process (not served from Streamlit's cache)."""
    from drugpolicy import cache

    return sum(cache.BUILDS.values())
