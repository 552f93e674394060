"""Capture the plotly templates Streamlit's frontend gives st.plotly_chart in its light and dark themes, and
write them to streamlit_plotly_light/assets/themes.js (the component applies them on screen).

Run it again after upgrading Streamlit (it needs chromium at /usr/bin/chromium and Playwright's Python package):

    python components/plotly_light/tools/capture_themes.py
"""
from __future__ import annotations

import json
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from playwright.sync_api import sync_playwright

OUT = Path(__file__).resolve().parents[1] / "streamlit_plotly_light" / "assets" / "themes.js"
APP = 'import plotly.graph_objects as go\nimport streamlit as st\nst.plotly_chart(go.Figure(go.Bar(x=["a"], y=[1])))\n'
ARGS = ["--no-sandbox", "--headless", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run", "--disable-sync", "--disable-quic"]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def main() -> None:
    port = _free_port()
    with tempfile.TemporaryDirectory() as tmp:
        app = Path(tmp, "app.py")
        app.write_text(APP, encoding="utf-8")
        server = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", str(app), "--server.port", str(port), "--server.headless",
             "true", "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            themes = {}
            with sync_playwright() as pw:
                browser = pw.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
                for scheme in ("light", "dark"):
                    page = browser.new_page(color_scheme=scheme)
                    for _ in range(60):
                        try:
                            page.goto(f"http://127.0.0.1:{port}/")
                            break
                        except Exception:  # the server is still starting
                            time.sleep(0.5)
                    page.wait_for_selector(".js-plotly-plot .main-svg", timeout=60_000)
                    themes[scheme] = page.evaluate("document.querySelector('.js-plotly-plot').layout.template")
                browser.close()
        finally:
            server.terminate()
            server.wait(10)
    import streamlit

    OUT.write_text(
        f"// Plotly templates Streamlit {streamlit.__version__}'s frontend applies to st.plotly_chart, light and dark\n"
        "// (written by tools/capture_themes.py; do not edit by hand).\n"
        + "".join(f"export const {k} = {json.dumps(v, sort_keys=True)};\n" for k, v in sorted(themes.items())),
        encoding="utf-8")
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
