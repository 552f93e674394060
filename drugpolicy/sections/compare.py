"""Sections of the comparison: two to four cities per pillar (a chart and a slide), their measures side by side,
who followed whose example, each city's quotes; and the instrument gap between a home city and a peer."""
from __future__ import annotations

import dataclasses

import pandas as pd

from drugpolicy import charts, downloads, i18n, markup, queries
from drugpolicy.cache import shared
from drugpolicy.i18n import t
from drugpolicy.markup import plain
from drugpolicy.sections import overview
from drugpolicy.sections.base import Section, model_label, names, pillar_rows, view_url
from drugpolicy.sections.figures import counted, said

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
    counts = pillar_rows(queries.run("measures_by_pillar", cities=cities, model=model), model, model_names, lang)
    counts["pillar"] = [t("common.no_pillar", lang) if not isinstance(r["pillar_id"], str) else
                        i18n.label(r, "name", lang) for r in counts.to_dict("records")]
    measures = pillar_rows(queries.run("compare_measures", cities=cities, model=model), model, model_names, lang)
    measures["title"] = [i18n.label(r, "title", lang) for r in measures.to_dict("records")]
    return counts, measures


@shared
def comparison(picked: tuple[str, ...], model: str, lang: str) -> list[Section]:
    """The bars per pillar (a slide), the grid of measures, who followed whom, and each city's quotes."""
    city_names, model_names = names(lang)
    cities = list(picked)
    counts, measures = rows(cities, model, lang)
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
                   notes=(t("compare.chart_note", lang), t("compare.table_note", lang)),
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
    """One row per measure with its pillars, labels, verbatim quote, English rendering and source."""
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
            t("common.quote_en", lang): r["quote_en"],
            t("common.source", lang): r["source_title"],
        })
    return pd.DataFrame(out)


@shared
def gap(home: str, peer: str, lang: str) -> list[Section]:
    """The instruments a peer uses and home does not, those both use, and the reverse; with the adoption links."""
    city_names = names(lang)[0]
    found = queries.run("compare_instrument_gap", home=home, peer=peer)
    who = {"home": plain(city_names[home]), "peer": plain(city_names[peer])}
    blocks = []
    for kind in GAPS:
        part = found[found["gap"] == kind]
        lines = [f"#### {t(f'compare.gap_{kind}', lang, **who)}"]
        for _, group in part.groupby("instrument_id", sort=False):
            uses = []
            for city, of_city in group.groupby("city_id", sort=False):
                items = ", ".join(f"{plain(i18n.label(r, 'title', lang))} ({plain(_tags(r, lang))})"
                                  for r in of_city.to_dict("records"))
                uses.append(f"{plain(city_names[city])}{i18n.colon(lang)}{items}")
            instrument = i18n.label(group.iloc[0].to_dict(), "name", lang)
            lines.append(f"- **{plain(instrument)}** — {'; '.join(uses)}")
        if part.empty:
            lines.append(f"_{plain(t('compare.gap_none', lang))}_")
        blocks.append("\n".join(lines))
    table = pd.DataFrame([{
        t("compare.gap_column", lang): t(f"compare.gap_label_{r['gap']}", lang, home=city_names[home],
                                         peer=city_names[peer]),
        t("common.instrument", lang): i18n.label(r, "name", lang),
        t("common.city", lang): city_names[r["city_id"]],
        t("common.measure", lang): i18n.label(r, "title", lang),
        t("common.status", lang): t(f"enums.status_{r['status']}", lang),
        t("common.statement_kind", lang): t(f"enums.statement_kind_{r['statement_kind']}", lang),
        t("common.quote", lang): r["quote"],
        t("common.quote_en", lang): r["quote_en"],
    } for r in found.to_dict("records")])
    # a block per kind; the last carries the table of all three and their sources
    return [*(Section(f"gap_{kind}", markdown=block) for kind, block in zip(GAPS[:-1], blocks, strict=False)),
            Section("gap", markdown=blocks[-1], table=table, table_label=t("compare.gap_table", lang),
                    sources=queries.sources_of(found)),
            adoptions((home, peer), lang)]


# The deck's comparison slides (sections.SLIDES): the counts per pillar, titled with the pillar where the cities
# differ most, and a gap slide per peer of the home city (the first picked); speaker notes (markdown) hold one line
# per row of the key figures with the quotes behind it.

def _count(n, lang: str) -> str:
    return t("briefing.none", lang) if not n else i18n.fmt_number(int(n), lang)


def count_slide(cities: tuple[str, ...], model: str, lang: str) -> Section:
    """The overview's heatmap of measures per pillar as a slide: titled with the pillar where the cities differ
    most ("Harm reduction: Ghent records 9 measures, Antwerp 1"), or for one city with its total and largest
    pillar; its table "–" where nothing is recorded, empty where the pillar is not in the city's model."""
    matrix = overview.matrix(cities, model, lang)
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


def gap_slides(cities: tuple[str, ...], lang: str) -> list[Section]:
    """For the home city (the first picked) against each peer: the instruments the peer uses and home does not, a
    row each with the peer's measures, their status and period, titled with how many ("Antwerp uses 7 instruments
    Aalst does not; both use 5")."""
    city_names = names(lang)[0]
    home, out = cities[0], []
    for peer in cities[1:]:
        found = queries.run("compare_instrument_gap", home=home, peer=peer)
        lacking = found[found["gap"] == "peer_only"]
        who = {"home": city_names[home], "peer": city_names[peer]}
        n, both = lacking["instrument_id"].nunique(), found.loc[found["gap"] == "both", "instrument_id"].nunique()
        heading = counted("briefing.gap_title" if n else "briefing.gap_title_none", n, lang,
                          n=i18n.fmt_number(n, lang), **who)
        if both:
            heading = t("briefing.gap_both", lang, text=heading, both=i18n.fmt_number(both, lang))
        dated = queries.run("city_measures", city=peer)
        dated = dated[dated["measure_id"].isin(set(lacking["measure_id"]))]
        periods = {r["measure_id"]: downloads.period(r, lang) for r in
                   dated[["measure_id", "period_start", "period_end", "period_precision"]].to_dict("records")}
        titles = queries.sources_of(lacking).set_index("source_id")["title"].to_dict()
        by_instrument: dict[str, list[dict]] = {}
        for r in lacking.to_dict("records"):  # once: a frame's to_dict is the slow part of a deck's sections
            by_instrument.setdefault(r["instrument_id"], []).append(r)
        cells, notes = [], []
        for records in by_instrument.values():
            instrument = i18n.label(records[0], "name", lang)
            items = [(i18n.label(r, "title", lang), t(f"enums.status_{r['status']}", lang),
                      periods.get(r["measure_id"], t("common.date_unknown", lang))) for r in records]
            cells.append({t("common.instrument", lang): instrument,
                          t("briefing.measures_of", lang, city=city_names[peer]):
                              "\n".join(f"{title} ({status}, {period})" for title, status, period in items)})
            notes.append(f"{instrument}{i18n.colon(lang)}" + " | ".join(
                said(f"{title} ({status}, {period})", r["quote"], r["quote_en"], titles.get(r["source_id"], ""), lang)
                for (title, status, period), r in zip(items, records, strict=True)))
        out.append(Section(f"gap_{peer}", heading=heading, intro=t("briefing.gap_intro", lang, **who),
                           key_figures=pd.DataFrame(cells) if cells else None, markdown="\n".join(notes),
                           notes=() if cells else (t("briefing.gap_none", lang, **who),),
                           data=lacking, name=f"gap-{home}-{peer}", sources=queries.sources_of(lacking),
                           url=view_url("compare", lang, cities=[home, peer], home=home, peer=peer)))
    return out
