"""City profile: one city in full, from its own pillar model and measures to its budgets, figures, timeline and sources."""
import streamlit as st

from drugpolicy import downloads, i18n, markup, queries, state, ui
from drugpolicy.charts import timeline
from drugpolicy.exports import sections
from drugpolicy.i18n import t

plain = ui.plain

# The figures pages' own queries, for a list of one city (no second query for one city).
TABLES = (
    ("city.budgets_header", "figures_budgets", downloads.budgets_table, None),
    ("city.capacity_header", "figures_capacity", downloads.capacity_table, None),
    ("city.enforcement_header", "figures_enforcement", downloads.enforcement_table, "city.enforcement_caveat"),
)


def city_figures(query: str, city: str):
    if query == "figures_enforcement":
        every = list(queries.run("figures_indicators", domain="enforcement")["indicator_id"])
        return queries.run(query, cities=[city], indicators=every)
    return queries.run(query, cities=[city])


def records_view(rows, table, lang: str, city_name: str, caveat: str | None = None) -> dict:
    """A table of the city's rows with its caveat and sources, or the notice that none are recorded."""
    if rows.empty:
        return {"info": t("city.none_for_city", city=plain(city_name)), "table": None}
    return {"info": None, "table": markup.table_html(table(rows, lang)), "caveat": t(caveat) if caveat else None,
            "sources_text": ui.sources_text(rows)}


def records(view: dict) -> None:
    if view["info"] is not None:
        st.info(view["info"])
        return
    st.html(view["table"])
    if view["caveat"]:
        st.caption(view["caveat"])
    ui.caption(view["sources_text"])


def measure_groups(measures, groups: list[str], names: dict[str, str], lang: str) -> str:
    """The measures per pillar group, each folding open on its details, quote and source: one HTML block."""
    out = []
    for group in groups:
        in_group = measures[measures["group"] == group]
        items = []
        for r in in_group.to_dict("records"):
            others = measures.loc[(measures["measure_id"] == r["measure_id"]) & (measures["group"] != group),
                                  "group"].tolist()
            items.append({
                "summary": " · ".join([r["title"], t(f"enums.status_{r['status']}"),
                                       t(f"enums.statement_kind_{r['statement_kind']}")]),
                "fields": downloads.measure_details(r, lang, names),
                "notes_before": [t("city.also_under", pillars=", ".join(others)) if others else ""],
                "quote": r["quote"],
                "notes_after": [f"{t('common.quote_en')}: {r['quote_en']}",
                                f"{t('common.source')}: {r['source_title']}"],
            })
        out.append({"heading": t("city.group_header", pillar=group, n=len(in_group)),
                    "none": t("common.none_recorded") if in_group.empty else "", "items": items})
    return markup.details_groups_html(out)


@ui.shared
def city_view(city: str, lang: str) -> dict:
    """Everything the profile of one city shows, built once per (city, language) for every session."""
    names = ui.city_names(lang)
    name = names[city]
    profile_rows = queries.run("city_profile", city=city)
    profile = profile_rows.iloc[0].to_dict()
    model_name = i18n.label(downloads.part(profile, "model_"), "name", lang)
    own = bool(profile["has_own_model"])  # else the five pillars, as the curators classified: no source's words
    view = {
        "title": plain(t("city.title", city=name)),
        "profile": "  \n".join([
            f"**{plain(t('city.level'))}**: {plain(t('enums.level_' + profile['level']))}",
            f"**{plain(t('city.region'))}**: {plain(t('enums.region_' + profile['region']))}",
            f"**{plain(t('city.own_model'))}**: {plain(model_name)}"
            + ("" if own else f" — {plain(t('common.no_own_model'))}"),
            f"**{plain(t('overview.measures_recorded'))}**: {plain(ui.record_basis(lang)[city])}",
        ]),
        "zones": records_view(queries.run("city_police_zones", city=city), downloads.zones_table, lang, name),
        "population": records_view(queries.run("city_population", city=city), downloads.population_table, lang,
                                   name),
        "model_header": plain(t("city.model_header" if own else "city.model_header_none", model=model_name)),
        "model_pillars": t("city.model_pillars" if own else "city.model_pillars_none"),
    }
    pillars = queries.run("city_pillars", city=city)
    view["pillars"] = "\n".join(
        f"{i}. **{plain(i18n.label(p, 'name', lang))}**"
        + (f" — “{plain(p['name_original'])}”" if own and isinstance(p["name_original"], str) else "")
        for i, p in enumerate(pillars.to_dict("records"), start=1)
    )
    view["model_quote"] = None
    if own and isinstance(profile["quote"], str):
        view["model_quote"] = {
            "quote": f"> {plain(profile['quote'])}",
            "quote_en": (f"{plain(t('common.quote_en'))}: {plain(profile['quote_en'])}"
                         if isinstance(profile["quote_en"], str) else None),
            "sources_text": ui.sources_text(profile_rows),
        }

    measures, groups = downloads.pillar_groups(queries.run("city_measures", city=city), pillars, lang)
    view.update({
        "measures": measures,
        "status_bars": timeline.status_bars(measures, groups, lang, t("city.chart_title", city=name)),
        "status_counts": timeline.status_counts(measures, groups, lang),
        "measures_sources_text": ui.sources_text(measures),
        "groups_html": measure_groups(measures, groups, names, lang),
        "tables": [(t(header), records_view(city_figures(query, city), table, lang, name, caveat))
                   for header, query, table, caveat in TABLES],
    })

    in_time = queries.run("city_timeline", city=city)
    dated, undated = in_time[in_time["period_start"].notna()], in_time[in_time["period_start"].isna()]
    view["timeline"] = None if dated.empty else {
        "figure": timeline.measure_timeline(dated, lang, t("city.timeline_title", city=name)),
        "table": downloads.timeline_table(dated, lang),
        "sources_text": ui.sources_text(dated),
        "rows": dated,
    }
    view["no_dated"] = t("city.no_dated", city=plain(name))
    view["undated"] = None if undated.empty else {
        "subheader": t("city.undated_header", n=len(undated)),
        "table": markup.table_html(downloads.timeline_table(undated, lang)),
    }
    view["sources"] = markup.table_html(downloads.sources_table(queries.run("city_sources", city=city), lang),
                                        link_columns=(t("city.col_link"),))
    return view


lang = ui.page_setup("city")
with ui.guard():
    names = ui.city_names(lang)
    city = state.city_picker(names, default="antwerpen")
    view = city_view(city, lang)

    st.title(view["title"])
    st.markdown(t("city.intro"))
    st.markdown(view["profile"])

    left, right = st.columns([2, 3])
    with left:
        st.subheader(t("city.police_zones"))
        records(view["zones"])
    with right:
        st.subheader(t("city.population"))
        records(view["population"])

    st.header(view["model_header"])
    st.markdown(view["model_pillars"])
    st.markdown(view["pillars"])
    if view["model_quote"]:
        with st.expander(t("city.model_quote")):
            st.markdown(view["model_quote"]["quote"])
            if view["model_quote"]["quote_en"] is not None:
                st.caption(view["model_quote"]["quote_en"])
            ui.caption(view["model_quote"]["sources_text"])

    st.header(t("city.measures_header"))
    ui.chart(view["status_bars"], "main_chart")
    st.caption(t("city.measures_note"))
    ui.table_expander(t("common.show_table"), "main", view["status_counts"])
    ui.caption(view["measures_sources_text"])
    ui.chart_downloads(view["status_bars"], view["measures"], f"measures-{city}", lang)
    st.html(view["groups_html"])

    for header, table in view["tables"]:
        st.header(header)
        records(table)

    st.header(t("city.timeline_header"))
    if view["timeline"] is None:
        st.info(view["no_dated"])
    else:
        ui.chart(view["timeline"]["figure"], "timeline_chart")
        st.caption(t("city.timeline_note"))
        ui.table_expander(t("common.show_table"), "timeline", view["timeline"]["table"], hide_index=True)
        ui.caption(view["timeline"]["sources_text"])
        ui.chart_downloads(view["timeline"]["figure"], view["timeline"]["rows"], f"timeline-{city}", lang)
    if view["undated"] is not None:
        st.subheader(view["undated"]["subheader"])
        st.caption(t("city.undated_note"))
        st.html(view["undated"]["table"])

    st.header(t("city.sources_header"))
    st.html(view["sources"])
    st.caption(sections.data_date(lang))
