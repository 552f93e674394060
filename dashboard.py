"""Entry point: navigation over the pages; each page sets itself up (language, URL state, sidebar)."""
import streamlit as st

from drugpolicy import state, ui
from drugpolicy.i18n import t

pages = ui.nav_pages(state.lang(quiet=True))  # state.lang sets the language of t() too


def landing() -> None:
    """"/" opens the overview at its own address, /overview, with the URL's parameters."""
    st.switch_page(pages["overview"], query_params={k: st.query_params.get_all(k) for k in st.query_params})


# Streamlit serves the default page at "/" and reserves its name: a landing page keeps /overview an
# ordinary page, so a shared /overview link never shows "Page not found".
st.navigation([st.Page(landing, title=t("nav.overview"), default=True), *pages.values()], position="hidden").run()
