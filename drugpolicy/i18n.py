"""Translations (nl, fr, en) and number, money and date formatting in the reader's convention."""
from __future__ import annotations

import contextvars
import datetime as dt
import tomllib
from functools import cache
from pathlib import Path

import pandas as pd
from babel.dates import format_date
from babel.numbers import format_currency, format_decimal

LANGS = ("nl", "fr", "en")
LANGUAGE_NAMES = {"nl": "Nederlands", "fr": "Français", "en": "English"}  # each in its own language
DEFAULT_LANG = "nl"
BABEL_LOCALE = {"nl": "nl_BE", "fr": "fr_BE", "en": "en_GB"}
LOCALES = Path(__file__).resolve().parent / "locales"
_current = contextvars.ContextVar("lang", default=DEFAULT_LANG)


@cache
def catalog() -> dict[str, dict[str, str]]:
    """Every key 'file.key' -> {lang: text}, from locales/*.toml (one file per page or theme)."""
    out: dict[str, dict[str, str]] = {}
    for path in sorted(LOCALES.glob("*.toml")):
        with path.open("rb") as fh:
            for key, texts in tomllib.load(fh).items():
                out[f"{path.stem}.{key}"] = texts
    return out


def set_lang(lang: str) -> None:
    _current.set(lang if lang in LANGS else DEFAULT_LANG)


def get_lang() -> str:
    return _current.get()


def t(key: str, lang: str | None = None, **values) -> str:
    """The text for key in lang (default: the page's language), with {placeholders} filled in."""
    texts = catalog()[key]
    text = texts.get(lang or get_lang()) or texts["en"]
    return text.format(**values) if values else text


def has(key: str) -> bool:
    return key in catalog()


FALLBACK_MARK = " ⁽*⁾"


def localized(row, base: str, lang: str | None = None, original: str = "nl") -> tuple[str, bool]:
    """row[base_<lang>], else the original language's text; the flag says a translation was missing."""
    lang = lang or get_lang()
    value = _get(row, f"{base}_{lang}")
    if value:
        return value, False
    for fallback in (original, "nl", "en", "fr"):
        value = _get(row, f"{base}_{fallback}")
        if value:
            return value, True
    return "", True


def label(row, base: str = "name", lang: str | None = None, original: str = "nl") -> str:
    """Localized text, marked when it is the untranslated original. The curators' free texts (note, includes,
    excludes, description: <base>_en their original, <base>_nl and <base>_fr translations) take original="en"."""
    text, untranslated = localized(row, base, lang, original)
    return text + FALLBACK_MARK if untranslated and text else text


def rendering(row, lang: str | None = None) -> str | None:
    """The verbatim quote's rendering in lang (quote_<lang>) where it is given and differs from the quote; None where
    the quote is already in lang (its rendering is left empty) or there is no rendering. The quote itself is never
    translated: show it as it is, and this beside it, labelled as a translation (t("common.quote_en"))."""
    text = _get(row, f"quote_{lang or get_lang()}")
    return text if text and text != _get(row, "quote") else None


def listed(items: list[str], lang: str | None = None, word: str = "and") -> str:
    """items in words, in lang: 'Ghent, Liège and Namur' (word "and") or 'implemented or in progress' ("or")."""
    if len(items) < 2:
        return "".join(items)
    return t(f"common.listed_{word}", lang, first=", ".join(items[:-1]), last=items[-1])


def rendering_line(row, lang: str | None = None) -> str:
    """'Translation: …' (t("common.quote_en") and the rendering) under a verbatim quote; "" where none is due."""
    text = rendering(row, lang)
    return f"{t('common.quote_en', lang)}{colon(lang)}{text}" if text else ""


def _get(row, key):
    try:
        value = row[key]
    except (KeyError, IndexError):
        return None
    if missing(value):
        return None
    return str(value) if str(value).strip() else None


def missing(value) -> bool:
    """None, NaN, pandas NaT/NA: a value the data does not have."""
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):  # lists and other non-scalars are values
        return False


def colon(lang: str | None = None) -> str:
    """The colon after a label: ": ", in French " : " (a space before it, as French typography has it)."""
    return " : " if (lang or get_lang()) == "fr" else ": "


def fmt_number(value, lang: str | None = None) -> str:
    if missing(value):
        return t("common.no_data", lang)
    if float(value).is_integer():
        value = int(value)
    return format_decimal(value, locale=BABEL_LOCALE[lang or get_lang()], decimal_quantization=False)


def fmt_money(value, lang: str | None = None) -> str:
    if missing(value):
        return t("common.no_data", lang)
    lang = lang or get_lang()
    pattern = "#,##0.## ¤¤" if lang == "fr" else "¤¤ #,##0.##"
    return format_currency(value, "EUR", format=pattern, locale=BABEL_LOCALE[lang], currency_digits=False)


def fmt_date(value, precision: str = "day", lang: str | None = None) -> str:
    """A date as precise as it is known: 27 February 2024, February 2024, 2024, about 2016."""
    lang = lang or get_lang()
    if missing(value):
        return t("common.date_unknown", lang)
    if isinstance(value, dt.datetime):  # pandas Timestamps too
        value = value.date()
    loc = BABEL_LOCALE[lang]
    if precision == "day":
        return format_date(value, "long", locale=loc)
    if precision == "month":
        return format_date(value, "LLLL y", locale=loc)
    if precision == "year":
        return format_date(value, "y", locale=loc)
    if precision == "approximate":
        return t("common.approx_date", lang, date=format_date(value, "y", locale=loc))
    return t("common.date_unknown", lang)


def fmt_period(start, end, precision: str, lang: str | None = None) -> str:
    lang = lang or get_lang()
    first = fmt_date(start, precision, lang)
    last = None if missing(end) else fmt_date(end, precision, lang)
    if last is None or last == first:  # 2015-01-01..2015-12-31 at year precision is "2015"
        return first
    return t("common.period", lang, start=first, end=last)


def fmt_quantity(value, qualifier: str | None, lang: str | None = None, money: bool = False) -> str:
    """A number with its qualifier: 'about 400', 'at least 10'."""
    lang = lang or get_lang()
    number = fmt_money(value, lang) if money else fmt_number(value, lang)
    if not qualifier or qualifier == "exact":
        return number
    return t(f"enums.qualifier_{qualifier}", lang, value=number)
