"""The sections every view is made of (drugpolicy.sections.base.Section), a module per page theme, and the briefing:
which sections become slides, checked selections and the licence line.

A page shows its module's sections with ui.show; the deck (exports.deck), the chart images, the workbooks and the
command line take the same objects through build().
"""
from __future__ import annotations

from collections.abc import Callable

import pandas as pd

from drugpolicy import i18n, queries
from drugpolicy.cache import shared
from drugpolicy.i18n import t
from drugpolicy.sections import compare, figures, gap
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


def measure_slides(cities: tuple[str, ...], model: str, lang: str) -> list[Section]:
    """Per city, its drug-specific measures by pillar of its own model, with status, period and kind of statement
    (the deck splits a long list over slides), titled with how many are implemented."""
    from drugpolicy import downloads

    city_names = names(lang)[0]
    no_pillar = t("common.no_pillar", lang)
    out = []
    for c in cities:
        every = queries.run("measure_list", cities=[c], model="own")
        drug_specific = every[every["drug_specific"].astype(bool)]
        records = every.to_dict("records")  # once: a frame's to_dict is the slow part of a deck's sections
        rows = [r for r in records if r["drug_specific"]]
        ids = {r["measure_id"] for r in rows}
        done = {r["measure_id"] for r in rows if r["status"] == "implemented"}
        groups = [i18n.label(r, "pillar_name", lang) if isinstance(r["pillar_id"], str) else no_pillar for r in rows]
        table = pd.DataFrame([{
            t("common.pillar", lang): group,
            t("common.measure", lang): i18n.label(r, "title", lang),
            t("common.status", lang): t(f"enums.status_{r['status']}", lang),
            t("common.period_label", lang): downloads.period(r, lang),
            t("common.statement_kind", lang): t(f"enums.statement_kind_{r['statement_kind']}", lang),
        } for group, r in zip(groups, rows, strict=True)])
        other = len({r["measure_id"] for r in records} - ids)
        out.append(Section(
            f"measures_{c}", key_figures=table if rows else None,
            heading=figures.counted("briefing.measures_title" if ids else "briefing.measures_title_none", len(ids),
                                    lang, city=city_names[c], n=i18n.fmt_number(len(ids), lang),
                                    done=i18n.fmt_number(len(done), lang) if done else t("briefing.none", lang)),
            markdown="\n".join(figures.said_of(f"{group} · {i18n.label(r, 'title', lang)} · "
                                               f"{t('enums.status_' + r['status'], lang)}", r, lang)
                               for group, r in zip(groups, rows, strict=True)),
            notes=(figures.counted("briefing.measures_note", other, lang, n=i18n.fmt_number(other, lang)),)
            if other else (),
            data=drug_specific, name=f"measures-{c}", sources=queries.sources_of(drug_specific),
            url=view_url("city", lang, city=c)))
    return out


# name -> builder(cities, model, lang) giving its slides, in the deck's order; each slide a Section whose heading
# is what its data say, its key_figures a native table, its markdown the speaker notes (one line per table row).
SLIDES: dict[str, Callable[[tuple[str, ...], str, str], list[Section]]] = {
    "overview": lambda cities, model, lang: [compare.count_slide(cities, model, lang)],
    "gap": lambda cities, model, lang: gap.slides(cities, lang),
    "measures": measure_slides,
    "personnel": lambda cities, model, lang: figures.personnel_slides(cities, lang),
    "enforcement": lambda cities, model, lang: figures.enforcement_slides(cities, lang),
    "budgets": lambda cities, model, lang: figures.budget_slides(cities, lang),
}

# name -> builder(cities, model, lang) of the charts a PNG or SVG file draws (--format png --chart <name>): the
# pages' own chart sections with their sources and link back; chart() gives the first.
CHARTS: dict[str, Callable[[tuple[str, ...], str, str], list[Section]]] = {
    "overview": lambda cities, model, lang: [compare.count_slide(cities, model, lang)],
    "compare": lambda cities, model, lang: compare.comparison(cities, model, lang)[:1] if len(cities) > 1 else [],
    "personnel": lambda cities, model, lang: [s for s in figures.personnel(cities, "total", lang)
                                              if s.key == "main" and s.figure is not None],
    "enforcement": lambda cities, model, lang: figures.enforcement_slides(cities, lang),
    "budgets": lambda cities, model, lang: figures.budget_slides(cities, lang),
}


def chart(name: str, cities: list[str], model: str, lang: str) -> Section | None:
    """The chart a file of name draws for the selection (None when the cities have no figures for it)."""
    check(cities, model, lang, name)
    return next((s for s in CHARTS[name](tuple(cities), model, lang) if s.figure is not None), None)


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
    if chart is not None and chart not in CHARTS:
        raise SelectionError(f"unknown chart: {chart} (known: {', '.join(CHARTS)})")


def build(cities: list[str], model: str, lang: str, wanted: list[str] | None = None) -> list[Section]:
    """The slides for a selection: the wanted sections (default: all) in the deck's order."""
    check(cities, model, lang)
    wanted = list(SLIDES) if wanted is None else wanted
    for name in wanted:
        if name not in SLIDES:
            raise SelectionError(f"unknown section: {name} (known: {', '.join(SLIDES)})")
    return list(_slides(tuple(cities), model, lang, tuple(name for name in SLIDES if name in wanted)))


@shared
def _slides(cities: tuple[str, ...], model: str, lang: str, wanted: tuple[str, ...]) -> tuple[Section, ...]:
    """The slides of a checked selection, built once for every session (the Briefing page asks on every run)."""
    return tuple(section for name in wanted for section in SLIDES[name](cities, model, lang))
