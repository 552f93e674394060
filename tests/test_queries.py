"""Every SQL file declares exactly the parameters it uses, and runs."""
from __future__ import annotations

import pytest

from drugpolicy import queries

SAMPLE = {
    "VARCHAR[]": None,  # filled per name below
}
SAMPLE_BY_NAME = {
    "cities": ["antwerpen", "aalst", "gent", "brussels-region", "gemeente-x"],
    "city": "gent", "city_id": "gent", "home": "aalst", "peer": "antwerpen", "model": "three_track",
    "lang": "en", "source_ids": ["x"],
}


@pytest.mark.parametrize("name", queries.names())
def test_declares_exactly_what_it_uses(name):
    q = queries.load(name)
    assert set(q.params) == set(q.used), f"queries/{name}.sql declares {sorted(q.params)} but uses {sorted(q.used)}"
    first = q.sql.splitlines()[0]
    assert first == f"-- {name}", f"queries/{name}.sql must start with '-- {name}'"


def sample(name, sql_type):
    if name in SAMPLE_BY_NAME:
        return SAMPLE_BY_NAME[name]
    if sql_type.endswith("[]"):
        return []
    return {"VARCHAR": "", "INTEGER": 0, "BIGINT": 0, "DOUBLE": 0.0, "BOOLEAN": False, "DATE": None}.get(sql_type.upper(), "")


@pytest.mark.parametrize("name", queries.names())
def test_runs(name):
    q = queries.load(name)
    df = queries.run(name, **{p: sample(p, t) for p, t in q.params.items()})
    assert df is not None and len(df.columns) > 0


def test_undeclared_parameter_is_refused():
    with pytest.raises(TypeError, match="missing parameters"):
        queries.run("measures_by_pillar", cities=["gent"])


def test_values_never_reach_sql_as_text():
    df = queries.run("measures_by_pillar", cities=["gent'; drop table measures; --"], model="three_track",
                      statuses=["implemented"])
    assert df.empty
    assert not queries.run("cities").empty
