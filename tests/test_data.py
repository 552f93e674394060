"""The curated data: quotes are verbatim, the hand-checked figures are there with the right kind of statement."""
from __future__ import annotations

import re

import pytest

from drugpolicy import db, queries
from drugpolicy.validate import validate
from tests.conftest import DATA, SEEDS

ALL_STATUSES = ["implemented", "in_progress", "planned", "announced", "promised"]

_, TABLES = validate(DATA)
SOURCES = {r["source_id"]: r for r in TABLES["sources"].rows}
QUOTED = ("population", "measures", "capacity", "enforcement", "budgets")


def normalise(text: str) -> str:
    text = text.replace("\u2019", "'").replace("\u2018", "'").replace("\u201c", '"').replace("\u201d", '"')
    text = text.replace("\u201e", '"').replace("\u00a0", " ")
    return re.sub(r"\s+", " ", text).strip()


def seed_quotes():
    for table in QUOTED:
        for row, line in zip(TABLES[table].rows, TABLES[table].lines, strict=True):
            seed = SOURCES[row["source_id"]].get("seed_file")
            if seed:
                yield pytest.param(table, line, seed, row["quote"], id=f"{table}:{line}")


@pytest.mark.skipif(not SEEDS.is_dir(), reason="the seed texts are read from ../shared/seeds/")
@pytest.mark.parametrize(("table", "line", "seed", "quote"), list(seed_quotes()))
def test_quote_is_verbatim_in_its_seed(table, line, seed, quote):
    text = normalise((SEEDS / seed).read_text(encoding="utf-8"))
    assert normalise(quote) in text, f"data/{table}.csv:{line}: quote not found in {seed}"


def test_every_seed_is_a_source():
    if not SEEDS.is_dir():
        pytest.skip("no ../shared/seeds/")
    seeds = {r["seed_file"] for r in SOURCES.values() if r.get("seed_file")}
    assert seeds == {p.name for p in SEEDS.glob("*.txt")}


@pytest.mark.parametrize("table", QUOTED)
def test_every_figure_row_has_quote_and_rendering(table):
    for row in TABLES[table].rows:
        assert row["quote"] and row["quote_en"] and row["source_id"] and row["statement_kind"]


def one(sql, *params):
    cur = db.connection().cursor()
    return cur.execute(sql, list(params)).fetchall()


def capacity(capacity_id):
    return one("select value, value_kind, statement_kind, reference_date, quote from capacity where capacity_id = ?",
               capacity_id)[0]


def test_fgp_antwerp_462_of_550():
    value, kind, _, date, quote = capacity("antwerpen-fgp-staff-2023-actual")
    assert (value, kind, date.year) == (462, "actual", 2023) and "462" in quote
    value, kind, statement, _, quote = capacity("antwerpen-fgp-staff-required")
    assert (value, kind) == (550, "required") and "550" in quote


def test_shipping_police_and_customs_186_to_312():
    assert capacity("antwerpen-shipping-police-customs-2023-start")[0] == 186
    assert capacity("antwerpen-shipping-police-customs-2023-end")[0] == 312


def test_aalst_drug_section_4_to_6():
    assert capacity("aalst-drug-section-before")[0] == 4
    assert capacity("aalst-drug-section-after")[0] == 6


def test_research_capacity_30_percent_is_an_election_promise():
    value, kind, statement, _, quote = capacity("gemeente-x-research-capacity-drugs")
    assert (value, kind, statement) == (30, "target", "election_promise") and "30%" in quote


def test_2200_dealers_is_a_political_claim():
    value, statement = one("select value, statement_kind from enforcement where enforcement_id = ?",
                           "antwerpen-dealers-arrested-2013-2015")[0]
    assert (value, statement) == (2200, "political_claim")


def test_ghent_budget_includes_msoc_excludes_police():
    amount, basis, includes, excludes = one(
        "select amount_eur, amount_basis, includes_en, excludes_en from budgets where budget_id = ?",
        "gent-drug-policy-annual")[0]
    assert (amount, basis) == (2_500_000, "per_year")
    assert "MSOC" in includes and "polic" in excludes.lower()


def test_ghent_56_actions_and_at_least_10_needle_containers():
    assert one("select quantity from measures where measure_id = 'gent-drug-policy-plan'")[0][0] == 56
    q, qual = one("select quantity, quantity_qualifier from measures where measure_id = 'gent-needle-containers'")[0]
    assert (q, qual) == (10, "at_least")


def test_coverage_of_ghent_and_election_programme():
    counts = dict(one("select city_id, count(*) from measures where drug_specific group by city_id"))
    assert counts["gent"] > 20 and counts["gemeente-x"] >= 10
    assert set(counts) <= {c for (c,) in one("select city_id from cities")}


def test_aalst_follows_antwerp():
    rows = one("select instrument_id from measures where city_id = 'aalst' and inspired_by_city_id = 'antwerpen'")
    assert ("immediate_settlement",) in rows


def test_kaalplukteams_on_three_track_repression_for_antwerp_only():
    df = queries.run("measures_by_pillar", cities=["antwerpen", "aalst"], model="three_track", statuses=ALL_STATUSES)
    assert set(df["pillar_id"].dropna()) == {"three_track.preventive", "three_track.curative", "three_track.repressive"}
    placed = one("select city_id, pillar_id from measure_on_model join measures using (measure_id, city_id) "
                 "where instrument_id = 'asset_seizure_team' and model_id = 'three_track'")
    assert placed == [("antwerpen", "three_track.repressive")]


def test_measures_land_on_five_pillars_through_the_crosswalk():
    df = queries.run("measures_by_pillar", cities=["gent", "antwerpen"], model="five_pillars", statuses=ALL_STATUSES)
    gent = df[df.city_id == "gent"].set_index("pillar_id")["measure_count"]
    assert gent["five_pillars.harm_reduction"] >= 3  # needle containers, patrols, sweepings
    # every Antwerp measure with a pillar lands somewhere on five pillars
    on_five = one("select count(distinct measure_id) from measure_on_model where city_id = 'antwerpen' "
                  "and model_id = 'five_pillars'")[0][0]
    with_pillar = one("select count(distinct measure_id) from measure_pillars join measures using (measure_id) "
                      "where city_id = 'antwerpen'")[0][0]
    assert on_five == with_pillar > 0
