import floor  # noqa: F401 - served as the dashboard is served (bench/floor.py)
import streamlit as st

st.write("hello")  # the framework's floor for bench/concurrent.py and bench/browser.py
