"""Overview: the cities' measures per pillar on the chosen model, headline figures, and the curation date."""
import pandas as pd
import streamlit as st

import queries
from drugpolicy import charts, i18n, state, ui, views
from drugpolicy.i18n import t

lang = ui.page_setup("overview")
with ui.guard():
    st.title(t("overview.title"))
    st.write(t("common.app_tagline"))
    names = ui.city_names(lang)
    model_names = ui.model_names(lang)
    picked = state.cities_picker(names, default=list(names)[:5], max_n=5)
    model = state.model_picker(model_names)
    if not picked:
        st.info(t("common.pick_cities"))
        st.stop()
    df = views.pillar_rows(queries.run("measures_by_pillar", cities=picked, model=model), model, model_names, lang)
    model_label = t("common.model_own") if model == "own" else model_names[model]
    matrix = charts.pillar_matrix(df, names, t("overview.matrix_title", model=model_label), t("common.none_recorded"))
    st.plotly_chart(matrix, config=charts.PLOTLY_CONFIG, key="main_chart")
    st.caption(t("overview.matrix_note"))
    with st.expander(t("common.show_table")):
        table = df.pivot_table(index="row", columns="city_id", values="measure_count", sort=False)
        st.dataframe(table.rename(columns=names), width="stretch")
    measure_sources = queries.run("measure_sources", cities=picked)
    ui.source_caption(measure_sources)
    ui.chart_downloads(matrix, df[["city_id", "model_id", "pillar_id", "row", "measure_count", "spanning_count"]],
                       "measures-per-pillar", lang, source_rows=measure_sources)

    st.subheader(t("overview.headlines"))
    figures = queries.run("headline_figures", cities=picked)
    counts = queries.run("measure_counts", cities=picked).set_index("city_id")["measure_count"]
    sources = queries.sources_of(figures).set_index("source_id")
    for col, city in zip(st.columns(len(picked)), picked, strict=True):
        with col:
            st.markdown(f"**{ui.plain(names[city])}**")
            st.markdown(f"**{i18n.fmt_number(int(counts.get(city, 0)))}** {ui.plain(t('overview.measures_recorded'))}",
                        help=t("overview.measures_help"))
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
                st.markdown(f"**{ui.plain(value)}** {ui.plain(what)}",
                            help=ui.plain(t("overview.figure_help", what=what, date=date, kind=kind, source=source,
                                            quote=fig["quote"])))
                st.caption(ui.plain(f"{date} · {kind} · {source}"))
    ui.source_caption(figures)
    st.caption(views.data_date(lang))
