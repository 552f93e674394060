"""The validator names the right file, line and column for each kind of broken data."""
from __future__ import annotations

import csv
import re
import subprocess
import sys

import pytest

from drugpolicy.validate import validate
from tests.conftest import DATA, ROOT


def rows_of(path):
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.reader(fh))


def write_rows(path, rows):
    with path.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh, lineterminator="\n").writerows(rows)


def break_cell(directory, table, row_index, column, value):
    """Set one cell (row_index 1 = first data row); return (line, column number) as a text editor counts."""
    path = directory / f"{table}.csv"
    rows = rows_of(path)
    col = rows[0].index(column)
    rows[row_index][col] = value
    write_rows(path, rows)
    return row_index + 1, col + 1


def messages(directory):
    problems, _ = validate(directory)
    return [str(p) for p in problems]


def test_bundled_data_is_valid():
    problems, tables = validate(DATA)
    assert problems == []
    assert len(tables["measures"].rows) > 60


def test_wrong_category(copy):
    line, col = break_cell(copy, "measures", 3, "status", "done")
    assert any(m.startswith(f"{copy / 'measures.csv'}:{line}:{col}: status: 'done' is not one of") for m in messages(copy))


def test_missing_required_value(copy):
    line, col = break_cell(copy, "sources", 2, "title", "")
    assert f"{copy / 'sources.csv'}:{line}:{col}: title: a value is required" in messages(copy)


def test_broken_foreign_key(copy):
    line, col = break_cell(copy, "measures", 5, "city_id", "atlantis")
    assert f"{copy / 'measures.csv'}:{line}:{col}: city_id: 'atlantis' is not a known city_id in cities.csv" in messages(copy)


def test_text_in_number_column(copy):
    line, col = break_cell(copy, "budgets", 1, "amount_eur", "2,5 miljoen")
    assert any(m.startswith(f"{copy / 'budgets.csv'}:{line}:{col}: amount_eur: '2,5 miljoen' is not a number")
               for m in messages(copy))


def test_duplicate_key(copy):
    path = copy / "capacity.csv"
    rows = rows_of(path)
    rows.append(list(rows[1]))
    write_rows(path, rows)
    found = messages(copy)
    assert any(m.startswith(f"{path}:{len(rows)}:1: capacity_id: duplicate key '{rows[1][0]}' (first on line 2)")
               for m in found), found


def test_one_document_is_one_source(copy):
    path = copy / "sources.csv"
    rows = rows_of(path)
    header = rows[0]
    second = list(rows[1])
    second[header.index("source_id")] = "the-same-document-again"
    second[header.index("url")] = rows[1][header.index("url")] + "/"  # a trailing slash is the same address
    rows.append(second)
    write_rows(path, rows)
    assert (f"{path}:{len(rows)}:{header.index('url') + 1}: url: the same address as source '{rows[1][0]}' (line 2); "
            f"one document is one source: point this row's references at '{rows[1][0]}'") in messages(copy)


def test_period_ends_before_it_starts(copy):
    path = copy / "enforcement.csv"
    rows = rows_of(path)
    header = rows[0]
    start, end = header.index("period_start"), header.index("period_end")
    rows[2][start], rows[2][end] = "2020-06-01", "2020-01-01"
    write_rows(path, rows)
    assert f"{path}:3:{end + 1}: period_end: 2020-01-01 is before period_start 2020-06-01" in messages(copy)


def test_share_out_of_range_and_negative_count(copy):
    rows = rows_of(copy / "capacity.csv")
    i = next(i for i, r in enumerate(rows) if r[0] == "gemeente-x-research-capacity-drugs")
    line, col = break_cell(copy, "capacity", i, "value", "130")
    line2, col2 = break_cell(copy, "enforcement", 1, "value", "-5")
    found = messages(copy)
    assert f"{copy / 'capacity.csv'}:{line}:{col}: value: a share must lie between 0 and 100, found 130" in found
    assert any(m.startswith(f"{copy / 'enforcement.csv'}:{line2}:{col2}: value: -5 is negative") for m in found)


def test_line_numbers_count_multiline_cells(copy):
    """A quote spanning two lines shifts later rows' line numbers, as a text editor shows them."""
    path = copy / "measures.csv"
    rows = rows_of(path)
    q = rows[0].index("quote")
    rows[1][q] = rows[1][q] + "\nsecond line"
    rows[2][rows[0].index("status")] = "done"
    write_rows(path, rows)
    assert any(m.startswith(f"{path}:4:") and "status: 'done'" in m for m in messages(copy))


def test_every_error_at_once_and_cli_exit_code(copy):
    break_cell(copy, "measures", 1, "status", "done")
    break_cell(copy, "budgets", 1, "amount_eur", "abc")
    out = subprocess.run([sys.executable, "-m", "drugpolicy", "validate", "--data", str(copy)],
                         capture_output=True, text=True, cwd=ROOT)
    assert out.returncode == 1
    lines = out.stdout.strip().splitlines()
    assert any("measures.csv:2:" in x and "status" in x for x in lines)
    assert any("budgets.csv:2:" in x and "amount_eur" in x for x in lines)


def test_cli_on_valid_data_prints_one_line_summary():
    out = subprocess.run([sys.executable, "-m", "drugpolicy", "validate"], capture_output=True, text=True, cwd=ROOT)
    assert out.returncode == 0, out.stdout + out.stderr
    assert len(out.stdout.strip().splitlines()) == 1
    assert re.match(r"valid: \d+ tables, \d+ rows \(\d+ cities, \d+ measures", out.stdout)


def test_loader_refuses_invalid_data_with_the_validator_messages(copy, monkeypatch):
    from drugpolicy import db
    from drugpolicy.validate import DataError

    break_cell(copy, "measures", 1, "status", "done")
    with pytest.raises(DataError) as err:
        db.build(copy)
    assert "status: 'done' is not one of" in str(err.value)


def test_loader_keeps_every_row(copy):
    from drugpolicy import db

    con = db.build(copy)
    _, tables = validate(copy)
    for name, table in tables.items():
        assert con.execute(f'select count(*) from "{name}"').fetchone()[0] == len(table.rows), name  # noqa: S608
