"""What every page shares: set-up that works when a page is opened first by a deep link, navigation, captions."""
from __future__ import annotations

import atexit
import contextlib
import gc
import logging
import re
import uuid

import pandas as pd
import streamlit as st

from drugpolicy import db, i18n, sections, state
from drugpolicy.i18n import t
from drugpolicy.markup import plain
from drugpolicy.sections.base import SOURCES_LISTED, Section
from drugpolicy.validate import DataError, is_web_address

log = logging.getLogger("drugpolicy")

def page_setup(key: str) -> str:
    """Set up a page (config, language in the URL, data check); return the language."""
    lang = state.lang()
    st.set_page_config(page_title=f"{t(f'nav.{key}')} · {t('common.app_title')}", layout="wide",
                       initial_sidebar_state="auto")  # closed on a phone, open on a wide screen
    state.set_param("lang", lang)
    st.html(state.PICKER_STYLE)  # one style element for every picker of the page
    try:
        db.connection()
    except DataError as err:
        # one short message: the full list (server paths, raw values) goes to the server log and the validator
        st.error(t("common.data_invalid", ref=err.reference))
        st.stop()
    _freeze_heap()
    return lang


_heap_frozen = False


def _freeze_heap() -> None:
    """Once per process, when the modules and the data are loaded: keep them out of the garbage collector's walk.

    A full collection walks every tracked object: the heap of plotly, pandas, pyarrow and the data made each one
    cost about 100 ms on these machines (Streamlit's own collection after every run, runner.postScriptGC, is off
    in .streamlit/config.toml for the same reason). Frozen objects are still freed by reference counting; only
    the cycle search skips them. Later garbage is collected as before.
    """
    global _heap_frozen
    if _heap_frozen:
        return
    _heap_frozen = True
    gc.collect()
    gc.freeze()
    atexit.register(gc.unfreeze)  # extension modules (duckdb) then free their objects at exit without warnings


def sources_caption(src: pd.DataFrame) -> str:
    """The caption naming these sources (queries.sources_of rows), with links; "" when there are none."""
    if src.empty:
        return ""
    if len(src) > SOURCES_LISTED:  # a caption of fifty titles is a wall, not a reference: say where they are
        return t("common.sources_many", n=i18n.fmt_number(len(src)))
    parts = []
    for row in src.itertuples():
        title = plain(f"{row.title} ({row.publisher})")
        parts.append(f"[{title}]({row.url})" if is_web_address(row.url) else title)
    return t("common.sources_caption", sources="; ".join(parts))


def caption(*texts: str) -> None:
    """One st.caption of the non-empty texts, a paragraph each; nothing when all are empty (a view's sources_text
    when no row has a source). One element rather than one per text: each costs the server on every visit."""
    shown = [text for text in texts if text]
    if shown:
        st.caption("\n\n".join(shown))


def chart(fig, key: str) -> None:
    """Draw a plotly figure on screen, keyed (its element has the st-key-<key> class), as wide as the page column.

    Drawn by a plotly.js bundle of the traces the dashboard uses (components/plotly_light), not st.plotly_chart's
    full chunk: a page shows its chart about a second sooner. A figure with a trace that bundle lacks falls back
    to st.plotly_chart. fig may be a shared, cached figure: it is only read, and its JSON is made once.
    """
    import streamlit_plotly_light as light

    from drugpolicy import charts

    if light.supports(fig):
        light.plotly_chart(fig, key=key, config=charts.PLOTLY_CONFIG)
    else:
        st.plotly_chart(fig, config=charts.PLOTLY_CONFIG, key=key)


LAZY_TABLES = "tables_"  # key prefix of table_expander's expanders (tests open them by it)


def table_expander(label: str, key: str, table: pd.DataFrame, **dataframe_args) -> None:
    """A table in an expander, built and sent only once the visitor opens it.

    Opening it reruns the page (its views are shared: a warm rerun). Closed, it costs its label: a page's first
    view carries none of its tables, and the browser loads the data grid's code only when one is opened.
    key: unique on the page; dataframe_args: for st.dataframe.
    """
    expander = st.expander(label, key=LAZY_TABLES + key, on_change="rerun")
    if expander.open:
        with expander:
            st.dataframe(table, width="stretch", **dataframe_args)


@contextlib.contextmanager
def guard():
    """Show a friendly message with a reference instead of a traceback; log the traceback."""
    # st.stop() and reruns raise BaseExceptions, which pass through.
    try:
        yield
    except Exception:  # noqa: BLE001 - the page must keep serving
        ref = uuid.uuid4().hex[:8]
        log.exception("page error, reference %s", ref)
        st.error(t("common.error_friendly", ref=ref))


LAZY_DOWNLOADS = "downloads_"  # key prefix of the download menus (tests open them by it)


def downloads(section: Section, lang: str) -> None:
    """A download menu under a section's chart: PNG, SVG (title, sources and data date drawn in), CSV and XLSX
    (with a sources sheet); under a table, CSV and XLSX.

    The menu's buttons are built and sent only once the visitor opens it (a warm rerun), and each file is made
    only when its button is clicked: closed, the menu is one element of the page's first view.
    """
    name = section.name or section.key
    slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-") or "chart"
    drawn = section.figure is not None
    menu = st.popover(t("exports.downloads_menu" if drawn else "exports.downloads_menu_data"),
                      key=LAZY_DOWNLOADS + slug, on_change="rerun")
    if not menu.open:
        return

    from drugpolicy import downloads as files
    from drugpolicy import queries
    from drugpolicy.exports import images, tables

    made = [
        *([("png", "image/png", lambda: images.picture(section, lang, "png")),
           ("svg", "image/svg+xml", lambda: images.picture(section, lang, "svg"))] if drawn else []),
        ("csv", "text/csv", lambda: files.csv_bytes(section.data)),
        ("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
         lambda: tables.xlsx_bytes(tables.chart_sheets(section, lang), queries.run("export_sources"), lang)),
    ]
    with menu:
        st.caption(t("exports.downloads_label" if drawn else "exports.downloads_label_data"))
        for ext, mime, make in made:
            st.download_button(t(f"exports.download_{ext}"), data=make, file_name=f"{slug}.{ext}", mime=mime,
                               on_click="ignore", key=f"dl_{slug}_{ext}", width="stretch")


def show(section: Section, lang: str) -> None:
    """Draw a section: heading, intro, its notice or its content (chart or HTML block, text, notes, the table on
    demand), its sources and, when it has data, the download menu."""
    if section.heading:
        (st.header if section.level <= 2 else st.subheader)(section.heading)
    if section.intro:
        st.markdown(section.intro)
    if section.info:
        st.info(section.info)
        return
    if section.html:
        st.html(section.html)
    elif section.figure is not None:
        chart(section.figure, f"{section.key}_chart")
    if section.markdown:
        st.markdown(section.markdown)
    caption(*section.notes)
    if section.table is not None:
        table_expander(section.table_label or t("common.show_table"), section.key, section.table, hide_index=True)
    caption(sources_caption(section.sources))
    if section.data is not None:
        downloads(section, lang)


def figures_page(key: str, domain: str, per_names: dict[str, str]) -> tuple[tuple[str, ...], str]:
    """The top of a figures page (personnel, budgets): title, intro, the cities that have figures in the domain
    (opening on a peer group of them) and the total / per-inhabitant switch; stops with a hint when no city is
    picked. Texts come from <key>.title, .intro and .per_label; returns (picked, per)."""

    st.title(t(f"{key}.title"))
    st.markdown(t(f"{key}.intro"))
    lang = i18n.get_lang()
    picked = state.cities_picker(sections.names(lang)[0], default=sections.base.default_group(lang, domain),
                                 groups=sections.base.groups(lang, domain))
    per = state.choice("per", list(per_names), "total", t(f"{key}.per_label"), per_names.get, horizontal=True)
    if not picked:
        st.info(t("common.pick_cities"))
        st.stop()
    return tuple(picked), per
