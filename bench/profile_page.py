"""Where a page's time goes: pyinstrument profiles of its script runs inside a real `streamlit run` server.

    .venv/bin/pip install pyinstrument          # for profiling only; not in requirements
    .venv/bin/python bench/profile_page.py --page compare
    .venv/bin/python bench/profile_page.py --page measures --data scale100 --reruns 5 --depth 40

Starts `streamlit run dashboard.py` as bench/pages.py does, but through this file, which wraps streamlit's
ScriptRunner._run_script so that every script run is profiled (pyinstrument, in the script thread, 1 ms
interval) and saved. Then it plays one tab (bench/streamlit_session.py): a first-ever visit of the deep link,
--firsts first visits in new sessions, and --reruns warm reruns in one session. It prints the combined profile
of the warm reruns (and of the first visits with --show-first) as a call tree, and writes it as text and HTML
under bench/out/profiles/. The websocket send (protobuf serialisation on the event loop) is not in the
script thread; the bytes sent are printed so that part can be judged apart.
"""
from __future__ import annotations

import sys
from pathlib import Path

_HERE = Path(__file__).resolve().parent  # keep bench/ behind the standard library (bench/concurrent.py)
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != _HERE] + [str(_HERE)]
sys.path.insert(0, str(_HERE.parent))


def serve(out_dir: str, argv: list[str]) -> None:
    """Server side: streamlit's CLI with every script run profiled into out_dir/run-NNNN.json."""
    import itertools
    import json
    import threading

    from pyinstrument import Profiler
    from streamlit.runtime.scriptrunner import script_runner
    from streamlit.web import cli

    counter = itertools.count(1)
    lock = threading.Lock()
    original = script_runner.ScriptRunner._run_script

    def profiled(self, rerun_data):
        profiler = Profiler(interval=0.001, async_mode="disabled")
        profiler.start()
        try:
            return original(self, rerun_data)
        finally:
            session = profiler.stop()
            with lock:
                n = next(counter)
            data = session.to_json()
            # Script runners live one run each, so every run has its own thread: name them alike so that
            # runs combine into one tree.
            data["frame_records"] = [(["script run\x00<thread>\x000", *stack[1:]] if stack and "<thread>" in stack[0]
                                      else stack, t) for stack, t in data["frame_records"]]
            Path(out_dir, f"run-{n:04d}.json").write_text(json.dumps(data))

    script_runner.ScriptRunner._run_script = profiled
    sys.argv = ["streamlit", *argv]
    cli.main(prog_name="streamlit")


def main(argv: list[str] | None = None) -> int:
    import argparse
    import asyncio
    import json
    import shutil
    import tempfile

    import benchlib
    from benchlib import PAGE_LINKS, PY, median, ms

    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], epilog=__doc__.split("\n\n", 2)[2],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--page", default="overview", type=benchlib.page_arg)
    ap.add_argument("--query", default=None, help="the deep link's query string (default: bench/benchlib.py PAGE_LINKS)")
    ap.add_argument("--data", default="real", type=benchlib.data_arg, help="real or scaleN (default real)")
    ap.add_argument("--firsts", type=int, default=3, help="first visits in new sessions (default 3)")
    ap.add_argument("--reruns", type=int, default=10, help="warm reruns in one session (default 10)")
    ap.add_argument("--depth", type=int, default=30, help="call-tree lines to print, roughly (default 30)")
    ap.add_argument("--show-first", action="store_true", help="also print the first visits' profile")
    ap.add_argument("--out", type=Path, default=benchlib.OUT / "profiles")
    ap.add_argument("--limit", type=float, default=300.0, help="hard limit, seconds (default 300)")
    ap.add_argument("--st-option", action="append", default=[], metavar="KEY=VALUE",
                    help="a streamlit config option for the server, e.g. runner.postScriptGC=false; repeatable")
    args = ap.parse_args(argv)
    try:
        from pyinstrument.renderers import ConsoleRenderer, HTMLRenderer
        from pyinstrument.session import Session
    except ImportError:
        print("pyinstrument is not installed: .venv/bin/pip install pyinstrument (for profiling only)", file=sys.stderr)
        return 2
    from streamlit_session import StreamlitSession, visit

    query = PAGE_LINKS.get(args.page, "lang=en") if args.query is None else args.query
    benchlib.hard_limit(args.limit)
    benchlib.print_machine(f"bench/profile_page.py: /{args.page}?{query} on {args.data}")
    args.out.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix="drugpolicy-profile-"))
    server = benchlib.Server("dashboard.py", data_dir=benchlib.data_dir(args.data),
                             launcher=[PY, str(Path(__file__).resolve()), "--serve", str(tmp), "--"],
                             extra_args=[f"--{opt}" for opt in args.st_option])
    try:
        server.start()

        benchlib.prime(server.url)  # the server's first visit: "/"

        async def play():
            runs = {"ever": [await visit(server.url, args.page, query, timeout=120)]}
            runs["first"] = [await visit(server.url, args.page, query, timeout=120) for _ in range(args.firsts)]
            async with StreamlitSession(server.url) as sess:
                runs["open"] = [await sess.run_page(args.page, query, timeout=120)]
                runs["warm"] = [await sess.rerun(timeout=120) for _ in range(args.reruns)]
            return runs

        runs = asyncio.run(play())
        server.stop()
        files = sorted(tmp.glob("run-*.json"))
        files = files[1:]  # the priming visit of "/"
        order = [kind for kind in ("ever", "first", "open", "warm") for _ in runs[kind]]
        if len(files) != len(order):
            print(f"note: {len(files)} script runs profiled for {len(order)} requests; grouping by order anyway")
        groups: dict[str, list] = {}
        for kind, path in zip(order, files, strict=False):
            groups.setdefault(kind, []).append(Session.from_json(json.loads(path.read_text())))
        for kind, label in (("first", "first visits"), ("warm", "warm reruns")):
            rs = [r for r in runs[kind] if r.finished]  # timings stand even when the page showed an error
            errors = sorted({r.error for r in runs[kind] if r.error})
            print(f"\n-- {label}: {len(rs)} runs, median {ms(median([r.finished_s for r in rs]))} ms to "
                  f"script_finished (profiled, so slower than bench/pages.py), {median([r.bytes for r in rs]) / 1024:.0f} "
                  f"KB sent{'; errors: ' + '; '.join(errors) if errors else ''}")
            if kind not in groups or (kind == "first" and not args.show_first):
                continue
            combined = groups[kind][0]
            for s in groups[kind][1:]:
                combined = Session.combine(combined, s)
            stem = f"{args.data}-{args.page}-{kind}"
            text = ConsoleRenderer(unicode=True, color=False, short_mode=False,
                                   processor_options={"filter_threshold": 0.01}).render(combined)
            (args.out / f"{stem}.txt").write_text(text, encoding="utf-8")
            (args.out / f"{stem}.html").write_text(HTMLRenderer().render(combined), encoding="utf-8")
            lines = text.splitlines()
            print("\n".join(lines[:args.depth + 8]))
            if len(lines) > args.depth + 8:
                print(f"   ... {len(lines) - args.depth - 8} more lines in {args.out / (stem + '.txt')}")
            flat = ConsoleRenderer(flat=True, color=False, processor_options={"filter_threshold": 0.01}).render(combined)
            (args.out / f"{stem}-flat.txt").write_text(flat, encoding="utf-8")
            print(f"   written: {args.out / (stem + '.txt')}, .html, -flat.txt (self time per function)")
    except KeyboardInterrupt:
        print("interrupted; server stopped", file=sys.stderr)
        return 130
    except benchlib.Overrun as exc:
        print(f"stopped: {exc}; server stopped", file=sys.stderr)
        return 124
    finally:
        import signal

        signal.alarm(0)
        server.stop()
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    if len(sys.argv) > 2 and sys.argv[1] == "--serve":
        rest = sys.argv[3:]
        serve(sys.argv[2], rest[1:] if rest[:1] == ["--"] else rest)
    else:
        sys.exit(main())
