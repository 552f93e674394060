"""Entry point: navigation over the pages; each page sets itself up (language, URL state, sidebar)."""
import streamlit as st

from drugpolicy import nodelay, state, ui
from drugpolicy.i18n import t

# The one workaround of a Streamlit internal: Streamlit binds its listening socket with proto 0, so asyncio leaves
# Nagle's algorithm on for every connection it accepts (asyncio.base_events._set_nodelay checks proto; the same bug
# in uvicorn: Kludex/uvicorn#3149) and each reply may wait 40 ms for a delayed ACK. Connections accepted after the
# first script run go without it (drugpolicy/nodelay.py); once upstream sets it, this sets what is set already.
nodelay.enable()

pages = ui.nav_pages(state.lang(quiet=True))  # state.lang sets the language of t() too


def landing() -> None:
    """"/" opens the overview at its own address, /overview, with the URL's parameters."""
    st.switch_page(pages["overview"], query_params={k: st.query_params.get_all(k) for k in st.query_params})


# Streamlit serves the default page at "/" and reserves its name: a landing page keeps /overview an
# ordinary page, so a shared /overview link never shows "Page not found".
st.navigation([st.Page(landing, title=t("nav.overview"), default=True), *pages.values()], position="hidden").run()
