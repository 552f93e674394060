"""Overview: every city's measures per pillar on the chosen model, and when the data was curated."""
import streamlit as st

import queries
from drugpolicy import charts, state, ui, views
from drugpolicy.i18n import t

lang = ui.page_setup("overview")
with ui.guard():
    st.title(t("overview.title"))
    st.write(t("common.app_tagline"))
    names = ui.city_names(lang)
    model_names = ui.model_names(lang)
    model = state.model_picker(model_names)
    df = views.pillar_rows(queries.run("measures_by_pillar", cities=list(names), model=model),
                           model, model_names, lang)
    model_label = t("common.model_own") if model == "own" else model_names[model]
    st.plotly_chart(charts.pillar_matrix(df, names, t("overview.matrix_title", model=model_label),
                                         t("common.none_recorded")),
                    config=charts.PLOTLY_CONFIG, key="main_chart")
    st.caption(t("overview.matrix_note"))
    with st.expander(t("common.show_table")):
        table = df.pivot_table(index="row", columns="city_id", values="measure_count", sort=False)
        st.dataframe(table.rename(columns=names), width="stretch")
    ui.source_caption(queries.run("measure_sources", cities=list(names)))
    st.caption(views.data_date(lang))
