"""Every interface string exists in nl, fr and en; numbers, money and dates follow the reader's convention."""
from __future__ import annotations

import datetime as dt
import re

import pytest

from drugpolicy import i18n

CATALOG = i18n.catalog()


@pytest.mark.parametrize("key", sorted(CATALOG))
def test_key_in_every_language(key):
    texts = CATALOG[key]
    missing = [lang for lang in i18n.LANGS if not str(texts.get(lang, "")).strip()]
    assert not missing, f"{key} has no text in {missing}"
    placeholders = {lang: set(re.findall(r"{(\w+)}", texts[lang])) for lang in i18n.LANGS}
    assert len({frozenset(p) for p in placeholders.values()}) == 1, f"{key}: placeholders differ {placeholders}"


def test_money_per_language():
    assert i18n.fmt_money(2_500_000, "nl") == "EUR 2.500.000"
    assert i18n.fmt_money(2_500_000, "fr").replace("\u202f", " ") == "2 500 000 EUR"
    assert i18n.fmt_money(2_500_000, "en") == "EUR 2,500,000"


def test_numbers_keep_their_decimals():
    assert i18n.fmt_number(109894.48, "en") == "109,894.48"
    assert i18n.fmt_number(109894.48, "nl") == "109.894,48"
    assert i18n.fmt_number(462.0, "en") == "462"


def test_dates_with_precision():
    d = dt.date(2024, 2, 1)
    assert i18n.fmt_date(d, "month", "nl") == "februari 2024"
    assert i18n.fmt_date(d, "month", "fr") == "février 2024"
    assert i18n.fmt_date(dt.date(2024, 2, 27), "day", "en") == "27 February 2024"
    assert i18n.fmt_date(dt.date(2016, 1, 1), "approximate", "en") == "about 2016"
    assert i18n.fmt_date(None, "unknown", "fr") == "date inconnue"


def test_qualified_quantities():
    assert i18n.fmt_quantity(10, "at_least", "nl") == "minstens 10"
    assert i18n.fmt_quantity(400, "about", "en") == "about 400"


def test_missing_translation_shows_original_with_marker():
    row = {"title_nl": "Naaldcontainers", "title_en": "Needle containers", "title_fr": None}
    assert i18n.label(row, "title", "fr") == "Naaldcontainers" + i18n.FALLBACK_MARK
    assert i18n.label(row, "title", "en") == "Needle containers"


def test_period_at_year_precision_is_one_year_when_it_is_one():
    assert i18n.fmt_period(dt.date(2015, 1, 1), dt.date(2015, 12, 31), "year", "en") == "2015"
    assert i18n.fmt_period(dt.date(2013, 1, 1), dt.date(2015, 12, 31), "year", "en") == "2013 – 2015"


def test_plain_text_keeps_no_markup_or_autolink():
    from drugpolicy.markup import WORD_JOINER, plain

    out = plain("[click](javascript:alert(1)) <b>x</b> www.evil.example a@evil.example **y**")
    assert "\\[click\\]" in out and "\\<b\\>" in out and "\\*\\*y\\*\\*" in out
    assert f"javascript{WORD_JOINER}:" in out and f"www{WORD_JOINER}." in out and f"a{WORD_JOINER}@" in out
    assert out.replace(WORD_JOINER, "").replace("\\", "") == \
        "[click](javascript:alert(1)) <b>x</b> www.evil.example a@evil.example **y**"
