"""A small client for Streamlit's own websocket protocol, as the browser speaks it.

    import asyncio
    from bench.streamlit_session import StreamlitSession, visit

    result = asyncio.run(visit("http://127.0.0.1:8501", "overview", "lang=en&model=five_pillars"))
    print(result.finished_s, result.messages, result.bytes, result.error)

    async with StreamlitSession("http://127.0.0.1:8501") as sess:   # one tab, several runs
        first = await sess.run_page("compare", "cities=antwerpen,aalst,gent,brussel")
        warm = await sess.rerun()                                   # same session, same page, same URL

What it does, and why it is done this way (streamlit 1.67's frontend, static/js/index.*.js):

- opens ws://HOST/_stcore/stream with the subprotocols the frontend offers: "streamlit", then the XSRF
  token (the `_streamlit_xsrf` cookie when the page load set one, else "PLACEHOLDER_AUTH_TOKEN"), then,
  when reconnecting, the previous session id, so the server may hand the old session back;
- sends BackMsg.rerun_script as the frontend does on a first visit by a deep link (/compare?cities=...):
  page_name = the path after the base URL ("compare"), page_script_hash = "", query_string = the URL's
  query without "?", context_info (timezone, locale, url); and, on every later run of the same tab,
  page_script_hash = the page the server said it ran, page_name = "", the query string as the app last
  wrote it (page_info_changed), and the hashes of the cacheable messages it already holds (the server
  then sends a small ref_hash message instead of an unchanged big element, as for a real browser);
- reads ForwardMsgs until script_finished (FINISHED_EARLY_FOR_RERUN is skipped: the next run ends it).

Timings (seconds, time.perf_counter): connect_s = websocket handshake; first_delta_s and finished_s
count from the moment the rerun was sent, so finished_s is the server-side run time of the page plus
one loopback hop. An exception element, an st.error alert (the app's friendly error), a page_not_found
message, a compile error, a closed socket or a timeout make `error` non-empty (`ok` False).

Only the `websockets` package (a dependency of streamlit) and streamlit's protos are used; nothing here
knows about the drug-policy app. deploy/failover.py plays its tabs with StreamlitSession too (its affinity
cookie in `cookie`, X-Upstream from `response_headers`, a reconnect with `connect(reconnect=True)`).
"""
from __future__ import annotations

import sys
from pathlib import Path

if __name__ == "__main__":  # run as a script: keep bench/ behind the standard library (bench/concurrent.py)
    _HERE = Path(__file__).resolve().parent
    sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != _HERE] + [str(_HERE)]

import asyncio  # noqa: E402
import contextlib
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from urllib.parse import urlsplit

from streamlit.proto.Alert_pb2 import Alert
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from websockets.asyncio.client import connect
from websockets.exceptions import ConnectionClosed, InvalidHandshake

PLACEHOLDER_TOKEN = "PLACEHOLDER_AUTH_TOKEN"  # what the frontend offers when it has no XSRF cookie
XSRF_COOKIE = "_streamlit_xsrf"
FINISHED = {v: k for k, v in ForwardMsg.ScriptFinishedStatus.items()}


@dataclass
class RunResult:
    """One script run as a tab saw it."""
    page: str
    query_string: str
    ok: bool = False
    error: str = ""                 # empty when the page finished without an error
    kind: str = "first"             # "first" (new session) or "rerun" (same session)
    connect_s: float = 0.0          # websocket handshake (0 for a rerun on an open socket)
    first_delta_s: float = float("nan")  # rerun sent -> first delta received
    finished_s: float = float("nan")     # rerun sent -> script_finished received
    total_s: float = float("nan")   # connect started (or rerun sent) -> script_finished
    messages: int = 0               # ForwardMsgs received during the run
    bytes: int = 0                  # their size on the wire (uncompressed payloads)
    deltas: int = 0
    ref_messages: int = 0           # ref_hash messages: elements the server knew this tab already held
    element_bytes: dict[str, int] = field(default_factory=dict)  # payload bytes per element type
    status: str = ""                # script_finished status
    session_id: str = ""
    page_script_hash: str = ""
    query_string_after: str = ""    # the URL the app wrote back (page_info_changed)
    exec_time_s: float | None = None  # the server's own figure, when it sends page_profile (usage stats on)

    @property
    def finished(self) -> bool:
        """The run reached script_finished (its timings stand, even if the page showed an error)."""
        return bool(self.status)

    def as_dict(self) -> dict:
        return {k: (round(v, 4) if isinstance(v, float) else v) for k, v in self.__dict__.items()}


class SessionError(Exception):
    """The page raised, showed an error, or the run did not finish."""


class StreamlitSession:
    """One browser tab: a websocket to /_stcore/stream and the state the frontend keeps between runs."""

    def __init__(self, base_url: str, *, cookie: str = "", headers: dict[str, str] | None = None,
                 timezone: str = "Europe/Brussels", locale: str = "en-GB", open_timeout: float = 10.0,
                 xsrf_token: str = "", errors_from_alerts: bool = True, ping_interval: float | None = None) -> None:
        self.base_url = base_url.rstrip("/")
        parts = urlsplit(self.base_url)
        self.origin = f"{parts.scheme}://{parts.netloc}"
        self.base_path = parts.path  # "" or e.g. "/app" behind a proxy
        self.cookie = cookie
        self.extra_headers = dict(headers or {})
        self.timezone, self.locale = timezone, locale
        self.open_timeout = open_timeout
        self.xsrf_token = xsrf_token
        self.errors_from_alerts = errors_from_alerts
        self.ping_interval = ping_interval  # None: no client pings (a browser sends none)
        self.ws = None
        self.session_id = ""
        self.page_script_hash = ""
        self.page = ""
        self.query_string = ""
        self.cached_hashes: set[str] = set()
        self.response_headers: dict[str, str] = {}

    # --- connection ---------------------------------------------------------------------------------
    async def connect(self, reconnect: bool = False) -> float:
        """Open the websocket; with reconnect=True offer the previous session id, as the frontend does."""
        protocols = ["streamlit", self.xsrf_token or PLACEHOLDER_TOKEN]
        if reconnect and self.session_id:
            protocols.append(self.session_id)
        headers = {"Origin": self.origin, "User-Agent": "drugpolicy-bench", **self.extra_headers}
        if self.cookie:
            headers["Cookie"] = self.cookie
        ws_url = self.base_url.replace("http://", "ws://", 1).replace("https://", "wss://", 1) + "/_stcore/stream"
        t0 = time.perf_counter()
        self.ws = await connect(ws_url, subprotocols=protocols, max_size=None, open_timeout=self.open_timeout,
                                additional_headers=headers, ping_interval=self.ping_interval)
        self.response_headers = dict(self.ws.response.headers.raw_items()) if self.ws.response else {}
        return time.perf_counter() - t0

    async def close(self) -> None:
        if self.ws is not None:
            with contextlib.suppress(Exception):
                await asyncio.wait_for(self.ws.close(), 5)
            self.ws = None

    async def __aenter__(self) -> StreamlitSession:
        return self

    async def __aexit__(self, *exc) -> None:
        await self.close()

    # --- runs ---------------------------------------------------------------------------------------
    def _rerun_msg(self, page_name: str, page_script_hash: str, query_string: str) -> bytes:
        msg = BackMsg()
        rerun = msg.rerun_script
        rerun.query_string = query_string
        rerun.page_name = page_name
        rerun.page_script_hash = page_script_hash
        rerun.cached_message_hashes.extend(sorted(self.cached_hashes))
        ctx = rerun.context_info
        ctx.timezone = self.timezone
        ctx.locale = self.locale
        path = f"{self.base_path}/{page_name or self.page}".rstrip("/") or "/"
        ctx.url = f"{self.origin}{path}" + (f"?{query_string}" if query_string else "")
        return msg.SerializeToString()

    async def run_page(self, page: str = "", query_string: str = "", *, timeout: float = 60.0) -> RunResult:
        """First visit of this tab by a deep link /<page>?<query_string>: connect if needed, run, read."""
        res = RunResult(page, query_string, kind="first")
        t0 = time.perf_counter()
        try:
            if self.ws is None:
                res.connect_s = await asyncio.wait_for(self.connect(), self.open_timeout + 1)
            self.page, self.query_string = page, query_string
            await self._run(res, self._rerun_msg(page, "", query_string), timeout)
        except TimeoutError:
            res.error = res.error or f"no script_finished within {timeout:.0f} s"
        except (ConnectionClosed, InvalidHandshake, OSError) as exc:
            res.error = res.error or f"{type(exc).__name__}: {exc}"[:300]
        except SessionError as exc:
            res.error = str(exc)[:300]
        res.total_s = time.perf_counter() - t0
        res.ok = not res.error
        return res

    async def rerun(self, query_string: str | None = None, *, timeout: float = 60.0) -> RunResult:
        """Run the tab's current page again (what a widget change or st.rerun triggers), same session."""
        qs = self.query_string if query_string is None else query_string
        res = RunResult(self.page, qs, kind="rerun")
        t0 = time.perf_counter()
        try:
            if self.ws is None:
                raise SessionError("rerun on a closed tab: call run_page first")
            await self._run(res, self._rerun_msg("", self.page_script_hash, qs), timeout)
        except TimeoutError:
            res.error = res.error or f"no script_finished within {timeout:.0f} s"
        except (ConnectionClosed, OSError) as exc:
            res.error = res.error or f"{type(exc).__name__}: {exc}"[:300]
        except SessionError as exc:
            res.error = str(exc)[:300]
        res.total_s = time.perf_counter() - t0
        res.ok = not res.error
        return res

    async def _run(self, res: RunResult, payload: bytes, timeout: float) -> None:
        t_send = time.perf_counter()
        await self.ws.send(payload)
        errors: list[str] = []
        await asyncio.wait_for(self._read_until_finished(res, t_send, errors), timeout)
        if errors:
            res.error = "; ".join(errors)[:300]

    async def _read_until_finished(self, res: RunResult, t_send: float, errors: list[str]) -> None:
        while True:
            raw = await self.ws.recv()
            now = time.perf_counter()
            fwd = ForwardMsg()
            fwd.ParseFromString(raw)
            res.messages += 1
            res.bytes += len(raw)
            if fwd.metadata.cacheable and fwd.hash:
                self.cached_hashes.add(fwd.hash)
            kind = fwd.WhichOneof("type")
            if kind == "new_session":
                ns = fwd.new_session
                self.session_id = res.session_id = ns.initialize.session_id
                self.page_script_hash = ns.page_script_hash  # a navigation message may follow and refine it
            elif kind == "navigation":  # st.navigation apps: the page that actually ran
                if fwd.navigation.page_script_hash:
                    self.page_script_hash = fwd.navigation.page_script_hash
            elif kind == "page_info_changed":
                self.query_string = res.query_string_after = fwd.page_info_changed.query_string
            elif kind == "ref_hash":
                res.ref_messages += 1
                res.deltas += 1
                if res.deltas == 1:
                    res.first_delta_s = now - t_send
            elif kind == "delta":
                res.deltas += 1
                if res.deltas == 1:
                    res.first_delta_s = now - t_send
                if fwd.delta.WhichOneof("type") == "new_element":
                    element = fwd.delta.new_element
                    etype = element.WhichOneof("type") or "?"
                    res.element_bytes[etype] = res.element_bytes.get(etype, 0) + len(raw)
                    if etype == "exception":
                        errors.append(f"the page raised {element.exception.type}: {element.exception.message[:200]}")
                    elif (etype == "alert" and self.errors_from_alerts
                          and element.alert.format == Alert.Format.ERROR):
                        errors.append(f"the page showed an error: {element.alert.body[:200]}")
            elif kind == "page_not_found":
                msg = f"page not found: {fwd.page_not_found.page_name or res.page!r}"
                if msg not in errors:
                    errors.append(msg)
            elif kind == "page_profile":
                res.exec_time_s = fwd.page_profile.exec_time / 1e6
            elif kind == "script_finished":
                status = fwd.script_finished
                if status == ForwardMsg.FINISHED_EARLY_FOR_RERUN:
                    continue  # the page asked for a rerun; the next run ends this one
                res.status = FINISHED.get(status, str(status))
                res.finished_s = now - t_send
                res.page_script_hash = self.page_script_hash
                if status == ForwardMsg.FINISHED_WITH_COMPILE_ERROR:
                    errors.append("script_finished with a compile error")
                elif res.deltas == 0:
                    errors.append("the page sent no content")
                return


def xsrf_from_page_load(base_url: str, path: str = "/", timeout: float = 10.0) -> tuple[str, str]:
    """(Cookie header, XSRF token) set by loading a page over HTTP, as a browser would before the socket."""
    req = urllib.request.Request(base_url.rstrip("/") + path)
    with urllib.request.urlopen(req, timeout=timeout) as resp:  # noqa: S310 - the caller's own server
        resp.read()
        jar = SimpleCookie()
        for header in resp.headers.get_all("Set-Cookie") or []:
            with contextlib.suppress(Exception):
                jar.load(header)
    cookie = "; ".join(f"{k}={m.value}" for k, m in jar.items())
    token = jar[XSRF_COOKIE].value if XSRF_COOKIE in jar else ""
    return cookie, token


async def visit(base_url: str, page: str = "", query_string: str = "", *, timeout: float = 60.0,
                reruns: int = 0, **session_kwargs) -> RunResult | list[RunResult]:
    """Open a tab on /<page>?<query_string>, run it (and `reruns` more times), close it.

    Returns the first run's result, or [first, rerun, ...] when reruns > 0."""
    async with StreamlitSession(base_url, **session_kwargs) as sess:
        results = [await sess.run_page(page, query_string, timeout=timeout)]
        for _ in range(reruns):
            if not results[-1].ok:
                break
            results.append(await sess.rerun(timeout=timeout))
    return results if reruns else results[0]


def wait_healthy(base_url: str, timeout: float = 60.0, proc=None) -> float:
    """Poll /_stcore/health until it answers "ok"; return the seconds waited. proc: stop early if it exits."""
    t0 = time.perf_counter()
    while True:
        try:
            with urllib.request.urlopen(f"{base_url.rstrip('/')}/_stcore/health", timeout=2) as resp:  # noqa: S310
                if resp.status == 200 and resp.read().strip() == b"ok":
                    return time.perf_counter() - t0
        except (urllib.error.URLError, OSError):
            pass
        if proc is not None and proc.poll() is not None:
            raise RuntimeError(f"the server exited with code {proc.returncode} before it was healthy")
        if time.perf_counter() - t0 > timeout:
            raise TimeoutError(f"{base_url}/_stcore/health did not answer within {timeout:.0f} s")
        time.sleep(0.1)


if __name__ == "__main__":  # a one-off check: python bench/streamlit_session.py http://127.0.0.1:8501 overview "lang=en"
    import argparse
    import json

    ap = argparse.ArgumentParser(description="Open one tab on a running Streamlit app and print the run's figures.")
    ap.add_argument("base_url")
    ap.add_argument("page", nargs="?", default="")
    ap.add_argument("query_string", nargs="?", default="")
    ap.add_argument("--reruns", type=int, default=1)
    ap.add_argument("--timeout", type=float, default=60.0)
    a = ap.parse_args()
    out = asyncio.run(visit(a.base_url, a.page, a.query_string, timeout=a.timeout, reruns=a.reruns))
    for r in out if isinstance(out, list) else [out]:
        print(json.dumps(r.as_dict()))
