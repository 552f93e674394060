"""CSV downloads open safely in a spreadsheet, and the shown tables say what the data says in the reader's language."""
from __future__ import annotations

import datetime as dt
import io

import pandas as pd
import pytest

from drugpolicy import downloads
from drugpolicy.charts.budgets import budget_table

BOM = b"\xef\xbb\xbf"


def read_back(data: bytes) -> pd.DataFrame:
    return pd.read_csv(io.BytesIO(data), encoding="utf-8-sig", dtype=str, keep_default_na=False)


@pytest.mark.parametrize("dangerous", ["=1+1", "+1+1", "-2+3", "@SUM(A1:A2)", "\t=1", "\r=1",
                                       '=HYPERLINK("http://example.org","x")', "=cmd|' /C calc'!A0"])
def test_formula_like_text_is_neutralised(dangerous):
    out = read_back(downloads.csv_bytes(pd.DataFrame({"title": [dangerous, "Naaldcontainers"]})))
    assert out["title"][0] == "'" + dangerous
    assert out["title"][1] == "Naaldcontainers"


def test_harmless_text_and_numbers_are_left_alone():
    df = pd.DataFrame({"title": ["Gent", "2,5 miljoen", "a=b", " =not first", "x-y"], "n": [1, 2, -3, 4, 5]})
    out = read_back(downloads.csv_bytes(df))
    assert out["title"].tolist() == ["Gent", "2,5 miljoen", "a=b", " =not first", "x-y"]
    assert out["n"].tolist() == ["1", "2", "-3", "4", "5"]


def test_header_cells_are_neutralised_too():
    out = read_back(downloads.csv_bytes(pd.DataFrame({"=evil": ["x"]})))
    assert list(out.columns) == ["'=evil"]


def test_utf8_with_bom_and_every_row_kept():
    df = pd.DataFrame({"title": ["Réduction des risques", 'quote "with" quotes, commas\nand a newline', "Gent"],
                       "city": ["Bruxelles", "Gand", "Gent"]})
    data = downloads.csv_bytes(df)
    assert data.startswith(BOM)
    assert "Réduction des risques".encode() in data
    out = read_back(data)
    assert out.shape == (3, 2)
    assert out["title"][1] == 'quote "with" quotes, commas\nand a newline'


def test_empty_table_keeps_its_header():
    data = downloads.csv_bytes(downloads.measures_table(pd.DataFrame(columns=MEASURE_COLUMNS), "en", {},
                                                        with_ids=True))
    out = read_back(data)
    assert out.empty
    assert list(out.columns)[:3] == ["measure_id", "city_id", "source_id"]
    assert "Pillar(s)" in out.columns


MEASURE_COLUMNS = ["measure_id", "city_id", "model_id", "pillar_ids", "pillar_names_nl", "pillar_names_fr",
                   "pillar_names_en", "title_nl", "title_fr", "title_en", "instrument_id", "instrument_name_nl",
                   "instrument_name_fr", "instrument_name_en", "status", "statement_kind", "government_level",
                   "period_start", "period_end", "period_precision", "source_id", "source_title", "quote",
                   "quote_en", "quote_nl", "quote_fr"]


def measure_row(**changes) -> dict:
    row = {
        "measure_id": "x-1", "city_id": "gent", "model_id": "five_pillars", "pillar_ids": None,
        "pillar_names_nl": None, "pillar_names_fr": None, "pillar_names_en": None,
        "title_nl": "Stuurgroep drugsbeleid", "title_fr": None, "title_en": "Drug policy steering group",
        "instrument_id": "steering_group", "instrument_name_nl": "Stuurgroep", "instrument_name_fr": "Groupe de pilotage",
        "instrument_name_en": "Steering group", "status": "in_progress", "statement_kind": "plan_or_announcement",
        "government_level": "municipal", "period_start": pd.NaT, "period_end": pd.NaT, "period_precision": "unknown",
        "source_id": "s", "source_title": "Persbericht", "quote": "onder de regie van de Stuurgroep Drugsbeleid",
        "quote_en": "under the direction of the Drug Policy Steering Group", "quote_nl": None,
        "quote_fr": "sous la direction du Groupe de pilotage de la politique drogues",
    }
    row.update(changes)
    return row


def test_measures_table_in_each_language():
    df = pd.DataFrame([measure_row()], columns=MEASURE_COLUMNS)
    en = downloads.measures_table(df, "en", {"gent": "Ghent"}).iloc[0]
    assert en["Measure"] == "Drug policy steering group"
    assert en["City"] == "Ghent"
    assert en["Pillar(s)"] == "No pillar (coordination, plans)"
    assert en["Status"] == "in progress"
    assert en["Period"] == "date unknown"
    assert en["Quote"] == "onder de regie van de Stuurgroep Drugsbeleid"
    fr = downloads.measures_table(df, "fr", {"gent": "Gand"}).iloc[0]
    assert fr["Mesure"].startswith("Stuurgroep drugsbeleid")  # no French title: the original, marked
    assert fr["Mesure"] != "Stuurgroep drugsbeleid"
    assert fr["Statut"] == "en cours"
    assert fr["Période"] == "date inconnue"


def test_measures_table_pillars_and_periods():
    df = pd.DataFrame([measure_row(pillar_names_en="Prevention; Harm reduction", pillar_names_nl="Preventie; Schadebeperking",
                                   pillar_names_fr="Prévention; Réduction des risques",
                                   period_start=pd.Timestamp("2020-01-01"), period_end=pd.Timestamp("2025-12-31"),
                                   period_precision="year")], columns=MEASURE_COLUMNS)
    row = downloads.measures_table(df, "nl", {}).iloc[0]
    assert row["Pijler(s)"] == "Preventie; Schadebeperking"
    assert row["Periode"] == "2020 – 2025"
    assert row["Stad"] == "gent"  # unknown to the name map: the id, never a blank


def test_a_period_within_one_year_is_that_year():
    row = {"period_start": dt.date(2015, 1, 1), "period_end": dt.date(2015, 12, 31), "period_precision": "year"}
    assert downloads.period(row, "en") == "2015"
    row = {"period_start": dt.date(2024, 2, 27), "period_end": None, "period_precision": "day"}
    assert downloads.period(row, "nl") == "27 februari 2024"


def test_budget_amounts_per_language_with_qualifier():
    df = pd.DataFrame([{
        "title_nl": "Bouw", "title_fr": "Construction", "title_en": "Construction", "amount_eur": 12_300_000.0,
        "amount_basis": "one_off", "value_qualifier": "about", "period_start": pd.Timestamp("2021-10-01"),
        "period_end": pd.NaT, "period_precision": "month", "government_level": "regional",
        "statement_kind": "press_report", "includes_en": "Construction", "includes_nl": "Bouw",
        "includes_fr": "Construction", "excludes_en": None, "excludes_nl": None, "excludes_fr": None,
        "quote": "coûte 12,3 millions", "quote_en": "costs 12.3 million", "quote_nl": "kost 12,3 miljoen",
        "quote_fr": None, "source_title": "L'Avenir", "city_id": "namur", "note_en": None, "note_nl": None,
        "note_fr": None,
    }])
    en = budget_table(df, {}, "en", "total").iloc[0]
    assert en["Amount"] == "about EUR 12,300,000"
    assert en["Basis"] == "one-off"
    assert en["Period"] == "from October 2021"  # as the budgets page says it
    assert en["Excludes"] == ""
    nl = budget_table(df, {}, "nl", "total").iloc[0]
    assert nl["Bedrag"] == "ongeveer EUR 12.300.000"
    fr = budget_table(df, {}, "fr", "total").iloc[0]
    assert fr["Montant"].replace("\u202f", " ").replace("\xa0", " ") == "environ 12 300 000 EUR"
