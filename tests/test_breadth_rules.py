"""Issue 20's reproductions: the mistakes breadth brings are refused, with file, line and column."""
from __future__ import annotations

import csv

import pytest

from drugpolicy import numbers
from drugpolicy.validate import validate
from tests.conftest import DATA
from tests.test_validator import break_cell, rows_of, write_rows


def row_index(directory, table, key):
    """The index (1 = first data row) of the row whose first column is key."""
    return next(i for i, r in enumerate(rows_of(directory / f"{table}.csv")) if r[0] == key)


def messages(directory):
    problems, _ = validate(directory)
    return [str(p) for p in problems]


@pytest.mark.parametrize(("quote", "language", "value", "ok"), [
    ("Het team heeft in een jaar tijd 1.335 pv's opgesteld.", "nl", 1335, True),
    ("Het team heeft in een jaar tijd 1.335 pv's opgesteld.", "nl", 1.335, False),
    ("soit 1 335 procès-verbaux", "fr", 1335, True),
    ("soit 1\u202f335 procès-verbaux", "fr", 1335, True),
    ("een budget van 2,5 miljoen euro", "nl", 2_500_000, True),
    ("een budget van 2,5 miljoen euro", "nl", 2.5, True),
    ("een budget van 2,5 miljoen euro", "nl", 25, False),
    ("109.894,48 kilo coke", "nl", 109894.48, True),
    ("the 89.5 tonnes of cocaine seized", "en", 89_500, True),
    ("1,249,597 inhabitants", "en", 1249597, True),
    ("Drie thematische werkgroepen", "nl", 3, True),
    ("Au 1er jour de 2024, Bruxelles comptait 1.249.597 habitants", "fr", 1249.597, False),
])
def test_numbers_are_read_in_the_quotes_language(quote, language, value, ok):
    assert numbers.stated(value, quote, language) is ok


def test_a_dutch_thousands_point_copied_as_a_decimal_is_refused(copy):
    i = row_index(copy, "enforcement", "gent-drug-possession-reports-2019-01-09")  # quote "2.982 pv's"
    line, col = break_cell(copy, "enforcement", i, "value", "2.982")
    got = messages(copy)
    assert any(m.endswith(f"enforcement.csv:{line}:{col}: value: 2.982 is not a number its quote states, read as nl "
                          "writes numbers (the quote states: 2982); copy the number as the quote has it "
                          "('1.335' in Dutch or French is 1335)") for m in got), got


def test_every_figure_in_the_bundled_data_is_in_its_quote():
    """The rule holds for the whole package: a figure whose value is not in its quote would be listed here."""
    problems, _ = validate(DATA)
    assert not [p for p in problems if "is not a number its quote states" in p.message]


def test_a_quote_of_300_characters_is_refused(copy):
    line, col = break_cell(copy, "measures", 1, "quote", "a" * 300)
    assert any(m.endswith(f"measures.csv:{line}:{col}: quote: 300 characters; a quote is one sentence or less, "
                          "under 300 characters (a quotation, not a reproduction)") for m in messages(copy))


def test_true_in_capitals_is_refused(copy):
    line, col = break_cell(copy, "measures", 1, "drug_specific", "TRUE")
    assert any(m.endswith(f"measures.csv:{line}:{col}: drug_specific: 'TRUE' is not true or false (lower case)")
               for m in messages(copy))


def test_a_governance_measure_with_a_pillar_row_is_refused(copy):
    mp = rows_of(copy / "measure_pillars.csv")
    mp.append(["gent-drug-policy-plan", "five_pillars.prevention"])
    write_rows(copy / "measure_pillars.csv", mp)
    measures = {r[0]: r for r in rows_of(copy / "measures.csv")}
    assert measures["gent-drug-policy-plan"][5] == "drug_policy_plan"
    line = len(mp)
    assert any(m.endswith(f"measure_pillars.csv:{line}:1: measure_id: 'gent-drug-policy-plan' is governance "
                          "(instrument 'drug_policy_plan' has no default pillar); governance gets no pillar row")
               for m in messages(copy))


def test_a_general_security_measure_with_a_pillar_row_is_refused(copy):
    mp = rows_of(copy / "measure_pillars.csv")
    mp.append(["gemeente-x-bin", "comprehensive_four_part.pro_action"])
    write_rows(copy / "measure_pillars.csv", mp)
    assert any(m.endswith(f"measure_pillars.csv:{len(mp)}:1: measure_id: 'gemeente-x-bin' is not drug-specific; "
                          "only drug policy goes in a drug-policy pillar") for m in messages(copy))


def test_a_city_without_a_model_of_its_own_is_valid_on_the_five_pillars(copy):
    i = row_index(copy, "cities", "aalst")
    break_cell(copy, "cities", i, "own_model_id", "")
    got = messages(copy)
    # Aalst's pillar rows are three-track: now they must be five-pillar rows, and the validator says so.
    assert any("is not of aalst's own model 'five_pillars'" in m for m in got)
    mp = rows_of(copy / "measure_pillars.csv")
    aalst = {r[0] for r in rows_of(copy / "measures.csv") if r[1] == "aalst"}
    write_rows(copy / "measure_pillars.csv", [r for r in mp if r[0] not in aalst or r is mp[0]]
               + [[m, "five_pillars.repression"] for m in sorted(aalst)
                  if any(r[0] == m for r in mp[1:])])
    assert messages(copy) == []


def test_a_zone_figure_names_a_zone_of_its_city(copy):
    i = row_index(copy, "enforcement", "gent-drug-possession-reports-2019-01-09")
    line, col = break_cell(copy, "enforcement", i, "zone_number", "5345")  # Antwerp's zone, not Ghent's
    assert any(m.endswith(f"enforcement.csv:{line}:{col}: zone_number: 5345 is not a police zone of 'gent' "
                          "in police_zones.csv") for m in messages(copy))


def test_seized_cash_has_a_euro_unit(copy):
    ind = rows_of(copy / "indicators.csv")
    ind.append(["cash_confiscated_eur", "enforcement", "In beslag genomen cash", "Argent liquide saisi", "Cash seized",
                "eur", "", "", ""])
    write_rows(copy / "indicators.csv", ind)
    assert messages(copy) == []


def test_the_aalst_working_visit_is_no_adoption():
    with (DATA / "measures.csv").open(encoding="utf-8", newline="") as fh:
        visit = next(r for r in csv.DictReader(fh) if r["measure_id"] == "aalst-working-visit-antwerp")
    assert visit["inspired_by_city_id"] == ""


def test_a_latin1_byte_is_reported_at_its_line_and_byte_offset(copy):
    path = copy / "cities.csv"
    lines = path.read_bytes().split(b"\n")
    lines[2] = lines[2].replace(b"Gand", b"G\xe9and", 1) if b"Gand" in lines[2] else lines[2] + b"\xe9"
    data = b"\n".join(lines)
    path.write_bytes(data)
    offset = data.index(b"\xe9")
    col = len(data[data.rfind(b"\n", 0, offset) + 1:offset].decode("utf-8")) + 1  # the validator counts characters
    assert any(m.endswith(f"cities.csv:3:{col}: file is not UTF-8 text: byte 0xe9 at byte offset {offset} "
                          "(invalid continuation byte); save the file as UTF-8") or
               m.endswith(f"cities.csv:3:{col}: file is not UTF-8 text: byte 0xe9 at byte offset {offset} "
                          "(invalid start byte); save the file as UTF-8") for m in messages(copy)), messages(copy)


def test_visitors_to_invalid_data_see_one_short_message_and_the_refusal_is_kept(copy, monkeypatch, caplog):
    from drugpolicy import db
    from tests.conftest import open_page

    i = row_index(copy, "measures", "gent-needle-containers")
    break_cell(copy, "measures", i, "quantity", "1.0.1")
    monkeypatch.setenv("DRUGPOLICY_DATA_DIR", str(copy))
    calls = []
    real = db.build
    monkeypatch.setattr(db, "build", lambda d=None: calls.append(d) or real(d))
    at = open_page("overview", tables_open=False)
    errors = [e.value for e in at.error]
    assert len(errors) == 1 and "not valid (reference " in errors[0]
    assert str(copy) not in errors[0] and "measures.csv" not in errors[0] and "1.0.1" not in errors[0]
    assert any("measures.csv" in r.getMessage() and "1.0.1" in r.getMessage() for r in caplog.records)
    open_page("overview", tables_open=False)  # a second visit: the refusal is kept, nothing validated again
    assert len(calls) == 1
    break_cell(copy, "measures", i, "quantity", "10")  # the data changes: validated again, and shown
    at = open_page("overview", tables_open=False)
    assert not at.error and len(calls) == 2
