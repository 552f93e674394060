"""The sidebar (dashboard.py): a link per page (st.page_link) carrying the view, and the language."""
from __future__ import annotations

from urllib.parse import parse_qs

import pytest
from streamlit.testing.v1 import AppTest

from dashboard import PAGES
from drugpolicy.i18n import LANGUAGE_NAMES, t
from tests.conftest import PAGE_TIMEOUT, ROOT, no_exception


def open_app(page: str, **params) -> AppTest:
    """dashboard.py opened on a page with these URL parameters, as the browser opens a deep link."""
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=PAGE_TIMEOUT)
    for key, value in params.items():
        at.query_params[key] = value
    at.switch_page(f"app_pages/{page}.py").run()  # the page's file name is its address: /<page>
    no_exception(at)
    return at


def links(at: AppTest) -> list[tuple[str, str, dict]]:
    """The sidebar's page links: (label, page, URL parameters), in order."""
    return [(el.proto.label, el.proto.page, parse_qs(el.proto.query_string)) for el in at.sidebar.get("page_link")]


def language(at: AppTest):
    (radio,) = at.sidebar.radio
    return radio


@pytest.mark.parametrize("lang", ["nl", "fr", "en"])
def test_menu_names_every_page_and_every_language_in_its_own_name(lang):
    at = open_app("budgets", lang=lang)
    assert [label for label, *_ in links(at)] == [t(f"nav.{key}", lang) for key, _ in PAGES]
    assert language(at).label == t("common.language", lang) and language(at).value == lang
    assert list(language(at).options) == list(LANGUAGE_NAMES.values())
    assert at.title[0].value == t("budgets.title", lang)


def test_page_links_carry_the_view_to_every_page():
    at = open_app("compare", lang="fr", cities=["gent", "aalst"], model="five_pillars")
    found = links(at)
    assert [page.rsplit("/", 1)[-1] for _, page, _ in found] == [key for key, _ in PAGES]
    for _, _, query in found:
        assert query == {"lang": ["fr"], "cities": ["gent", "aalst"], "model": ["five_pillars"]}


def test_the_home_city_goes_from_the_gap_page_to_the_city_profile():
    """One selection, one parameter: the gap page's home city is ?city=, the city profile's city."""
    at = open_app("gap", lang="en", city="gent", cities=["antwerpen", "liege"])
    for _, page, query in links(at):
        assert query == {"lang": ["en"], "city": ["gent"], "cities": ["antwerpen", "liege"]}, page
    at.switch_page("app_pages/city.py").run()
    no_exception(at)
    assert at.title[0].value == t("city.title", "en", city="Ghent")


def test_hostile_values_are_not_carried():
    at = open_app("sources", lang="en", cities=["gent", "<script>alert(1)</script>", "a b&c=d"])
    for _, _, query in links(at):
        assert query.get("cities") == ["gent"], query


def test_choosing_a_language_keeps_the_page_and_its_view():
    at = open_app("city", lang="fr", city="gent")
    language(at).set_value("nl").run()
    no_exception(at)
    assert at.title[0].value == t("city.title", "nl", city="Gent")
    assert at.query_params["lang"] in ("nl", ["nl"]) and at.query_params["city"] in ("gent", ["gent"])
    assert [label for label, *_ in links(at)][0] == t("nav.overview", "nl")


def test_links_carry_a_long_city_list_whole(scale5, monkeypatch):
    from drugpolicy import queries

    monkeypatch.setenv("DRUGPOLICY_DATA_DIR", str(scale5))
    cities = list(queries.run("cities")["city_id"])[:20]
    at = open_app("measures", lang="en", cities=cities)
    for _, _, query in links(at):
        assert query["cities"] == cities, query
