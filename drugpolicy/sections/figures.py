"""Sections of the figures pages: police personnel against what is required, enforcement counts over their periods,
budgets; in totals or per inhabitants. The briefing deck takes the slide sections in totals."""
from __future__ import annotations

import dataclasses

import pandas as pd

from drugpolicy import charts, i18n, queries
from drugpolicy.cache import shared
from drugpolicy.charts import budgets as budget_charts
from drugpolicy.charts import capacity, values
from drugpolicy.charts import enforcement as enforcement_charts
from drugpolicy.i18n import t
from drugpolicy.markup import plain
from drugpolicy.sections.base import Section, names, sources, view_url

KEY_COLUMNS = 5  # a slide's key figures: the first columns of the page's table (city, what, value, ...)
SLIDE_INDICATORS = 3  # enforcement: the deck shows the indicators with the most figures, and names the others


def _rows(page: str, query: str, cities: tuple[str, ...], lang: str) -> tuple[pd.DataFrame, list[Section]]:
    """The figures of the cities, and the sections that open the page: a caption naming the cities without
    figures (when some have none), and the notice that nothing is recorded (when none has any)."""
    df = queries.run(query, cities=list(cities))
    city_names = names(lang)[0]
    missing = [city_names[c] for c in cities if c not in set(df["city_id"])]
    out = [Section("without", notes=(plain(t(f"{page}.no_figures_for", lang, cities=", ".join(missing))),))
           ] if missing else []
    return df, out + ([Section("main", info=t(f"{page}.nothing", lang))] if df.empty else [])


def _main(page: str, df: pd.DataFrame, fig, table: pd.DataFrame, per: str, cities: tuple[str, ...], lang: str,
          notes: tuple[str, ...] = (), name: str = "", **params) -> Section:
    """The chart of a figures page with its table, the rows to download and their sources: a slide too."""
    return Section("main", figure=fig, table=table, key_figures=table.iloc[:, :KEY_COLUMNS], data=df,
                   name=name or page, notes=notes, sources=sources(values.figure_sources(df, per)),
                   url=view_url(page, lang, cities=list(cities), per=per if per != "total" else "", **params))


def caveat_lines(df: pd.DataFrame, lang: str) -> str:
    """The indicators' caveats as a markdown list ("- **name**: caveat")."""
    return "\n".join("- " + t("personnel.labelled", lang, label=f"**{plain(name)}**", value=plain(text))
                     for name, text in values.caveats(df, lang))


@shared
def personnel(cities: tuple[str, ...], per: str, lang: str) -> list[Section]:
    """Personnel against requirement or target (a slide), the series where a city has several dates, caveats."""
    df, out = _rows("personnel", "figures_capacity", cities, lang)
    if df.empty:
        return out
    city_names = names(lang)[0]
    colors = charts.city_colors(city_names)
    fig = capacity.capacity_gap(df, city_names, colors, lang, per, t("personnel.main_title", lang))
    notes = ((t("personnel.per_note", lang),) if per == "100k" else ()) + (t("personnel.main_note", lang),)
    out.append(_main("personnel", df, fig, capacity.capacity_table(df, city_names, lang, per), per, cities, lang,
                     notes))
    series = capacity.capacity_series(df, city_names, colors, lang, per, t("personnel.series_title", lang))
    if series is not None:
        several = capacity.series_rows(df)
        out.append(Section("series", heading=t("personnel.series_heading", lang), level=3, figure=series,
                           table=capacity.capacity_table(several, city_names, lang, per),
                           sources=sources(values.figure_sources(several, per))))
    caveats = caveat_lines(df, lang)
    if caveats:
        out.append(Section("caveats", heading=t("personnel.caveats_heading", lang), level=3, markdown=caveats))
    return out


@shared
def budgets(cities: tuple[str, ...], per: str, lang: str) -> list[Section]:
    """Budgets per city (a slide; never summed) and what each amount includes and excludes."""
    df, out = _rows("budgets", "figures_budgets", cities, lang)
    if df.empty:
        return out
    city_names = names(lang)[0]
    title = t("budgets.main_title_inhabitant" if per == "inhabitant" else "budgets.main_title", lang)
    fig = budget_charts.budget_bars(df, city_names, charts.city_colors(city_names), lang, per, title)
    out.append(_main("budgets", df, fig, budget_charts.budget_table(df, city_names, lang, per), per, cities, lang))
    scope = "\n".join(f"- **{plain(head)}** — {plain(text)}"
                      for head, text in (budget_charts.budget_scope(r, city_names, lang) for r in df.to_dict("records")))
    out.append(Section("scope", heading=t("budgets.scope_heading", lang), level=3, markdown=scope))
    return out


@shared
def indicators(lang: str) -> dict[str, str]:
    """Enforcement indicator id -> name in lang, in the data's order."""
    return {r["indicator_id"]: i18n.label(r, "name", lang)
            for r in queries.run("figures_indicators", domain="enforcement").to_dict("records")}


@shared
def usual_indicator(cities: tuple[str, ...]) -> str | None:
    """The indicator most of the cities have figures for (the first on a tie), so the page never opens on one
    none of them has; None when there are no indicators."""
    every = tuple(indicators("en"))
    if not every:
        return None
    df = queries.run("figures_enforcement", cities=list(cities), indicators=list(every))
    counts = df.groupby("indicator_id")["city_id"].nunique()
    return max(every, key=lambda i: (counts.get(i, 0), -every.index(i)))


@shared
def enforcement(cities: tuple[str, ...], indicator: str, per: str, lang: str) -> list[Section]:
    """One indicator's counts over their periods (a slide), with its caveat."""
    rows = queries.run("figures_indicators", domain="enforcement")
    caveat = caveat_lines(rows[rows["indicator_id"] == indicator], lang)
    out = [Section("caveat", markdown=caveat)] if caveat else []
    df = queries.run("figures_enforcement", cities=list(cities), indicators=[indicator])
    name = indicators(lang)[indicator]
    if df.empty:
        return [*out, Section("main", info=plain(t("enforcement.none_for_indicator", lang, indicator=name)))]
    city_names = names(lang)[0]
    notes = (t("enforcement.main_note", lang),)
    if per == "100k":
        first = df.iloc[0].to_dict()
        per_note = t("enforcement.per_note", lang) if values.divisible(first) else values.per_capita_text(
            first, per, lang)
        notes = (per_note, *notes)
    fig = enforcement_charts.enforcement_periods(df, city_names, charts.city_colors(city_names), lang, per,
                                      t("enforcement.main_title", lang, indicator=name))
    out.append(_main("enforcement", df, fig, enforcement_charts.enforcement_table(df, city_names, lang, per), per, cities, lang,
                     notes, name=f"enforcement-{indicator}", indicator=indicator))
    return out


@shared
def enforcement_all(cities: tuple[str, ...], per: str, lang: str) -> Section:
    """Every indicator's figures for the cities, in one table."""
    every = queries.run("figures_enforcement", cities=list(cities), indicators=list(indicators(lang)))
    head = {"heading": t("enforcement.all_heading", lang), "level": 3, "intro": t("enforcement.all_note", lang)}
    if every.empty:
        return Section("all", info=t("enforcement.nothing_for_cities", lang), **head)
    from drugpolicy import markup

    table = enforcement_charts.enforcement_table(every, names(lang)[0], lang, per)
    return Section("all", html=markup.table_html(table), sources=sources(values.figure_sources(every, per)), **head)


def enforcement_slides(cities: tuple[str, ...], lang: str) -> list[Section]:
    """The deck's enforcement slides: the indicators with the most figures, the last naming the others."""
    every = queries.run("figures_enforcement", cities=list(cities), indicators=list(indicators(lang)))
    ranked = list(every["indicator_id"].value_counts(sort=True).index)
    shown, rest = ranked[:SLIDE_INDICATORS], ranked[SLIDE_INDICATORS:]
    out = []
    for indicator in shown:
        (main,) = [s for s in enforcement(cities, indicator, "total", lang) if s.key == "main"]
        notes = (t("enforcement.caveat", lang),)
        if indicator == shown[-1] and rest:
            names_of = indicators(lang)
            notes += (t("briefing.more_indicators", lang, indicators=", ".join(names_of[i] for i in rest)),)
        out.append(dataclasses.replace(main, heading=f"{t('nav.enforcement', lang)}: {indicators(lang)[indicator]}",
                                       notes=notes))
    return out
