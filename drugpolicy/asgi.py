"""The dashboard as served (serve.py): Streamlit's server with two additions of its own, as an st.App.

1. Deep links open without the frontend's detour. Opened at /compare, Streamlit's frontend does not know where the
   server's root is: it asks /compare/_stcore/health and host-config (404), waits the 100 ms its retry has built in
   and asks again at / (bench/RESULTS.md, eleventh run: served this way, a deep link's page finished 10-120 ms sooner,
   its chart 0-110 ms; behind nginx, which did this before, 0.2 s). Here "/" and every page's address (ui.PAGES),
   under server.baseUrlPath, get Streamlit's own index.html with one more script before Streamlit's: ROOT_JS, at
   <root>/_dp/streamlit-root.js, named relative to the page. It sets window.__streamlit.BACKEND_BASE_URL (read once
   when Streamlit's bundle starts) to its own folder's parent, which is the root however the app is reached: at /,
   under server.baseUrlPath, or behind a proxy that strips a prefix. A file from the same origin, not an inline
   script: the deployment's Content-Security-Policy (script-src 'self') allows it. Deferred: it neither holds up the
   page nor runs after Streamlit's module. Any other address is Streamlit's as before (an unknown page still says
   "Page not found").
2. The server's connections go without Nagle's algorithm from the first one (drugpolicy/nodelay.py): serve.py
   enables it before the server accepts any connection; the pages' own call (ui.page_setup) comes after the
   first visitor's page and connection.

`streamlit run dashboard.py` serves the same pages without these two.
"""
from __future__ import annotations

from pathlib import Path

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route
from streamlit import file_util

from drugpolicy import ui

ROOT_JS_PATH = "_dp/streamlit-root.js"  # below the server's root
ROOT_TAG = f'<script defer src="./{ROOT_JS_PATH}"></script>'  # relative: <root>/_dp/... from "/" and "/<page>"
ROOT_JS = (
    "(() => {\n"
    "  // Streamlit's frontend: the server's root is this file's folder's parent (drugpolicy/asgi.py)\n"
    "  const me = document.currentScript;\n"
    "  if (!me || !me.src) return;\n"
    '  const root = new URL("..", me.src).href;\n'
    "  window.__streamlit = Object.assign({}, window.__streamlit, {BACKEND_BASE_URL: root});\n"
    "})();\n"
)


def page_html() -> bytes:
    """Streamlit's index.html with ROOT_TAG first in its <head>."""
    path = Path(file_util.get_static_dir()) / "index.html"
    html = path.read_text(encoding="utf-8")
    if html.count("<head>") != 1:
        raise RuntimeError(f"{path}: expected one <head> to put the root script in, found {html.count('<head>')}")
    return html.replace("<head>", f"<head>{ROOT_TAG}", 1).encode("utf-8")


def routes() -> list[Route]:
    """The page addresses ("/" and "/<key>" for every key in ui.PAGES) with page_html(), and ROOT_JS, under
    server.baseUrlPath: for st.App(..., routes=...), whose routes come before Streamlit's own."""
    base = ui.base_path()
    html, js = page_html(), ROOT_JS.encode("utf-8")

    async def page(request: Request) -> Response:
        # as Streamlit serves index.html: never cached, so a new release's bundle names reach every visitor
        return Response(html, media_type="text/html", headers={"Cache-Control": "no-cache"})

    async def root_js(request: Request) -> Response:
        return Response(js, media_type="application/javascript", headers={"Cache-Control": "public, max-age=3600"})

    pages = [f"{base}/"] + [f"{base}/{key}" for key, _ in ui.PAGES]
    return ([Route(path, page, methods=["GET"]) for path in pages]
            + [Route(f"{base}/{ROOT_JS_PATH}", root_js, methods=["GET"])])
