"""Entry point: the page list, the sidebar menu and the language links; `streamlit run dashboard.py`.

Each page sets itself up (language, URL state, data check), so a page file also runs on its own (the tests do).
Imported (`from dashboard import PAGES`), it only defines the page list: Streamlit runs it as __main__.
"""
from pathlib import Path

import streamlit as st

# (key, file): the key is the page's address (/compare) in every language and its title key nav.<key>.
PAGES = [(key, Path(__file__).parent / "app_pages" / f"{key}.py") for key in (
    "overview", "gap", "compare", "city", "personnel", "enforcement", "budgets", "measures", "sources", "briefing")]


def menu(pages: dict[str, st.Page], lang: str) -> None:
    """The sidebar: a link per page, carrying the view (?cities=, ?model=, ?lang=), and the language, a choice
    that keeps this page and its view."""
    from drugpolicy import state
    from drugpolicy.i18n import LANGS, LANGUAGE_NAMES, t

    def switch() -> None:
        st.query_params["lang"] = st.session_state["w_lang"]

    carried = state.shared_params()
    with st.sidebar:
        st.markdown(f"**{t('common.app_title')}**")
        for key, page in pages.items():
            st.page_link(page, label=t(f"nav.{key}"), query_params=carried)
        st.session_state["w_lang"] = lang
        st.radio(t("common.language"), LANGS, format_func=LANGUAGE_NAMES.get, key="w_lang", on_change=switch)


def frame():
    """Every visit's start, whatever its page: Nagle off, the language, the page list and navigation, the sidebar.
    Returns the page to run (bench/oneframe.py runs one line in its place)."""
    from drugpolicy import nodelay, state
    from drugpolicy.i18n import t

    # The one workaround of a Streamlit internal: Streamlit binds its listening socket with proto 0, so asyncio
    # leaves Nagle's algorithm on for every connection it accepts (asyncio.base_events._set_nodelay checks proto;
    # the same bug in uvicorn: Kludex/uvicorn#3149) and each reply may wait 40 ms for a delayed ACK. Connections
    # accepted after the first script run go without it (drugpolicy/nodelay.py).
    nodelay.enable()
    lang = state.lang(quiet=True)  # sets the language of t() too
    pages = {key: st.Page(path, title=t(f"nav.{key}"), url_path=key) for key, path in PAGES}

    def landing() -> None:
        """"/" opens the overview at its own address, /overview, with the URL's parameters: a shared /overview
        link is then an ordinary page (Streamlit reserves the default page's name)."""
        st.switch_page(pages["overview"], query_params={k: st.query_params.get_all(k) for k in st.query_params})

    current = st.navigation([st.Page(landing, title=t("nav.overview"), default=True), *pages.values()],
                            position="hidden")
    menu(pages, lang)
    return current


if __name__ == "__main__":
    frame().run()
