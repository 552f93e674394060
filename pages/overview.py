"""Overview: the cities' measures per pillar on the chosen model, headline figures, and the curation date."""
import pandas as pd
import streamlit as st

from drugpolicy import charts, i18n, markup, queries, state, ui
from drugpolicy.exports import sections
from drugpolicy.i18n import t


@ui.shared
def overview_view(picked: tuple[str, ...], model: str, lang: str) -> dict:
    """Everything the page shows for a selection, built once per (cities, model, language) for every session."""
    names, model_names = ui.city_names(lang), ui.model_names(lang)
    df = sections.pillar_rows(queries.run("measures_by_pillar", cities=list(picked), model=model), model, model_names,
                           lang)
    model_label = t("common.model_own") if model == "own" else model_names[model]
    measure_sources = queries.run("measure_sources", cities=list(picked))
    figures = queries.run("headline_figures", cities=list(picked))
    counts = queries.run("measure_counts", cities=list(picked)).set_index("city_id")["measure_count"]
    sources = queries.sources_of(figures).set_index("source_id")
    cards = []
    basis = ui.record_basis(lang)
    for city in picked:
        # (value, what, caption line, quote) in the order shown under the city's name; the first says what the
        # city's record rests on (how many sources, how recent), so a thin record is seen as thin
        items = [(i18n.fmt_number(int(counts.get(city, 0))), t("overview.measures_recorded"), basis[city], "")]
        for fig in figures[figures.city_id == city].to_dict("records"):
            if fig["figure"] == "population":
                what = t("overview.inhabitants")
            elif fig["figure"] == "budget":
                what = f"{t('overview.budget_per_year')}: {i18n.label(fig, 'name')}"
            else:
                what = i18n.label(fig, "name")
            value = i18n.fmt_quantity(fig["value"], fig["value_qualifier"], money=fig["figure"] == "budget")
            source = sources.loc[fig["source_id"], "title"] if fig["source_id"] in sources.index else ""
            date = i18n.fmt_date(None if pd.isna(fig["ref_date"]) else fig["ref_date"], fig["date_precision"])
            kind = t(f"enums.statement_kind_{fig['statement_kind']}")
            items.append((value, what, f"{date} · {kind} · {source}", fig["quote"]))
        cards.append((names[city], items))
    cells, shades = charts.pillar_table(df, names, t("common.pillar"))
    title = t("overview.matrix_title", model=model_label)
    return {
        "table_html": charts.pillar_table_html(cells, shades, title),
        # for the PNG and SVG downloads and the deck: the same matrix as a heatmap
        "matrix": charts.pillar_matrix(df, names, title, t("common.none_recorded")),
        "download": df[["city_id", "model_id", "pillar_id", "row", "measure_count", "spanning_count"]],
        "measure_sources": measure_sources,
        "measure_sources_text": ui.sources_text(measure_sources),
        # one HTML block, not some 40 markdown elements with tooltips: less work per visit, server and browser
        "headlines_html": markup.headline_cards_html(cards, t("common.quote"), t("overview.measures_note"),
                                                     title=t("overview.headlines")),
        "figures_sources_text": ui.sources_text(figures),
    }


lang = ui.page_setup("overview")
with ui.guard():
    st.title(t("overview.title"))
    st.markdown(t("common.app_tagline"))
    names = ui.city_names(lang)
    model_names = ui.model_names(lang)
    # opens on a peer group (the first with members), not on everything
    picked = state.cities_picker(names, default=ui.default_group(names, 5), max_n=5)
    model = state.model_picker(model_names)
    if not picked:
        st.info(t("common.pick_cities"))
        st.stop()
    view = overview_view(picked, model, lang)
    # The matrix is a shaded HTML table (class pillar-matrix), not a plotly chart nor st.table: the landing page
    # then loads no chart library nor the Arrow table code (bench/RESULTS.md), and the server sends a string made
    # once per view.
    st.html(view["table_html"])
    ui.caption(t("overview.matrix_note"), view["measure_sources_text"])
    ui.chart_downloads(view["matrix"], view["download"], "measures-per-pillar", lang,
                       source_rows=view["measure_sources"])

    st.html(view["headlines_html"])
    ui.caption(view["figures_sources_text"], sections.data_date(lang))
