"""What every page shares: set-up that works when a page is opened first by a deep link, navigation, captions."""
from __future__ import annotations

import atexit
import contextlib
import copy
import gc
import logging
import re
import uuid
from pathlib import Path
from urllib.parse import urlencode

import pandas as pd
import streamlit as st

from drugpolicy import db, i18n, state
from drugpolicy.cache import BUILDS, shared  # noqa: F401 - pages use ui.shared, tests ui.BUILDS
from drugpolicy.i18n import t
from drugpolicy.markup import plain  # noqa: F401 - pages use ui.plain
from drugpolicy.validate import DataError, is_web_address

log = logging.getLogger("drugpolicy")
ROOT = Path(__file__).resolve().parent.parent

# (key, file): the key is the page's address (/compare) in every language and its title key nav.<key>.
PAGES = [
    ("overview", "pages/overview.py"),
    ("compare", "pages/compare.py"),
    ("city", "pages/city.py"),
    ("personnel", "pages/personnel.py"),
    ("enforcement", "pages/enforcement.py"),
    ("budgets", "pages/budgets.py"),
    ("measures", "pages/measures.py"),
    ("sources", "pages/sources.py"),
    ("briefing", "pages/briefing.py"),
]

LANGUAGE_NAMES = {"nl": "Nederlands", "fr": "Français", "en": "English"}  # each in its own language

_page_templates: dict[str, dict[str, st.Page]] = {}  # language -> page key -> an st.Page that is only copied


def nav_pages(lang: str) -> dict[str, st.Page]:
    """This run's st.Page objects for st.navigation (dashboard.py), titled in lang.

    Each is a copy of a page made once per language and process. Making an st.Page looks its file up on disk,
    about 0.2 ms a page and 2 ms a visit for all of them; a copy is a dict copy. Copies, not the shared objects:
    st.navigation marks the page it returns as runnable and running it clears the mark, so one object shared by
    sessions running at once would race on that mark.
    """
    templates = _page_templates.get(lang)
    if templates is None:
        templates = {key: st.Page(path, title=t(f"nav.{key}", lang), url_path=key) for key, path in PAGES}
        _page_templates[lang] = templates
    return {key: copy.copy(page) for key, page in templates.items()}


def page_setup(key: str) -> str:
    """Set up a page (config, language, navigation, data check); return the language."""
    lang = state.lang()
    st.set_page_config(page_title=f"{t(f'nav.{key}')} · {t('common.app_title')}", layout="wide",
                       initial_sidebar_state="expanded")
    _sidebar(key, lang)
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


def base_path() -> str:
    """server.baseUrlPath as a path prefix: "" or "/base" (or "/a/b")."""
    return "".join(f"/{part}" for part in (st.get_option("server.baseUrlPath") or "").split("/") if part)


def _sidebar(current: str, lang: str) -> None:
    import streamlit_page_nav

    params = state.shared_params()
    here = state.url_params()
    root = f"{base_path()}/"  # "/" or "/base/"

    def href(page: str, query: dict) -> str:
        return f"{root}{page}?{urlencode(query, doseq=True)}" if query else f"{root}{page}"

    with st.sidebar:
        # One element for the menu and the languages (components/page_nav), where st.page_link made one per page
        # and a selectbox chose the language. Page links carry the view, as st.page_link's did; the languages are
        # links to this page and view in each language, each named in its own language.
        streamlit_page_nav.page_nav(
            [(key, t(f"nav.{key}"), href(key, params), key == current) for key, _ in PAGES],
            title=t("common.app_title"), label=t("common.navigation"),
            langs=[(code, LANGUAGE_NAMES[code], href(current, {**here, "lang": code}), code == lang)
                   for code in i18n.LANGS],
            langs_label=t("common.language"))
    state.set_param("lang", lang)


@shared
def city_names(lang: str) -> dict[str, str]:
    """City id -> name in lang, in the data's order; shared between sessions: read it, never change it."""
    from drugpolicy import queries

    return {row.city_id: i18n.label(row._asdict(), "name", lang) for row in queries.run("cities").itertuples()}


@shared
def record_basis(lang: str) -> dict[str, str]:
    """City id -> what its record rests on ('12 drug-policy measures from 4 sources, latest 2024'), a single-source
    record marked as thin, general-security measures counted apart, and a region said to be no city."""
    from drugpolicy import queries

    out = {}
    for r in queries.run("cities").to_dict("records"):
        n, sources, latest = int(r["measure_count"]), int(r["source_count"]), r["latest_source_year"]
        latest = "?" if pd.isna(latest) else str(int(latest))
        key = "common.basis_none" if n == 0 else "common.basis_one" if sources == 1 else "common.basis_many"
        parts = [t(key, lang, measures=i18n.fmt_number(n, lang), sources=i18n.fmt_number(sources, lang),
                   latest=latest)]
        if r["other_measure_count"]:
            parts.append(t("common.basis_other", lang, n=i18n.fmt_number(int(r["other_measure_count"]), lang)))
        if r["level"] == "region":
            parts.append(t("common.region_not_city", lang))
        out[r["city_id"]] = "; ".join(parts)
    return out


def default_group(names: dict[str, str], at_most: int) -> list[str]:
    """The cities a page opens on: the first peer group with members (at most at_most of them, by name), so no page
    opens on everything, nor on an unnamed municipality's election programme."""
    from drugpolicy import queries

    groups = queries.run("peer_groups").dropna(subset=["city_id"])
    for _, members in groups.groupby("sort_order", sort=True):
        ids = sorted((c for c in members["city_id"] if c in names), key=lambda c: names[c])
        if ids:
            return ids[:at_most]
    return list(names)[:at_most]


@shared
def model_names(lang: str) -> dict[str, str]:
    """Model id -> name in lang; shared between sessions: read it, never change it."""
    from drugpolicy import queries

    return {row.model_id: i18n.label(row._asdict(), "name", lang) for row in queries.run("models").itertuples()}


SOURCES_LISTED = 8  # at most this many sources are named in a caption


def sources_text(df: pd.DataFrame, column: str = "source_id") -> str:
    """The caption naming the sources behind df's rows, with links; "" when there are none."""
    from drugpolicy import queries

    src = queries.sources_of(df, column)
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


def table_expander(label: str, key: str, table: pd.DataFrame, note: str | None = None, **dataframe_args) -> None:
    """A table in an expander, built and sent only once the visitor opens it.

    Opening it reruns the page (its views are shared: a warm rerun). Closed, it costs its label: a page's first
    view carries none of its tables, and the browser loads the data grid's code only when one is opened.
    key: unique on the page; note: a caption under the table; dataframe_args: for st.dataframe.
    """
    expander = st.expander(label, key=LAZY_TABLES + key, on_change="rerun")
    if expander.open:
        with expander:
            st.dataframe(table, width="stretch", **dataframe_args)
            if note:
                st.caption(note)


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


LAZY_DOWNLOADS = "downloads_"  # key prefix of chart_downloads' menus (tests open them by it)


def chart_downloads(fig, data: pd.DataFrame, name: str, lang: str, source_rows: pd.DataFrame | None = None) -> None:
    """A download menu under a chart: PNG, SVG (title, sources and data date drawn in), CSV and XLSX (with a sources
    sheet).

    The menu's buttons are built and sent only once the visitor opens it (a warm rerun), and each file is made
    only when its button is clicked: closed, the menu is one element of the page's first view, where its four
    buttons, their row and their caption were six, about 2 ms of the server's work on every visit.
    source_rows: rows with a source_id column naming the sources behind data, when data has none.
    """
    slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-") or "chart"
    menu = st.popover(t("exports.downloads_menu"), key=LAZY_DOWNLOADS + slug, on_change="rerun")
    if not menu.open:
        return

    from drugpolicy import downloads, queries
    from drugpolicy.exports import images, sections, tables

    rows = data if source_rows is None else source_rows

    def image(fmt: str):
        def make() -> bytes:
            sources = (queries.sources_of(rows) if "source_id" in rows.columns
                       else queries.run("export_sources").head(0))
            footer = images.footer_text(sources, lang, sections.data_date(lang))
            return images.to_image(images.with_footer(fig, footer), fmt)
        return make

    files = [
        ("png", "image/png", image("png")),
        ("svg", "image/svg+xml", image("svg")),
        ("csv", "text/csv", lambda: downloads.csv_bytes(data)),
        ("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
         lambda: tables.xlsx_bytes({name[:31]: data}, queries.run("export_sources"), lang)),
    ]
    with menu:
        st.caption(t("exports.downloads_label"))
        for ext, mime, make in files:
            st.download_button(t(f"exports.download_{ext}"), data=make, file_name=f"{slug}.{ext}", mime=mime,
                               on_click="ignore", key=f"dl_{slug}_{ext}", width="stretch")


def figures_rows(key: str, query: str, picked: tuple[str, ...], lang: str) -> tuple[dict, pd.DataFrame, dict]:
    """The start of a figures page's builder: city names, the rows of `query` for the picked cities, and the view
    so far: "without", the caption naming picked cities without figures (<key>.no_figures_for), and "empty"."""
    from drugpolicy import queries

    names = city_names(lang)
    df = queries.run(query, cities=list(picked))
    without = [names[c] for c in picked if c not in set(df["city_id"])]
    view = {"without": plain(t(f"{key}.no_figures_for", cities=", ".join(without))) if without else "",
            "empty": df.empty}
    return names, df, view


def figures_page(key: str, domain: str, per_names: dict[str, str], lang: str, build
                 ) -> tuple[list[str], str, dict]:
    """The top of a figures page (personnel, budgets): title, intro, the cities that have figures in the domain
    and the total / per-inhabitant switch; then the page's view, build(picked as a tuple, per, lang) (a
    ui.shared builder). The view's "without" is the caption naming picked cities without figures
    ("" for none) and "empty" says nothing was found: the page is stopped with a hint before returning.
    Texts come from <key>.title, .intro, .per_label and .nothing; returns (picked, per, view)."""
    from drugpolicy import queries

    st.title(t(f"{key}.title"))
    st.markdown(t(f"{key}.intro"))
    names = city_names(lang)
    with_figures = set(queries.run("figures_cities", domain=domain)["city_id"])
    default = default_group({c: n for c, n in names.items() if c in with_figures}, 5)
    picked = state.cities_picker(names, default=default, max_n=5)
    per = state.choice("per", list(per_names), "total", t(f"{key}.per_label"), per_names.get, horizontal=True)
    if not picked:
        st.info(t("common.pick_cities"))
        st.stop()
    view = build(tuple(picked), per, lang)
    caption(view["without"])
    if view["empty"]:
        st.info(t(f"{key}.nothing"))
        st.stop()
    return picked, per, view
