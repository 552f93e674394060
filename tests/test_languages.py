"""Every page runs in nl, fr and en; a French page shows no leftover Dutch or English interface text."""
from __future__ import annotations

import re

import pytest

from dashboard import PAGES
from drugpolicy import i18n
from tests.conftest import all_frames, no_exception, open_page

VIEWS = {"compare": {"cities": ["antwerpen", "aalst", "gent"]}, "city": {"city": "gent"},
         "personnel": {"cities": ["antwerpen", "aalst", "gent"]}}


def foreign_strings(lang: str) -> set[str]:
    """Interface strings of the other languages that differ from this language's, as they would show."""
    out = set()
    for texts in i18n.catalog().values():
        mine = texts[lang]
        for other in i18n.LANGS:
            text = texts[other]
            if other == lang or text == mine:
                continue
            # the fixed part of a template ("Sources: {sources}" -> "Sources:")
            for part in re.split(r"\{\w+\}", text):
                part = part.strip(" :·,.()")
                if len(part) >= 8 and part not in mine:
                    out.add(part)
    return out


def data_strings() -> list[str]:
    """Every text value in the data (titles, quotes, notes, names, URLs): shown as the source wrote it."""
    from drugpolicy.validate import validate
    from tests.conftest import DATA

    _, tables = validate(DATA)
    values = {v for t in tables.values() for row in t.rows for v in row.values() if isinstance(v, str) and len(v) > 3}
    return sorted(values, key=len, reverse=True)  # longest first, so parts of longer texts go with them


DATA_STRINGS = data_strings()
LANGUAGE_NAMES = ("Nederlands", "Français", "English")  # the language switch names each language in itself


def without_data(text: str) -> str:
    from drugpolicy.markup import WORD_JOINER

    text = text.replace(WORD_JOINER, "").replace("\\", "")
    for value in DATA_STRINGS:
        if value in text:
            text = text.replace(value, " ")
    for name in LANGUAGE_NAMES:
        text = text.replace(name, " ")
    return text


def interface_texts(at) -> list[str]:
    """What the page's own interface shows: titles, labels, captions, notices, button and expander labels."""
    texts = []
    for kind in ("title", "header", "subheader", "caption", "info", "warning", "error", "markdown"):
        texts.extend(str(e.value) for e in at.get(kind))
    for kind in ("multiselect", "selectbox", "button_group", "radio", "text_input", "checkbox", "toggle"):
        for widget in at.get(kind):
            texts.append(str(widget.label))
            texts.extend(str(o) for o in getattr(widget, "options", []))  # AppTest gives the shown labels
    texts.extend(str(b.proto.label) for b in at.get("download_button"))
    texts.extend(str(e.label) for e in at.expander)
    texts.extend(str(t.label) for t in at.tabs)
    for df in all_frames(at):
        texts.extend(str(c) for c in df.columns)
    return [without_data(text) for text in texts]


@pytest.mark.parametrize("lang", i18n.LANGS)
@pytest.mark.parametrize("page", [key for key, _ in PAGES])
def test_page_runs_in_each_language(page, lang):
    at = open_page(page, lang=lang, **VIEWS.get(page, {}))
    no_exception(at)
    assert at.title and at.title[0].value == i18n.t(f"nav.{page}", lang) or at.title[0].value


@pytest.mark.parametrize("page", [key for key, _ in PAGES])
def test_french_page_has_no_leftover_dutch_or_english(page):
    at = open_page(page, lang="fr", **VIEWS.get(page, {}))
    no_exception(at)
    foreign = foreign_strings("fr")
    leftovers = sorted({f for text in interface_texts(at) for f in foreign if f in text})
    assert not leftovers, leftovers[:10]


def test_the_check_finds_leftovers():
    """The leftover check is not vacuous: an English page is full of strings foreign to French."""
    at = open_page("overview", lang="en")
    foreign = foreign_strings("fr")
    assert {f for text in interface_texts(at) for f in foreign if f in text}
