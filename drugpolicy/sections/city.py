"""Sections of the city profile: one city in full, from its own pillar model and measures to its budgets, figures,
timeline and sources."""
from __future__ import annotations

import pandas as pd

from drugpolicy import downloads, i18n, markup, queries
from drugpolicy.cache import shared
from drugpolicy.charts import budgets, capacity, enforcement, timeline
from drugpolicy.i18n import t
from drugpolicy.markup import plain
from drugpolicy.sections.base import Section, names, record_basis, view_url

# The figures pages' own queries, for a list of one city (no second query for one city):
# (section key, heading, query, table builder, caveat).
TABLES = (
    ("budgets", "city.budgets_header", "figures_budgets", budgets.budget_table, None),
    ("capacity", "city.capacity_header", "figures_capacity", capacity.capacity_table, None),
    ("enforcement", "city.enforcement_header", "figures_enforcement", enforcement.enforcement_table,
     "city.enforcement_caveat"),
)


def figures_table(table):
    """A figures page's table (charts: one row per figure, in totals) for one city: without the city column."""
    def of_city(rows: pd.DataFrame, lang: str) -> pd.DataFrame:
        return table(rows, names(lang)[0], lang, "total").drop(columns=t("common.city", lang))
    return of_city


def city_figures(query: str, city: str) -> pd.DataFrame:
    if query == "figures_enforcement":
        every = list(queries.run("figures_indicators", domain="enforcement")["indicator_id"])
        return queries.run(query, cities=[city], indicators=every)
    return queries.run(query, cities=[city])


def records_view(key: str, heading: str, rows: pd.DataFrame, table, lang: str, city_name: str,
                 caveat: str | None = None, level: int = 2) -> Section:
    """A table of the city's rows with its caveat and sources, or the notice that none are recorded."""
    if rows.empty:
        return Section(key, heading=heading, level=level, info=t("city.none_for_city", lang, city=plain(city_name)))
    return Section(key, heading=heading, level=level, html=markup.table_html(table(rows, lang)),
                   notes=(t(caveat, lang),) if caveat else (), sources=queries.sources_of(rows))


def measure_groups(measures: pd.DataFrame, groups: list[str], city_names: dict[str, str], lang: str) -> str:
    """The measures per pillar group, each folding open on its details, quote and source: one HTML block."""
    out = []
    for group in groups:
        in_group = measures[measures["group"] == group]
        items = []
        for r in in_group.to_dict("records"):
            others = measures.loc[(measures["measure_id"] == r["measure_id"]) & (measures["group"] != group),
                                  "group"].tolist()
            items.append({
                "summary": " · ".join([r["title"], t(f"enums.status_{r['status']}", lang),
                                       t(f"enums.statement_kind_{r['statement_kind']}", lang)]),
                "fields": downloads.measure_details(r, lang, city_names),
                "notes_before": [t("city.also_under", lang, pillars=", ".join(others)) if others else ""],
                "quote": r["quote"],
                "notes_after": [i18n.rendering_line(r, lang),
                                f"{t('common.source', lang)}{i18n.colon(lang)}{r['source_title']}"],
            })
        out.append({"heading": t("city.group_header", lang, pillar=group, n=len(in_group)),
                    "none": t("common.none_recorded", lang) if in_group.empty else "", "items": items})
    return markup.details_groups_html(out, colon=i18n.colon(lang))


def title(city: str, lang: str) -> str:
    """The page's title: 'City profile: <city>'."""
    return plain(t("city.title", lang, city=names(lang)[0][city]))


def _model(city: str, profile_rows: pd.DataFrame, pillars: pd.DataFrame, lang: str) -> list[Section]:
    """The city's facts (level, region, model, what its record rests on), its police zones and population, its
    pillar model and, where the source names the model, its words (table_label: the expander's label; empty
    markdown when there are none)."""
    name = names(lang)[0][city]
    profile = profile_rows.iloc[0].to_dict()
    model_name = i18n.label(downloads.part(profile, "model_"), "name", lang)
    own = bool(profile["has_own_model"])  # else the five pillars, as the curators classified: no source's words
    colon = i18n.colon(lang)
    facts = "  \n".join([
        f"**{plain(t('city.level', lang))}**{colon}{plain(t('enums.level_' + profile['level'], lang))}",
        f"**{plain(t('city.region', lang))}**{colon}{plain(t('enums.region_' + profile['region'], lang))}",
        f"**{plain(t('city.own_model', lang))}**{colon}{plain(model_name)}"
        + ("" if own else f" — {plain(t('common.no_own_model', lang))}"),
        f"**{plain(t('overview.measures_recorded', lang))}**{colon}{plain(record_basis(lang)[city])}",
    ])
    pillar_lines = "\n".join(
        f"{i}. **{plain(i18n.label(p, 'name', lang))}**"
        + (f" — “{plain(p['name_original'])}”" if own and isinstance(p["name_original"], str) else "")
        for i, p in enumerate(pillars.to_dict("records"), start=1)
    )
    quote = Section("model_quote", table_label=t("city.model_quote", lang))
    if own and isinstance(profile["quote"], str):
        rendering = i18n.rendering_line(profile, lang)
        quote = Section("model_quote", table_label=quote.table_label, markdown=f"> {plain(profile['quote'])}",
                        notes=(plain(rendering),) if rendering else (), sources=queries.sources_of(profile_rows))
    return [
        Section("profile", intro=t("city.intro", lang), markdown=facts),
        records_view("zones", t("city.police_zones", lang), queries.run("city_police_zones", city=city),
                     downloads.zones_table, lang, name, level=3),
        records_view("population", t("city.population", lang), queries.run("population_counts", cities=[city]),
                     downloads.population_table, lang, name, level=3),
        Section("model", heading=plain(t("city.model_header" if own else "city.model_header_none", lang,
                                         model=model_name)),
                intro=t("city.model_pillars" if own else "city.model_pillars_none", lang), markdown=pillar_lines),
        quote,
    ]


TIMELINE_COLUMNS = ["measure_id", "city_id", "title_nl", "title_fr", "title_en", "status", "statement_kind",
                    "period_start", "period_end", "period_precision", "source_id", "quote", "quote_en", "quote_nl",
                    "quote_fr"]


def _timeline(city: str, name: str, measures: pd.DataFrame, lang: str) -> list[Section]:
    """The dated measures (measure_list rows) on a timeline, each once by the start of its period (or the notice
    that none has a date), then the undated ones as a table."""
    in_time = measures.drop_duplicates("measure_id")[TIMELINE_COLUMNS].sort_values(
        ["period_start", "period_end", "measure_id"], na_position="last", kind="stable").reset_index(drop=True)
    dated, undated = in_time[in_time["period_start"].notna()], in_time[in_time["period_start"].isna()]
    heading = t("city.timeline_header", lang)
    if dated.empty:
        out = [Section("timeline", heading=heading, info=t("city.no_dated", lang, city=plain(name)))]
    else:
        out = [Section("timeline", heading=heading,
                       figure=timeline.measure_timeline(dated, lang, t("city.timeline_title", lang, city=name)),
                       notes=(t("city.timeline_note", lang),), table=downloads.timeline_table(dated, lang),
                       data=dated, name=f"timeline-{city}", sources=queries.sources_of(dated),
                       url=view_url("city", lang, city=city))]
    if not undated.empty:  # its note a caption above the table: a section of its own, as notes go under content
        out += [Section("undated", heading=t("city.undated_header", lang, n=len(undated)), level=3,
                        notes=(t("city.undated_note", lang),)),
                Section("undated_table", html=markup.table_html(downloads.timeline_table(undated, lang)))]
    return out


@shared
def city_view(city: str, lang: str) -> list[Section]:
    """Everything the profile of one city shows, built once per (city, language) for every session, top to bottom:
    profile, zones, population, model, model_quote (see _model), then main (the measures per pillar), groups,
    budgets, capacity, enforcement, timeline, undated and undated_table (when some are), sources."""
    city_names = names(lang)[0]
    name = city_names[city]
    pillars = queries.run("city_pillars", city=city)
    out = _model(city, queries.run("city_profile", city=city), pillars, lang)

    listed = queries.run("measure_list", cities=[city], model="own")
    measures, groups = downloads.pillar_groups(listed, pillars, lang)
    # The chart's table: its row labels (the pillars) as a column, as every section's table hides its index.
    counts = timeline.status_counts(measures, groups, lang).reset_index()
    out += [
        Section("main", heading=t("city.measures_header", lang),
                figure=timeline.status_bars(measures, groups, lang, t("city.chart_title", lang, city=name)),
                notes=(t("city.measures_note", lang),), table=counts, data=measures, name=f"measures-{city}",
                sources=queries.sources_of(measures), url=view_url("city", lang, city=city)),
        Section("groups", html=measure_groups(measures, groups, city_names, lang)),
    ]
    out += [records_view(key, t(header, lang), city_figures(query, city), figures_table(table), lang, name, caveat)
            for key, header, query, table, caveat in TABLES]
    out += _timeline(city, name, listed, lang)
    out.append(Section("sources", heading=t("city.sources_header", lang), html=markup.table_html(
        downloads.sources_table(queries.run("sources_list", cities=[city]), lang),
        link_columns=(t("city.col_link", lang),))))
    return out
