"""City profile: one city in full, from its own pillar model and measures to its budgets, figures, timeline and sources."""
import streamlit as st

import queries
from drugpolicy import charts, downloads, i18n, state, ui, views
from drugpolicy.charts import timeline
from drugpolicy.i18n import t

plain = ui.plain


def records(rows, table, lang: str, city_name: str, caveat: str | None = None) -> None:
    """A table of the city's rows with its sources, or a notice that none are recorded."""
    if rows.empty:
        st.info(t("city.none_for_city", city=city_name))
        return
    st.dataframe(table(rows, lang), hide_index=True, width="stretch")
    if caveat:
        st.caption(t(caveat))
    ui.source_caption(rows)


lang = ui.page_setup("city")
with ui.guard():
    names = ui.city_names(lang)
    city = state.city_picker(names, default="antwerpen")
    name = names[city]
    profile_rows = queries.run("city_profile", city=city)
    profile = profile_rows.iloc[0].to_dict()
    model_name = i18n.label(downloads.part(profile, "model_"), "name", lang)

    st.title(plain(t("city.title", city=name)))
    st.write(t("city.intro"))
    st.markdown("  \n".join([
        f"**{plain(t('city.level'))}**: {plain(t('enums.level_' + profile['level']))}",
        f"**{plain(t('city.region'))}**: {plain(t('enums.region_' + profile['region']))}",
        f"**{plain(t('city.own_model'))}**: {plain(model_name)}",
    ]))

    zones = queries.run("city_police_zones", city=city)
    population = queries.run("city_population", city=city)
    left, right = st.columns([2, 3])
    with left:
        st.subheader(t("city.police_zones"))
        records(zones, downloads.zones_table, lang, name)
    with right:
        st.subheader(t("city.population"))
        records(population, downloads.population_table, lang, name)

    st.header(plain(t("city.model_header", model=model_name)))
    pillars = queries.run("city_pillars", city=city)
    st.write(t("city.model_pillars"))
    st.markdown("\n".join(
        f"{i}. **{plain(i18n.label(p, 'name', lang))}**"
        + (f" — “{plain(p['name_original'])}”" if isinstance(p["name_original"], str) else "")
        for i, p in enumerate(pillars.to_dict("records"), start=1)
    ))
    if isinstance(profile["quote"], str):
        with st.expander(t("city.model_quote")):
            st.markdown(f"> {plain(profile['quote'])}")
            if isinstance(profile["quote_en"], str):
                st.caption(f"{plain(t('common.quote_en'))}: {plain(profile['quote_en'])}")
            ui.source_caption(profile_rows)

    st.header(t("city.measures_header"))
    measures, groups = downloads.pillar_groups(queries.run("city_measures", city=city), pillars, lang)
    fig = timeline.status_bars(measures, groups, lang, t("city.chart_title", city=name))
    st.plotly_chart(fig, config=charts.PLOTLY_CONFIG, key="main_chart")
    st.caption(t("city.measures_note"))
    with st.expander(t("common.show_table")):
        st.dataframe(timeline.status_counts(measures, groups, lang), width="stretch")
    ui.source_caption(measures)
    ui.chart_downloads(fig, measures, f"measures-{city}", lang)
    for group in groups:
        in_group = measures[measures["group"] == group]
        st.subheader(plain(t("city.group_header", pillar=group, n=len(in_group))))
        if in_group.empty:
            st.caption(t("common.none_recorded"))
        for r in in_group.to_dict("records"):
            head = " · ".join([r["title"], t(f"enums.status_{r['status']}"),
                               t(f"enums.statement_kind_{r['statement_kind']}")])
            with st.expander(plain(head)):
                st.markdown("  \n".join(f"**{plain(label)}**: {plain(value)}"
                                        for label, value in downloads.measure_details(r, lang, names)))
                others = measures.loc[(measures["measure_id"] == r["measure_id"]) & (measures["group"] != group),
                                      "group"].tolist()
                if others:
                    st.caption(plain(t("city.also_under", pillars=", ".join(others))))
                st.markdown(f"> {plain(r['quote'])}")
                st.caption(f"{plain(t('common.quote_en'))}: {plain(r['quote_en'])}")
                st.caption(f"{plain(t('common.source'))}: {plain(r['source_title'])}")

    for header, query, table, caveat in (
        ("city.budgets_header", "city_budgets", downloads.budgets_table, None),
        ("city.capacity_header", "city_capacity", downloads.capacity_table, None),
        ("city.enforcement_header", "city_enforcement", downloads.enforcement_table, "city.enforcement_caveat"),
    ):
        st.header(t(header))
        records(queries.run(query, city=city), table, lang, name, caveat)

    st.header(t("city.timeline_header"))
    in_time = queries.run("city_timeline", city=city)
    dated, undated = in_time[in_time["period_start"].notna()], in_time[in_time["period_start"].isna()]
    if dated.empty:
        st.info(t("city.no_dated", city=name))
    else:
        timeline_fig = timeline.measure_timeline(dated, lang, t("city.timeline_title", city=name))
        st.plotly_chart(timeline_fig, config=charts.PLOTLY_CONFIG, key="timeline_chart")
        st.caption(t("city.timeline_note"))
        with st.expander(t("common.show_table")):
            st.dataframe(downloads.timeline_table(dated, lang), hide_index=True, width="stretch")
        ui.source_caption(dated)
        ui.chart_downloads(timeline_fig, dated, f"timeline-{city}", lang)
    if not undated.empty:
        st.subheader(t("city.undated_header", n=len(undated)))
        st.caption(t("city.undated_note"))
        st.dataframe(downloads.timeline_table(undated, lang), hide_index=True, width="stretch")

    st.header(t("city.sources_header"))
    sources = downloads.sources_table(queries.run("city_sources", city=city), lang)
    st.dataframe(sources, hide_index=True, width="stretch",
                 column_config={t("city.col_link"): st.column_config.LinkColumn(t("city.col_link"))})
    st.caption(views.data_date(lang))
