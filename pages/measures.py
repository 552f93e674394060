"""Measures explorer: every measure in a filterable, searchable table, with the filtered rows downloadable as CSV."""
import streamlit as st

import queries
from drugpolicy import charts, downloads, i18n, state, ui, views
from drugpolicy.charts import timeline
from drugpolicy.i18n import t

LEVEL_ORDER = ("municipal", "police_zone", "regional", "federal")


def multi_filter(container, key: str, label: str, options: dict[str, str]) -> list[str]:
    """A multiselect whose choice survives a change of options (model, cities) as far as it still applies."""
    if key in st.session_state:
        st.session_state[key] = [v for v in st.session_state[key] if v in options]
    return container.multiselect(label, list(options), format_func=lambda v: options.get(v, v), key=key,
                                 placeholder=t("measures.filter_all"))


lang = ui.page_setup("measures")
with ui.guard():
    st.title(t("measures.title"))
    st.write(t("measures.intro"))
    names = ui.city_names(lang)
    model_names = ui.model_names(lang)
    picked = state.cities_picker(names, default=list(names), max_n=len(names))
    model = state.model_picker(model_names)
    if not picked:
        st.info(t("common.pick_cities"))
        st.stop()

    pillar_options = downloads.pillar_options(queries.run("explorer_pillars", cities=picked, model=model), model, lang)
    instrument_options = {r["instrument_id"]: i18n.label(r, "name", lang)
                          for r in queries.run("explorer_instruments", cities=picked).to_dict("records")}
    facets = queries.run("explorer_facets", cities=picked)

    st.subheader(t("measures.filters"))
    first, second, third = st.columns(3)
    chosen = {
        "pillars": multi_filter(first, "f_pillars", t("measures.filter_pillars"), pillar_options),
        "instruments": multi_filter(second, "f_instruments", t("measures.filter_instruments"), instrument_options),
        "statuses": multi_filter(third, "f_statuses", t("measures.filter_statuses"),
                                 downloads.facet_options(facets, "status", lang, timeline.STATUS_ORDER)),
        "statement_kinds": multi_filter(first, "f_statement_kinds", t("measures.filter_statement_kinds"),
                                        downloads.facet_options(facets, "statement_kind", lang)),
        "levels": multi_filter(second, "f_levels", t("measures.filter_levels"),
                               downloads.facet_options(facets, "government_level", lang, LEVEL_ORDER)),
    }
    search = third.text_input(t("measures.search"), key="f_search", help=t("measures.search_help"), max_chars=100)

    df = queries.run("explorer_measures", cities=picked, model=model, search=(search or "").strip(), **chosen)
    total = len(queries.run("explorer_measures", cities=picked, model=model, search="",
                            **{k: [] for k in chosen}))
    st.markdown(f"**{ui.plain(t('measures.count', n=i18n.fmt_number(len(df)), total=i18n.fmt_number(total)))}**")

    if df.empty:
        st.info(t("measures.no_match"))
    else:
        shown = df.assign(group=[names[c] for c in df["city_id"]],
                          title=[downloads.measure_title(r, lang) for r in df.to_dict("records")])
        groups = [names[c] for c in picked]
        status_fig = timeline.status_bars(shown, groups, lang, t("measures.chart_title"))
        st.plotly_chart(status_fig, config=charts.PLOTLY_CONFIG, key="main_chart")
        st.caption(t("measures.chart_note"))
        with st.expander(t("common.show_table")):
            st.dataframe(timeline.status_counts(shown, groups, lang), width="stretch")
        ui.chart_downloads(status_fig, downloads.measures_table(df, lang, names, with_ids=True), "measures-by-status",
                           lang, source_rows=df)

    st.dataframe(downloads.measures_table(df, lang, names), hide_index=True, width="stretch", key="measures_table")
    st.download_button(t("common.download_csv"), data=downloads.csv_bytes(downloads.measures_table(
        df, lang, names, with_ids=True)), file_name="measures.csv", mime="text/csv", key="download_csv",
        help=t("measures.download_help"), on_click="ignore")
    ui.source_caption(df)
    st.caption(views.data_date(lang))
