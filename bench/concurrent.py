"""Concurrent viewers: N sessions opened at once against `streamlit run`, over Streamlit's own websocket protocol,
for the app's overview page and for a one-line page started the same way (the framework's floor).

    .venv/bin/python bench/concurrent.py                        # 50 sessions, /overview, real data
    .venv/bin/python bench/concurrent.py --sessions 20 --data scale100 --vary
    .venv/bin/python bench/concurrent.py --st-option runner.postScriptGC=false   # measure a settings change

Both servers (dashboard.py, the dashboard as served, and bench/oneline.py) are started alike from the repository (so
.streamlit/config.toml applies), headless, no file watcher, on free loopback ports, and each gets two warm-up
sessions, one after the other: "/" (loads the data, which is cold start, not this test; bench/benchlib.py
prime), then the page. A third server, bench/oneframe.py (the dashboard's navigation, sidebar and page set-up
around one line: what every page costs before its own content), is measured alike and printed for reference.
Then --rounds rounds, alternating the servers so that other work on the machine weighs on each alike:
  1. the server's RSS and CPU time are read; N tabs open at once (asyncio.gather), each connects to
     /_stcore/stream, sends rerun_script for the deep link and reads until script_finished
     (bench/streamlit_session.py);
  2. with every tab still open, RSS is read again: (after - before) / N = memory per extra session (an upper
     bound: memory a run allocates and frees stays in the process's RSS; the first round's figure is
     reported, later rounds reuse memory the process already holds); every tab closes; RSS once more.
Time to a finished first page = from the moment the N tabs were launched to each one's script_finished.
Printed per round, then the medians over the rounds: median, p95, max, errors (an exception element, an
st.error, Streamlit's "page not found", a timeout or a dropped socket; a run with an error still counts for
the times if it finished), MB per session, server CPU per session, and p95 / p95 of the one-line page. Targets (printed, never asserted): no
error, p95 <= 2 x the one-line page's, <= 2 MB per extra session.
Bounded: per-session timeout, a hard limit for the whole run; both servers are stopped on exit, Ctrl-C or
SIGTERM. The clients run on the same machine as the server and take some of its CPU; so do the floor's.
"""
from __future__ import annotations

import sys
from pathlib import Path

# bench/ must not come before the standard library: this very file is named like its `concurrent` package.
_HERE = Path(__file__).resolve().parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != _HERE] + [str(_HERE)]
sys.path.insert(0, str(_HERE.parent))

import argparse  # noqa: E402
import asyncio  # noqa: E402
import json  # noqa: E402
import signal  # noqa: E402
import time  # noqa: E402
from collections import Counter  # noqa: E402

import benchlib  # noqa: E402
from benchlib import median, ms, pct  # noqa: E402

LANGS = ("nl", "fr", "en")
MODELS = ("three_track", "five_pillars")
LOCALES = {"nl": "nl-BE", "fr": "fr-BE", "en": "en-GB"}
TARGET_RATIO = 2.0
TARGET_MB = 2.0


def view_of(i: int, vary: bool, base: str) -> tuple[str, str]:
    """(query string, locale) of tab i: the same deep link for all, or six views as shared links would give."""
    if not vary:
        return base, "en-GB"
    lang = LANGS[i % 3]
    return f"lang={lang}&model={MODELS[(i // 3) % 2]}", LOCALES[lang]


async def burst(url: str, page: str, n: int, vary: bool, base_query: str, timeout: float) -> dict:
    from streamlit_session import StreamlitSession

    tabs = []
    for i in range(n):
        query, locale = view_of(i, vary, base_query)
        tabs.append((StreamlitSession(url, locale=locale, open_timeout=min(30.0, timeout)), query))
    t0 = time.perf_counter()

    async def one(sess, query):
        res = await sess.run_page(page, query, timeout=timeout)
        return res, time.perf_counter() - t0

    results = await asyncio.gather(*(one(s, q) for s, q in tabs))
    wall = time.perf_counter() - t0
    return {"tabs": [s for s, _ in tabs], "results": results, "wall_s": wall}


async def close_all(tabs) -> None:
    await asyncio.gather(*(t.close() for t in tabs), return_exceptions=True)


class Target:
    """One server under test: the app or the one-line page."""

    def __init__(self, label: str, script: str, page: str, args, data_dir) -> None:
        self.label, self.script, self.page, self.args = label, script, page, args
        self.query = args.query if page else ""
        self.server = benchlib.Server(script, data_dir=data_dir if page else None,
                                      extra_args=[f"--{o}" for o in args.st_option])
        self.out: dict = {"label": label, "script": script, "page": page, "rounds": []}

    def start(self) -> bool:
        from streamlit_session import visit

        self.server.start(timeout=90)
        self.out["server_healthy_s"] = self.server.start_s
        warm = [benchlib.prime(self.server.url), asyncio.run(visit(self.server.url, self.page, self.query, timeout=120))]
        self.out["warmup_s"] = [round(w.finished_s, 3) for w in warm]
        if not all(w.finished for w in warm):
            self.out["error"] = f"warm-up failed: {warm[-1].error or warm[0].error}"
            return False
        return True

    def round(self) -> dict:
        """N tabs at once; memory and CPU around it; every tab closed afterwards."""
        args, server = self.args, self.server
        time.sleep(1.0)
        rss0, cpu0 = server.rss_mb(), server.cpu_s()

        async def run():
            b = await burst(server.url, self.page, args.sessions, args.vary and bool(self.page), self.query,
                            args.session_timeout)
            await asyncio.sleep(1.0)  # let the server settle with every tab still open
            rss1, cpu1 = server.rss_mb(), server.cpu_s()
            await close_all(b["tabs"])
            await asyncio.sleep(2.0)
            return b, rss1, cpu1, server.rss_mb()

        b, rss1, cpu1, rss2 = asyncio.run(asyncio.wait_for(run(), args.session_timeout + 60))
        times = [t for r, t in b["results"] if r.finished]  # every finished run; errors are counted apart
        errors = Counter(r.error for r, _ in b["results"] if not r.ok)
        rnd = {
            "n": args.sessions, "ok": sum(r.ok for r, _ in b["results"]), "finished": len(times),
            "errors": sum(errors.values()), "error_kinds": dict(errors.most_common(5)),
            "median_s": median(times), "p95_s": pct(times, 95), "max_s": max(times, default=float("nan")),
            "wall_s": b["wall_s"],
            "kb_per_session": median([r.bytes / 1024 for r, _ in b["results"] if r.finished]),
            "rss_before_mb": rss0, "rss_after_mb": rss1, "rss_closed_mb": rss2,
            "mb_per_session": (rss1 - rss0) / args.sessions,
            "cpu_per_session_s": (cpu1 - cpu0) / args.sessions,
            "load_avg": benchlib.loadavg(),
        }
        self.out["rounds"].append(rnd)
        return rnd

    def summarise(self) -> dict:
        rounds = self.out["rounds"]
        if rounds:
            self.out.update({
                "n": rounds[0]["n"], "rounds_n": len(rounds),
                "errors": sum(r["errors"] for r in rounds), "ok": sum(r["ok"] for r in rounds),
                "error_kinds": dict(sum((Counter(r["error_kinds"]) for r in rounds), Counter()).most_common(5)),
                "median_s": median([r["median_s"] for r in rounds]), "p95_s": median([r["p95_s"] for r in rounds]),
                "p95_rounds_s": [round(r["p95_s"], 3) for r in rounds],
                "max_s": max(r["max_s"] for r in rounds), "kb_per_session": rounds[0]["kb_per_session"],
                # the first round's growth: later rounds reuse memory the process already holds
                "rss_before_mb": rounds[0]["rss_before_mb"], "rss_after_mb": rounds[0]["rss_after_mb"],
                "rss_closed_mb": rounds[-1]["rss_closed_mb"], "mb_per_session": rounds[0]["mb_per_session"],
                "cpu_per_session_s": median([r["cpu_per_session_s"] for r in rounds]),
            })
        return self.out

    def stop(self) -> None:
        self.server.stop()


def print_one(r: dict) -> None:
    if "error" in r:
        print(f"   {r['label']:9} {r['error']}")
        return
    total = r["n"] * r.get("rounds_n", 1)
    print(f"   {r['label']:9} {r['ok']:>3}/{total:<3} {r['errors']:>6} {ms(r['median_s']):>7} {ms(r['p95_s']):>7} "
          f"{ms(r['max_s']):>7} {r['rss_before_mb']:>7.0f} {r['rss_after_mb']:>6.0f} {r['rss_closed_mb']:>7.0f} "
          f"{r['mb_per_session']:>7.2f} {ms(r['cpu_per_session_s']):>7} {r['kb_per_session']:>6.0f}  "
          f"(warm-up {', '.join(ms(w) for w in r['warmup_s'])} ms)")
    for kind, count in r.get("error_kinds", {}).items():
        print(f"             {count} x {kind}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], epilog=__doc__.split("\n\n", 2)[2],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sessions", type=int, default=50, help="tabs opened at once (default 50, at most 200)")
    ap.add_argument("--page", default="overview", type=benchlib.page_arg, help="the app's page (default overview)")
    ap.add_argument("--query", default="lang=en", help="its deep link's query (default lang=en)")
    ap.add_argument("--vary", action="store_true", help="six different views (lang x model) instead of one link")
    ap.add_argument("--data", default="real", type=benchlib.data_arg, help="real or scaleN (default real)")
    ap.add_argument("--session-timeout", type=float, default=120.0, help="per tab, seconds (default 120)")
    ap.add_argument("--limit", type=float, default=600.0, help="hard limit for the whole run, seconds (default 600)")
    ap.add_argument("--rounds", type=int, default=3, help="bursts per server, alternating app and floor (default 3)")
    ap.add_argument("--no-floor", action="store_true", help="skip the one-line page and the frame")
    ap.add_argument("--st-option", action="append", default=[], metavar="KEY=VALUE",
                    help="a streamlit config option for both servers, e.g. runner.postScriptGC=false; repeatable")
    ap.add_argument("--json", type=Path, help="write every figure here")
    args = ap.parse_args(argv)
    if not 1 <= args.sessions <= 200:
        ap.error("--sessions must be 1..200")
    if not 1 <= args.rounds <= 10:
        ap.error("--rounds must be 1..10")

    benchlib.hard_limit(args.limit)
    info = benchlib.print_machine(
        f"bench/concurrent.py: {args.sessions} sessions at once, /{args.page}?{args.query}"
        f"{' (six views)' if args.vary else ''} on {args.data}"
        + (f", streamlit options {' '.join(args.st_option)}" if args.st_option else ""))
    result: dict = {"machine": info, "args": {k: str(v) for k, v in vars(args).items()}}
    code = 0
    try:
        data_dir = benchlib.data_dir(args.data)
        app = Target("overview" if args.page == "overview" else args.page, "dashboard.py", args.page, args, data_dir)
        floor = None if args.no_floor else Target("one-line", "bench/oneline.py", "", args, data_dir)
        # a reference: the dashboard's frame (navigation, sidebar, page set-up) around one line
        framed = None if args.no_floor else Target("frame", "bench/oneframe.py", args.page, args, data_dir)
        targets = [t for t in (app, floor, framed) if t is not None]
        try:
            ready = [t.start() for t in targets]
            # The rounds alternate between the app and the one-line page, so that other work on the machine
            # weighs on both alike; each figure is the median over the rounds.
            for n in range(args.rounds):
                for t, ok in zip(targets, ready, strict=True):
                    if ok:
                        r = t.round()
                        print(f"   round {n + 1} {t.label:9} p95 {ms(r['p95_s'])} ms, {r['errors']} error(s), "
                              f"load {r['load_avg']}", flush=True)
        finally:
            for t in targets:
                t.stop()
        print(f"\n   {'':9} {'ok':>7} {'errors':>6} {'median':>7} {'p95':>7} {'max':>7} {'RSS MB':>7} {'after':>6} "
              f"{'closed':>7} {'MB/sess':>7} {'CPU ms':>7} {'KB':>6}   (times in ms, to script_finished; "
              f"medians of {args.rounds} round(s))")
        result["app"] = app.summarise()
        print_one(result["app"])
        if floor is not None:
            result["floor"] = floor.summarise()
            print_one(result["floor"])
            result["frame"] = framed.summarise()
            print_one(result["frame"])
        summary(result)
    except KeyboardInterrupt:
        print("\ninterrupted; servers stopped", file=sys.stderr)
        code = 130
    except benchlib.Overrun as exc:
        print(f"\nstopped: {exc}; servers stopped", file=sys.stderr)
        code = 124
    finally:
        signal.alarm(0)
        result["machine"]["load_avg_end"] = benchlib.loadavg()
        if args.json:
            args.json.write_text(json.dumps(result, indent=1, default=str), encoding="utf-8")
    return code


def summary(result: dict) -> None:
    app, floor = result.get("app", {}), result.get("floor", {})
    print("\n== targets (figures only; nothing passes or fails on time)")
    if "p95_s" in app:
        print(f"   no error: {'holds' if app['errors'] == 0 else 'MISSED'} ({app['errors']} of "
              f"{app['n'] * app.get('rounds_n', 1)} sessions)")
        if "p95_s" in floor:
            ratio = app["p95_s"] / floor["p95_s"]
            result["ratio_p95"] = ratio
            print(f"   p95 {ms(app['p95_s'])} ms vs one-line page {ms(floor['p95_s'])} ms: ratio {ratio:.2f} "
                  f"(target <= {TARGET_RATIO:.0f}: {'holds' if ratio <= TARGET_RATIO else 'MISSED'})")
        frame = result.get("frame", {})
        if "p95_s" in frame and "p95_s" in floor:
            result["ratio_p95_frame"] = app["p95_s"] / frame["p95_s"]
            print(f"   for reference, the dashboard's frame around one line (bench/oneframe.py): p95 "
                  f"{ms(frame['p95_s'])} ms, {frame['p95_s'] / floor['p95_s']:.2f} x the one-line page; the page "
                  f"is {result['ratio_p95_frame']:.2f} x the frame")
        print(f"   memory per extra session {app['mb_per_session']:.2f} MB (target <= {TARGET_MB:.0f} MB: "
              f"{'holds' if app['mb_per_session'] <= TARGET_MB else 'MISSED'}); one-line page "
              f"{floor.get('mb_per_session', float('nan')):.2f} MB")
        print(f"   server CPU per session {ms(app['cpu_per_session_s'])} ms (one-line page "
              f"{ms(floor.get('cpu_per_session_s', float('nan')))} ms): with 2 cores, N sessions need at least "
              f"N x CPU / 2 of wall time")
    print(f"   load average at the end: {benchlib.loadavg()}")


if __name__ == "__main__":
    sys.exit(main())
