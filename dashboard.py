"""Entry point: navigation over the pages; each page sets itself up (language, URL state, sidebar)."""
import streamlit as st

from drugpolicy import i18n, state, ui
from drugpolicy.i18n import t

i18n.set_lang(state.lang(quiet=True))
pages = [st.Page(path, title=t(f"nav.{key}"), url_path=key, default=key == "overview") for key, path in ui.PAGES]
st.navigation(pages, position="hidden").run()
