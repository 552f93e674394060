"""A city name from the data is text on every notice of the city profile, never a link (issue 23, third
reproduction), and a source URL that breaks the one web-address rule is refused (second reproduction)."""
from __future__ import annotations

import re

from drugpolicy.validate import validate
from tests.conftest import add_rows, no_exception, open_page
from tests.test_validator import break_cell

NAME = "[Click here](http://evil.example/login)"


def test_a_city_name_never_becomes_a_link_on_the_city_profile(copy, monkeypatch):
    add_rows(copy, {"cities": [{"city_id": "hostile", "name_nl": NAME, "name_fr": NAME, "name_en": NAME,
                                "level": "municipality", "region": "flanders"}]})
    assert validate(copy)[0] == []
    monkeypatch.setenv("DRUGPOLICY_DATA_DIR", str(copy))
    at = open_page("city", city="hostile")
    no_exception(at)
    notices = [e.value for e in at.info]
    assert notices and any("evil.example" in n for n in notices)
    # escaped: a markdown renderer shows the brackets, it makes no link of them
    assert not any(re.search(r"(?<!\\)\[Click here(?<!\\)\]\(", n) for n in notices), notices


def test_a_url_with_a_parenthesis_is_refused(copy):
    payload = "https://x.example/)![t](https://attacker.example/pixel.png?leak)"
    line, col = break_cell(copy, "sources", 1, "url", payload)
    problems = [str(p) for p in validate(copy)[0]]
    assert any(f"sources.csv:{line}:{col}: url: '{payload}' is not a web address" in p for p in problems), problems
