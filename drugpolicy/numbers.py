"""The numbers a quote states, read in its language's notation.

Dutch, French and German write `1.335` or `1 335` for one thousand three hundred and thirty-five and
`2,5` for two and a half; English writes `1,335` and `2.5`. A figure copied from a Dutch quote as
`1.335` is a thousandfold error, so a data row's number must be one of the values its quote states,
read the way the quote's language writes numbers. Scale words multiply (`2,5 miljoen` is 2,500,000),
small numbers written as words count (`drie`, `zes`, `duizend`), and a quantity in tonnes stands for
a figure in kilograms (`89.5 tonnes` is 89,500 kg, `800 grammes` 0.8 kg).
"""
from __future__ import annotations

import math
import re

# Thousands separators: a full stop or a (narrow) no-break or plain space between groups of three digits.
_GROUPED = {
    "comma_decimal": re.compile(r"(?<![\d.,])(\d{1,3}(?:[.\u00a0\u202f ]\d{3})+|\d+)(?:,(\d+))?(?![\d])"),
    "point_decimal": re.compile(r"(?<![\d.,])(\d{1,3}(?:[,\u00a0\u202f ]\d{3})+|\d+)(?:\.(\d+))?(?![\d])"),
}
_NOTATION = {"nl": "comma_decimal", "fr": "comma_decimal", "de": "comma_decimal", "en": "point_decimal"}

_SCALES = {
    1_000: ("duizend", "mille", "thousand", "tausend", "k"),
    1_000_000: ("miljoen", "miljoenen", "million", "millions", "millionen", "mio", "mln", "milj", "m"),
    1_000_000_000: ("miljard", "miljarden", "milliard", "milliards", "billion", "billions", "mrd", "md"),
}
_TONNES = ("ton", "tonnen", "tonne", "tonnes", "tons", "t")
_GRAMS = ("g", "gr", "gram", "grammes", "gramme", "grammen", "grams")
_SCALE_WORD = re.compile(r"\s*(?:€\s*)?([a-zA-Zéè]+)\.?")

_WORDS = {
    # nl
    "een": 1, "één": 1, "twee": 2, "drie": 3, "vier": 4, "vijf": 5, "zes": 6, "zeven": 7, "acht": 8,
    "negen": 9, "tien": 10, "elf": 11, "twaalf": 12, "dertien": 13, "veertien": 14, "vijftien": 15,
    "twintig": 20, "dertig": 30, "veertig": 40, "vijftig": 50, "honderd": 100, "duizend": 1000,
    # fr
    "un": 1, "une": 1, "deux": 2, "trois": 3, "quatre": 4, "cinq": 5, "six": 6, "sept": 7, "huit": 8,
    "neuf": 9, "dix": 10, "onze": 11, "douze": 12, "treize": 13, "quatorze": 14, "quinze": 15,
    "vingt": 20, "trente": 30, "quarante": 40, "cinquante": 50, "cent": 100, "mille": 1000,
    # en
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "eleven": 11, "twelve": 12, "twenty": 20, "thirty": 30, "fifty": 50, "hundred": 100,
    "thousand": 1000, "dozen": 12,
    # round amounts as nouns: "une douzaine", "een tiental" (stored with the qualifier 'about')
    "douzaine": 12, "dizaine": 10, "vingtaine": 20, "trentaine": 30, "quarantaine": 40, "cinquantaine": 50,
    "centaine": 100, "tiental": 10, "twintigtal": 20, "dertigtal": 30, "veertigtal": 40, "vijftigtal": 50,
    "honderdtal": 100,
    # de
    "zwei": 2, "drei": 3, "fünf": 5, "sechs": 6, "sieben": 7, "zehn": 10, "tausend": 1000,
}
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)


def _scale(word: str) -> int:
    word = word.lower()
    for factor, words in _SCALES.items():
        if word in words:
            return factor
    return 1


def values_in(quote: str, language: str) -> set[float]:
    """Every value the quote states, read in the notation of `language` (nl, fr, de, en)."""
    pattern = _GROUPED[_NOTATION.get(language, "comma_decimal")]
    found: set[float] = set()
    for m in pattern.finditer(quote):
        whole = re.sub(r"[^\d]", "", m.group(1))
        value = float(f"{whole}.{m.group(2)}" if m.group(2) else whole)
        found.add(value)
        # A space-grouped run may also be separate numbers ("2015 2016"): keep each group's reading too.
        if re.search(r"[\u00a0\u202f ]", m.group(1)):
            found.update(float(re.sub(r"[^\d]", "", g)) for g in re.split(r"[\u00a0\u202f ]", m.group(1)) if g)
        after = _SCALE_WORD.match(quote, m.end())
        if after:
            word = after.group(1).lower()
            factor = _scale(word)
            if factor > 1:
                found.add(value * factor)
            if word in _TONNES:
                found.add(value * 1000)  # tonnes stored as kg
            if word in _GRAMS:
                found.add(value / 1000)  # grams stored as kg
    words = _WORD.findall(quote)
    for i, w in enumerate(words):
        n = _WORDS.get(w.lower())
        if n is not None:
            found.add(float(n))
            if i + 1 < len(words) and _scale(words[i + 1]) > 1:  # "un million", "twee miljoen"
                found.add(float(n * _scale(words[i + 1])))
    return found


def stated(value: float, quote: str, language: str) -> bool:
    """True when `value` is one of the numbers `quote` states in `language`'s notation."""
    return any(math.isclose(value, v, rel_tol=1e-9, abs_tol=1e-9) for v in values_in(quote, language))
