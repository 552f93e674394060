"""Names from datapackage.json reach SQL as identifiers: the validator takes plain names only, and the loader quotes
every name with its quotes doubled, whatever the validator said (issue 23, first reproduction)."""
from __future__ import annotations

import json
import os
import shutil

import duckdb

from drugpolicy import db
from drugpolicy.validate import Table, validate
from tests.conftest import DATA

HOSTILE = "x\" varchar); copy (select 42 as pwned) to 'pwned.csv'; --"


def test_a_hostile_field_name_is_refused_and_writes_nothing(tmp_path, monkeypatch):
    folder = tmp_path / "data"
    shutil.copytree(DATA, folder, ignore=shutil.ignore_patterns("README.md"))
    pkg = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
    glossary = next(r for r in pkg["resources"] if r["name"] == "glossary")
    glossary["schema"]["fields"][-1]["name"] = HOSTILE
    (folder / "datapackage.json").write_text(json.dumps(pkg), encoding="utf-8")
    lines = (folder / "glossary.csv").read_text(encoding="utf-8").splitlines()
    lines[0] = lines[0].rsplit(",", 1)[0] + ',"' + HOSTILE.replace('"', '""') + '"'
    (folder / "glossary.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    problems, _ = validate(folder)
    assert any("is not a lower-case name" in p.message and "glossary" in p.message for p in problems)
    assert not (tmp_path / "pwned.csv").exists()


def test_the_loader_quotes_names_whatever_the_validator_said(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    path = tmp_path / "t.csv"
    path.write_text(f'"{HOSTILE.replace(chr(34), chr(34) * 2)}"\nvalue\n', encoding="utf-8")
    table = Table(name='t"; drop table x; --', path=path, display="t.csv", fields=[{"name": HOSTILE, "type": "string"}],
                  rows=[{HOSTILE: "value"}], lines=[2])
    con = duckdb.connect(":memory:")
    db._load_table(con, table)
    query = f"select {db.ident(HOSTILE)} from {db.ident(table.name)}"  # noqa: S608 - the quoting under test
    assert con.execute(query).fetchall() == [("value",)]
    assert not os.path.exists(tmp_path / "pwned.csv")
