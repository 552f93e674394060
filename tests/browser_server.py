"""Start `streamlit run dashboard.py` (the dashboard as served) on a free loopback port for the browser tests, and stop it
again."""
from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

HOST = "127.0.0.1"
START_TIMEOUT = 90  # seconds; a cold start validates and loads the data once


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def _healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
            return response.status == 200 and response.read().strip() == b"ok"
    except (urllib.error.URLError, OSError):
        return False


# The tests' own switch (conftest: the bundled data): servers the tests start run without it, as in production.
TEST_ONLY_ENV = ("DRUGPOLICY_DATA_DIR",)


def production_env() -> dict[str, str]:
    """This process's environment less TEST_ONLY_ENV."""
    return {k: v for k, v in os.environ.items() if k not in TEST_ONLY_ENV}


@dataclass
class Server:
    url: str
    log_path: Path

    def log_text(self) -> str:
        """Everything the server has written so far (tracebacks of page errors land here)."""
        return self.log_path.read_text(encoding="utf-8", errors="replace")

    def log_tail(self, lines: int = 40) -> str:
        return "\n".join(self.log_text().splitlines()[-lines:])


@contextlib.contextmanager
def running_app(root: Path, timeout: float = START_TIMEOUT, data_dir: Path | None = None,
                extra_args: tuple[str, ...] = (), base_path: str = "", script: str = "dashboard.py") -> Iterator[Server]:
    """Serve root/dashboard.py (or root/<script>) on the bundled data (or data_dir) with this interpreter; yield its URL
    and log.

    extra_args: more `streamlit run` options (they win over .streamlit/config.toml); base_path: serve the app
    under /<base_path>/ (server.baseUrlPath), as behind a proxy that gives it a folder; the URL then ends in it."""
    port = free_port()
    env = production_env()
    if data_dir is not None:
        env["DRUGPOLICY_DATA_DIR"] = str(data_dir)
    cmd = [sys.executable, "-m", "streamlit", "run", script, "--server.port", str(port),
           "--server.address", HOST, "--server.headless", "true", "--browser.gatherUsageStats", "false", *extra_args]
    if base_path:
        cmd += ["--server.baseUrlPath", base_path]
    with tempfile.TemporaryDirectory(prefix="drugpolicy-browser-") as tmp:
        server = Server(f"http://{HOST}:{port}" + (f"/{base_path}" if base_path else ""), Path(tmp) / "streamlit.log")
        with server.log_path.open("ab") as log:
            proc = subprocess.Popen(cmd, cwd=root, env=env, stdout=log, stderr=subprocess.STDOUT)
        try:
            deadline = time.monotonic() + timeout
            while not _healthy(server.url):
                if proc.poll() is not None:
                    raise RuntimeError(f"streamlit exited with {proc.returncode}:\n{server.log_tail()}")
                if time.monotonic() > deadline:
                    raise RuntimeError(f"no answer from {server.url}/_stcore/health within {timeout}s:\n"
                                       f"{server.log_tail()}")
                time.sleep(0.25)
            yield server
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(timeout=15)


# The script has finished and stayed so for QUIET_MS (a page may rerun once at once, e.g. to tidy its URL), with no
# element left stale from a run before.
QUIET_MS = 250
QUIET = """(ms) => {
    const done = document.querySelector("[data-testid='stApp'][data-test-script-state='notRunning']")
        && !document.querySelector('[data-stale="true"]');
    if (!done) { window.__quietSince = undefined; return false; }
    window.__quietSince ??= performance.now();
    return performance.now() - window.__quietSince >= ms;
}"""


def settle(page, timeout_ms: int = 45_000) -> None:
    """The page's script has run (its title is there and the script has been done for a while) and its charts are
    drawn."""
    from playwright.sync_api import expect

    expect(page.get_by_test_id("stMain").locator("h1").first).to_be_visible(timeout=timeout_ms)
    page.evaluate("() => { window.__quietSince = undefined; }")
    page.wait_for_function(QUIET, arg=QUIET_MS, polling=100, timeout=timeout_ms)
    # the charts: the plotly component (components/plotly_light, the app's one components-v2 element) has drawn
    page.wait_for_function("() => [...document.querySelectorAll('.stBidiComponent')]"
                           ".every(d => d.querySelector('.plotly-light .main-svg'))", timeout=timeout_ms)
