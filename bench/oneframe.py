"""The dashboard's frame around one line: its navigation, sidebar and page set-up (dashboard.frame, ui.page_setup),
then st.write("hello") in place of the page. What every page of the dashboard costs before its own content: a
reference for bench/concurrent.py."""
import floor  # noqa: F401 - served as the dashboard is served (bench/floor.py); puts the repository on sys.path
import streamlit as st

import dashboard
from drugpolicy import ui

dashboard.frame()  # the page it returns is not run
ui.page_setup("overview")
st.write("hello")
