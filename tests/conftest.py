"""Shared fixtures: the repository root, the seed texts, and AppTest helpers that open a page by deep link."""
from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
SEEDS = ROOT.parent / "shared" / "seeds"
PAGE_TIMEOUT = 60


def open_page(page: str, lang: str | None = "en", **params) -> AppTest:
    """Run pages/<page>.py as if opened first by a deep link with these URL parameters."""
    at = AppTest.from_file(str(ROOT / "pages" / f"{page}.py"), default_timeout=PAGE_TIMEOUT)
    if lang:
        at.query_params["lang"] = lang
    for key, value in params.items():
        at.query_params[key] = value
    return at.run()


def no_exception(at: AppTest) -> None:
    """The page rendered without an exception or a friendly-error message."""
    assert not at.exception, [e.value for e in at.exception]
    assert not [e for e in at.error if "Reference:" in e.value or "Referentie" in e.value], [e.value for e in at.error]


def charts(at: AppTest) -> list[dict]:
    """Plotly figure specs on the page (AppTest shows them as unknown elements)."""
    out = []
    for el in at.get("plotly_chart"):
        out.append(json.loads(el.proto.spec))
    return out


def page_text(at: AppTest) -> str:
    """All text a user reads on the page: markdown, titles, captions, notices, tables."""
    parts = []
    for kind in ("title", "header", "subheader", "markdown", "caption", "text", "warning", "info", "error",
                 "success", "exception"):
        parts.extend(str(getattr(e, "value", "")) for e in at.get(kind))
    for df in at.dataframe:
        parts.append(df.value.to_csv())
    for tbl in at.table:
        parts.append(tbl.value.to_csv())
    for exp in at.expander:
        parts.append(str(exp.label))
    return "\n".join(parts)


@pytest.fixture(autouse=True)
def _bundled_data(monkeypatch):
    """Tests use the bundled data unless they point DRUGPOLICY_DATA_DIR elsewhere themselves."""
    monkeypatch.delenv("DRUGPOLICY_DATA_DIR", raising=False)
    yield


def in_ci() -> bool:
    return os.environ.get("CI", "").lower() in ("1", "true", "yes")
