"""Page cost: for every page, the server-side run time of a first visit and of a warm rerun, on the real data
and at scale 100, plus cold start (validate and load).

    .venv/bin/python bench/pages.py                      # both data sets, every page, 5 repetitions
    .venv/bin/python bench/pages.py --data real --pages overview,compare --reps 9
    .venv/bin/python bench/pages.py --via apptest        # in-process (streamlit.testing AppTest) instead
    .venv/bin/python bench/pages.py --json out.json

--via ws (default): starts `streamlit run dashboard.py` (headless, no file watcher, loopback, the data set in
DRUGPOLICY_DATA_DIR) and plays a browser tab with bench/streamlit_session.py:
  first-ever   the first visit of this deep link since the server started (one sample; the process-wide
               query cache is cold for this selection: what a visitor with a new selection pays);
  first visit  a new session on the same deep link (new websocket, rerun_script with page_name); median;
  warm rerun   the same session runs the page again (what a widget change costs); median.
Each is the time from sending rerun_script to receiving script_finished on loopback: the page's server-side
run time, plus one loopback hop. "first page on a fresh server" is the very first visit after start (imports,
validation and load included): the home page "/".
cpu first / cpu warm: the server process's CPU time (all threads, /proc/<pid>/stat) per run, averaged over the
repetitions: less sensitive than wall time to other work on the machine.
--via apptest: runs app_pages/<page>.py in this process with AppTest and times at.run() (a new AppTest for a
first visit, at.run() again for a warm rerun). AppTest parses every message into its element tree, so its
figures run somewhat higher; it is there to profile (run it under a profiler such as pyinstrument).

Cold start: drugpolicy.db.build (validate + load into DuckDB) in a fresh interpreter, median of --cold-reps;
imports (duckdb, pandas, the app's modules) are timed apart.
Targets (printed, never asserted): warm rerun median <= 150 ms on the real data, <= 400 ms at scale 100;
cold start <= 2 s on the real data.
"""
from __future__ import annotations

import sys
from pathlib import Path

_HERE = Path(__file__).resolve().parent  # keep bench/ behind the standard library (bench/concurrent.py)
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != _HERE] + [str(_HERE)]
sys.path.insert(0, str(_HERE.parent))

import argparse  # noqa: E402
import asyncio  # noqa: E402
import json  # noqa: E402
import os  # noqa: E402
import subprocess  # noqa: E402
import time  # noqa: E402
from urllib.parse import parse_qsl  # noqa: E402

import benchlib  # noqa: E402
from benchlib import PAGE_LINKS, PY, ROOT, median, ms  # noqa: E402

TARGET_WARM_MS = {"real": 150, "scale100": 400}
TARGET_COLD_S = 2.0

COLD_SNIPPET = r"""
import json, sys, time
t0 = time.perf_counter()
import duckdb, pandas  # noqa
from drugpolicy import db
from drugpolicy.validate import validate
t1 = time.perf_counter()
problems, tables = validate(sys.argv[1])
t2 = time.perf_counter()
con = db.build(sys.argv[1])
t3 = time.perf_counter()
print(json.dumps({"import_s": t1 - t0, "validate_s": t2 - t1, "build_s": t3 - t2, "problems": len(problems),
                  "rows": sum(len(t.rows) for t in tables.values())}))
"""


def cold_start(directory: Path, reps: int, timeout: float) -> dict:
    """db.build in `reps` fresh interpreters; medians."""
    runs = []
    for _ in range(reps):
        out = subprocess.run([PY, "-c", COLD_SNIPPET, str(directory)], cwd=ROOT, capture_output=True, text=True,
                             timeout=timeout, env={k: v for k, v in os.environ.items() if k != "DRUGPOLICY_DATA_DIR"})
        if out.returncode != 0:
            return {"error": out.stderr.strip().splitlines()[-1] if out.stderr.strip() else f"exit {out.returncode}"}
        runs.append(json.loads(out.stdout.strip().splitlines()[-1]))
    res = {k: median([r[k] for r in runs]) for k in ("import_s", "validate_s", "build_s")}
    res["load_s"] = res["build_s"] - res["validate_s"]
    res["rows"] = runs[0]["rows"]
    res["problems"] = runs[0]["problems"]
    res["reps"] = reps
    return res


# --- through the websocket -----------------------------------------------------------------------------
async def _ws_page(srv: benchlib.Server, page: str, qs: str, reps: int, timeout: float) -> dict:
    from streamlit_session import StreamlitSession, visit

    url = srv.url
    ever = await visit(url, page, qs, timeout=timeout)
    cpu0 = srv.cpu_s()
    firsts = [await visit(url, page, qs, timeout=timeout) for _ in range(reps)]
    cpu1 = srv.cpu_s()
    async with StreamlitSession(url) as sess:
        opened = await sess.run_page(page, qs, timeout=timeout)
        cpu2 = srv.cpu_s()
        warms = [await sess.rerun(timeout=timeout) for _ in range(reps)] if opened.finished else []
        cpu3 = srv.cpu_s()
    runs = [ever, *firsts, opened, *warms]
    errors = sorted({r.error for r in runs if r.error})
    ok_first = [r for r in firsts if r.finished]  # timings of every finished run; errors are listed apart
    ok_warm = [r for r in warms if r.finished]
    return {
        "first_ever_s": ever.finished_s,
        "first_s": median([r.finished_s for r in ok_first]),
        "first_max_s": max((r.finished_s for r in ok_first), default=float("nan")),
        "warm_s": median([r.finished_s for r in ok_warm]),
        "warm_max_s": max((r.finished_s for r in ok_warm), default=float("nan")),
        # the server's CPU time (all threads) per run, averaged: less sensitive to other load than wall time
        "first_cpu_s": (cpu1 - cpu0) / max(1, len(firsts)),
        "warm_cpu_s": (cpu3 - cpu2) / max(1, len(warms)),
        "first_kb": median([r.bytes / 1024 for r in ok_first]),
        "warm_kb": median([r.bytes / 1024 for r in ok_warm]),
        "first_messages": median([r.messages for r in ok_first]),
        "first_element_kb": {k: round(v / 1024, 1) for k, v in sorted(
            (ok_first[-1].element_bytes if ok_first else {}).items(), key=lambda kv: -kv[1])},
        "errors": errors,
        "n_first": len(ok_first), "n_warm": len(ok_warm),
    }


ST_ARGS: list[str] = []  # --st-option runner.postScriptGC=false -> streamlit run ... --runner.postScriptGC=false


def run_ws(name: str, directory: Path, pages: list[str], reps: int, timeout: float) -> dict:
    out: dict = {"via": "ws", "st_options": ST_ARGS}
    with benchlib.Server("dashboard.py", data_dir=directory, extra_args=ST_ARGS) as srv:
        out["server_healthy_s"] = srv.start_s
        out["rss_start_mb"] = srv.rss_mb()
        t0 = time.perf_counter()
        first = benchlib.prime(srv.url, timeout=max(timeout, 120))
        out["fresh_first_page_s"] = first.finished_s
        out["fresh_first_page_wall_s"] = time.perf_counter() - t0
        out["fresh_first_page_error"] = first.error
        out["pages"] = {}
        for page in pages:
            res = asyncio.run(_ws_page(srv, page, PAGE_LINKS.get(page, "lang=en"), reps, timeout))
            out["pages"][page] = res
            print_row(name, page, res)
        out["rss_end_mb"] = srv.rss_mb()
    return out


# --- in-process, AppTest -------------------------------------------------------------------------------
def _apptest(page: str, qs: str, timeout: float):
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(ROOT / "app_pages" / f"{page}.py"), default_timeout=timeout)
    for key, value in parse_qsl(qs):
        at.query_params[key] = value
    return at


def _apptest_error(at) -> str:
    if at.exception:
        return "; ".join(e.value[:120] for e in at.exception)
    errs = [e.value for e in at.error]
    return "; ".join(e[:120] for e in errs)


def run_apptest(name: str, directory: Path, pages: list[str], reps: int, timeout: float) -> dict:
    os.environ["DRUGPOLICY_DATA_DIR"] = str(directory)
    out: dict = {"via": "apptest", "pages": {}}
    for page in pages:
        qs = PAGE_LINKS.get(page, "lang=en")
        errors = set()

        def timed(at, errors=errors):
            t0 = time.perf_counter()
            at.run()
            took = time.perf_counter() - t0
            err = _apptest_error(at)
            if err:
                errors.add(err)
            return took

        ever = timed(_apptest(page, qs, timeout))
        firsts = [timed(_apptest(page, qs, timeout)) for _ in range(reps)]
        at = _apptest(page, qs, timeout)
        timed(at)
        warms = [timed(at) for _ in range(reps)]
        res = {"first_ever_s": ever, "first_s": median(firsts), "first_max_s": max(firsts), "warm_s": median(warms),
               "first_cpu_s": float("nan"), "warm_cpu_s": float("nan"),
               "warm_max_s": max(warms), "first_kb": float("nan"), "warm_kb": float("nan"),
               "errors": sorted(errors), "n_first": reps, "n_warm": reps}
        out["pages"][page] = res
        print_row(name, page, res)
    return out


# --- output --------------------------------------------------------------------------------------------
def print_head(name: str, via: str) -> None:
    target = TARGET_WARM_MS.get(name)
    print(f"\n-- {name}: page cost via {via} (ms; median of the repetitions; target warm rerun <= "
          f"{target if target else '—'} ms)")
    print(f"   {'page':12} {'first-ever':>10} {'first':>6} {'warm':>6} {'warm max':>8}  {'target':7} "
          f"{'cpu first':>9} {'cpu warm':>8} {'KB first':>8} {'KB warm':>7}  errors")


def print_row(name: str, page: str, r: dict) -> None:
    target = TARGET_WARM_MS.get(name)
    holds = "—" if target is None or r["warm_s"] != r["warm_s"] else ("holds" if r["warm_s"] * 1000 <= target
                                                                       else "MISSED")
    kb = lambda v: "—" if v != v else f"{v:.0f}"  # noqa: E731
    print(f"   {page:12} {ms(r['first_ever_s']):>10} {ms(r['first_s']):>6} {ms(r['warm_s']):>6} "
          f"{ms(r['warm_max_s']):>8}  {holds:7} {ms(r['first_cpu_s']):>9} {ms(r['warm_cpu_s']):>8} "
          f"{kb(r['first_kb']):>8} {kb(r['warm_kb']):>7}  "
          f"{'; '.join(r['errors'])[:160]}", flush=True)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 epilog=__doc__.split("\n\n", 2)[2], formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", default="real,scale100", type=benchlib.datas_arg,
                    help="comma-separated: real, scaleN (default real,scale100)")
    ap.add_argument("--pages", default="", type=benchlib.pages_arg,
                    help="comma-separated page keys (default: every page in drugpolicy/ui.py)")
    ap.add_argument("--reps", type=int, default=5, help="first visits and warm reruns per page (default 5)")
    ap.add_argument("--cold-reps", type=int, default=3, help="fresh interpreters for cold start (default 3)")
    ap.add_argument("--via", choices=("ws", "apptest"), default="ws")
    ap.add_argument("--timeout", type=float, default=120.0, help="per page run, seconds (default 120)")
    ap.add_argument("--limit", type=float, default=900.0, help="hard limit for the whole run, seconds (default 900)")
    ap.add_argument("--json", type=Path, help="write every figure here")
    ap.add_argument("--st-option", action="append", default=[], metavar="KEY=VALUE",
                    help="pass a streamlit config option to the server, e.g. runner.postScriptGC=false (to measure "
                         "a settings change without editing .streamlit/config.toml); repeatable")
    args = ap.parse_args(argv)
    ST_ARGS[:] = [f"--{opt}" for opt in args.st_option]
    if not 1 <= args.reps <= 50:
        ap.error("--reps must be 1..50")
    pages, datas = args.pages, args.data

    benchlib.hard_limit(args.limit)
    info = benchlib.print_machine(f"bench/pages.py via {args.via}, {args.reps} repetitions"
                                  + (f", streamlit options {' '.join(ST_ARGS)}" if ST_ARGS else ""))
    result: dict = {"machine": info, "via": args.via, "reps": args.reps, "data": {}}
    try:
        for name in datas:
            directory = benchlib.data_dir(name)
            cold = cold_start(directory, args.cold_reps, timeout=300)
            result["data"][name] = {"cold": cold}
            if "error" in cold:
                print(f"\n-- {name}: cold start failed: {cold['error']}")
            else:
                target = f"target <= {TARGET_COLD_S:.0f} s: {'holds' if cold['build_s'] <= TARGET_COLD_S else 'MISSED'}" \
                    if name == "real" else "no target"
                print(f"\n-- {name}: cold start (db.build = validate + load, {cold['rows']} rows, median of "
                      f"{cold['reps']} fresh interpreters): {cold['build_s']:.2f} s ({target}); validate "
                      f"{cold['validate_s']:.2f} s, load {cold['load_s']:.2f} s; imports before it "
                      f"{cold['import_s']:.2f} s", flush=True)
            print_head(name, args.via)
            runner = run_ws if args.via == "ws" else run_apptest
            res = runner(name, directory, pages, args.reps, args.timeout)
            result["data"][name].update(res)
            if args.via == "ws":
                print(f"   server healthy after {res['server_healthy_s']:.1f} s; first page on the fresh server "
                      f"{ms(res['fresh_first_page_s'])} ms{(' ERROR ' + res['fresh_first_page_error']) if res['fresh_first_page_error'] else ''}; "
                      f"server RSS {res['rss_start_mb']:.0f} MB at start, {res['rss_end_mb']:.0f} MB at the end")
        summary(result)
    except KeyboardInterrupt:
        print("\ninterrupted; servers stopped", file=sys.stderr)
        return 130
    except benchlib.Overrun as exc:
        print(f"\nstopped: {exc}; servers stopped", file=sys.stderr)
        return 124
    finally:
        import signal

        signal.alarm(0)
        result["machine"]["load_avg_end"] = benchlib.loadavg()
        if args.json:
            args.json.write_text(json.dumps(result, indent=1, default=str), encoding="utf-8")
    return 0


def summary(result: dict) -> None:
    print("\n== targets (figures only; nothing passes or fails on time)")
    for name, d in result["data"].items():
        target = TARGET_WARM_MS.get(name)
        pages = d.get("pages", {})
        if target and pages:
            worst = max(pages.items(), key=lambda kv: kv[1]["warm_s"] if kv[1]["warm_s"] == kv[1]["warm_s"] else 1e9)
            missed = [p for p, r in pages.items() if not r["warm_s"] * 1000 <= target]
            print(f"   warm rerun, {name}, every page <= {target} ms: "
                  f"{'holds' if not missed else 'MISSED on ' + ', '.join(missed)} "
                  f"(slowest {worst[0]} {ms(worst[1]['warm_s'])} ms)")
        if name == "real" and "build_s" in d.get("cold", {}):
            c = d["cold"]["build_s"]
            print(f"   cold start, real data, <= {TARGET_COLD_S:.0f} s: {'holds' if c <= TARGET_COLD_S else 'MISSED'} "
                  f"({c:.2f} s)")
    print(f"   load average at the end: {benchlib.loadavg()} (above {result['machine']['nproc']} the figures are "
          "inflated by other work on the machine)")


if __name__ == "__main__":
    sys.exit(main())
