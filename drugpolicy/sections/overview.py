"""Sections of the overview: the measures per pillar of the chosen model (a shaded table on screen, a heatmap in
files and on the slide) and each city's headline figures."""
from __future__ import annotations

import pandas as pd

from drugpolicy import charts, i18n, markup, queries
from drugpolicy.cache import shared
from drugpolicy.i18n import t
from drugpolicy.sections.base import Section, model_label, names, pillar_rows, record_basis, view_url


@shared
def matrix(cities: tuple[str, ...], model: str, lang: str) -> Section:
    """The picked cities' drug-specific measures per pillar: the shaded table, its heatmap, its rows, sources."""
    city_names, model_names = names(lang)
    df = pillar_rows(queries.run("measures_by_pillar", cities=list(cities), model=model), model, model_names, lang)
    title = t("overview.matrix_title", lang, model=model_label(model, lang))
    cells, shades = charts.pillar_table(df, city_names, t("common.pillar", lang))
    table = df.pivot_table(index="row", columns="city_id", values="measure_count", sort=False)
    table = table.rename(columns=city_names).reset_index().rename(columns={"row": t("common.pillar", lang)})
    table = table.map(lambda v: "" if pd.isna(v) else (str(int(v)) if isinstance(v, float) else v))
    return Section(
        "matrix", html=charts.pillar_table_html(cells, shades, title),
        figure=charts.pillar_matrix(df, city_names, title, t("common.none_recorded", lang)), key_figures=table,
        data=df[["city_id", "model_id", "pillar_id", "row", "measure_count", "spanning_count"]],
        name="measures-per-pillar", notes=(t("overview.matrix_note", lang),),
        sources=queries.sources_of(queries.run("measure_sources", cities=list(cities))),
        url=view_url("overview", lang, cities=list(cities), model=model))


@shared
def headlines(cities: tuple[str, ...], lang: str) -> Section:
    """Per city: how many measures its record holds (and what it rests on), then its headline figures, each
    with its date, kind of statement, source and quote; one HTML block."""
    city_names = names(lang)[0]
    figures = queries.run("headline_figures", cities=list(cities))
    counts = queries.run("measure_counts", cities=list(cities)).set_index("city_id")["measure_count"]
    titles = queries.sources_of(figures).set_index("source_id")["title"]
    basis = record_basis(lang)
    cards = []
    for city in cities:
        items = [(i18n.fmt_number(int(counts.get(city, 0)), lang), t("overview.measures_recorded", lang),
                  basis[city], "")]
        for fig in figures[figures.city_id == city].to_dict("records"):
            what = i18n.label(fig, "name", lang)
            if fig["figure"] == "population":
                what = t("overview.inhabitants", lang)
            elif fig["figure"] == "budget":
                what = f"{t('overview.budget_per_year', lang)}{i18n.colon(lang)}{what}"
            value = i18n.fmt_quantity(fig["value"], fig["value_qualifier"], lang, money=fig["figure"] == "budget")
            date = i18n.fmt_date(None if pd.isna(fig["ref_date"]) else fig["ref_date"], fig["date_precision"], lang)
            kind = t(f"enums.statement_kind_{fig['statement_kind']}", lang)
            items.append((value, what, f"{date} · {kind} · {titles.get(fig['source_id'], '')}", fig["quote"]))
        cards.append((city_names[city], items))
    return Section("headlines", html=markup.headline_cards_html(cards, t("common.quote", lang),
                                                               t("overview.measures_note", lang),
                                                               title=t("overview.headlines", lang)),
                   sources=queries.sources_of(figures))
