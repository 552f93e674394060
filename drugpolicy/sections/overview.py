"""Sections of the overview: the measures per pillar of the chosen model with the chosen statuses (a shaded table on
screen, a heatmap in files and on the slide), each city's measures by status with what its record rests on, and
headline figures compared like with like (a card per figure, for every city that has it)."""
from __future__ import annotations

import pandas as pd

from drugpolicy import charts, i18n, markup, queries
from drugpolicy.cache import shared
from drugpolicy.charts import values
from drugpolicy.i18n import t
from drugpolicy.sections.base import CURRENT, STATUSES, Section, model_label, names, pillar_rows, record_basis, view_url


@shared
def matrix(cities: tuple[str, ...], model: str, statuses: tuple[str, ...], lang: str) -> Section:
    """The picked cities' drug-specific measures per pillar with these statuses: the shaded table, its heatmap, its
    rows, sources."""
    city_names, model_names = names(lang)
    df = pillar_rows(queries.run("measures_by_pillar", cities=list(cities), model=model, statuses=list(statuses)),
                     model, model_names, lang)
    title = t("overview.matrix_title", lang, model=model_label(model, lang))
    if set(statuses) != set(STATUSES):
        title = t("overview.matrix_title_statuses", lang, title=title, statuses=status_names(statuses, lang))
    cells, shades = charts.pillar_table(df, city_names, t("common.pillar", lang))
    table = df.pivot_table(index="row", columns="city_id", values="measure_count", sort=False)
    table = table.rename(columns=city_names).reset_index().rename(columns={"row": t("common.pillar", lang)})
    table = table.map(lambda v: "" if pd.isna(v) else (str(int(v)) if isinstance(v, float) else v))
    data = df[["city_id", "model_id", "pillar_id", "row", "measure_count", "spanning_count"]].copy()
    data.attrs["statuses"] = list(statuses)  # the workbook's sources sheet lists the measures counted, no others
    return Section(
        "matrix", html=charts.pillar_table_html(cells, shades, title),
        figure=charts.pillar_matrix(df, city_names, title, t("common.none_recorded", lang)), key_figures=table,
        data=data,
        name="measures-per-pillar", notes=(t("overview.matrix_note", lang),),
        sources=queries.sources_of(queries.run("measure_sources", cities=list(cities))),
        url=view_url("overview", lang, cities=list(cities), model=model,  # the page opens on CURRENT
                     statuses=list(statuses) if set(statuses) != set(CURRENT) else None))


def status_names(statuses, lang: str) -> str:
    """'implemented or in progress' in lang."""
    return i18n.listed([t(f"enums.status_{s}", lang).lower() for s in statuses], lang, "or")


@shared
def by_status(cities: tuple[str, ...], lang: str) -> Section:
    """Per city: its drug-specific measures by status (a column each) and what its record rests on."""
    city_names = names(lang)[0]
    counts = queries.run("measure_counts", cities=list(cities)).set_index("city_id")
    basis = record_basis(lang)
    rows = []
    for city in cities:
        row = {t("common.city", lang): city_names[city]}
        for status in STATUSES:
            n = int(counts[status].get(city, 0)) if city in counts.index else 0
            row[t(f"enums.status_{status}", lang).capitalize()] = i18n.fmt_number(n, lang) if n else "–"
        row[t("overview.total", lang)] = i18n.fmt_number(int(counts["measure_count"].get(city, 0)), lang) \
            if city in counts.index else "–"
        row[t("overview.rests_on", lang)] = basis[city]
        rows.append(row)
    table = pd.DataFrame(rows)
    return Section("by_status", heading=t("overview.by_status", lang), level=3,
                   html=markup.table_html(table), notes=(t("overview.by_status_note", lang),))


HEADLINE_FIGURES = 3  # personnel and care figures shown as cards, those most of the picked cities have first


@shared
def headlines(cities: tuple[str, ...], lang: str) -> Section:
    """Headline figures compared like with like: a card per figure (the measures recorded, the inhabitants, then
    the personnel and care figures most of the picked cities have, per 100,000 inhabitants where a count can be
    divided), each listing every picked city that has it with its date, kind of statement, source and quote. A
    figure only one of several cities has gets no card: it compares with nothing. One HTML block."""
    city_names = names(lang)[0]
    counts = queries.run("measure_counts", cities=list(cities)).set_index("city_id")["measure_count"]
    basis = record_basis(lang)
    cards = [(t("overview.measures_recorded", lang),
              [(i18n.fmt_number(int(counts.get(c, 0)), lang), city_names[c], basis[c], "") for c in cities])]
    people = queries.run("population_counts", cities=list(cities)).drop_duplicates("city_id")  # each city's latest
    people = people.assign(order=people["city_id"].map(cities.index)).sort_values("order", kind="stable")
    if not people.empty:
        cards.append((t("overview.inhabitants", lang), [
            (i18n.fmt_quantity(r["inhabitants"], r["value_qualifier"], lang), city_names[r["city_id"]],
             _meta(values.as_day(r["reference_date"]), r["date_precision"], r["statement_kind"], r["source_title"],
                   lang), r["quote"], i18n.rendering_line(r, lang)) for r in people.to_dict("records")]))
    figures = queries.run("figures_capacity", cities=list(cities))
    figures = figures[figures["is_latest"] & (figures["value_kind"] == "actual")]
    figures = figures.drop_duplicates(["city_id", "indicator_id"])
    having = figures.groupby("indicator_id", sort=False)["city_id"].nunique()
    having = having[having >= min(2, len(cities))].sort_values(ascending=False, kind="stable")
    for indicator in having.index[:HEADLINE_FIGURES]:
        rows = figures[figures["indicator_id"] == indicator].to_dict("records")
        rows.sort(key=lambda r: cities.index(r["city_id"]))
        divided = all(values.divisible(r) for r in rows)
        per = "100k" if divided else "total"
        title = i18n.label(rows[0], "name", lang) + (f" ({t('overview.per_100k', lang)})" if divided else "")
        items = []
        for r in rows:
            meta = _meta(values.as_day(r["reference_date"]), r["date_precision"], r["statement_kind"],
                         r["source_title"], lang)
            if divided:
                meta = f"{t('overview.in_total', lang, n=values.figure_text(r, 'total', lang))} · {meta}"
            items.append((values.figure_text(r, per, lang), city_names[r["city_id"]], meta, r["quote"],
                          i18n.rendering_line(r, lang)))
        cards.append((title, items))
    return Section("headlines", html=markup.headline_cards_html(cards, t("common.quote", lang),
                                                               t("overview.cards_note", lang),
                                                               title=t("overview.headlines", lang)),
                   sources=queries.sources_of(pd.concat([people, figures[figures["indicator_id"].isin(
                       having.index[:HEADLINE_FIGURES])]])))


def _meta(date, precision, kind, source, lang: str) -> str:
    """'1 January 2024 · press report · source title'."""
    when = i18n.fmt_date(None if pd.isna(date) else date, precision, lang)
    return f"{when} · {t(f'enums.statement_kind_{kind}', lang)} · {source}"
