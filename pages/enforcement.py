"""Enforcement: counts over their periods, one indicator at a time, claims marked apart from statistics."""
import streamlit as st

import queries
from drugpolicy import charts, i18n, state, ui, views
from drugpolicy.charts import figures
from drugpolicy.i18n import t

lang = ui.page_setup("enforcement")
with ui.guard():
    st.title(t("enforcement.title"))
    st.info(t("enforcement.caveat"))
    names = ui.city_names(lang)
    with_figures = list(queries.run("figures_cities", domain="enforcement")["city_id"])
    picked = state.cities_picker(names, default=with_figures, max_n=5)
    indicators = queries.run("figures_indicators", domain="enforcement")
    if indicators.empty:
        st.info(t("enforcement.nothing"))
        st.stop()
    indicator_names = {r["indicator_id"]: i18n.label(r, "name", lang) for r in indicators.to_dict("records")}
    indicator = state.choice("indicator", list(indicator_names), next(iter(indicator_names)),
                             t("enforcement.indicator_label"), indicator_names.get, widget="selectbox")
    per_names = {"total": t("personnel.per_total"), "100k": t("common.per_100k")}
    per = state.choice("per", list(per_names), "total", t("personnel.per_label"), per_names.get, horizontal=True)
    if not picked:
        st.info(t("common.pick_cities"))
        st.stop()
    for name, text in figures.caveats(indicators[indicators["indicator_id"] == indicator], lang):
        st.markdown(t("personnel.labelled", label=f"**{ui.plain(name)}**", value=ui.plain(text)))
    df = queries.run("figures_enforcement", cities=picked, indicators=[indicator])
    if df.empty:
        st.info(ui.plain(t("enforcement.none_for_indicator", indicator=indicator_names[indicator])))
    else:
        if per == "100k":
            first = df.iloc[0].to_dict()
            st.caption(t("enforcement.per_note") if figures.divisible(first) else figures.per_capita_text(first, per, lang))
        title = t("enforcement.main_title", indicator=indicator_names[indicator])
        fig = figures.enforcement_periods(df, names, charts.city_colors(names), lang, per, title)
        st.plotly_chart(fig, config=charts.PLOTLY_CONFIG, key="main_chart")
        st.caption(t("enforcement.main_note"))
        with st.expander(t("common.show_table")):
            st.dataframe(figures.enforcement_table(df, names, lang, per), hide_index=True, width="stretch")
        ui.source_caption(figures.figure_sources(df, per))
        ui.chart_downloads(fig, df, f"enforcement-{indicator}", lang, source_rows=figures.figure_sources(df, per))

    st.subheader(t("enforcement.all_heading"))
    st.caption(t("enforcement.all_note"))
    every = queries.run("figures_enforcement", cities=picked, indicators=list(indicator_names))
    if every.empty:
        st.info(t("enforcement.nothing_for_cities"))
    else:
        st.dataframe(figures.enforcement_table(every, names, lang, per), hide_index=True, width="stretch")
        ui.source_caption(figures.figure_sources(every, per))
    st.caption(views.data_date(lang))
