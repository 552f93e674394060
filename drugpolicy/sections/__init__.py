"""The sections every view is made of (drugpolicy.sections.base.Section), a module per page theme, and the briefing:
which sections become slides, checked selections, the data sheets and the licence line.

A page shows its module's sections with ui.show; the deck (exports.deck), the chart images, the workbooks and the
command line take the same objects through build().
"""
from __future__ import annotations

import dataclasses
from collections.abc import Callable

import pandas as pd

from drugpolicy import i18n, queries
from drugpolicy.i18n import t
from drugpolicy.sections import compare, figures, overview
from drugpolicy.sections.base import (  # noqa: F401
    PUBLIC_URL,
    Section,
    data_date,
    licence_line,
    model_label,
    names,
    pillar_rows,
    view_url,
)


class SelectionError(ValueError):
    """An unknown city, model, chart or language in an export request."""


def _titled(key: str, lang: str, found: list[Section]) -> list[Section]:
    """The sections that have a chart, as slides titled with the page's name unless they have a heading."""
    return [dataclasses.replace(s, heading=s.heading or t(f"nav.{key}", lang)) for s in found
            if s.figure is not None]


# name -> builder(cities, model, lang) giving its slides, in the deck's order: the pages' own sections, in totals.
SLIDES: dict[str, Callable[[tuple[str, ...], str, str], list[Section]]] = {
    "overview": lambda cities, model, lang: _titled("overview", lang, [overview.matrix(cities, model, lang)]),
    "compare": lambda cities, model, lang: (
        _titled("compare", lang, compare.comparison(cities, model, lang)[:1]) if len(cities) > 1 else []),
    "personnel": lambda cities, model, lang: _titled("personnel", lang, [
        s for s in figures.personnel(cities, "total", lang) if s.key == "main"]),
    "enforcement": lambda cities, model, lang: figures.enforcement_slides(cities, lang),
    "budgets": lambda cities, model, lang: _titled("budgets", lang, [
        s for s in figures.budgets(cities, "total", lang) if s.key == "main"]),
}
SECTIONS = SLIDES  # the deck's sections by name (the briefing page's choice, the command line's --sections)


def check(cities: list[str], model: str, lang: str, chart: str | None = None) -> None:
    """Raise SelectionError naming what is unknown."""
    known_cities, known_models = names("en")
    unknown = [c for c in cities if c not in known_cities]
    if unknown:
        raise SelectionError(f"unknown city: {', '.join(unknown)} (known: {', '.join(known_cities)})")
    if not cities:
        raise SelectionError("no city given")
    if model not in (*[m for m in known_models if m in ("three_track", "five_pillars")], "own"):
        raise SelectionError(f"unknown model: {model} (known: three_track, five_pillars, own)")
    if lang not in i18n.LANGS:
        raise SelectionError(f"unknown language: {lang} (known: {', '.join(i18n.LANGS)})")
    if chart is not None and chart not in SLIDES:
        raise SelectionError(f"unknown chart: {chart} (known: {', '.join(SLIDES)})")


def build(cities: list[str], model: str, lang: str, wanted: list[str] | None = None) -> list[Section]:
    """The slides for a selection: the wanted sections (default: all) in the deck's order."""
    check(cities, model, lang)
    wanted = list(SLIDES) if wanted is None else wanted
    for name in wanted:
        if name not in SLIDES:
            raise SelectionError(f"unknown section: {name} (known: {', '.join(SLIDES)})")
    return [section for name in SLIDES if name in wanted for section in SLIDES[name](tuple(cities), model, lang)]


def data_sheets(cities: list[str], model: str, lang: str) -> tuple[dict[str, pd.DataFrame], pd.DataFrame]:
    """The data behind the briefing: measures and figures with their quotes, and the sources table."""
    sheets = {
        t("common.measures", lang): queries.run("export_measures", cities=cities, model=model),
        t("briefing.figures_sheet", lang): queries.run("export_figures", cities=cities),
    }
    return sheets, queries.run("export_sources")
