"""Serving: every setting documented, errors shown as a reference (traceback to the log), DuckDB locked down."""
from __future__ import annotations

import logging
import tomllib

import duckdb
import pytest
from streamlit.testing.v1 import AppTest

from tests.conftest import ROOT


def settings() -> list[str]:
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text())
    return [f"{section}.{key}" for section, values in config.items() for key in values]


@pytest.mark.parametrize("setting", settings())
def test_every_setting_is_documented(setting):
    readme = (ROOT / "README.md").read_text()
    assert f"| `{setting}` |" in readme, f"{setting} is set in .streamlit/config.toml but not explained in README"


def test_locked_down_values():
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text())
    assert config["client"]["showErrorDetails"] == "none"
    assert config["client"]["toolbarMode"] == "viewer"
    assert config["server"]["fileWatcherType"] == "none"
    assert config["server"]["enableXsrfProtection"] is True
    assert config["browser"]["gatherUsageStats"] is False
    assert config["server"]["maxUploadSize"] <= 1


PAGE_THAT_FAILS = """
from drugpolicy import ui
import streamlit as st
st.title("before")
with ui.guard():
    raise ValueError("secret detail 42")
st.caption("after")
"""


def test_unexpected_error_shows_a_reference_and_logs_the_traceback(caplog):
    caplog.set_level(logging.ERROR, logger="drugpolicy")
    at = AppTest.from_string(PAGE_THAT_FAILS).run()
    assert not at.exception
    (error,) = at.error
    # no ?lang= and no browser language in a test: Dutch, the default
    assert "Referentie:" in error.value and "secret detail" not in error.value
    ref = error.value.split("Referentie: ")[1].split(".")[0]
    assert [c.value for c in at.caption] == ["after"]  # the page keeps serving
    logged = [r for r in caplog.records if ref in r.getMessage()]
    assert logged and "secret detail 42" in str(logged[0].exc_info[1])


def test_duckdb_refuses_files_and_settings_after_loading():
    from drugpolicy import db

    cur = db.connection().cursor()
    with pytest.raises(duckdb.Error):
        cur.execute("select * from read_csv('/etc/passwd')").fetchall()
    with pytest.raises(duckdb.Error):
        cur.execute("set enable_external_access = true")
    with pytest.raises(duckdb.Error):
        cur.execute("copy (select 1) to '/tmp/drugpolicy-leak.csv'")
    assert cur.execute("select current_setting('threads')").fetchone()[0] == 2
