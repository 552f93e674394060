"""Sections of the comparison: the chosen cities per pillar (a chart and a slide), their measures side by side,
who followed whose example, each city's quotes. The instrument gap between a home city and its peers is
sections.gap."""
from __future__ import annotations

import dataclasses

import pandas as pd

from drugpolicy import charts, i18n, markup, queries
from drugpolicy.cache import shared
from drugpolicy.i18n import t
from drugpolicy.markup import plain
from drugpolicy.sections import overview
from drugpolicy.sections.base import STATUSES, Section, model_label, names, pillar_rows, record_basis, view_url
from drugpolicy.sections.figures import counted

SPANS = "↔"
GAPS = ("peer_only", "both", "home_only")


def _tags(r: dict, lang: str) -> str:
    """Status and kind of statement of a measure row, as enum labels."""
    return t("enums.status_" + r["status"], lang) + " · " + t("enums.statement_kind_" + r["statement_kind"], lang)


def _missing(value):
    return None if pd.isna(value) else value


def rows(cities: list[str], model: str, lang: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Measure counts per city and pillar, and the measures behind them."""
    model_names = names(lang)[1]
    counts = pillar_rows(queries.run("measures_by_pillar", cities=cities, model=model,
                                                statuses=list(STATUSES)), model, model_names, lang)
    counts["pillar"] = [t("common.no_pillar", lang) if not isinstance(r["pillar_id"], str) else
                        i18n.label(r, "name", lang) for r in counts.to_dict("records")]
    listed = queries.run("measure_list", cities=cities, model=model)
    measures = pillar_rows(listed[listed["drug_specific"]], model, model_names, lang, "pillar_name")
    measures["title"] = [i18n.label(r, "title", lang) for r in measures.to_dict("records")]
    return counts, measures


@shared
def comparison(picked: tuple[str, ...], model: str, lang: str) -> list[Section]:
    """The bars per pillar (a slide), the grid of measures, who followed whom, and each city's quotes."""
    city_names, model_names = names(lang)
    cities = list(picked)
    counts, measures = rows(cities, model, lang)
    basis = record_basis(lang)
    bars = charts.compare.pillar_bars(
        counts, measures, city_names, charts.city_colors(city_names),
        t("compare.chart_title", lang, model=model_label(model, lang)), t("common.none_recorded", lang),
        t("common.measure_count", lang), cities=cities, model_names=model_names)
    table = counts.pivot_table(index="row", columns="city_id", values="measure_count", sort=False)
    table = table.reindex(columns=cities).rename(columns=city_names)
    key_figures = table.map(lambda n: "–" if pd.isna(n) else str(int(n)))
    table = table.map(lambda n: t("compare.not_in_model", lang) if pd.isna(n) else (str(int(n)) if n else "–"))
    pillar = t("common.pillar", lang)
    main = Section("main", figure=bars, table=table.rename_axis(index=pillar, columns=None).reset_index(),
                   key_figures=key_figures.rename_axis(index=pillar, columns=None).reset_index(),
                   data=counts[["city_id", "model_id", "pillar_id", "pillar", "measure_count"]],
                   name="compare-" + "-".join(cities),
                   notes=(t("compare.chart_note", lang), t("compare.table_note", lang),
                          t("compare.rests_on", lang),
                          *(f"{city_names[c]}{i18n.colon(lang)}{basis[c]}" for c in cities)),
                   sources=queries.sources_of(measures),
                   url=view_url("compare", lang, cities=cities, model=model))

    # The grid: per pillar row, per city, its measures, or a note saying why it has none.
    in_model = {(r.city_id, r.row) for r in counts.itertuples()}
    items_of: dict[tuple[str, str], list[tuple[str, str, str]]] = {}
    for r in measures.to_dict("records"):
        follows = ""
        if isinstance(r.get("inspired_by_city_id"), str):
            follows = t("compare.follows", lang, city=city_names.get(r["inspired_by_city_id"],
                                                                     r["inspired_by_city_id"]))
        text = (f" {SPANS}" if r.get("spans_pillars") else "") + f" — {_tags(r, lang)}"
        items_of.setdefault((r["city_id"], r["row"]), []).append((i18n.label(r, "title", lang), text, follows))
    no_pillar = t("common.no_pillar", lang)
    grid = [(row, [items_of.get((city, row))
                   or (t("common.none_recorded", lang) if (city, row) in in_model or row == no_pillar
                       else t("compare.not_in_model", lang))
                   for city in cities])
            for row in dict.fromkeys(counts["row"])]
    grid_html = markup.list_grid_html([city_names[c] for c in cities], grid, corner=pillar)
    out = [main, Section("grid", heading=t("compare.grid_heading", lang), html=grid_html,
                         notes=(t("compare.spans_legend", lang),)),
           adoptions(picked, lang, level=2)]
    for city in cities:
        out.append(Section(f"quotes_{city}", table=quote_table(measures[measures["city_id"] == city], lang),
                           table_label=t("compare.quotes_for", lang, city=plain(city_names[city]))))
    return out


@shared
def adoptions(cities: tuple[str, ...], lang: str, level: int = 3) -> Section:
    """Who followed whose example among the cities, as a list with its sources, or a caption saying none did."""
    city_names = names(lang)[0]
    links = queries.run("compare_adoptions", cities=list(cities))
    heading = t("compare.adoptions_heading", lang)
    if links.empty:
        return Section("adoptions", heading=heading, level=level, notes=(t("compare.no_adoptions", lang),))
    lines = []
    for _, group in links.groupby("measure_id", sort=False):
        r = group.iloc[0].to_dict()
        text = t("compare.adoption_line", lang, follower=city_names[r["city_id"]],
                 example=city_names[r["inspired_by_city_id"]], measure=i18n.label(r, "title", lang))
        line = f"- {plain(text)} ({plain(_tags(r, lang))})"
        examples = [f"{i18n.label(e, 'example_title', lang)} ({t('enums.status_' + e['example_status'], lang)})"
                    for e in group.to_dict("records") if isinstance(e["example_measure_id"], str)]
        if examples:
            example = t("compare.adoption_example", lang, city=city_names[r["inspired_by_city_id"]],
                        measures="; ".join(examples))
            line += f"; {plain(example)}"
        lines.append(line)
    return Section("adoptions", heading=heading, level=level, markdown="\n".join(lines),
                   sources=queries.sources_of(links))


def quote_table(df: pd.DataFrame, lang: str) -> pd.DataFrame:
    """One row per measure with its pillars, labels, verbatim quote, its rendering in the reader's language (empty
    where the quote is in it) and source."""
    out = []
    for _, group in df.groupby("measure_id", sort=False):
        r = group.iloc[0].to_dict()
        out.append({
            t("common.pillar", lang): ", ".join(dict.fromkeys(group["row"])),
            t("common.measure", lang): i18n.label(r, "title", lang),
            t("common.instrument", lang): i18n.label(r, "instrument_name", lang),
            t("common.status", lang): t(f"enums.status_{r['status']}", lang),
            t("common.statement_kind", lang): t(f"enums.statement_kind_{r['statement_kind']}", lang),
            t("common.period_label", lang): i18n.fmt_period(_missing(r["period_start"]), _missing(r["period_end"]),
                                                            r["period_precision"], lang),
            t("common.quote", lang): r["quote"],
            t("common.quote_en", lang): i18n.rendering(r, lang) or "",
            t("common.source", lang): r["source_title"],
        })
    return pd.DataFrame(out)


# The deck's count slide (sections.SLIDES): the counts per pillar, titled with the pillar where the cities differ
# most; speaker notes (markdown) hold one line per row of the key figures with the quotes behind it.

def _count(n, lang: str) -> str:
    return t("briefing.none", lang) if not n else i18n.fmt_number(int(n), lang)


def count_slide(cities: tuple[str, ...], model: str, lang: str) -> Section:
    """The overview's heatmap of measures per pillar as a slide: titled with the pillar where the cities differ
    most ("Harm reduction: Ghent records 9 measures, Antwerp 1"), or for one city with its total and largest
    pillar; its table "–" where nothing is recorded, empty where the pillar is not in the city's model."""
    matrix = overview.matrix(cities, model, STATUSES, lang)
    city_names = names(lang)[0]
    counts, measures = rows(list(cities), model, lang)
    no_pillar = t("common.no_pillar", lang)
    count_of = {(r.city_id, r.row): int(r.measure_count) for r in counts.itertuples()}
    pillars = list(dict.fromkeys(counts["row"]))
    in_model = {(c, p) for c, p in count_of} | {(c, no_pillar) for c in cities}
    cells = [[p, *[("–" if not count_of.get((c, p)) else str(count_of[(c, p)])) if (c, p) in in_model else ""
                   for c in cities]] for p in pillars]
    table = pd.DataFrame(cells, columns=[t("common.pillar", lang), *[city_names[c] for c in cities]])
    real = [p for p in pillars if p != no_pillar]
    short = dict(zip(counts["row"], counts["pillar"], strict=True))  # a title names the pillar without its model
    def totals() -> pd.Series:  # drug-specific measures per city, asked only when a title names them
        return queries.run("measure_counts", cities=list(cities)).set_index("city_id")["measure_count"]

    if len(cities) == 1:
        (city,) = cities
        top = max(real, key=lambda p: count_of.get((city, p), 0), default=None)
        total = totals().get(city, 0)
        heading = counted("briefing.count_title_city", int(total), lang, city=city_names[city],
                          n=_count(total, lang), pillar=short[top] if top else no_pillar,
                          k=_count(count_of.get((city, top)), lang))
    else:
        def spread(p):
            found = [count_of.get((c, p), 0) for c in cities if (c, p) in in_model]
            return max(found) - min(found) if len(found) > 1 else -1
        pillar = max(real, key=spread, default=None)
        if pillar is None or spread(pillar) <= 0:  # no pillar tells them apart: their totals
            n = totals()
            ranked = sorted(cities, key=lambda c: -int(n.get(c, 0)))
            heading = counted("briefing.count_title_totals", int(n.get(ranked[0], 0)), lang,
                              top=city_names[ranked[0]], n_top=_count(n.get(ranked[0]), lang),
                              bottom=city_names[ranked[-1]], n_bottom=_count(n.get(ranked[-1]), lang))
        else:
            shown = [c for c in cities if (c, pillar) in in_model]
            ranked = sorted(shown, key=lambda c: -count_of.get((c, pillar), 0))
            heading = counted("briefing.count_title", count_of.get((ranked[0], pillar), 0), lang, pillar=short[pillar],
                              top=city_names[ranked[0]], n_top=_count(count_of.get((ranked[0], pillar)), lang),
                              bottom=city_names[ranked[-1]], n_bottom=_count(count_of.get((ranked[-1], pillar)), lang))
    behind: dict[tuple[str, str], dict[str, dict]] = {}
    for r in measures[["city_id", "row", "measure_id", "title", "quote", "source_title"]].to_dict("records"):
        behind.setdefault((r["city_id"], r["row"]), {}).setdefault(r["measure_id"], r)
    notes = []
    for p in pillars:
        parts = []
        for c in cities:
            of = behind.get((c, p), {}).values()
            quotes = "; ".join(f"{r['title']}: “{r['quote']}” ({r['source_title']})" for r in of)
            parts.append(f"{city_names[c]} {_count(len(of), lang)}" + (f" — {quotes}" if quotes else ""))
        notes.append(f"{p}{i18n.colon(lang)}" + " | ".join(parts))
    outside = any(cell == "" for row in cells for cell in row[1:])  # a pillar not in a city's model
    return dataclasses.replace(matrix, heading=heading, key_figures=table, markdown="\n".join(notes),
                               notes=(*matrix.notes, *([t("briefing.count_note", lang)] if outside else [])))
