"""Shared fixtures: the repository root, the seed texts, and AppTest helpers that open a page by deep link."""
from __future__ import annotations

import csv
import json
import os
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pandas as pd
import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
SEEDS = ROOT.parent / "shared" / "seeds"
PAGE_TIMEOUT = 60
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--headless", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run", "--disable-sync", "--disable-quic"]


def open_page(page: str, lang: str | None = "en", tables_open: bool = True, **params) -> AppTest:
    """Run app_pages/<page>.py as if opened first by a deep link with these URL parameters.

    tables_open: then open every table expander and download menu (what a reader who opens them all sees);
    False: the first view.
    """
    at = AppTest.from_file(str(ROOT / "app_pages" / f"{page}.py"), default_timeout=PAGE_TIMEOUT)
    if lang:
        at.query_params["lang"] = lang
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    return open_tables(at) if tables_open else at


def _lazy_key(element_id: str, prefix: str) -> str | None:
    """The widget key in an element id that ends with prefix + the rest of the key, else None."""
    _, _, key = element_id.partition("-" + prefix)
    return prefix + key if key else None


def table_expander_key(expander) -> str | None:
    """The key of an expander made by ui.table_expander (its element id ends with the key), else None."""
    from drugpolicy.ui import LAZY_TABLES

    return _lazy_key(expander.proto.id, LAZY_TABLES)


def csv_rows(name: str, folder: Path = DATA) -> list[dict]:
    """The rows of the data package's <name>.csv as the curators wrote them (text), read without the app's code."""
    with (folder / f"{name}.csv").open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def downloads_made(monkeypatch) -> dict:
    """What each download button of the runs to come is handed, by file name (the latest run's): its bytes, or the
    function the button runs when a visitor clicks it. Spies on st.download_button, the call the app makes."""
    made: dict = {}
    original = st.download_button

    def spy(label, data, *args, **kwargs):
        made[kwargs.get("file_name")] = data
        return original(label, data, *args, **kwargs)

    monkeypatch.setattr(st, "download_button", spy)
    return made


def open_tables(at: AppTest) -> AppTest:
    """Open the page's closed table expanders (ui.table_expander) and download menus (ui.downloads): set
    their state and rerun, as a click does."""
    from drugpolicy.ui import LAZY_DOWNLOADS

    keys = [key for key in [*map(table_expander_key, at.expander),
                            *(_lazy_key(p.proto.popover.id, LAZY_DOWNLOADS) for p in at.get("popover"))]
            if key and not at.session_state[key]]
    for key in keys:
        at.session_state[key] = True
    return at.run() if keys else at


def no_exception(at: AppTest) -> None:
    """The page rendered without an exception or a friendly-error message."""
    assert not at.exception, [e.value for e in at.exception]
    assert not [e for e in at.error if "Reference:" in e.value or "Referentie" in e.value], [e.value for e in at.error]


LIGHT_CHART = "streamlit-plotly-light.chart"  # the component ui.chart draws plotly figures with


def chart_elements(at: AppTest) -> list:
    """The page's plotly charts in page order: ui.chart's components and st.plotly_chart elements."""
    return [el for el in at.main if el.type == "plotly_chart"
            or (el.type == "bidi_component" and el.proto.component_name == LIGHT_CHART)]


def chart_spec(el) -> dict:
    """A chart element's figure: {data, layout} (AppTest shows both kinds as unknown elements)."""
    if el.type == "plotly_chart":
        return json.loads(el.proto.spec)
    # The component's data is JSON text ({figure, config}), sent as a JSON string.
    return json.loads(json.loads(el.proto.json))["figure"]


def charts(at: AppTest) -> list[dict]:
    """Plotly figure specs on the page, in page order."""
    return [chart_spec(el) for el in chart_elements(at)]


class _Table(HTMLParser):
    """Reads an HTML table: its caption, header row, and per body row its header cell, cell texts and styles."""

    def __init__(self):
        super().__init__()
        self.caption, self.header, self.rows, self._cell, self._where = "", [], [], None, None

    def handle_starttag(self, tag, attrs):
        if tag in ("thead", "tbody", "caption"):
            self._where = tag
        if tag == "tr" and self._where == "tbody":
            self.rows.append({"label": "", "cells": [], "styles": []})
        if tag in ("th", "td"):
            self._cell = {"tag": tag, "text": "", "style": dict(attrs).get("style") or ""}

    def handle_endtag(self, tag):
        if tag in ("th", "td") and self._cell is not None:
            cell, self._cell = self._cell, None
            if self._where == "thead":
                self.header.append(cell["text"])
            elif tag == "th":
                self.rows[-1]["label"] = cell["text"]
            else:
                self.rows[-1]["cells"].append(cell["text"])
                self.rows[-1]["styles"].append(cell["style"])

    def handle_data(self, data):
        if self._cell is not None:
            self._cell["text"] += data
        elif self._where == "caption":
            self.caption += data


def html_tables_of(body: str) -> list[_Table]:
    """The tables in one HTML block, read as a browser would (entities decoded)."""
    out = []
    for part in body.split("</table>")[:-1]:
        table = _Table()
        table.feed(part + "</table>")
        out.append(table)
    return out


def html_tables(at: AppTest) -> list[_Table]:
    """The tables the page draws with st.html, read as a browser would (entities decoded)."""
    return [table for el in at.get("html") for table in html_tables_of(el.proto.body)]


def html_frames(at: AppTest) -> list[pd.DataFrame]:
    """The data tables the page draws with st.html (drugpolicy.markup.table_html), as DataFrames of the texts a
    browser shows: a column per header cell, every value a string ("" for an empty cell)."""
    out = []
    for el in at.get("html"):
        if 'class="data-table"' in el.proto.body:
            for table in html_tables_of(el.proto.body):
                out.append(pd.DataFrame([row["cells"] for row in table.rows], columns=table.header))
    return out


def all_frames(at: AppTest) -> list[pd.DataFrame]:
    """Every table of data the page shows: st.dataframe's and the HTML tables'."""
    return [d.value for d in at.dataframe] + html_frames(at)


class _Text(HTMLParser):
    """The text a browser shows of an HTML block (style and script left out), a line per block element."""

    BLOCKS = {"p", "div", "section", "h1", "h2", "h3", "h4", "h5", "h6", "li", "tr", "caption", "summary",
              "blockquote", "details", "table"}

    def __init__(self):
        super().__init__()
        self.parts, self._skip = [], 0

    def handle_starttag(self, tag, attrs):
        self._skip += tag in ("style", "script")
        if tag in self.BLOCKS:
            self.parts.append("\n")
        elif tag in ("td", "th"):
            self.parts.append(" ")

    def handle_endtag(self, tag):
        self._skip -= tag in ("style", "script")

    def handle_data(self, data):
        if not self._skip:
            self.parts.append(data)

    def text(self) -> str:
        return "\n".join(" ".join(line.split()) for line in "".join(self.parts).splitlines() if line.strip())


def html_text_of(body: str) -> str:
    """The text of one HTML block, as a browser shows it (entities decoded)."""
    reader = _Text()
    reader.feed(body)
    return reader.text()


def html_text(at: AppTest) -> str:
    """The text of the page's st.html blocks, as a browser shows it (entities decoded)."""
    return "\n".join(html_text_of(el.proto.body) for el in at.get("html"))


class _Cards(HTMLParser):
    """Reads headline cards (drugpolicy.markup.headline_cards_html): per card its heading and its figures."""

    def __init__(self):
        super().__init__()
        self.cards, self._field = [], None

    def handle_starttag(self, tag, attrs):
        cls = dict(attrs).get("class") or ""
        if tag == "section":
            self.cards.append({"name": "", "figures": []})
        elif tag == "h4":
            self._field = "name"
        elif tag == "p" and cls in ("figure", "meta"):
            if cls == "figure":
                self.cards[-1]["figures"].append({"figure": "", "meta": "", "quote_label": "", "quote": ""})
            self._field = cls
        elif tag == "summary":
            self._field = "quote_label"
        elif tag == "blockquote":
            self._field = "quote"

    def handle_endtag(self, tag):
        if tag in ("h4", "p", "summary", "blockquote"):
            self._field = None

    def handle_data(self, data):
        if self._field == "name":
            self.cards[-1]["name"] += data
        elif self._field:
            self.cards[-1]["figures"][-1][self._field] += data


def _read_blocks(at: AppTest, css_class: str, reader_type, field: str) -> list:
    """What reader_type reads (its attribute field) from each of the page's st.html blocks that has css_class."""
    out = []
    for el in at.get("html"):
        if f'class="{css_class}"' in el.proto.body:
            reader = reader_type()
            reader.feed(el.proto.body)
            out.extend(getattr(reader, field))
    return out


def headline_cards(at: AppTest) -> list[dict]:
    """The headline cards of the page's st.html blocks: [{name, figures: [{figure, meta, quote_label, quote}]}]."""
    return _read_blocks(at, "headline-cards", _Cards, "cards")


class _Details(HTMLParser):
    """Reads foldable groups (drugpolicy.markup.details_groups_html): per group its heading, note and items."""

    def __init__(self):
        super().__init__()
        self.groups, self._field, self._depth = [], None, 0

    def handle_starttag(self, tag, attrs):
        if tag == "section":
            self.groups.append({"heading": "", "note": "", "items": []})
        elif tag == "h3":
            self._field = "heading"
        elif tag == "p" and dict(attrs).get("class") == "note" and not self._depth:
            self._field = "note"
        elif tag == "details":
            self._depth += 1
            self.groups[-1]["items"].append({"summary": "", "text": ""})
        elif tag == "summary":
            self._field = "summary"
        elif tag in ("p", "blockquote") and self._depth:
            self._field = "text"
            self.groups[-1]["items"][-1]["text"] += "\n"

    def handle_endtag(self, tag):
        if tag == "details":
            self._depth -= 1
        if tag in ("h3", "p", "summary", "blockquote"):
            self._field = None

    def handle_data(self, data):
        if self._field in ("heading", "note"):
            self.groups[-1][self._field] += data
        elif self._field:
            item = self.groups[-1]["items"][-1]
            item[self._field] += data


def details_groups(at: AppTest) -> list[dict]:
    """The foldable groups of the page's st.html blocks: [{heading, note, items: [{summary, text}]}], the text of an
    item being what it shows when opened, a line per paragraph or quote."""
    return _read_blocks(at, "details-groups", _Details, "groups")


def page_text(at: AppTest) -> str:
    """All text a user reads on the page: markdown, titles, captions, notices, tables, HTML blocks."""
    parts = []
    for kind in ("title", "header", "subheader", "markdown", "caption", "text", "warning", "info", "error",
                 "success", "exception"):
        parts.extend(str(getattr(e, "value", "")) for e in at.get(kind))
    for df in at.dataframe:
        parts.append(df.value.to_csv())
    for tbl in at.table:
        parts.append(tbl.value.to_csv())
    parts.append(html_text(at))
    for exp in at.expander:
        parts.append(str(exp.label))
    return "\n".join(parts)


@pytest.fixture(scope="session")
def server():
    """One `streamlit run dashboard.py` on the bundled data for every browser test (test_browser, test_a11y,
    test_layout)."""
    from browser_server import running_app

    with running_app(ROOT) as srv:
        yield srv


@pytest.fixture
def logged(server):
    """The browser tests' server; fails the test if the server logged a page error while it ran."""
    start = len(server.log_text())
    yield server
    text = server.log_text()[start:]
    assert "Traceback" not in text and "page error" not in text, text[-4000:]


@pytest.fixture(scope="session")
def scale5(tmp_path_factory) -> Path:
    """A data package five times the real one (bench/synthetic.py): 25 cities, more measures than one page of the
    explorer's table. Made once per test run; point DRUGPOLICY_DATA_DIR at it."""
    import subprocess
    import sys

    out = tmp_path_factory.mktemp("scale5") / "data"
    subprocess.run([sys.executable, str(ROOT / "bench" / "synthetic.py"), "--scale", "5", "--out", str(out),
                    "--no-validate"], check=True, cwd=ROOT, capture_output=True)
    return out


@pytest.fixture(autouse=True)
def _bundled_data(monkeypatch):
    """Tests use the bundled data unless they point DRUGPOLICY_DATA_DIR elsewhere themselves."""
    monkeypatch.delenv("DRUGPOLICY_DATA_DIR", raising=False)
    yield


def in_ci() -> bool:
    return os.environ.get("CI", "").lower() in ("1", "true", "yes")


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """Debian's chromium, never a downloaded browser build; CI must not skip when it is missing."""
    if not CHROMIUM.exists():
        message = f"{CHROMIUM} is missing: install Debian's chromium (`make chromium`)"
        if in_ci():
            pytest.fail(message)
        pytest.skip(message)
    return {**browser_type_launch_args, "executable_path": str(CHROMIUM), "args": CHROMIUM_ARGS}


# Markup and formulas a curator might paste into the data; pages and exports must show them as text.
HOSTILE = {
    "script": "<script>alert(1)</script>",
    "img": '<img src=x onerror="alert(1)">',
}
HOSTILE_TEXT = {
    "measures.csv": {"title_en": HOSTILE["script"], "title_nl": HOSTILE["img"],
                     "quote_en": "[click](http://evil.example) =HYPERLINK(\"http://evil.example\",\"x\")"},
    "sources.csv": {"title": HOSTILE["img"] + " " + HOSTILE["script"], "publisher": "**bold** :red[x]"},
    "budgets.csv": {"title_en": '=HYPERLINK("http://evil.example","x")', "includes_en": HOSTILE["script"]},
    "capacity.csv": {"note_en": HOSTILE["img"], "quote_en": HOSTILE["script"]},
    "cities.csv": {"note_en": "[click](http://evil.example)"},
}


def edited_copy(target: Path, edits: dict[str, dict[str, str]], only: dict[str, str] | None = None) -> Path:
    """A copy of the bundled data with edits (file -> {column: value}) in every row, or in the rows whose columns
    hold only's values (e.g. {"city_id": "gent"})."""
    import shutil

    shutil.copytree(DATA, target)
    for name, columns in edits.items():
        path = target / name
        rows = list(csv.reader(path.open(encoding="utf-8", newline="")))
        header = rows[0]
        for row in rows[1:]:
            if all(row[header.index(column)] == value for column, value in (only or {}).items()):
                for column, value in columns.items():
                    row[header.index(column)] = value
        with path.open("w", encoding="utf-8", newline="") as fh:
            csv.writer(fh, lineterminator="\n").writerows(rows)
    return target


def add_rows(folder: Path, rows: dict[str, list[dict]]) -> None:
    """Append rows to the package's CSVs, each in its file's column order (absent columns empty)."""
    for table, new in rows.items():
        path = folder / f"{table}.csv"
        with path.open(encoding="utf-8", newline="") as fh:
            header = next(csv.reader(fh))
        with path.open("a", encoding="utf-8", newline="") as fh:
            writer = csv.writer(fh, lineterminator="\n")
            for row in new:
                unknown = set(row) - set(header)
                assert not unknown, f"{table}: no column {unknown}"
                writer.writerow([row.get(col, "") for col in header])


def hostile_copy(target: Path) -> Path:
    """A copy of the bundled data whose every row of HOSTILE_TEXT's columns holds markup or a formula."""
    return edited_copy(target, HOSTILE_TEXT)


@pytest.fixture
def copy(tmp_path) -> Path:
    """A writable copy of the bundled data package."""
    target = tmp_path / "data"
    shutil.copytree(DATA, target, ignore=shutil.ignore_patterns("README.md"))
    return target


def picker(at: AppTest, key: str):
    """The picker widget with this key, whichever form the number of options gave it: pills for a few, a
    search-as-you-type multiselect or selectbox for many (drugpolicy.state.PILLS_MAX)."""
    for kind in ("pills", "multiselect", "selectbox", "radio", "segmented_control"):
        try:
            return getattr(at, kind)(key=key)
        except (KeyError, AttributeError):
            continue
    raise KeyError(key)
