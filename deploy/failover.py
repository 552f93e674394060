"""Failover test: websocket sessions through nginx while one of two replicas is stopped halfway.

    .venv/bin/python deploy/failover.py            # 50 sessions, SIGTERM to replica 2 after 25
    .venv/bin/python deploy/failover.py --json out.json

Starts nginx and two replicas on 127.0.0.1 (deploy/run_replicas.py), then plays browsers: each
session loads /overview?<its view> (nginx sets the affinity cookie), opens /_stcore/stream with that
cookie, speaks Streamlit's own protocol (bench/streamlit_session.py: BackMsg rerun_script, ForwardMsgs
until script_finished) and stays connected. After --kill-after sessions it sends SIGTERM to one replica
and at once opens the remaining sessions, while every session that replica held, once its socket
drops, reconnects as Streamlit's frontend does: /_stcore/health, then a new websocket with the same
cookie and its old session id, and a rerun of the same URL. Which replica served each websocket is
read from the X-Upstream header of nginx's 101 response (local profile only).

Passes (exit 0) when every session before and after the stop is served, each replica served some
before it, every dropped session reconnects to the survivor with the same view, no session is
served by the stopped replica afterwards, and the survivor's sessions stay connected throughout.
With --hang the replica is frozen (SIGSTOP) instead: it accepts connections and never answers,
until SIGKILL after --grace seconds; the same checks apply.

Bounded: per-session timeouts, a hard overall timeout, and everything started is stopped on exit,
Ctrl-C and SIGTERM. Traffic goes to 127.0.0.1 only.
"""
from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import math
import signal
import statistics
import sys
import time
import urllib.error
import urllib.request
from dataclasses import asdict, dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.append(str(HERE.parent / "bench"))  # last: bench/concurrent.py must not shadow the standard library

from run_replicas import Cluster, http_get, raise_on_signals  # noqa: E402
from streamlit_session import StreamlitSession  # noqa: E402
from websockets.exceptions import ConnectionClosed, InvalidHandshake  # noqa: E402

PAGE = "overview"
LANGS = ("nl", "fr", "en")
MODELS = ("three_track", "five_pillars")
LOCALES = {"nl": "nl-BE", "fr": "fr-BE", "en": "en-GB"}
COOKIE = "dp_replica"


@dataclass
class Attempt:
    """One websocket session served: a first visit ("before"/"after" the stop) or a "reconnect"."""
    phase: str
    session: int
    ok: bool = False
    error: str = ""
    upstream: str = ""        # X-Upstream of the 101 response: "A" or "A, B" when A failed and B served
    replica: str = ""         # the one that served (last in upstream)
    session_id: str = ""
    query_string: str = ""    # as the app wrote it back (page_info_changed): the view it rendered
    deltas: int = 0
    seconds: float = 0.0      # first request (page load or health probe) to script_finished
    rerun_seconds: float = 0.0  # websocket open to script_finished
    client_retries: int = 0   # reconnects the simulated browser made before it was served
    retry_reasons: list[str] = field(default_factory=list)
    first_upstream: str = ""  # the replica the first websocket reached, when a retry followed
    page_upstream: str = ""   # X-Upstream of the page load (first visits): stickiness = same replica
    started: float = 0.0      # time.monotonic() at the start


@dataclass
class Session:
    """A simulated browser tab; `tab` holds its socket, affinity cookie and session id."""
    index: int
    query: str
    tab: StreamlitSession
    replica: str = ""
    query_string: str = ""
    dropped: asyncio.Event = field(default_factory=asyncio.Event)
    close_codes: list[int | None] = field(default_factory=list)
    holder: asyncio.Task | None = None


class Retry(Exception):
    """A failure Streamlit's frontend answers by reconnecting (it polls /_stcore/health meanwhile)."""


RETRYABLE = (Retry, ConnectionClosed, InvalidHandshake, OSError)  # OSError: refused, reset, handshake timeout


def view_of(i: int) -> str:
    """A different deep link per session, as visitors arrive from different shared links."""
    return f"lang={LANGS[i % 3]}&model={MODELS[(i // 3) % 2]}"


def _page_load(url: str, cookie: str, timeout: float) -> tuple[int, str, str]:
    """(status, affinity cookie value set by nginx or "", X-Upstream) of a page load or health probe;
    cookie: the Cookie header to send, if any."""
    req = urllib.request.Request(url, headers={"Cookie": cookie} if cookie else {})
    try:
        with urllib.request.urlopen(req, timeout=timeout) as resp:  # noqa: S310 (loopback only)
            set_cookies = resp.headers.get_all("Set-Cookie") or []
            resp.read()
            status, upstream = resp.status, resp.headers.get("X-Upstream", "")
    except urllib.error.HTTPError as err:
        return err.code, "", err.headers.get("X-Upstream", "")
    value = ""
    for header in set_cookies:
        name, _, rest = header.partition("=")
        if name.strip() == COOKIE:
            value = rest.split(";", 1)[0]
    return status, value, upstream


class Runner:
    def __init__(self, cluster: Cluster, args: argparse.Namespace) -> None:
        self.cluster = cluster
        self.args = args
        self.base = cluster.url
        self.attempts: list[Attempt] = []
        self.sem = asyncio.Semaphore(args.concurrency)
        self.events: list[str] = []
        self.dropped = 0
        self.expected_drops = 0
        self.taken_while_stopping = 0  # sessions the stopping replica accepted after SIGTERM
        self.victim_addr = ""
        self.t_kill = self.t_exit = math.inf
        self.warmup: dict[str, float] = {}
        self.close_codes: dict[str, int] = {}

    def note(self, text: str) -> None:
        self.events.append(text)
        print(text, flush=True)

    def session(self, index: int, query: str, base: str) -> Session:
        lang = query.split("lang=")[1].split("&")[0]
        return Session(index, query, StreamlitSession(
            base, headers={"User-Agent": "drugpolicy-failover"}, locale=LOCALES[lang], errors_from_alerts=False,
            open_timeout=min(10.0, self.args.session_timeout), ping_interval=20.0))

    # --- one session --------------------------------------------------------------------------------
    async def serve(self, sess: Session, phase: str) -> Attempt:
        """Serve one session as a browser tab would, reconnecting (at most --client-retries times) when
        its websocket is refused or closed before the page finished, as Streamlit's frontend does."""
        att = Attempt(phase, sess.index)
        timeout = self.args.session_timeout
        async with self.sem:
            t0 = att.started = time.monotonic()
            try:
                await asyncio.wait_for(self._serve_with_retries(sess, att), timeout)
            except TimeoutError:
                att.error = f"not served within {timeout:.0f} s"
            except Exception as exc:  # noqa: BLE001 - every failure is reported, none ends the run
                att.error = f"{type(exc).__name__}: {exc}"[:300]
            att.seconds = time.monotonic() - t0
        if not att.ok:
            await sess.tab.close()
        if phase != "warmup":
            self.attempts.append(att)
        return att

    async def _serve_with_retries(self, sess: Session, att: Attempt) -> None:
        for n in range(self.args.client_retries + 1):
            try:
                await self._serve(sess, att, reconnect=att.phase == "reconnect" or bool(n and sess.tab.cookie))
                return
            except RETRYABLE as exc:
                if n == self.args.client_retries:
                    raise
                att.client_retries += 1
                att.retry_reasons.append(f"{type(exc).__name__}: {exc}"[:160])
                att.first_upstream = att.first_upstream or att.upstream
                att.deltas, att.upstream, att.replica = 0, "", ""
                await sess.tab.close()
                await asyncio.sleep(0.5)  # the frontend, too, waits a moment before it reconnects

    async def _serve(self, sess: Session, att: Attempt, reconnect: bool) -> None:
        tab = sess.tab
        if reconnect:
            # Streamlit's frontend probes /_stcore/health before it opens a new websocket.
            status, _, _ = await asyncio.to_thread(
                _page_load, f"{tab.base_url}/_stcore/health", tab.cookie, tab.open_timeout)
            if status != 200:
                raise Retry(f"/_stcore/health answered {status}")
        else:
            status, cookie, att.page_upstream = await asyncio.to_thread(
                _page_load, f"{tab.base_url}/{PAGE}?{sess.query}", "", tab.open_timeout)
            if status != 200:
                raise RuntimeError(f"page load answered {status}")
            # empty when talking to a replica directly (warm-up): no nginx, no cookie
            tab.cookie = f"{COOKIE}={cookie}" if cookie else ""
        tab.cached_hashes.clear()  # each websocket starts without cached messages to offer the server
        await tab.connect(reconnect=reconnect)  # the frontend offers its old session id back
        sess.dropped = asyncio.Event()
        att.upstream = tab.response_headers.get("X-Upstream", "")
        att.replica = att.upstream.split(",")[-1].strip()
        res = await tab.run_page(PAGE, sess.query, timeout=self.args.session_timeout)
        att.session_id, att.query_string, att.deltas = res.session_id, res.query_string_after, res.deltas
        if not res.ok:  # a socket closed before script_finished is retried; an error the page showed is not
            raise (RuntimeError if res.finished else Retry)(res.error)
        att.rerun_seconds = res.total_s
        att.ok = True
        sess.replica, sess.query_string = att.replica, att.query_string
        sess.holder = asyncio.create_task(self._hold(sess, tab.ws))

    async def _hold(self, sess: Session, ws) -> None:
        """Keep the tab open (reading whatever the app sends) until the socket closes."""
        with contextlib.suppress(ConnectionClosed):
            async for _ in ws:
                pass
        sess.close_codes.append(ws.close_code)
        sess.dropped.set()

    async def reconnect_after_drop(self, sess: Session) -> Attempt:
        """Wait for the tab's socket to drop, then reconnect it; check it comes back with the same view."""
        self.expected_drops += 1
        try:
            await asyncio.wait_for(sess.dropped.wait(), self.args.drop_timeout)
        except TimeoutError:
            att = Attempt("reconnect", sess.index, error=f"socket not dropped within {self.args.drop_timeout:.0f} s")
            self.attempts.append(att)
            return att
        self.dropped += 1
        code = str(sess.close_codes[-1]) if sess.close_codes else "none"
        self.close_codes[code] = self.close_codes.get(code, 0) + 1
        old_id, old_view = sess.tab.session_id, sess.query_string
        att = await self.serve(sess, "reconnect")
        if att.ok and att.query_string != old_view:
            att.ok, att.error = False, f"view changed on reconnect: {old_view!r} -> {att.query_string!r}"
        if att.ok and att.session_id == old_id:
            att.ok, att.error = False, "the survivor claims to know the dead replica's session"
        return att

    async def follow(self, sess: Session, first) -> None:
        """Run `first` (a new session or a reconnect), then, as long as the tab ends up on the stopping
        replica (it may still accept connections while it shuts down), reconnect once that drops."""
        att = await first
        for _ in range(3):
            if not (att.ok and sess.replica == self.victim_addr):
                return
            self.taken_while_stopping += 1
            att = await self.reconnect_after_drop(sess)

    # --- the run ------------------------------------------------------------------------------------
    async def run(self) -> dict:
        args, cluster = self.args, self.cluster
        victim = args.kill_replica - 1
        self.victim_addr = victim_addr = cluster.replica_addr(victim)
        survivors = {cluster.replica_addr(i) for i in range(len(cluster.replica_ports)) if i != victim}
        sessions = [self.session(i, view_of(i), self.base) for i in range(args.sessions)]
        before, after = sessions[:args.kill_after], sessions[args.kill_after:]

        for i in range(len(cluster.replica_ports)):
            addr = cluster.replica_addr(i)  # the first session of a replica loads the data: not a failover cost
            warm = self.session(-1 - i, view_of(i), f"http://{addr}")
            att = await self.serve(warm, "warmup")
            await warm.tab.close()
            if not att.ok:
                raise RuntimeError(f"warm-up session on {addr} failed: {att.error}")
            self.warmup[addr] = round(att.seconds, 2)
        self.note(f"warm-up, one session on each replica directly (seconds): {self.warmup}")
        self.note(f"phase 1: {len(before)} sessions through nginx, {args.concurrency} at a time")
        await asyncio.gather(*(self.serve(s, "before") for s in before))
        held = [s for s in before if s.tab.ws is not None and not s.dropped.is_set() and s.replica]
        on_victim = [s for s in held if s.replica == victim_addr]
        on_survivors = [s for s in held if s.replica != victim_addr]
        by_replica = {addr: sum(s.replica == addr for s in held)
                      for addr in (cluster.replica_addr(i) for i in range(len(cluster.replica_ports)))}
        self.note(f"sessions held per replica: {by_replica}")

        self.note(f"phase 2: {'SIGSTOP' if args.hang else 'SIGTERM'} to replica {args.kill_replica} ({victim_addr}); "
                  f"at once {len(after)} new "
                  f"sessions, and the {len(on_victim)} sessions it held reconnect when their socket drops")
        self.t_kill = time.monotonic()
        sig = signal.SIGSTOP if args.hang else signal.SIGTERM
        kill = asyncio.create_task(asyncio.to_thread(cluster.kill_replica, victim, sig, args.grace))
        await asyncio.gather(kill, *(self.follow(s, self.serve(s, "after")) for s in after),
                             *(self.follow(s, self.reconnect_after_drop(s)) for s in on_victim))
        exit_seconds, forced = kill.result()
        self.t_exit = self.t_kill + exit_seconds
        self.note(f"replica {args.kill_replica} exited {exit_seconds:.1f} s after {'SIGSTOP' if args.hang else 'SIGTERM'}"
                  f"{f' (SIGKILLed after the {args.grace:.0f} s grace period)' if forced else ''}; "
                  f"{self.dropped} dropped sessions reconnected (close codes {self.close_codes})")

        survivors_still_open = sum(1 for s in on_survivors if not s.dropped.is_set())
        final = {s.index: s.replica for s in sessions if s.tab.ws is not None and not s.dropped.is_set()}
        for s in sessions:  # close every tab: a normal end, not a drop
            await s.tab.close()
        for s in sessions:
            if s.holder is not None:
                s.holder.cancel()
        return self.summary(survivors, by_replica, on_victim, on_survivors, survivors_still_open, final,
                            exit_seconds, forced)

    # --- the verdict --------------------------------------------------------------------------------
    def summary(self, survivors, by_replica, on_victim, on_survivors, survivors_still_open, final,
                exit_seconds, forced) -> dict:
        victim_addr = self.victim_addr

        def pick(phase):
            return [a for a in self.attempts if a.phase == phase]

        def stats(atts, attr="seconds"):
            values = sorted(getattr(a, attr) for a in atts if a.ok)
            if not values:
                return {"n": 0}
            p95 = values[min(len(values) - 1, math.ceil(0.95 * len(values)) - 1)]
            return {"n": len(values), "median_s": round(statistics.median(values), 3), "p95_s": round(p95, 3),
                    "max_s": round(values[-1], 3)}

        phases = {}
        for phase in ("before", "after", "reconnect"):
            atts = pick(phase)
            served: dict[str, int] = {}
            for a in atts:
                if a.ok:
                    served[a.replica] = served.get(a.replica, 0) + 1
            phases[phase] = {"attempted": len(atts), "ok": sum(a.ok for a in atts),
                             "failed": sum(not a.ok for a in atts), "served_by": served,
                             "nginx_retried": sum("," in a.upstream for a in atts if a.ok),
                             "client_retries": sum(a.client_retries for a in atts),
                             "latency": stats(atts), "rerun_latency": stats(atts, "rerun_seconds")}
        later = [a for a in self.attempts if a.phase != "before"]
        checks = {
            "every session before the stop was served, none needed a retry": (
                phases["before"]["failed"] == 0 and phases["before"]["ok"] > 0
                and phases["before"]["client_retries"] == 0),
            "each replica served sessions before the stop": all(n > 0 for n in by_replica.values()),
            "sticky: each page load and its websocket reached the same replica": all(
                a.page_upstream.split(",")[-1].strip() == a.replica for a in pick("before") if a.ok),
            "every session after the stop was served": phases["after"]["failed"] == 0,
            "every socket the stopping replica held dropped, and reconnected with the same view": (
                self.dropped == self.expected_drops and phases["reconnect"]["failed"] == 0
                and phases["reconnect"]["ok"] >= len(on_victim) > 0),
            "once the replica had exited, every session was served by a survivor": all(
                a.replica in survivors for a in later if a.ok and a.started > self.t_exit),
            "at the end, every tab is connected to a survivor": (
                len(final) == len([a for a in self.attempts if a.phase in ("before", "after")])
                and all(r in survivors for r in final.values())),
            "the survivor's sessions stayed connected": survivors_still_open == len(on_survivors),
            "the stopped replica exited": not self.cluster.replica_alive(self.args.kill_replica - 1),
        }
        failures = [f"{a.phase} #{a.session}: {a.error}" for a in self.attempts if not a.ok]
        return {"stopped_replica": victim_addr, "hang": self.args.hang, "survivors": sorted(survivors),
                "warmup_s": self.warmup,
                "held_before_stop": by_replica, "dropped": self.dropped, "close_codes": self.close_codes,
                "taken_while_stopping": self.taken_while_stopping,
                "survivor_sessions_still_open": f"{survivors_still_open}/{len(on_survivors)}",
                "replica_exit_s": round(exit_seconds, 2), "replica_sigkilled": forced,
                "phase2_s": round(time.monotonic() - self.t_kill, 2), "phases": phases,
                "checks": checks, "passed": all(checks.values()), "failures": failures[:50],
                "attempts": [asdict(a) for a in self.attempts]}


def nginx_log_counts(cluster: Cluster) -> dict:
    """Statuses and retries nginx logged (429 = rate limit, 5xx = no replica could serve)."""
    log = cluster.state_dir / "access.log" if cluster.state_dir else None
    out = {"requests": 0, "websocket_101": 0, "status_429": 0, "status_5xx": 0, "retried_on_next_replica": 0}
    if not log or not log.exists():
        return out
    for line in log.read_text(errors="replace").splitlines():
        parts = line.split('"')
        if len(parts) < 3:
            continue
        status = parts[2].split()[0] if parts[2].split() else ""
        out["requests"] += 1
        out["websocket_101"] += status == "101"
        out["status_429"] += status == "429"
        out["status_5xx"] += status.startswith("5")
        upstream = line.split("upstream=", 1)[1].split(" upstream_status=")[0] if "upstream=" in line else ""
        out["retried_on_next_replica"] += "," in upstream
    return out


def preflight(cluster: Cluster) -> dict[str, bool]:
    """The edge as the public sees it: headers, health open, metrics closed (but alive on the replica)."""
    status, headers, _ = http_get(f"{cluster.url}/{PAGE}")
    csp = headers.get("content-security-policy", "")
    return {
        "page 200 through nginx": status == 200,
        "Content-Security-Policy with frame-ancestors 'none'": "frame-ancestors 'none'" in csp,
        "X-Content-Type-Options, Referrer-Policy, Permissions-Policy set": all(
            h in headers for h in ("x-content-type-options", "referrer-policy", "permissions-policy")),
        "affinity cookie set": f"{COOKIE}=" in headers.get("set-cookie", ""),
        "/_stcore/health 200 through nginx": http_get(f"{cluster.url}/_stcore/health")[0] == 200,
        "/_stcore/metrics closed through nginx": http_get(f"{cluster.url}/_stcore/metrics")[0] in (403, 404),
        "/_stcore/metrics served by a replica directly": http_get(
            f"http://{cluster.replica_addr(0)}/_stcore/metrics")[0] == 200,
    }


def print_summary(result: dict) -> None:
    print("\n=== failover summary ===")
    print(f"stopped replica: {result['stopped_replica']} (exited {result['replica_exit_s']} s after "
          f"{'SIGSTOP (hang)' if result.get('hang') else 'SIGTERM'}"
          f"{', SIGKILLed after the grace period' if result['replica_sigkilled'] else ''}); "
          f"survivors: {', '.join(result['survivors'])}")
    print(f"warm-up (first session on each replica, loads the data): {result['warmup_s']} s")
    print(f"sessions held per replica before the stop: {result['held_before_stop']}; survivor's sessions still "
          f"open: {result['survivor_sessions_still_open']}")
    print(f"sockets dropped by the stop, each reconnected: {result['dropped']} (close codes {result['close_codes']}); "
          f"of them accepted by the stopping replica after the signal: {result['taken_while_stopping']}")
    print(f"{'':11} {'ok':>3} {'failed':>6} {'nginx-retry':>11} {'client-retry':>12} {'median s':>8} {'p95 s':>6}"
          "  served by")
    for phase, label in (("before", "before"), ("after", "after"), ("reconnect", "reconnects")):
        p = result["phases"][phase]
        lat = p["latency"]
        print(f"{label:11} {p['ok']:>3} {p['failed']:>6} {p['nginx_retried']:>11} {p['client_retries']:>12} "
              f"{lat.get('median_s', float('nan')):>8.3f} {lat.get('p95_s', float('nan')):>6.3f}  {p['served_by']}")
    print("latency: page load (or, reconnecting, the health probe) + websocket + page run until script_finished.")
    print("nginx-retry: nginx tried the stopped replica, then served from a survivor (same request).")
    print("client-retry: the websocket reached the stopping replica and was closed (1012), refused or timed out, "
          "so the tab reconnected, as Streamlit's frontend does.")
    print(f"nginx log: {result.get('nginx_log')}")
    for name, ok in {**result.get("preflight", {}), **result["checks"]}.items():
        print(f"  [{'ok' if ok else 'FAIL'}] {name}")
    for failure in result["failures"][:10]:
        print(f"  failure: {failure}")
    print("PASSED" if result["passed"] else "FAILED")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sessions", type=int, default=50)
    ap.add_argument("--kill-after", type=int, default=None, help="sessions before the stop (default: half)")
    ap.add_argument("--kill-replica", type=int, default=2, choices=(1, 2))
    ap.add_argument("--concurrency", type=int, default=6, help="sessions connecting at once")
    ap.add_argument("--port", type=int, default=8600, help="nginx; the replicas take the next two ports")
    ap.add_argument("--session-timeout", type=float, default=45.0)
    ap.add_argument("--client-retries", type=int, default=2, help="reconnects a tab makes before it gives up")
    ap.add_argument("--drop-timeout", type=float, default=30.0, help="wait this long for a socket to drop")
    ap.add_argument("--grace", type=float, default=10.0,
                    help="seconds the stopped replica gets to exit before SIGKILL (docker's default, too)")
    ap.add_argument("--hang", action="store_true",
                    help="freeze the replica (SIGSTOP) instead: it accepts connections but never answers, "
                         "until SIGKILL after --grace")
    ap.add_argument("--timeout", type=float, default=180.0, help="hard limit for the whole run, start-up included")
    ap.add_argument("--json", help="write the full result (every attempt) here")
    ap.add_argument("--keep", action="store_true", help="keep nginx's config and the logs afterwards")
    args = ap.parse_args(argv)
    if not 1 <= args.sessions <= 200:
        ap.error("--sessions must be 1..200")
    args.kill_after = args.sessions // 2 if args.kill_after is None else args.kill_after
    if not 1 <= args.kill_after <= args.sessions:
        ap.error("--kill-after must be 1..--sessions")

    raise_on_signals()

    def overrun(signum, frame):
        raise TimeoutError(f"hard limit of {args.timeout:.0f} s reached")
    signal.signal(signal.SIGALRM, overrun)
    signal.alarm(int(args.timeout) + 1)  # the backstop; the asyncio part has its own, shorter limit
    started = time.monotonic()
    cluster = Cluster(replicas=2, port=args.port, profile="local", keep=args.keep)
    result: dict = {"passed": False}
    try:
        cluster.start(ready_timeout=min(90.0, args.timeout / 2))
        checks = preflight(cluster)
        runner = Runner(cluster, args)
        remaining = args.timeout - (time.monotonic() - started) - 15  # leave time to stop everything
        result = asyncio.run(asyncio.wait_for(runner.run(), max(10.0, remaining)))
        result["preflight"] = checks
        result["passed"] = result["passed"] and all(checks.values())
        result["nginx_log"] = nginx_log_counts(cluster)
        result["seconds"] = round(time.monotonic() - started, 1)
        print_summary(result)
        if args.keep:
            print(f"config and logs kept in {cluster.state_dir}")
    except (KeyboardInterrupt, TimeoutError) as exc:
        reason = str(exc) or ("timed out" if isinstance(exc, TimeoutError) else "interrupted")
        print(f"stopped early: {reason}; stopping nginx and the replicas", file=sys.stderr)
        result = {"passed": False, "error": reason}
    except Exception as exc:  # noqa: BLE001
        print(f"failover run failed: {type(exc).__name__}: {exc}", file=sys.stderr)
        result = {"passed": False, "error": f"{type(exc).__name__}: {exc}"}
    finally:
        signal.alarm(0)
        cluster.stop()
        if args.json:
            Path(args.json).write_text(json.dumps(result, indent=1), encoding="utf-8")
    return 0 if result.get("passed") else 1


if __name__ == "__main__":
    sys.exit(main())
