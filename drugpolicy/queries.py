"""Run the named SQL files of queries/ with named parameters; results are cached per data folder. The connection is
drugpolicy.db's: queries/ holds only SQL."""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

import pandas as pd

from drugpolicy import db

QUERY_DIR = Path(__file__).resolve().parent.parent / "queries"  # the SQL files, one per question
_PARAM_DECL = re.compile(r"^--\s+\$([a-z_][a-z0-9_]*)\s+(\S+)\s*(.*)$")
_PARAM_USE = re.compile(r"\$([a-z_][a-z0-9_]*)")


@dataclass(frozen=True)
class Query:
    name: str
    sql: str
    params: dict[str, str]  # name -> declared SQL type
    used: frozenset[str]


def names() -> list[str]:
    return sorted(p.stem for p in QUERY_DIR.glob("*.sql"))


@cache
def load(name: str) -> Query:
    if not re.fullmatch(r"[a-z0-9_]+", name) or not (QUERY_DIR / f"{name}.sql").exists():
        raise KeyError(f"no query named {name!r} in {QUERY_DIR}")
    sql = (QUERY_DIR / f"{name}.sql").read_text(encoding="utf-8")
    params: dict[str, str] = {}
    in_params = False
    body = []
    for line in sql.splitlines():
        if line.startswith("--"):
            if line.strip() == "-- params:":
                in_params = True
                continue
            m = _PARAM_DECL.match(line)
            if in_params and m:
                params[m.group(1)] = m.group(2)
                continue
            in_params = False
            continue
        body.append(line.split("--", 1)[0])
    used = frozenset(_PARAM_USE.findall("\n".join(body)))
    return Query(name, sql, params, used)


def _freeze(value):
    if isinstance(value, (list, tuple)):
        return tuple(value)
    return value


def run(name: str, **params) -> pd.DataFrame:
    """Run queries/<name>.sql with exactly its declared parameters; return a fresh DataFrame."""
    q = load(name)
    if set(params) != set(q.params):
        missing, extra = set(q.params) - set(params), set(params) - set(q.params)
        raise TypeError(f"query {name}: missing parameters {sorted(missing)}, unexpected {sorted(extra)}")
    return _result(str(db.data_dir()), name, tuple(sorted((k, _freeze(v)) for k, v in params.items()))).copy()


@lru_cache(maxsize=512)  # per data folder, query and parameters; the data never change while the server runs
def _result(data_dir: str, name: str, params: tuple) -> pd.DataFrame:
    cur = db.connection().cursor()  # a cursor per query: one connection shared by sessions fails under load
    try:
        return cur.execute(load(name).sql, {k: list(v) if isinstance(v, tuple) else v for k, v in params}).df()
    finally:
        cur.close()


def sources_of(df: pd.DataFrame, column: str = "source_id") -> pd.DataFrame:
    """The sources (id, title, publisher, url, date) behind the rows of df, in a stable order."""
    ids = sorted({s for s in df.get(column, pd.Series(dtype=object)).dropna()})
    return run("sources_by_id", source_ids=ids)
