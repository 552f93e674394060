"""One small Plotly chart keyed main_chart: the floor for a page whose main chart is Plotly (bench/browser.py)."""
import floor  # noqa: F401 - served as the dashboard is served (bench/floor.py)
import plotly.graph_objects as go
import streamlit as st

st.write("hello")
st.plotly_chart(go.Figure(go.Bar(x=["a", "b"], y=[1, 2])), key="main_chart")
