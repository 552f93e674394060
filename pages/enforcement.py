"""Enforcement: counts over their periods, one indicator at a time, claims marked apart from statistics."""
import streamlit as st

from drugpolicy import charts, i18n, markup, queries, state, ui
from drugpolicy.charts import figures
from drugpolicy.exports import sections
from drugpolicy.i18n import t


@ui.shared
def enforcement_choices(lang: str) -> dict:
    """The cities that have enforcement figures and the indicators (id -> name) to choose from."""
    indicators = queries.run("figures_indicators", domain="enforcement")
    return {
        "with_figures": tuple(queries.run("figures_cities", domain="enforcement")["city_id"]),
        "indicator_names": {r["indicator_id"]: i18n.label(r, "name", lang) for r in indicators.to_dict("records")},
    }


@ui.shared
def usual_indicator(picked: tuple[str, ...], indicators: tuple[str, ...]) -> str:
    """The indicator most of the picked cities have figures for (the first on a tie), so the page never opens on
    an indicator none of them has."""
    df = queries.run("figures_enforcement", cities=list(picked), indicators=list(indicators))
    if df.empty:
        return indicators[0]
    counts = df.groupby("indicator_id")["city_id"].nunique()
    return max(indicators, key=lambda i: (counts.get(i, 0), -indicators.index(i)))


@ui.shared
def enforcement_view(picked: tuple[str, ...], indicator: str, per: str, lang: str) -> dict:
    """Everything the page shows for a selection, built once per (cities, indicator, per, language) for every
    session."""
    names = ui.city_names(lang)
    colors = charts.city_colors(names)
    indicators = queries.run("figures_indicators", domain="enforcement")
    indicator_names = {r["indicator_id"]: i18n.label(r, "name", lang) for r in indicators.to_dict("records")}
    view = {
        "caveats": [t("personnel.labelled", label=f"**{ui.plain(name)}**", value=ui.plain(text)) for name, text
                    in figures.caveats(indicators[indicators["indicator_id"] == indicator], lang)],
        "data_date": sections.data_date(lang),
    }
    df = queries.run("figures_enforcement", cities=list(picked), indicators=[indicator])
    view["empty"] = df.empty
    view["none_text"] = (ui.plain(t("enforcement.none_for_indicator", indicator=indicator_names[indicator]))
                         if df.empty else "")
    if not df.empty:
        per_note = ""
        if per == "100k":
            first = df.iloc[0].to_dict()
            per_note = t("enforcement.per_note") if figures.divisible(first) else figures.per_capita_text(first, per, lang)
        sources = figures.figure_sources(df, per)
        title = t("enforcement.main_title", indicator=indicator_names[indicator])
        view.update({
            "per_note": per_note,
            "main": figures.enforcement_periods(df, names, colors, lang, per, title),
            "table": figures.enforcement_table(df, names, lang, per),
            "download": df,
            "sources": sources,
            "sources_text": ui.sources_text(sources),
        })
    every = queries.run("figures_enforcement", cities=list(picked), indicators=list(indicator_names))
    view["every_empty"] = every.empty
    if not every.empty:
        view["every_table"] = markup.table_html(figures.enforcement_table(every, names, lang, per))
        view["every_sources_text"] = ui.sources_text(figures.figure_sources(every, per))
    return view


lang = ui.page_setup("enforcement")
with ui.guard():
    st.title(t("enforcement.title"))
    st.info(t("enforcement.caveat"))
    names = ui.city_names(lang)
    choices = enforcement_choices(lang)
    with_figures = {c: n for c, n in names.items() if c in choices["with_figures"]}
    picked = state.cities_picker(names, default=ui.default_group(with_figures, 5), max_n=5)
    indicator_names = choices["indicator_names"]
    if not indicator_names:
        st.info(t("enforcement.nothing"))
        st.stop()
    usual = usual_indicator(tuple(picked), tuple(indicator_names)) if picked else next(iter(indicator_names))
    indicator = state.choice("indicator", list(indicator_names), usual,
                             t("enforcement.indicator_label"), indicator_names.get, widget="selectbox")
    per_names = {"total": t("personnel.per_total"), "100k": t("common.per_100k")}
    per = state.choice("per", list(per_names), "total", t("personnel.per_label"), per_names.get, horizontal=True)
    if not picked:
        st.info(t("common.pick_cities"))
        st.stop()
    view = enforcement_view(tuple(picked), indicator, per, lang)
    for line in view["caveats"]:
        st.markdown(line)
    if view["empty"]:
        st.info(view["none_text"])
    else:
        if per == "100k":
            st.caption(view["per_note"])
        ui.chart(view["main"], "main_chart")
        st.caption(t("enforcement.main_note"))
        ui.table_expander(t("common.show_table"), "main", view["table"], hide_index=True)
        ui.caption(view["sources_text"])
        ui.chart_downloads(view["main"], view["download"], f"enforcement-{indicator}", lang,
                           source_rows=view["sources"])

    st.subheader(t("enforcement.all_heading"))
    st.caption(t("enforcement.all_note"))
    if view["every_empty"]:
        st.info(t("enforcement.nothing_for_cities"))
    else:
        st.html(view["every_table"])
        ui.caption(view["every_sources_text"])
    st.caption(view["data_date"])
