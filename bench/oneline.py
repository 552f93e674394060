import streamlit as st

st.write("hello")  # the framework's floor for bench/concurrent.py and bench/browser.py
