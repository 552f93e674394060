"""Personnel and capacity: actual staffing against what is required or targeted, in totals or per 100,000 inhabitants."""
import streamlit as st

from drugpolicy import charts, ui
from drugpolicy.charts import figures
from drugpolicy.exports import sections
from drugpolicy.i18n import t


@ui.shared
def personnel_view(picked: tuple[str, ...], per: str, lang: str) -> dict:
    """Everything the page shows for a selection, built once per (cities, per, language) for every session."""
    names, df, view = ui.figures_rows("personnel", "figures_capacity", picked, lang)
    if df.empty:
        return view
    colors = charts.city_colors(names)
    sources = figures.figure_sources(df, per)
    series = figures.capacity_series(df, names, colors, lang, per, t("personnel.series_title"))
    notes = figures.caveats(df, lang)
    view.update({
        "per_note": t("personnel.per_note") if per == "100k" else "",
        "main": figures.capacity_gap(df, names, colors, lang, per, t("personnel.main_title")),
        "table": figures.capacity_table(df, names, lang, per),
        "download": df,
        "sources": sources,
        "sources_text": ui.sources_text(sources),
        "series": series,
        "caveats": "\n".join("- " + t("personnel.labelled", label=f"**{ui.plain(name)}**", value=ui.plain(text))
                             for name, text in notes),
        "data_date": sections.data_date(lang),
    })
    if series is not None:
        several = figures.series_rows(df)
        view["series_table"] = figures.capacity_table(several, names, lang, per)
        view["series_sources_text"] = ui.sources_text(figures.figure_sources(several, per))
    return view


lang = ui.page_setup("personnel")
with ui.guard():
    per_names = {"total": t("personnel.per_total"), "100k": t("common.per_100k")}
    picked, per, view = ui.figures_page("personnel", "capacity", per_names, lang, personnel_view)
    ui.caption(view["per_note"])
    ui.chart(view["main"], "main_chart")
    st.caption(t("personnel.main_note"))
    ui.table_expander(t("common.show_table"), "main", view["table"], hide_index=True)
    ui.caption(view["sources_text"])
    ui.chart_downloads(view["main"], view["download"], "personnel", lang, source_rows=view["sources"])

    if view["series"] is not None:
        st.subheader(t("personnel.series_heading"))
        ui.chart(view["series"], "series_chart")
        ui.table_expander(t("common.show_table"), "series", view["series_table"], hide_index=True)
        ui.caption(view["series_sources_text"])

    if view["caveats"]:
        st.subheader(t("personnel.caveats_heading"))
        st.markdown(view["caveats"])
    st.caption(view["data_date"])
