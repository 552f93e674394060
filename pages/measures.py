"""Measures explorer: every measure in a filterable, searchable table, with the filtered rows downloadable as CSV."""
import math

import streamlit as st

from drugpolicy import downloads, i18n, markup, queries, state, ui
from drugpolicy.charts import timeline
from drugpolicy.exports import sections
from drugpolicy.i18n import t

LEVEL_ORDER = ("municipal", "police_zone", "regional", "federal")
FILTERS = ("pillars", "instruments", "statuses", "statement_kinds", "levels")  # explorer_measures' list parameters
PAGE_ROWS = 200  # rows of the table sent at a time; the CSV download holds every filtered row
ID_COLUMNS = 3  # measure_id, city_id, source_id: first in the download, not shown on screen


@ui.shared
def filter_options(picked: tuple[str, ...], model: str, lang: str) -> dict[str, dict[str, str]]:
    """Each filter's options (value -> label) for the cities and model, in FILTERS' order."""
    facets = queries.run("explorer_facets", cities=list(picked))
    return {
        "pillars": downloads.pillar_options(queries.run("explorer_pillars", cities=list(picked), model=model),
                                            model, lang),
        "instruments": {r["instrument_id"]: i18n.label(r, "name", lang)
                        for r in queries.run("explorer_instruments", cities=list(picked)).to_dict("records")},
        "statuses": downloads.facet_options(facets, "status", lang, timeline.STATUS_ORDER),
        "statement_kinds": downloads.facet_options(facets, "statement_kind", lang),
        "levels": downloads.facet_options(facets, "government_level", lang, LEVEL_ORDER),
    }


@ui.shared
def explorer_view(picked: tuple[str, ...], model: str, lang: str, search: str,
                  chosen: tuple[tuple[str, ...], ...]) -> dict:
    """Everything the explorer shows for a selection (chosen: each filter's values in FILTERS' order), built once
    per (cities, model, filters, search, language) for every session."""
    names = ui.city_names(lang)
    df = queries.run("explorer_measures", cities=list(picked), model=model, search=search,
                     **{k: list(v) for k, v in zip(FILTERS, chosen, strict=True)})
    total = len(queries.run("explorer_measures", cities=list(picked), model=model, search="",
                            **{k: [] for k in FILTERS}))
    full = downloads.measures_table(df, lang, names, with_ids=True)
    count = t("measures.count", lang, n=i18n.fmt_number(len(df), lang), total=i18n.fmt_number(total, lang))
    view = {
        "count": f"**{ui.plain(count)}**",
        "empty": df.empty,
        "download": full,  # every filtered row, with the ids
        "table": full.iloc[:, ID_COLUMNS:],  # what the reader sees
        "source_rows": df[["source_id"]].drop_duplicates(),
        "sources_text": ui.sources_text(df),
    }
    if not df.empty:
        shown = df.assign(group=[names[c] for c in df["city_id"]],
                          title=[downloads.measure_title(r, lang) for r in df.to_dict("records")])
        groups = [names[c] for c in picked]
        view["chart"] = timeline.status_bars(shown, groups, lang, t("measures.chart_title", lang))
        view["counts"] = timeline.status_counts(shown, groups, lang)
    return view


def multi_filter(container, key: str, label: str, options: dict[str, str]) -> list[str]:
    """A multiselect whose choice survives a change of options (model, cities) as far as it still applies."""
    if key in st.session_state:
        st.session_state[key] = [v for v in st.session_state[key] if v in options]
    return container.multiselect(label, list(options), format_func=lambda v: options.get(v, v), key=key,
                                 placeholder=t("measures.filter_all"))


@ui.shared
def table_page(picked: tuple[str, ...], model: str, lang: str, search: str, chosen: tuple, page: int) -> str:
    """One page of the explorer's table (PAGE_ROWS rows) as an HTML table, made once per selection and page."""
    table = explorer_view(picked, model, lang, search, chosen)["table"]
    return markup.table_html(table.iloc[page * PAGE_ROWS:(page + 1) * PAGE_ROWS])


def page_picker(n: int, selection: tuple, lang: str) -> int:
    """The page of the table to show (0-based), back to the first when the selection changes."""
    pages = math.ceil(n / PAGE_ROWS)
    if st.session_state.get("f_page_of") != selection or st.session_state.get("f_page", 0) not in range(pages):
        st.session_state["f_page"] = 0
    st.session_state["f_page_of"] = selection
    left, right = st.columns([1, 3], vertical_alignment="bottom")
    page = left.selectbox(t("measures.page"), list(range(pages)), key="f_page",
                          help=t("measures.page_help", rows=i18n.fmt_number(PAGE_ROWS)),
                          format_func=lambda p: t("measures.page_option", lang, page=i18n.fmt_number(p + 1, lang),
                                                  pages=i18n.fmt_number(pages, lang)))
    first, last = page * PAGE_ROWS + 1, min(n, (page + 1) * PAGE_ROWS)
    right.markdown(ui.plain(t("measures.rows_shown", first=i18n.fmt_number(first), last=i18n.fmt_number(last),
                              n=i18n.fmt_number(n))))
    return page


lang = ui.page_setup("measures")
with ui.guard():
    st.title(t("measures.title"))
    st.markdown(t("measures.intro"))
    names = ui.city_names(lang)
    model_names = ui.model_names(lang)
    picked = tuple(state.cities_picker(names, default=list(names), max_n=len(names)))
    model = state.model_picker(model_names)
    if not picked:
        st.info(t("common.pick_cities"))
        st.stop()

    options = filter_options(picked, model, lang)
    st.subheader(t("measures.filters"))
    first, second, third = st.columns(3)
    columns = {"pillars": first, "instruments": second, "statuses": third, "statement_kinds": first,
               "levels": second}
    chosen = tuple(tuple(multi_filter(columns[k], f"f_{k}", t(f"measures.filter_{k}"), options[k]))
                   for k in FILTERS)
    search = third.text_input(t("measures.search"), key="f_search", help=t("measures.search_help"), max_chars=100)
    search = (search or "").strip()

    view = explorer_view(picked, model, lang, search, chosen)
    st.markdown(view["count"])
    if view["empty"]:
        st.info(t("measures.no_match"))
    else:
        ui.chart(view["chart"], "main_chart")
        st.caption(t("measures.chart_note"))
        ui.table_expander(t("common.show_table"), "main", view["counts"])
        ui.chart_downloads(view["chart"], view["download"], "measures-by-status", lang,
                           source_rows=view["source_rows"])

    page = page_picker(len(view["table"]), (picked, model, search, chosen), lang) \
        if len(view["table"]) > PAGE_ROWS else 0
    st.html(table_page(picked, model, lang, search, chosen, page))
    csv_rows = view["download"]
    st.download_button(t("common.download_csv"), data=lambda: downloads.csv_bytes(csv_rows),  # made on click
                       file_name="measures.csv", mime="text/csv", key="download_csv", help=t("measures.download_help"),
                       on_click="ignore")
    ui.caption(view["sources_text"])
    st.caption(sections.data_date(lang))
