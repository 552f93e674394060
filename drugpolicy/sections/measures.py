"""Sections of the measures explorer: the filters (the page's own pickers), the matching measures by city and status
(a chart with its counts, the filtered rows to download and their sources), and the table of the matching measures
a page of rows at a time; the CSV download under it holds every filtered row."""
from __future__ import annotations

import math

import pandas as pd
import streamlit as st

from drugpolicy import downloads, i18n, markup, queries, state
from drugpolicy.cache import shared
from drugpolicy.charts import timeline
from drugpolicy.i18n import t
from drugpolicy.markup import plain
from drugpolicy.sections.base import Section, names, view_url

LEVEL_ORDER = ("municipal", "police_zone", "regional", "federal")
FILTERS = ("pillars", "instruments", "statuses", "statement_kinds", "levels")  # explorer_measures' list parameters
SEARCH_CHARS = 100  # the search box's length, and what is read of ?q=
PAGE_ROWS = 200  # rows of the table sent and shown at a time (all in the page's flow); the CSV holds every filtered row
ID_COLUMNS = 3  # measure_id, city_id, source_id: first in the download, not shown on screen


@shared
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


def multi_filter(container, param: str, label: str, options: dict[str, str], lang: str) -> list[str]:
    """A multiselect kept in the URL as ?<param>= (a shared link opens the same filters; values that are no
    option are left out), whose choice survives a change of options (model, cities) as far as it still applies."""
    key = f"f_{param}"
    chosen = st.session_state[key] if key in st.session_state else st.query_params.get_all(param)
    st.session_state[key] = [v for v in chosen if v in options]
    value = container.multiselect(label, list(options), format_func=lambda v: options.get(v, v), key=key,
                                  placeholder=t("measures.filter_all", lang))
    _keep(param, value)
    return value


def _keep(param: str, value) -> None:
    """The filter in the URL when set, out of it when not."""
    if value:
        state.set_param(param, value)
    elif param in st.query_params:
        del st.query_params[param]


def filters(picked: tuple[str, ...], model: str, lang: str) -> tuple[tuple[tuple[str, ...], ...], str]:
    """The filters under their heading (keys f_<filter>) and the search box (f_search): each filter's chosen values
    in FILTERS' order, and the search words."""
    options = filter_options(picked, model, lang)
    st.subheader(t("measures.filters", lang))
    first, second, third = st.columns(3)
    columns = {"pillars": first, "instruments": second, "statuses": third, "statement_kinds": first,
               "levels": second}
    chosen = tuple(tuple(multi_filter(columns[k], k, t(f"measures.filter_{k}", lang), options[k], lang))
                   for k in FILTERS)
    if "f_search" not in st.session_state:  # the search words of a shared link (?q=)
        st.session_state["f_search"] = (st.query_params.get("q") or "")[:SEARCH_CHARS]
    search = third.text_input(t("measures.search", lang), key="f_search", help=t("measures.search_help", lang),
                              max_chars=SEARCH_CHARS)
    search = (search or "").strip()
    _keep("q", search)
    return chosen, search


@shared
def found(picked: tuple[str, ...], model: str, lang: str, search: str,
          chosen: tuple[tuple[str, ...], ...]) -> tuple[pd.DataFrame, pd.DataFrame, int]:
    """The measures matching a selection (chosen: each filter's values in FILTERS' order): the query's rows, the
    table of them with the ids first (every filtered row, as downloaded), and how many the cities have in all."""
    df = queries.run("explorer_measures", cities=list(picked), model=model, search=search,
                     **{k: list(v) for k, v in zip(FILTERS, chosen, strict=True)})
    total = len(queries.run("explorer_measures", cities=list(picked), model=model, search="",
                            **{k: [] for k in FILTERS}))
    return df, downloads.measures_table(df, lang, names(lang)[0], with_ids=True), total


def matching(picked: tuple[str, ...], model: str, lang: str, search: str, chosen: tuple) -> pd.DataFrame:
    """Every row matching the filters, with the ids: what the CSV download holds (shared: never change it)."""
    return found(picked, model, lang, search, chosen)[1]


@shared
def status(picked: tuple[str, ...], model: str, lang: str, search: str, chosen: tuple) -> Section:
    """How many measures match, and the matching measures by city and status (a chart with its counts, the
    filtered rows to download and their sources); a notice when none matches."""
    df, full, total = found(picked, model, lang, search, chosen)
    count = t("measures.count", lang, n=i18n.fmt_number(len(df), lang), total=i18n.fmt_number(total, lang))
    intro = f"**{plain(count)}**"
    if df.empty:
        return Section("main", intro=intro, info=t("measures.no_match", lang))
    city_names = names(lang)[0]
    shown = df.assign(group=[city_names[c] for c in df["city_id"]],
                      title=[downloads.measure_title(r, lang) for r in df.to_dict("records")])
    groups = [city_names[c] for c in picked]
    return Section("main", intro=intro, figure=timeline.status_bars(shown, groups, lang,
                                                                    t("measures.chart_title", lang)),
                   notes=(t("measures.chart_note", lang),),
                   table=timeline.status_counts(shown, groups, lang).reset_index(),  # the cities: a column
                   data=full, name="measures-by-status", sources=queries.sources_of(df),
                   url=view_url("measures", lang, cities=list(picked), model=model))


@shared
def table(picked: tuple[str, ...], model: str, lang: str, search: str, chosen: tuple, page: int) -> Section:
    """One page of the table of matching measures (PAGE_ROWS rows, 0-based page), without the ids: every row of the
    page in the page's flow (no box of its own to scroll), in a region named for screen readers."""
    rows = matching(picked, model, lang, search, chosen).iloc[:, ID_COLUMNS:]
    return Section("table", html=markup.table_html(rows.iloc[page * PAGE_ROWS:(page + 1) * PAGE_ROWS],
                                                   label=t("a11y.measures_table", lang), lang=lang))


def page_picker(n: int, selection: tuple, lang: str) -> int:
    """The page of the table to show (0-based), back to the first when the selection changes; no picker (the first
    page) when n rows fit on one."""
    if n <= PAGE_ROWS:
        return 0
    pages = math.ceil(n / PAGE_ROWS)
    if st.session_state.get("f_page_of") != selection or st.session_state.get("f_page", 0) not in range(pages):
        st.session_state["f_page"] = 0
    st.session_state["f_page_of"] = selection
    left, right = st.columns([1, 3], vertical_alignment="bottom")
    page = left.selectbox(t("measures.page", lang), list(range(pages)), key="f_page",
                          help=t("measures.page_help", lang, rows=i18n.fmt_number(PAGE_ROWS, lang)),
                          format_func=lambda p: t("measures.page_option", lang, page=i18n.fmt_number(p + 1, lang),
                                                  pages=i18n.fmt_number(pages, lang)))
    first, last = page * PAGE_ROWS + 1, min(n, (page + 1) * PAGE_ROWS)
    right.markdown(plain(t("measures.rows_shown", lang, first=i18n.fmt_number(first, lang),
                           last=i18n.fmt_number(last, lang), n=i18n.fmt_number(n, lang))))
    return page
