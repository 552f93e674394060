"""The sections: each builds its chart, key figures and sources for a selection, for the pages, slides and images;
with the helpers that shape query results for them (labels, model-aware pillar rows, the data's date)."""
from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable
from urllib.parse import urlencode

import pandas as pd

from drugpolicy import charts, db, i18n, queries
from drugpolicy.cache import shared
from drugpolicy.exports.deck import Section
from drugpolicy.i18n import t

PUBLIC_URL = os.environ.get("DRUGPOLICY_PUBLIC_URL", "http://localhost:8501")


class SelectionError(ValueError):
    """An unknown city, model, chart or language in an export request."""


def pillar_rows(df: pd.DataFrame, model: str, model_names: dict[str, str], lang: str) -> pd.DataFrame:
    """measures_by_pillar rows with a display label per pillar; on 'own', labels carry the model's name."""
    df = df.copy()
    labels = []
    for r in df.to_dict("records"):
        if not isinstance(r["pillar_id"], str):
            labels.append(t("common.no_pillar", lang))
            continue
        name = i18n.label(r, "name", lang)
        labels.append(f"{model_names.get(r['model_id'], r['model_id'])}: {name}" if model == "own" else name)
    df["row"] = labels
    # Common models first, then each own model; the no-pillar row last of all.
    df["model_order"] = [2 if not isinstance(p, str) else 0 if m in ("three_track", "five_pillars") else 1
                         for m, p in zip(df["model_id"], df["pillar_id"], strict=True)]
    df = df.sort_values(["model_order", "model_id", "sort_order"], kind="stable")
    return df


@shared
def data_date(lang: str) -> str:
    """'Data as of <date>' from datapackage.json's last_curated, in lang."""
    curated = db.package_meta().get("last_curated")
    if not curated:
        return t("common.date_unknown", lang)
    return t("common.data_date", lang, date=i18n.fmt_date(dt.date.fromisoformat(curated), "day", lang))


def compare_rows(cities: list[str], model: str, model_names: dict[str, str], lang: str
                 ) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The Compare chart's data: measure counts per city and pillar, and the measures behind them."""
    counts = pillar_rows(queries.run("measures_by_pillar", cities=cities, model=model), model, model_names, lang)
    counts["pillar"] = [t("common.no_pillar", lang) if not isinstance(r["pillar_id"], str) else
                        i18n.label(r, "name", lang) for r in counts.to_dict("records")]
    measures = pillar_rows(queries.run("compare_measures", cities=cities, model=model), model, model_names, lang)
    measures["title"] = [i18n.label(r, "title", lang) for r in measures.to_dict("records")]
    return counts, measures


def names(lang: str) -> tuple[dict[str, str], dict[str, str]]:
    cities = {r["city_id"]: i18n.label(r, "name", lang) for r in queries.run("cities").to_dict("records")}
    models = {r["model_id"]: i18n.label(r, "name", lang) for r in queries.run("models").to_dict("records")}
    return cities, models


def view_url(page: str, cities: list[str], model: str, lang: str, **extra) -> str:
    params = {"cities": cities, "model": model, "lang": lang, **extra}
    return f"{PUBLIC_URL.rstrip('/')}/{page}?{urlencode(params, doseq=True)}"


def overview(cities: list[str], model: str, lang: str) -> Section:
    city_names, model_names = names(lang)
    df = pillar_rows(queries.run("measures_by_pillar", cities=cities, model=model), model, model_names, lang)
    label = t("common.model_own", lang) if model == "own" else model_names[model]
    fig = charts.pillar_matrix(df, city_names, t("overview.matrix_title", lang, model=label),
                               t("common.none_recorded", lang))
    table = df.pivot_table(index="row", columns="city_id", values="measure_count", sort=False)
    table = table.rename(columns=city_names).reset_index().rename(columns={"row": t("common.pillar", lang)})
    table = table.map(lambda v: "" if pd.isna(v) else (str(int(v)) if isinstance(v, float) else v))
    sources = queries.sources_of(queries.run("measure_sources", cities=cities))
    return Section("overview", t("nav.overview", lang), fig, table, sources,
                   view_url("overview", cities, model, lang), [t("overview.matrix_note", lang)])


def compare(cities: list[str], model: str, lang: str) -> list[Section]:
    if len(cities) < 2:
        return []
    city_names, model_names = names(lang)
    counts, measures = compare_rows(cities, model, model_names, lang)
    label = t("common.model_own", lang) if model == "own" else model_names[model]
    fig = charts.compare.pillar_bars(counts, measures, city_names, charts.city_colors(city_names),
                                     t("compare.chart_title", lang, model=label), t("common.none_recorded", lang),
                                     t("common.measure_count", lang), cities=cities, model_names=model_names)
    table = counts.pivot_table(index="row", columns="city_id", values="measure_count", sort=False)
    table = table.reindex(columns=cities).rename(columns=city_names).reset_index()
    table = table.rename(columns={"row": t("common.pillar", lang)}).map(
        lambda v: "–" if isinstance(v, float) and pd.isna(v) else (str(int(v)) if isinstance(v, float) else v))
    sources = queries.sources_of(measures)
    return [Section("compare", t("nav.compare", lang), fig, table, sources, view_url("compare", cities, model, lang),
                    [t("compare.chart_note", lang)])]


KEY_COLUMNS = 5  # a slide's table: the first columns of the page's table (city, what, value, ...)
ENFORCEMENT_SLIDES = 3  # indicators with the most figures; the slide names the others


def _figures_section(key: str, title: str, df: pd.DataFrame, fig, table: pd.DataFrame, cities: list[str],
                     model: str, lang: str, notes: list[str], **params) -> Section:
    sources = queries.sources_of(charts.figures.figure_sources(df, "total"))
    return Section(key, title, fig, table.iloc[:, :KEY_COLUMNS], sources,
                   view_url(key, cities, model, lang, **params), notes)


def personnel(cities: list[str], model: str, lang: str) -> list[Section]:
    city_names, _ = names(lang)
    df = queries.run("figures_capacity", cities=cities)
    if df.empty:
        return []
    fig = charts.figures.capacity_gap(df, city_names, charts.city_colors(city_names), lang, "total",
                                      t("personnel.main_title", lang))
    table = charts.figures.capacity_table(df, city_names, lang, "total")
    return [_figures_section("personnel", t("nav.personnel", lang), df, fig, table, cities, model, lang,
                             [t("personnel.main_note", lang)])]


def enforcement(cities: list[str], model: str, lang: str) -> list[Section]:
    city_names, _ = names(lang)
    indicators = queries.run("figures_indicators", domain="enforcement")
    every = queries.run("figures_enforcement", cities=cities, indicators=list(indicators["indicator_id"]))
    if every.empty:
        return []
    ranked = list(every["indicator_id"].value_counts(sort=True).index)
    shown, rest = ranked[:ENFORCEMENT_SLIDES], ranked[ENFORCEMENT_SLIDES:]
    labels = {r["indicator_id"]: i18n.label(r, "name", lang) for r in indicators.to_dict("records")}
    out = []
    for indicator in shown:
        df = every[every["indicator_id"] == indicator]
        title = t("enforcement.main_title", lang, indicator=labels[indicator])
        fig = charts.figures.enforcement_periods(df, city_names, charts.city_colors(city_names), lang, "total", title)
        table = charts.figures.enforcement_table(df, city_names, lang, "total")
        notes = [t("enforcement.caveat", lang)]
        if indicator == shown[-1] and rest:
            notes.append(t("briefing.more_indicators", lang, indicators=", ".join(labels[i] for i in rest)))
        out.append(_figures_section("enforcement", f"{t('nav.enforcement', lang)}: {labels[indicator]}", df, fig,
                                    table, cities, model, lang, notes, indicator=indicator))
    return out


def budgets(cities: list[str], model: str, lang: str) -> list[Section]:
    city_names, _ = names(lang)
    df = queries.run("figures_budgets", cities=cities)
    if df.empty:
        return []
    fig = charts.figures.budget_bars(df, city_names, charts.city_colors(city_names), lang, "total",
                                     t("budgets.main_title", lang))
    table = charts.figures.budget_table(df, city_names, lang, "total")
    return [_figures_section("budgets", t("nav.budgets", lang), df, fig, table, cities, model, lang, [])]


# name -> builder(cities, model, lang) giving its slides; the order is the deck's order.
SECTIONS: dict[str, Callable[[list[str], str, str], list[Section]]] = {
    "overview": lambda cities, model, lang: [overview(cities, model, lang)],
    "compare": compare,
    "personnel": personnel,
    "enforcement": enforcement,
    "budgets": budgets,
}


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
    if chart is not None and chart not in SECTIONS:
        raise SelectionError(f"unknown chart: {chart} (known: {', '.join(SECTIONS)})")


def build(cities: list[str], model: str, lang: str, wanted: list[str] | None = None) -> list[Section]:
    check(cities, model, lang)
    wanted = list(SECTIONS) if wanted is None else wanted
    for name in wanted:
        if name not in SECTIONS:
            raise SelectionError(f"unknown section: {name} (known: {', '.join(SECTIONS)})")
    return [section for name in SECTIONS if name in wanted for section in SECTIONS[name](cities, model, lang)]


def licence_line(lang: str) -> str:
    meta = db.package_meta()
    licence = (meta.get("licenses") or [{}])[0]
    return t("briefing.licence", lang, title=meta.get("title", ""), version=meta.get("version", ""),
             licence=licence.get("name", ""))


def data_sheets(cities: list[str], model: str, lang: str) -> tuple[dict[str, pd.DataFrame], pd.DataFrame]:
    """The data behind the briefing: measures and figures with their quotes, and the sources table."""
    sheets = {
        t("common.measures", lang): queries.run("export_measures", cities=cities, model=model),
        t("briefing.figures_sheet", lang): queries.run("export_figures", cities=cities),
    }
    return sheets, queries.run("export_sources")
