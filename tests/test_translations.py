"""Every text a visitor reads in the page's language: the curators' free texts (notes, includes, excludes,
descriptions) are written in English (<base>_en) and carry Dutch and French translations (<base>_nl, <base>_fr); a
verbatim quote stays in its own language and carries renderings (quote_en, quote_nl, quote_fr) in the languages it is
not in. The data has them all, their numbers are the originals', and Dutch and French pages show them, never the
English."""
from __future__ import annotations

import csv
import re
from collections import Counter

import pytest

from drugpolicy import i18n
from drugpolicy.validate import load_package, validate
from tests.conftest import DATA, csv_rows, no_exception, open_page, page_text

LANGS = ("nl", "fr")
# file -> the curators' free texts it translates (<base>_en the original), and whether it has a verbatim quote
TRANSLATED = {
    "measures": (("note",), True),
    "budgets": (("includes", "excludes", "note"), True),
    "capacity": (("includes", "excludes", "note"), True),
    "enforcement": (("includes", "excludes", "note"), True),
    "population": (("includes", "note"), True),
    "sources": (("note",), False),
    "cities": (("note",), False),
    "instruments": (("description",), False),
    "pillars": (("description",), False),
    "models": (("description",), True),
}
# Originals in an _en column that are not English: the Dutch translation keeps them as they are.
SHORT = 20  # shorter English texts ("Title from the URL.") may stand in a title or a translation as they are


def language_of() -> dict[str, str]:
    return {r["source_id"]: r["language"] for r in csv_rows("sources")}


def numbers(text: str) -> Counter:
    """The digit groups of a text, with separators between digits ignored: '2.500', '2,500' and '2 500' are one
    number (the translators' check, /work/staging/i18n/check.py)."""
    text = re.sub(r"(?<=\d)[.,\s\u202f\u00a0'](?=\d)", "", str(text))
    return Counter(re.findall(r"\d+", text))


def pairs():
    """(file, id, translated column, its original, translation) for every translation and rendering in the data."""
    for name, (bases, quoted) in TRANSLATED.items():
        for r in csv_rows(name):
            key = next(iter(r.values()))
            for base in bases:
                for lang in LANGS:
                    yield name, key, f"{base}_{lang}", r[f"{base}_en"], r[f"{base}_{lang}"]
            if quoted:
                for lang in LANGS:
                    yield name, key, f"quote_{lang}", r["quote"], r[f"quote_{lang}"]


# -- the data --------------------------------------------------------------------------------------------

def test_the_schema_has_the_three_columns_beside_each_other_and_says_what_is_translated():
    resources = {r["name"]: r for r in load_package(DATA)["resources"]}
    for name, (bases, quoted) in TRANSLATED.items():
        fields = {f["name"]: f for f in resources[name]["schema"]["fields"]}
        order = list(fields)
        for base in bases:
            assert base not in fields, f"{name}.{base}: renamed to {base}_en"
            at = order.index(f"{base}_en")
            assert order[at:at + 3] == [f"{base}_en", f"{base}_nl", f"{base}_fr"], name
            assert "curators' original" in fields[f"{base}_en"]["description"]
            for lang, language in (("nl", "Dutch"), ("fr", "French")):
                assert fields[f"{base}_{lang}"]["description"].startswith(f"{language} translation of {base}_en")
        if quoted:
            at = order.index("quote")
            assert order[at:at + 4] == ["quote", "quote_en", "quote_nl", "quote_fr"], name
            for lang, language in (("nl", "Dutch"), ("fr", "French")):
                description = fields[f"quote_{lang}"]["description"]
                assert description.startswith(f"{language} rendering of quote") and "empty where" in description
    for name in TRANSLATED:
        header = next(csv.reader((DATA / f"{name}.csv").open(encoding="utf-8")))
        assert header == [f["name"] for f in resources[name]["schema"]["fields"]], name


@pytest.mark.parametrize("name", TRANSLATED)
def test_every_english_original_has_its_dutch_and_french_translation(name):
    bases, _ = TRANSLATED[name]
    missing = [(next(iter(r.values())), f"{base}_{lang}") for r in csv_rows(name) for base in bases for lang in LANGS
               if r[f"{base}_en"].strip() and not r[f"{base}_{lang}"].strip()]
    assert not missing, missing[:20]
    orphans = [(next(iter(r.values())), f"{base}_{lang}") for r in csv_rows(name) for base in bases for lang in LANGS
               if r[f"{base}_{lang}"].strip() and not r[f"{base}_en"].strip()]
    assert not orphans, orphans[:20]


@pytest.mark.parametrize("name", [n for n, (_, quoted) in TRANSLATED.items() if quoted])
def test_every_quote_has_a_rendering_in_each_language_it_is_not_in(name):
    language = language_of()
    wrong = []
    for r in csv_rows(name):
        if not r["quote"].strip():
            continue
        own = language[r["source_id"]]
        for lang in LANGS:
            rendering = r[f"quote_{lang}"].strip()
            if own == lang and rendering:
                wrong.append((r[next(iter(r))], f"quote_{lang}", "a rendering of a quote already in that language"))
            if own != lang and not rendering:
                wrong.append((r[next(iter(r))], f"quote_{lang}", f"missing (the quote is in {own})"))
    assert not wrong, wrong[:20]


def test_a_translation_states_the_numbers_of_its_original():
    differ = [(name, key, column, sorted(numbers(original).elements()), sorted(numbers(text).elements()))
              for name, key, column, original, text in pairs() if text and numbers(text) != numbers(original)]
    assert not differ, differ[:20]


def test_a_translation_is_not_a_copy_of_the_english():
    """A translation says it in the other language: no sentence of 40 characters or more is the English copied (a
    name may stay as it is)."""
    same = [(name, key, column) for name, key, column, original, text in pairs()
            if not column.startswith("quote") and len(original) >= 40 and text == original]
    assert not same, same[:20]


# -- the code: i18n and the validator --------------------------------------------------------------------

def test_rendering_in_the_page_language_and_none_where_the_quote_is_in_it():
    row = {"quote": "minstens 10 extra naaldcontainers", "quote_en": "at least 10 extra needle containers",
           "quote_nl": None, "quote_fr": "au moins 10 conteneurs à seringues supplémentaires"}
    assert i18n.rendering(row, "en") == "at least 10 extra needle containers"
    assert i18n.rendering(row, "fr") == "au moins 10 conteneurs à seringues supplémentaires"
    assert i18n.rendering(row, "nl") is None  # the quote is Dutch: shown as it is, no rendering
    english = {"quote": "a quote in English", "quote_en": "a quote in English", "quote_nl": "een citaat"}
    assert i18n.rendering(english, "en") is None
    assert i18n.rendering({"quote": "q"}, "nl") is None  # rows without renderings


def test_a_curated_text_falls_back_to_the_english_original_marked():
    row = {"note_en": "Stated in January 2020.", "note_nl": "Vermeld in januari 2020.", "note_fr": None}
    assert i18n.label(row, "note", "nl", "en") == "Vermeld in januari 2020."
    assert i18n.label(row, "note", "fr", "en") == "Stated in January 2020." + i18n.FALLBACK_MARK
    assert i18n.label({"note_en": None, "note_nl": None, "note_fr": None}, "note", "fr", "en") == ""
    # names keep their Dutch fallback
    assert i18n.label({"name_nl": "Gent", "name_en": "Ghent"}, "name", "fr") == "Gent" + i18n.FALLBACK_MARK


def _edited(folder, name: str, key: str, column: str, value: str) -> None:
    path = folder / f"{name}.csv"
    rows = list(csv.reader(path.open(encoding="utf-8", newline="")))
    header = rows[0]
    for row in rows[1:]:
        if row[0] == key:
            row[header.index(column)] = value
    with path.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh, lineterminator="\n").writerows(rows)


def test_the_validator_refuses_a_rendering_in_the_quotes_own_language(copy):
    _edited(copy, "measures", "gent-needle-containers", "quote_nl", "de plaatsing van minstens 10 naaldcontainers")
    problems, _ = validate(copy)
    assert [p.message for p in problems if "quote_nl" in p.message] == [
        "quote_nl: the quote is in Dutch (its source's language); leave its Dutch rendering empty"]


def test_the_validator_refuses_a_translation_without_its_original(copy):
    _edited(copy, "budgets", "gent-drug-policy-annual", "note_en", "")
    problems, _ = validate(copy)
    assert {p.message.split(":")[0] for p in problems} == {"note_nl", "note_fr"}


def test_a_new_row_without_translations_is_valid(copy):
    """Adding rows takes no translator: a row with only the English original (and no renderings) validates, and
    the pages show the original, marked."""
    _edited(copy, "budgets", "gent-drug-policy-annual", "note_nl", "")
    _edited(copy, "budgets", "gent-drug-policy-annual", "quote_fr", "")
    problems, _ = validate(copy)
    assert problems == []


# -- the pages -------------------------------------------------------------------------------------------

def _normal(text: str) -> str:
    """Whitespace collapsed, and a CSV cell's doubled quotes undone (page_text shows data frames as CSV)."""
    return " ".join(str(text).replace('""', '"').split())


@pytest.fixture(scope="module")
def english() -> dict[str, tuple]:
    """The English free texts of 20 characters or more (the curators' originals and the quotes' English
    renderings), each with where it comes from; none where the text is a quote in English or its own translation."""
    out = {}
    for name, (bases, quoted) in TRANSLATED.items():
        for r in csv_rows(name):
            key = next(iter(r.values()))
            texts = [(f"{b}_en", r[f"{b}_en"], (r[f"{b}_nl"], r[f"{b}_fr"])) for b in bases]
            if quoted:
                texts.append(("quote_en", r["quote_en"], (r["quote"],)))
            for column, text, others in texts:
                if len(text) >= SHORT and text not in others:
                    out.setdefault(_normal(text), (name, key, column))
    return out


def _cities_with(name: str, n: int = 12) -> list[str]:
    """The n cities with the most rows in a figures file."""
    return [c for c, _ in Counter(r["city_id"] for r in csv_rows(name)).most_common(n)]


PERSONNEL = _cities_with("capacity")
ENFORCEMENT = _cities_with("enforcement")


def _shown(lang: str, page: str, params: dict) -> list[tuple]:
    """(file, id, column, text) of the translations the page must show in lang: on a city profile the city's
    figures (what they include and exclude, their notes and renderings), its population's scope and renderings
    and its measures' renderings; the figures pages' tables the same for their cities; the sources page every
    source's note."""
    out = []

    def add(name: str, rows: list[dict], bases: tuple[str, ...]) -> None:
        for r in rows:
            for base in bases:
                if r[f"{base}_{lang}"]:
                    out.append((name, next(iter(r.values())), f"{base}_{lang}", r[f"{base}_{lang}"]))

    figure = ("includes", "excludes", "note", "quote")
    if page == "city":
        city = params["city"]
        for name in ("budgets", "capacity", "enforcement"):
            add(name, [r for r in csv_rows(name) if r["city_id"] == city], figure)
        add("population", [r for r in csv_rows("population") if r["city_id"] == city], ("includes", "quote"))
        add("measures", [r for r in csv_rows("measures") if r["city_id"] == city], ("quote",))
    elif page == "sources":
        add("sources", csv_rows("sources"), ("note",))
    else:
        name = {"personnel": "capacity", "enforcement": "enforcement"}[page]
        add(name, [r for r in csv_rows(name) if r["city_id"] in params["cities"]], figure)
    return out


PAGES = [
    ("city", {"city": "liege"}),  # a Walloon city: quotes in French
    ("city", {"city": "antwerpen"}),  # a Flemish city: quotes in Dutch
    ("sources", {}),
    ("personnel", {"cities": PERSONNEL}),
    ("enforcement", {"cities": ENFORCEMENT}),
]


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize(("page", "params"), PAGES, ids=[f"{p}-{v.get('city', '')}" for p, v in PAGES])
def test_pages_show_the_curated_texts_in_the_page_language_never_the_english(page, params, lang, english):
    at = open_page(page, lang=lang, **params)  # every table and download menu opened
    no_exception(at)
    text = _normal(page_text(at))
    found = [(where, shown) for shown, where in english.items() if shown in text]
    assert not found, found[:10]
    expected = _shown(lang, page, params)
    assert expected, "the page shows translated texts"
    absent = [(name, key, column, value) for name, key, column, value in expected if _normal(value) not in text]
    assert not absent, absent[:10]
