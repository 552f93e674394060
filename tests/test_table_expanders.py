"""Table alternatives in expanders (ui.table_expander): a page's first view sends their labels only; opening one
shows its table."""
from __future__ import annotations

import pytest

from tests.conftest import no_exception, open_page, open_tables, table_expander_key

# Pages with table expanders, and the deep links that show them.
PAGES = {
    "compare": {"cities": ["antwerpen", "gent"]},
    "city": {"city": "gent"},
    "personnel": {"cities": ["antwerpen", "gent"]},
    "enforcement": {"cities": ["antwerpen", "gent"]},
    "budgets": {"cities": ["antwerpen", "gent"]},
    "measures": {"cities": ["antwerpen", "gent"]},
    "sources": {},
}


def table_expanders(at) -> list:
    return [e for e in at.expander if table_expander_key(e)]


@pytest.mark.parametrize("page", list(PAGES))
def test_first_view_sends_no_table_and_opening_shows_it(page):
    at = open_page(page, tables_open=False, **PAGES[page])
    no_exception(at)
    closed = table_expanders(at)
    assert closed, "the page has table expanders"
    assert all(not e.proto.expanded for e in closed)
    assert all(len(e.dataframe) == 0 and not e.children for e in closed), "a closed expander carries nothing"

    opened = table_expanders(open_tables(at))
    no_exception(at)
    assert [e.label for e in opened] == [e.label for e in closed]
    for expander in opened:
        assert len(expander.dataframe) == 1, expander.label
        assert len(expander.dataframe[0].value) > 0, f"{expander.label}: an empty table"


def test_an_open_table_stays_open_and_follows_the_view():
    """A reader who opened the table and then switches the model sees the new model's table, still open."""
    at = open_tables(open_page("compare", tables_open=False, cities=["antwerpen", "gent"]))

    def main_table():
        main = next(e for e in table_expanders(at) if table_expander_key(e) == "tables_main")
        assert len(main.dataframe) == 1, "the table is open"
        return main.dataframe[0].value

    assert "Repressive" in set(main_table()["Pillar"])
    at.radio[0].set_value("five_pillars").run()
    no_exception(at)
    assert "Harm reduction" in set(main_table()["Pillar"]) and "Repressive" not in set(main_table()["Pillar"])
