"""serve.py, the dashboard as served (drugpolicy/asgi.py): each page's HTML carries the script that tells Streamlit's
frontend the server's root, other addresses are Streamlit's own, and Nagle is off before the first connection.
The browser's side (no detour, at / and under a base path): tests/test_browser.py."""
from __future__ import annotations

import re
import subprocess
import sys
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from browser_server import running_app
from conftest import ROOT
from streamlit import file_util

from drugpolicy import asgi, ui


@pytest.fixture(scope="module")
def served():
    with running_app(ROOT) as server:
        yield server


def get(url: str) -> tuple[int, dict[str, str], str]:
    """(status, headers with lower-case names, body) of a GET that follows no redirect."""
    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    try:
        with urllib.request.build_opener(NoRedirect).open(url, timeout=10) as response:
            status, headers, body = response.status, response.headers, response.read()
    except urllib.error.HTTPError as err:
        status, headers, body = err.code, err.headers, err.read()
    return status, {k.lower(): v for k, v in headers.items()}, body.decode("utf-8", errors="replace")


@pytest.mark.parametrize("path", ["/"] + [f"/{key}" for key, _ in ui.PAGES] + ["/compare?cities=gent&lang=fr"])
def test_every_page_address_carries_the_root_script_before_streamlits(served, path: str):
    status, headers, html = get(served.url + path)
    assert status == 200 and headers["content-type"].startswith("text/html"), (status, headers)
    assert headers["cache-control"] == "no-cache"  # as Streamlit's own index.html: a release reaches every visitor
    assert html.count(asgi.ROOT_TAG) == 1, html[:600]
    assert html.index(asgi.ROOT_TAG) < html.index('<script type="module"'), "it must run before Streamlit's bundle"


def test_the_page_is_streamlits_own_html_besides_the_script(served):
    _, _, streamlits = get(served.url + "/not-a-page")  # an unknown address: Streamlit's index.html, untouched
    _, _, ours = get(served.url + "/budgets")
    assert asgi.ROOT_TAG not in streamlits and "<head>" in streamlits
    assert ours == streamlits.replace("<head>", "<head>" + asgi.ROOT_TAG, 1)


def test_the_root_script_is_javascript_from_the_same_folder(served):
    status, headers, body = get(served.url + "/_dp/streamlit-root.js")
    assert status == 200 and headers["content-type"].startswith("application/javascript"), (status, headers)
    assert body == asgi.ROOT_JS
    assert 'new URL("..", me.src)' in body  # the root is the script's folder's parent, wherever the app is served


def test_other_addresses_stay_streamlits(served):
    assert get(served.url + "/_stcore/health")[0] == 200
    status, headers, _ = get(served.url + "/compare/")  # Streamlit's redirect of a trailing slash
    assert status == 301 and headers["location"] == "/compare"
    assert get(served.url + "/compare/_stcore/health")[0] == 404  # the address the frontend no longer asks


def test_streamlits_frontend_still_reads_the_root_setting():
    # Read once, when Streamlit's bundle starts: a Streamlit upgrade that drops the setting fails here (deep links
    # would then take the detour again, tests/test_browser.py too).
    static = Path(file_util.get_static_dir())
    index = (static / "index.html").read_text(encoding="utf-8")
    entry = re.search(r'<script type="module" crossorigin src="\./(static/js/index\.[^"]+\.js)"', index)
    assert entry, "Streamlit's index.html names no module bundle"
    bundle = (static / entry.group(1)).read_text(encoding="utf-8")
    assert "window.__streamlit" in bundle and "get BACKEND_BASE_URL()" in bundle


def test_page_html_says_where_when_streamlits_page_changes(tmp_path, monkeypatch):
    (tmp_path / "index.html").write_text("<html><body>no head</body></html>", encoding="utf-8")
    monkeypatch.setattr(asgi.file_util, "get_static_dir", lambda: str(tmp_path))
    with pytest.raises(RuntimeError, match=r"index\.html: expected one <head>.*found 0"):
        asgi.page_html()


def test_serve_turns_nagle_off_before_the_server_accepts_a_connection():
    # What `streamlit run serve.py` does first: run serve.py's module code to find `app`. In a process of its own:
    # st.App pins process-wide settings (the main script's folder), and Nagle stays off there for good.
    code = ("import runpy, sys; sys.path[:0] = ['tests', '.']; runpy.run_path('serve.py'); "
            "from test_nodelay import accepted_nodelay; print(accepted_nodelay())")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr[-3000:]
    assert out.stdout.strip().splitlines()[-1] == "1", out.stdout
