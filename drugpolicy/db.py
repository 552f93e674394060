"""Build the DuckDB database from validated CSVs; one shared, locked-down connection, a cursor per query."""
from __future__ import annotations

import functools
import logging
import os
import threading
from pathlib import Path

import duckdb

from drugpolicy.validate import DataError, Problem, Table, validate

ROOT = Path(__file__).resolve().parent.parent
BUNDLED_DATA = ROOT / "data"
VIEWS = ROOT / "queries" / "views"
log = logging.getLogger("drugpolicy")
DUCK_TYPES = {"string": "varchar", "integer": "bigint", "number": "double", "boolean": "boolean", "date": "date"}


def data_dir() -> Path:
    """The data folder: DRUGPOLICY_DATA_DIR when set, else the bundled data."""
    env = os.environ.get("DRUGPOLICY_DATA_DIR")
    return _resolved(env) if env else BUNDLED_DATA


@functools.lru_cache(maxsize=8)
def _resolved(path: str) -> Path:
    """path made absolute, once per value (every shared view asks for the data folder on every run)."""
    return Path(path).resolve()


def ident(name: str) -> str:
    """A name as an SQL identifier: double-quoted, its own double quotes doubled (whatever the validator said)."""
    return '"' + str(name).replace('"', '""') + '"'


def _load_table(con: duckdb.DuckDBPyConnection, table: Table) -> None:
    cols = ", ".join(f'{ident(f["name"])} {DUCK_TYPES[f.get("type", "string")]}' for f in table.fields)
    con.execute(f"create table {ident(table.name)} ({cols})")
    if not table.rows:
        return
    types = {f["name"]: DUCK_TYPES[f.get("type", "string")].upper() for f in table.fields}
    # the columns map goes into SQL as a struct literal: its names as string literals, quotes doubled
    columns = "{" + ", ".join("'" + n.replace("'", "''") + "': '" + ty + "'" for n, ty in types.items()) + "}"
    # Read with explicit types; the validator has already checked every cell, so a count mismatch is a bug.
    con.execute(
        # Table and column names come from datapackage.json, never from a visitor; values are parameters.
        f"insert into {ident(table.name)} select * from read_csv(?, header = true, auto_detect = false, "  # noqa: S608
        f"columns = {columns}, nullstr = '', quote = '\"', escape = '\"', strict_mode = true)",
        [str(table.path)],
    )
    loaded = con.execute(f"select count(*) from {ident(table.name)}").fetchone()[0]  # noqa: S608
    if loaded != len(table.rows):
        raise DataError([Problem(table.display, 1, 1,
                                 f"loaded {loaded} rows into DuckDB but the file has {len(table.rows)}")])


def build(directory: Path | str | None = None) -> duckdb.DuckDBPyConnection:
    """Validate the package in `directory` and load it into a new in-memory DuckDB; raise DataError if invalid."""
    directory = Path(directory) if directory else data_dir()
    problems, tables = validate(directory)
    if problems:
        raise DataError(problems)
    con = duckdb.connect(":memory:", config={"threads": 2, "memory_limit": "512MB"})
    for table in tables.values():
        _load_table(con, table)
    # Derived views and tables (queries/views/), in file-name order; the data do not change after this.
    for view in sorted(VIEWS.glob("*.sql")):
        con.execute(view.read_text(encoding="utf-8"))
    # Public instance: after loading, nothing may read or write files or change settings.
    con.execute("set enable_external_access = false")
    con.execute("set lock_configuration = true")
    return con


def package_meta(directory: Path | None = None) -> dict:
    """datapackage.json's top-level properties (title, licences, last_curated) without the resources."""
    import json

    with (Path(directory or data_dir()) / "datapackage.json").open(encoding="utf-8") as fh:
        meta = json.load(fh)
    meta.pop("resources", None)
    return meta


_lock = threading.Lock()
_connections: dict[Path, duckdb.DuckDBPyConnection] = {}
_refusals: dict[tuple, DataError] = {}  # (folder, files' sizes and times) -> why the package was refused


def _fingerprint(directory: Path) -> tuple:
    """The folder's files with their sizes and modification times: a refusal holds until one of them changes."""
    try:
        return tuple((p.name, s.st_size, s.st_mtime_ns) for p in sorted(directory.iterdir()) if p.is_file()
                     for s in [p.stat()])
    except OSError:
        return ()


def connection() -> duckdb.DuckDBPyConnection:
    """The process-wide connection for the current data folder, built once. Take a cursor() per query.

    Invalid data raises DataError; the refusal is kept until the folder's files change, so visitors do not make
    the server validate the package again on every visit, and the full list is logged once, with its reference."""
    directory = data_dir()
    with _lock:
        if directory in _connections:
            return _connections[directory]
        key = (directory, _fingerprint(directory))
        if key in _refusals:
            raise _refusals[key]
        try:
            _connections[directory] = build(directory)
        except DataError as err:
            _refusals[key] = err
            log.error("data package %s refused (reference %s); run python -m drugpolicy validate:\n%s",
                      directory, err.reference, err)
            raise
        return _connections[directory]
