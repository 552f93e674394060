"""Personnel and capacity: actual staffing against what is required or targeted, in totals or per 100,000 inhabitants."""
import streamlit as st

from drugpolicy import charts, ui, views
from drugpolicy.charts import figures
from drugpolicy.i18n import t

lang = ui.page_setup("personnel")
with ui.guard():
    per_names = {"total": t("personnel.per_total"), "100k": t("common.per_100k")}
    names, picked, per, df = ui.figures_page("personnel", "capacity", "figures_capacity", per_names, lang)
    colors = charts.city_colors(names)
    if per == "100k":
        st.caption(t("personnel.per_note"))
    fig = figures.capacity_gap(df, names, colors, lang, per, t("personnel.main_title"))
    st.plotly_chart(fig, config=charts.PLOTLY_CONFIG, key="main_chart")
    st.caption(t("personnel.main_note"))
    with st.expander(t("common.show_table")):
        st.dataframe(figures.capacity_table(df, names, lang, per), hide_index=True, width="stretch")
    ui.source_caption(figures.figure_sources(df, per))
    ui.chart_downloads(fig, df, "personnel", lang, source_rows=figures.figure_sources(df, per))

    series = figures.capacity_series(df, names, colors, lang, per, t("personnel.series_title"))
    if series is not None:
        st.subheader(t("personnel.series_heading"))
        st.plotly_chart(series, config=charts.PLOTLY_CONFIG, key="series_chart")
        several = figures.series_rows(df)
        with st.expander(t("common.show_table")):
            st.dataframe(figures.capacity_table(several, names, lang, per), hide_index=True, width="stretch")
        ui.source_caption(figures.figure_sources(several, per))

    notes = figures.caveats(df, lang)
    if notes:
        st.subheader(t("personnel.caveats_heading"))
        st.markdown("\n".join("- " + t("personnel.labelled", label=f"**{ui.plain(name)}**", value=ui.plain(text))
                               for name, text in notes))
    st.caption(views.data_date(lang))
