"""The sidebar's page menu (components/page_nav): one element whose links name every page and carry the view."""
from __future__ import annotations

import json
from urllib.parse import parse_qs, urlsplit

import pytest

from drugpolicy.i18n import t
from drugpolicy.ui import PAGES
from tests.conftest import open_page

NAV = "streamlit-page-nav.nav"


def menu(at) -> dict:
    """The menu's data as the browser gets it: {title, label, links: [{key, text, href, current}]}."""
    found = [el for el in at.sidebar if el.type == "bidi_component" and el.proto.component_name == NAV]
    assert len(found) == 1, "one menu element in the sidebar"
    return json.loads(json.loads(found[0].proto.json))


@pytest.mark.parametrize("lang", ["nl", "fr", "en"])
def test_menu_names_every_page_in_the_language_and_marks_the_current_one(lang):
    at = open_page("budgets", lang=lang)
    data = menu(at)
    assert data["title"] == t("common.app_title", lang) and data["label"] == t("common.navigation", lang)
    assert [link["key"] for link in data["links"]] == [key for key, _ in PAGES]
    assert [link["text"] for link in data["links"]] == [t(f"nav.{key}", lang) for key, _ in PAGES]
    assert [link["key"] for link in data["links"] if link["current"]] == ["budgets"]
    assert not at.get("page_link"), "no st.page_link elements beside the menu"


def test_links_carry_the_view_to_every_page():
    at = open_page("compare", lang="fr", cities=["gent", "aalst"], model="five_pillars")
    for link in menu(at)["links"]:
        path, query = link["href"].split("?", 1)
        assert path == f"/{link['key']}"  # the page's path from the app's root (server.baseUrlPath: none)
        assert parse_qs(query) == {"lang": ["fr"], "cities": ["gent", "aalst"], "model": ["five_pillars"]}


def test_hostile_values_are_not_carried_and_stay_encoded():
    at = open_page("sources", lang="en", cities=["gent", "<script>alert(1)</script>", "a b&c=d"])
    for link in menu(at)["links"]:
        query = parse_qs(urlsplit(link["href"]).query)
        assert query.get("cities") == ["gent"], link["href"]
        assert "<" not in link["href"] and " " not in link["href"]


def test_languages_are_links_to_this_page_and_view_each_named_in_itself():
    at = open_page("city", lang="fr", city="gent")
    data = menu(at)
    assert data["langs_label"] == "Langue"
    langs = data["langs"]
    assert [(x["code"], x["text"]) for x in langs] == [("nl", "Nederlands"), ("fr", "Français"), ("en", "English")]
    assert [x["code"] for x in langs if x["current"]] == ["fr"]
    for x in langs:
        path, query = x["href"].split("?", 1)
        assert path == "/city" and parse_qs(query) == {"lang": [x["code"]], "city": ["gent"]}, x["href"]
    assert not at.get("selectbox") or all(s.label != "Langue" for s in at.get("selectbox")), "no language selectbox"


def test_language_links_leave_junk_out():
    at = open_page("overview", lang="en", model="<img src=x>", cities=["gent", "aalst"])
    for x in menu(at)["langs"]:
        query = parse_qs(urlsplit(x["href"]).query)
        assert "<" not in x["href"] and query["cities"] == ["gent", "aalst"], x["href"]


def test_language_links_carry_a_long_city_list_whole(scale5, monkeypatch):
    """The explorer takes as many cities as there are: switching language keeps every one of them."""
    from drugpolicy import queries

    monkeypatch.setenv("DRUGPOLICY_DATA_DIR", str(scale5))
    cities = list(queries.run("cities")["city_id"])[:20]
    assert len(cities) == 20
    at = open_page("measures", lang="en", cities=cities)
    assert not at.exception
    for x in menu(at)["langs"]:
        assert parse_qs(urlsplit(x["href"]).query)["cities"] == cities, x["href"]
