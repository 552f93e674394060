"""One small Plotly chart keyed main_chart, drawn as the dashboard draws its charts (ui.chart: the plotly.js bundle
of components/plotly_light): the floor for the dashboard's plotly pages (bench/browser.py)."""
import floor  # noqa: F401 - served as the dashboard is served (bench/floor.py)
import plotly.graph_objects as go
import streamlit as st
import streamlit_plotly_light as light

st.write("hello")
light.plotly_chart(go.Figure(go.Bar(x=["a", "b"], y=[1, 2])), key="main_chart")
