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
from drugpolicy.markup import plain, table_html
from drugpolicy.sections.base import Section, names, view_url

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


def _view(page: str, cities: tuple[str, ...], per: str, lang: str, **params) -> str:
    """The figures page's address for this view (totals, the page's default, leave ?per= out)."""
    return view_url(page, lang, cities=list(cities), per=per if per != "total" else "", **params)


def _main(page: str, df: pd.DataFrame, fig, table: pd.DataFrame, per: str, cities: tuple[str, ...], lang: str,
          notes: tuple[str, ...] = (), name: str = "", **params) -> Section:
    """The chart of a figures page with its table, the rows to download and their sources: a slide too."""
    return Section("main", figure=fig, table=table, key_figures=table.iloc[:, :KEY_COLUMNS], data=df,
                   name=name or page, notes=notes, sources=queries.sources_of(values.figure_sources(df, per)),
                   url=_view(page, cities, per, lang, **params))


def caveat_lines(df: pd.DataFrame, lang: str) -> str:
    """The indicators' caveats as a markdown list ("- **name**: caveat")."""
    return "\n".join("- " + t("personnel.labelled", lang, label=f"**{plain(name)}**", value=plain(text))
                     for name, text in values.caveats(df, lang))


def compared(df: pd.DataFrame) -> pd.Series:
    """Which figures a chart can set side by side: those of the indicators at least two of the cities have. When
    none is shared (one city, or cities with no indicator in common), every figure: a chart of them is all there
    is to see."""
    shared_rows = df.groupby("indicator_id")["city_id"].transform("nunique") > 1
    return shared_rows if shared_rows.any() else pd.Series(True, index=df.index)


@shared
def personnel(cities: tuple[str, ...], per: str, lang: str) -> list[Section]:
    """Personnel against requirement or target (a slide) for the indicators the cities share, the series where a
    city has several dates, the figures only one city has (a table), caveats."""
    df, out = _rows("personnel", "figures_capacity", cities, lang)
    if df.empty:
        return out
    city_names = names(lang)[0]
    colors = charts.city_colors(city_names)
    mask = compared(df)
    charted, alone = df[mask], df[~mask]
    fig = capacity.capacity_gap(charted, city_names, colors, lang, per, t("personnel.main_title", lang))
    notes = ((t("personnel.per_note", lang),) if per == "100k" else ()) + (t("personnel.main_note", lang),)
    if not alone.empty:
        n = alone["indicator_id"].nunique()
        notes += (counted("personnel.alone_note", n, lang, n=i18n.fmt_number(n, lang)),)
    out.append(_main("personnel", charted, fig, capacity.capacity_table(charted, city_names, lang, per), per,
                     cities, lang, notes))
    url = _view("personnel", cities, per, lang)
    series = capacity.capacity_series(charted, city_names, colors, lang, per, t("personnel.series_title", lang))
    if series is not None:
        several = capacity.series_rows(charted)
        out.append(Section("series", heading=t("personnel.series_heading", lang), level=3, figure=series,
                           table=capacity.capacity_table(several, city_names, lang, per), data=several,
                           name="personnel-over-time", sources=queries.sources_of(values.figure_sources(several, per)),
                           url=url))
    if not alone.empty:
        out.append(Section("alone", heading=t("personnel.alone_heading", lang), level=3,
                           intro=t("personnel.alone_intro", lang),
                           html=table_html(capacity.capacity_table(alone, city_names, lang, per)), data=alone,
                           name="personnel-one-city", sources=queries.sources_of(values.figure_sources(alone, per)),
                           url=url))
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
                      for head, text in (budget_charts.budget_scope(r, city_names, lang)
                                         for r in df.to_dict("records")))
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
    table = enforcement_charts.enforcement_table(df, city_names, lang, per)
    out.append(_main("enforcement", df, fig, table, per, cities, lang,
                     notes, name=f"enforcement-{indicator}", indicator=indicator))
    return out


@shared
def enforcement_all(cities: tuple[str, ...], per: str, lang: str) -> Section:
    """Every indicator's figures for the cities, in one table."""
    every = queries.run("figures_enforcement", cities=list(cities), indicators=list(indicators(lang)))
    head = {"heading": t("enforcement.all_heading", lang), "level": 3, "intro": t("enforcement.all_note", lang)}
    if every.empty:
        return Section("all", info=t("enforcement.nothing_for_cities", lang), **head)
    table = enforcement_charts.enforcement_table(every, names(lang)[0], lang, per)
    return Section("all", html=table_html(table), data=every, name="enforcement-all",
                   sources=queries.sources_of(values.figure_sources(every, per)),
                   url=_view("enforcement", cities, per, lang), **head)


# The deck's slides of figures: each titled with what its figures say (sections.SLIDES), its key figures in a native
# table with their dates, and speaker notes (markdown: one line per key-figure row) with the quote behind each.

PERSONNEL_ROWS = 8  # rows on a personnel slide: an indicator's figures stay together, the deck splits what overflows
TITLE_FIGURES = 3  # figures named in a slide's title; the table has them all


def said_of(what: str, r: dict, lang: str) -> str:
    """A speaker-notes line for a row (quote, quote_<lang>, source_title): what a number on the slide is, the verbatim
    quote behind it, its source, and the quote's rendering in the deck's language (none where the quote is in it)."""
    text = t("briefing.said", lang, what=what, quote=r["quote"], source=r.get("source_title") or "")
    rendering = i18n.rendering(r, lang)
    return f"{text} {t('common.said_rendering', lang, quote=rendering)}" if rendering else text


def counted(key: str, count: int, lang: str, **fields) -> str:
    """t(key) with its singular form (key_one) when count is 1 and it has one."""
    return t(f"{key}_one" if count == 1 and i18n.has(f"{key}_one") else key, lang, **fields)


def listed(parts: list[str], lang: str) -> str:
    """'a, b, c' with at most TITLE_FIGURES parts and 'and n more' for the rest."""
    shown = ", ".join(parts[:TITLE_FIGURES])
    rest = len(parts) - TITLE_FIGURES
    return t("briefing.and_more", lang, text=shown, n=i18n.fmt_number(rest, lang)) if rest > 0 else shown


def _value(r: dict, lang: str) -> str:
    """A figure's value as a table cell: '–' when nothing is recorded, never 0."""
    return "–" if values.value_of(r["value"]) is None else values.figure_text(r, "total", lang)


def _unit(r: dict, lang: str) -> str:
    return "" if r["unit"] in ("count", "persons") else f" {values.enum_label('unit', r['unit'], lang)}"


def _date(r: dict, lang: str) -> str:
    return i18n.fmt_date(values.as_day(r["reference_date"]), r["date_precision"], lang)


def _personnel_title(rows: list[dict], city_names: dict[str, str], lang: str) -> str:
    """One indicator's finding: the latest actual figure against the requirement or target where a city has both
    ("FGP Antwerp staff: Antwerp 462 against 550 required (December 2023)"), else each city's latest figure."""
    name = i18n.label(rows[0], "name", lang)
    latest = [r for r in rows if r["is_latest"]]
    for r in latest:
        ref = next((x for x in latest if x["city_id"] == r["city_id"] and x["value_kind"] in values.REFERENCE_KINDS
                    and values.value_of(x["value"]) is not None), None)
        if r["value_kind"] == "actual" and values.value_of(r["value"]) is not None and ref is not None:
            return t("briefing.personnel_gap_title", lang, what=name, city=city_names[r["city_id"]],
                     actual=_value(r, lang), reference=_value(ref, lang),
                     kind=values.enum_label("value_kind", ref["value_kind"], lang), date=_date(r, lang))
    parts = []
    for r in latest:
        if r["value_kind"] == "planned_increase":
            continue
        kind = "" if r["value_kind"] == "actual" else values.enum_label("value_kind", r["value_kind"], lang) + " "
        parts.append(f"{city_names[r['city_id']]} {kind}{_value(r, lang)}{_unit(r, lang)} ({_date(r, lang)})")
    return t("briefing.figures_title", lang, what=name, figures=listed(parts, lang))


def personnel_slides(cities: tuple[str, ...], lang: str) -> list[Section]:
    """The deck's personnel slides: native tables of every figure with its date (no chart: eleven indicators
    never share an axis), the indicators with a requirement or target first, then those most cities share; each
    slide titled with its first indicator's finding."""
    df = queries.run("figures_capacity", cities=list(cities))
    if df.empty:
        return []
    city_names = names(lang)[0]
    order = {c: i for i, c in enumerate(cities)}
    by_indicator: dict[str, list[dict]] = {}
    for r in df.to_dict("records"):  # once: a frame's to_dict is the slow part of a deck's sections
        by_indicator.setdefault(r["indicator_id"], []).append(r)
    groups = [sorted(rows, key=lambda r: (order[r["city_id"]], str(r["reference_date"])))
              for rows in by_indicator.values()]
    groups.sort(key=lambda g: (not any(r["value_kind"] in values.REFERENCE_KINDS for r in g),
                               -len({r["city_id"] for r in g})))
    chunks: list[list[list[dict]]] = []
    for rows in groups:
        if chunks and sum(len(g) for g in chunks[-1]) + len(rows) <= PERSONNEL_ROWS:
            chunks[-1].append(rows)
        else:
            chunks.append([rows])
    out = []
    for n, chunk in enumerate(chunks, start=1):
        records = [r for rows in chunk for r in rows]
        heading = _personnel_title(chunk[0], city_names, lang)
        if len(chunk) > 1:
            more = len(records) - len(chunk[0])
            heading = counted("briefing.and_more_figures", more, lang, text=heading, n=i18n.fmt_number(more, lang))
        cells = [[i18n.label(r, "name", lang), city_names[r["city_id"]],
                  values.enum_label("value_kind", r["value_kind"], lang), _value(r, lang),
                  values.enum_label("unit", r["unit"], lang), _date(r, lang), values.statement_kind_label(r, lang)]
                 for r in records]
        table = pd.DataFrame(cells, columns=[t(k, lang) for k in (
            "personnel.indicator", "common.city", "personnel.value_kind", "common.value", "personnel.unit",
            "personnel.date", "common.statement_kind")])
        notes = [said_of(" · ".join(row[:6]), r, lang) for row, r in zip(cells, records, strict=True)]
        rows = df[df["capacity_id"].isin({r["capacity_id"] for r in records})]
        out.append(Section(f"personnel_{n}", heading=heading, key_figures=table, markdown="\n".join(notes),
                           notes=(t("briefing.personnel_note", lang),), data=rows, name=f"personnel-{n}",
                           sources=queries.sources_of(rows), url=view_url("personnel", lang, cities=list(cities))))
    return out


def _series_title(df: pd.DataFrame, name: str, city_names: dict[str, str], lang: str, text) -> str:
    """A figures slide's finding: one city's first and latest period ("from 10 (2019) to 20 (2023)") and its highest
    figure when that is neither, or each city's latest figure."""
    records = sorted(df.to_dict("records"), key=lambda r: (r["period_start"], r["period_end"]))
    if df["city_id"].nunique() == 1 and len(records) > 1:
        first, last = records[0], records[-1]
        title = t("briefing.trend_title", lang, what=name, city=city_names[first["city_id"]],
                  first=text(first), first_period=values.period_text(first, lang),
                  last=text(last), last_period=values.period_text(last, lang))
        known = [r for r in records if values.value_of(r["value"]) is not None]
        peak = max(known, key=lambda r: r["value"], default=None)
        if peak is not None and peak is not first and peak is not last:  # the trend's ends would hide it
            title = t("briefing.trend_peak", lang, text=title, peak=text(peak),
                      period=values.period_text(peak, lang))
        return title
    latest = {r["city_id"]: r for r in records}
    parts = [f"{city_names[c]} {text(r)} ({values.period_text(r, lang)})" for c, r in latest.items()]
    return t("briefing.figures_title", lang, what=name, figures=listed(parts, lang))


def _key_columns(table: pd.DataFrame, lang: str, *keys: str) -> pd.DataFrame:
    return table[[t(k, lang) for k in keys]]


def enforcement_slides(cities: tuple[str, ...], lang: str) -> list[Section]:
    """The deck's enforcement slides: the indicators with the most figures, each titled with what its figures say,
    the last naming the others."""
    every = queries.run("figures_enforcement", cities=list(cities), indicators=list(indicators(lang)))
    ranked = list(every["indicator_id"].value_counts(sort=True).index)
    shown, rest = ranked[:SLIDE_INDICATORS], ranked[SLIDE_INDICATORS:]
    city_names = names(lang)[0]
    out = []
    for indicator in shown:
        (main,) = [s for s in enforcement(cities, indicator, "total", lang) if s.key == "main"]
        records = main.data.to_dict("records")
        title = _series_title(main.data, indicators(lang)[indicator], city_names, lang,
                              lambda r: _value(r, lang) + _unit(r, lang))
        said_lines = [said_of(f"{city_names[r['city_id']]} · {values.period_text(r, lang)} · {_value(r, lang)}", r,
                              lang) for r in records]
        if indicator == shown[-1] and rest:  # a long list: said, not shown
            names_of = indicators(lang)
            said_lines.append(t("briefing.more_indicators", lang, indicators=", ".join(names_of[i] for i in rest)))
        out.append(dataclasses.replace(
            main, key=f"enforcement_{indicator}", heading=title, notes=(t("enforcement.caveat", lang),),
            markdown="\n".join(said_lines),
            key_figures=_key_columns(main.table, lang, "common.city", "common.period_label", "common.value",
                                     "common.statement_kind")))
    return out


def budget_slides(cities: tuple[str, ...], lang: str) -> list[Section]:
    """The deck's budget slide: the chart in totals, titled with each city's first budget, never summed."""
    found = [s for s in budgets(cities, "total", lang) if s.key == "main" and s.figure is not None]
    if not found:
        return []
    (main,) = found
    city_names = names(lang)[0]
    records = main.data.to_dict("records")
    first = {}
    for r in records:
        first.setdefault(r["city_id"], r)
    parts = [f"{city_names[c]} {budget_charts.budget_text(r, 'total', lang)} "
             f"{values.enum_label('amount_basis', r['amount_basis'], lang)}" for c, r in first.items()]
    said_lines = [said_of(f"{city_names[r['city_id']]} · {i18n.label(r, 'title', lang)} · "
                          f"{budget_charts.budget_text(r, 'total', lang)} ({values.period_text(r, lang)})", r, lang)
                  for r in records]
    return [dataclasses.replace(
        main, key="budgets", heading=t("briefing.budgets_title", lang, figures=listed(parts, lang)),
        markdown="\n".join(said_lines), notes=(t("briefing.budgets_note", lang),),
        key_figures=_key_columns(main.table, lang, "common.city", "budgets.what_for", "budgets.amount",
                                 "budgets.basis", "common.period_label"))]
