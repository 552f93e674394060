"""The dashboard as it is served: `streamlit run serve.py` (README, Makefile, deploy/Dockerfile,
deploy/run_replicas.py).

dashboard.py with the server's own additions (drugpolicy/asgi.py): every page's HTML tells Streamlit's frontend
where the server's root is, so a shared deep link opens without a detour, and the server's connections go without
Nagle's algorithm from the first one. `streamlit run` finds `app` by reading this file: keep it a plain st.App(...)."""
import streamlit as st

from drugpolicy import asgi, nodelay

nodelay.enable()  # before the server accepts its first connection
app = st.App("dashboard.py", routes=asgi.routes())
