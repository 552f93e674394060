"""Adding a municipality takes rows only: a synthetic one, added by rows to a copy of the package, passes the
validator and frictionless and shows on every page, alone and beside a real city, without a line of code changed."""
from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from drugpolicy.validate import validate
from tests.conftest import DATA, add_rows, no_exception, open_page, page_text

ALL_STATUSES = ["implemented", "in_progress", "planned", "announced", "promised"]

CITY = "zandstad"
NAME = "Sandtown"
ZONE = "5999"

# table -> rows, each a dict of the columns it fills (the rest stay empty). Its sources name no pillar model, so
# the city has none of its own (classified on the five pillars); its enforcement counts are for its whole police
# zone, which serves a neighbour too, so they are divided by the zone's population; it records seized cash in euro.
ROWS: dict[str, list[dict]] = {
    "sources": [
        {"source_id": "zandstad-plan-2024", "title": "Drugplan Zandstad 2024-2029", "publisher": "Stad Zandstad",
         "document_kind": "policy_plan", "published_date": "2024-03-01", "published_precision": "month",
         "url": "https://zandstad.example/drugplan", "language": "nl"},
        {"source_id": "zandstad-zvp-2025", "title": "Zonaal veiligheidsplan PZ Zandstad-Duin",
         "publisher": "Politiezone Zandstad-Duin", "document_kind": "zonal_security_plan",
         "published_date": "2025-01-01", "published_precision": "year",
         "url": "https://politie.example/5999/zvp", "language": "nl"},
        {"source_id": "zandkrant-2025-02-02", "title": "Recordbedrag cash in beslag genomen",
         "publisher": "De Zandkrant", "document_kind": "news_article", "published_date": "2025-02-02",
         "published_precision": "day", "url": "https://zandkrant.example/cash", "language": "nl"},
    ],
    "cities": [{"city_id": CITY, "name_nl": "Zandstad", "name_fr": "Ville-de-Sable", "name_en": NAME,
                "level": "municipality", "region": "flanders", "own_model_id": ""}],
    "police_zones": [{"city_id": CITY, "zone_number": ZONE, "zone_name": "PZ Zandstad-Duin",
                      "source_id": "zandstad-zvp-2025"}],
    "population": [
        {"population_id": "zandstad-2024-01-01", "city_id": CITY, "reference_date": "2024-01-01",
         "date_precision": "day", "inhabitants": "61234", "value_qualifier": "exact",
         "source_id": "zandstad-plan-2024", "statement_kind": "official_statistic",
         "quote": "Op 1 januari 2024 telde Zandstad 61.234 inwoners.",
         "quote_en": "On 1 January 2024 Zandstad had 61,234 inhabitants."},
        {"population_id": "zandstad-zone-2024-01-01", "city_id": CITY, "reference_date": "2024-01-01",
         "date_precision": "day", "inhabitants": "88400", "value_qualifier": "exact",
         "source_id": "zandstad-zvp-2025", "statement_kind": "official_statistic",
         "quote": "De zone telt 88.400 inwoners.", "quote_en": "The zone has 88,400 inhabitants.",
         "zone_number": ZONE},
    ],
    "measures": [],
    "measure_pillars": [],
    "indicators": [{"indicator_id": "cash_confiscated_eur", "domain": "enforcement", "name_nl": "In beslag genomen cash",
                    "name_fr": "Argent liquide saisi", "name_en": "Cash seized", "unit": "eur",
                    "caveat_en": "Seizures measure police effort.", "caveat_nl": "Inbeslagnames meten inzet.",
                    "caveat_fr": "Les saisies mesurent l'effort policier."}],
    "enforcement": [
        {"enforcement_id": f"zandstad-drug-offences-{year}", "city_id": CITY, "indicator_id": "drug_trade_offences",
         "value": value, "value_qualifier": "exact", "period_start": f"{year}-01-01", "period_end": f"{year}-12-31",
         "period_precision": "year", "source_id": "zandstad-zvp-2025", "statement_kind": "official_statistic",
         "quote": quote, "quote_en": f"In {year} the zone registered {value} drug trade offences.",
         "zone_number": ZONE}
        for year, value, quote in (("2022", "1335", "In 2022 registreerde de zone 1.335 feiten van drugshandel."),
                                   ("2023", "1402", "In 2023 registreerde de zone 1.402 feiten van drugshandel."))
    ] + [
        {"enforcement_id": "zandstad-cash-2024", "city_id": CITY, "indicator_id": "cash_confiscated_eur",
         "value": "2500000", "value_qualifier": "exact", "period_start": "2024-01-01", "period_end": "2024-12-31",
         "period_precision": "year", "source_id": "zandkrant-2025-02-02", "statement_kind": "press_report",
         "quote": "Vorig jaar nam de politie 2,5 miljoen euro cash in beslag.",
         "quote_en": "Last year the police seized 2.5 million euro in cash.",
         "caveat_en": "The police chief's figure, as the paper reports it.",
         "caveat_nl": "Het cijfer van de korpschef, zoals de krant het brengt.",
         "caveat_fr": "Le chiffre du chef de corps, tel que le rapporte le journal."},
    ],
    "capacity": [{"capacity_id": "zandstad-drug-team-2019", "city_id": CITY, "indicator_id": "drug_section_staff",
                  "value_kind": "actual", "value": "5", "value_qualifier": "exact", "reference_date": "2019-01-01",
                  "date_precision": "year", "government_level": "police_zone", "source_id": "zandstad-zvp-2025",
                  "statement_kind": "official_statistic", "quote": "In 2019 telde het drugsteam 5 inspecteurs.",
                  "quote_en": "In 2019 the drug team had 5 inspectors."},
                 {"capacity_id": "zandstad-drug-team-2025", "city_id": CITY, "indicator_id": "drug_section_staff",
                  "value_kind": "actual", "value": "8", "value_qualifier": "exact", "reference_date": "2025-01-01",
                  "date_precision": "year", "government_level": "police_zone", "source_id": "zandstad-zvp-2025",
                  "statement_kind": "official_statistic", "quote": "Het drugsteam telt 8 inspecteurs.",
                  "quote_en": "The drug team has 8 inspectors."}],
    "budgets": [{"budget_id": "zandstad-prevention-2024", "city_id": CITY, "title_nl": "Preventiebudget",
                 "title_en": "Prevention budget", "title_fr": "Budget de prévention", "amount_eur": "350000",
                 "amount_basis": "per_year", "value_qualifier": "exact", "period_start": "2024-01-01",
                 "period_end": "2024-12-31", "period_precision": "year", "government_level": "municipal",
                 "source_id": "zandstad-plan-2024", "statement_kind": "budget_commitment",
                 "quote": "De stad trekt jaarlijks 350.000 euro uit voor preventie.",
                 "quote_en": "The city sets aside 350,000 euro a year for prevention."}],
    "city_group_members": [{"group_id": "flemish-centre-cities", "city_id": CITY}],
}

# (slug, instrument, pillar on the five pillars or None for governance / general security, drug-specific, quote)
MEASURES = [
    ("plan", "drug_policy_plan", None, True, "Het drugplan loopt van 2024 tot 2029."),
    ("school-prevention", "school_prevention", "prevention", True, "Alle scholen krijgen een preventieaanbod."),
    ("case-consultation", "case_consultation", "early_intervention", True, "Een casusoverleg volgt jongeren op."),
    ("outreach", "outreach_work", "care", True, "Straathoekwerkers zoeken gebruikers op."),
    ("needles", "needle_containers", "harm_reduction", True, "We plaatsen 12 naaldcontainers."),
    ("dealing", "dealing_enforcement", "repression", True, "De politie pakt straatdealers aan."),
    ("cycle-paths", "traffic_safety", None, False, "Nieuwe fietspaden maken de stad veiliger."),
]
for slug, instrument, pillar, drug, quote in MEASURES:
    needles = slug == "needles"
    ROWS["measures"].append({
        "measure_id": f"{CITY}-{slug}", "city_id": CITY, "title_nl": slug, "title_en": f"{NAME} {slug}",
        "title_fr": slug, "instrument_id": instrument, "status": "planned", "government_level": "municipal",
        "period_start": "2024-01-01", "period_end": "2029-12-31", "period_precision": "year",
        "drug_specific": "true" if drug else "false", "quantity": "12" if needles else "",
        "quantity_qualifier": "exact" if needles else "", "quantity_unit_en": "containers" if needles else "",
        "quantity_unit_nl": "containers" if needles else "", "quantity_unit_fr": "conteneurs" if needles else "",
        "source_id": "zandstad-plan-2024", "statement_kind": "plan_or_announcement", "quote": quote,
        "quote_en": quote})
    if pillar:
        ROWS["measure_pillars"].append({"measure_id": f"{CITY}-{slug}", "pillar_id": f"five_pillars.{pillar}"})


@pytest.fixture(scope="module")
def with_city(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("new-municipality") / "data"
    shutil.copytree(DATA, folder, ignore=shutil.ignore_patterns("README.md"))
    add_rows(folder, ROWS)
    return folder


def test_the_validator_accepts_the_new_municipality(with_city):
    problems, tables = validate(with_city)
    assert problems == []
    assert CITY in {r["city_id"] for r in tables["cities"].rows}


def test_frictionless_accepts_the_new_municipality(with_city):
    exe = Path(sys.executable).with_name("frictionless")
    done = subprocess.run([str(exe), "validate", str(with_city / "datapackage.json")], capture_output=True,
                          text=True, timeout=300)
    assert done.returncode == 0, done.stdout[-3000:]


PAGES = [
    ("overview", {"cities": [CITY]}), ("overview", {"cities": [CITY, "gent"]}),
    ("compare", {"cities": [CITY, "gent"]}), ("compare", {"cities": [CITY, "gent"], "model": "own"}),
    ("gap", {"city": CITY, "cities": ["gent"]}), ("gap", {"city": "gent", "cities": [CITY]}),
    ("city", {"city": CITY}), ("personnel", {"cities": [CITY, "aalst"]}),
    ("enforcement", {"cities": [CITY], "indicator": "drug_trade_offences"}),
    ("enforcement", {"cities": [CITY], "indicator": "cash_confiscated_eur"}),
    ("budgets", {"cities": [CITY, "gent"]}), ("measures", {"cities": [CITY]}),
    ("briefing", {"cities": [CITY, "gent"]}), ("sources", {}),
]


@pytest.mark.parametrize(("page", "params"), PAGES, ids=[f"{p}-{i}" for i, (p, _) in enumerate(PAGES)])
def test_every_page_shows_the_new_municipality(with_city, monkeypatch, page, params):
    monkeypatch.setenv("DRUGPOLICY_DATA_DIR", str(with_city))
    at = open_page(page, **params)
    no_exception(at)
    text = page_text(at)
    expected = "Drugplan Zandstad 2024-2029" if page == "sources" else NAME
    assert expected in text


def test_zone_counts_are_divided_by_the_zone_population(with_city, monkeypatch):
    """1,335 offences in a zone of 88,400: 1,510.2 per 100,000, never divided by the city's 61,234."""
    monkeypatch.setenv("DRUGPOLICY_DATA_DIR", str(with_city))
    at = open_page("enforcement", cities=[CITY], indicator="drug_trade_offences", per="100k")
    no_exception(at)
    text = page_text(at)
    assert "1,510.2" in text and "2,180.2" not in text
    assert "police zone 5999" in text


def test_a_population_far_from_the_figure_is_named_and_flagged(with_city, monkeypatch):
    """5 inspectors in 2019 against the only city population, of 1 January 2024: shown, and flagged."""
    monkeypatch.setenv("DRUGPOLICY_DATA_DIR", str(with_city))
    at = open_page("personnel", cities=[CITY], per="100k")
    no_exception(at)
    text = page_text(at)
    assert "61,234 inhabitants (1 January 2024); note: 5 years from the figure's date" in text


def test_the_city_says_it_has_no_model_of_its_own_and_counts_drug_policy_only(with_city, monkeypatch):
    monkeypatch.setenv("DRUGPOLICY_DATA_DIR", str(with_city))
    from drugpolicy import queries

    row = queries.run("cities").set_index("city_id").loc[CITY]
    assert not row["has_own_model"] and row["own_model_id"] == "five_pillars"
    assert (row["measure_count"], row["source_count"], row["other_measure_count"]) == (6, 1, 1)
    counts = queries.run("measures_by_pillar", cities=[CITY], model="five_pillars", statuses=ALL_STATUSES)
    assert counts["measure_count"].sum() == 6  # five in a pillar, the plan apart; the cycle paths not at all
    peers = queries.run("peer_groups")
    assert CITY in set(peers[peers.group_id == "size-50k-100k"]["city_id"])
    assert CITY in set(peers[peers.group_id == "flemish-centre-cities"]["city_id"])


def test_the_profile_of_a_city_without_a_model_quotes_no_source_for_one(with_city, monkeypatch):
    monkeypatch.setenv("DRUGPOLICY_DATA_DIR", str(with_city))
    at = open_page("city", city=CITY)
    no_exception(at)
    text = page_text(at)
    assert "No model of its own: shown on the Five pillars" in text
    assert "The sources name no pillar model of its own" in text
    assert "in the source's words" not in text and "Where the source names the model" not in text
    assert "“vroeginterventie”" not in text
    ghent = page_text(open_page("city", city="gent"))
    assert "Own model: Five pillars" in ghent and "in the source's words" in ghent
