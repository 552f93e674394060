"""Exports: time to build a four-city PPTX briefing deck and one PNG chart, with kaleido cold and warm.

    .venv/bin/python bench/exports.py                 # real data, 3 cold processes, 5 warm repetitions
    .venv/bin/python bench/exports.py --data scale100 --cities antwerpen,aalst,gent,brussels-region

Each figure is measured in a fresh interpreter (started in its own process group, so kaleido's chromium is
stopped with it, also on a timeout or Ctrl-C), the way the briefing page and `python -m drugpolicy export` do it:
  deck cold   sections.build (four cities) + deck.build_deck, the first in the process: kaleido starts its
              chromium for the chart picture (what the first deck after a server start costs);
  PNG cold    images.to_image(images.with_footer(overview chart)) as the first image of a fresh process;
  deck warm   the same deck again in a process whose kaleido is running (median of --reps);
  PNG warm    the same PNG again (median of --reps);
  sections    sections.build alone (queries + the Plotly figure), warm;
  breakdown   one more process takes a cold deck apart: sections.build, kaleido's start, first and next render;
  prewarmed   one more: kaleido warmed with a tiny chart first (as a server could do at start), then a deck.
Imports (pptx, plotly, kaleido, the app) are timed apart. Target (printed, never asserted): four-city deck
under 5 s (judged on the cold deck, the worst case a visitor meets; the warm one is printed beside it).
"""
from __future__ import annotations

import sys
from pathlib import Path

_HERE = Path(__file__).resolve().parent  # keep bench/ behind the standard library (bench/concurrent.py)
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != _HERE] + [str(_HERE)]
sys.path.insert(0, str(_HERE.parent))

TARGET_DECK_S = 5.0


def worker(kind: str, cities: list[str], model: str, lang: str, reps: int) -> dict:
    """In a fresh interpreter: 'deck' (cold deck, then warm decks, PNGs) or 'png' (cold PNG, then warm PNGs)."""
    import time

    t0 = time.perf_counter()
    from drugpolicy import db, sections
    from drugpolicy.exports import deck, images

    db.connection()
    out = {"import_and_load_s": time.perf_counter() - t0}

    def build_deck() -> bytes:
        return deck.build_deck(sections.build(cities, model, lang), cities=cities, model=model, lang=lang)

    def png() -> bytes:
        (section,) = sections.build(cities, model, lang, ["overview"])
        return images.picture(section, lang, "png")

    def timed(fn):
        t = time.perf_counter()
        data = fn()
        return time.perf_counter() - t, len(data)

    if kind == "breakdown":  # where a cold deck's time goes
        from drugpolicy.charts import base  # noqa: F401

        t = time.perf_counter()
        built = sections.build(cities, model, lang)
        out["sections_cold_s"] = time.perf_counter() - t
        t = time.perf_counter()
        with images._lock:
            images._server()
        out["kaleido_start_s"] = time.perf_counter() - t
        t = time.perf_counter()
        images.to_image(built[0].figure, "png")
        out["first_render_s"] = time.perf_counter() - t
        t = time.perf_counter()
        images.to_image(built[0].figure, "png")
        out["second_render_s"] = time.perf_counter() - t
        return out
    if kind == "prewarmed":  # a process that warmed kaleido up front (one tiny chart), then makes its first deck
        import plotly.graph_objects as go

        t = time.perf_counter()
        images.to_image(go.Figure(go.Bar(y=[1])), "png")
        out["warmup_s"] = time.perf_counter() - t
        out["deck_prewarmed_s"], out["deck_bytes"] = timed(build_deck)
        return out
    first, second = (build_deck, png) if kind == "deck" else (png, build_deck)
    out[f"{kind}_cold_s"], out[f"{kind}_bytes"] = timed(first)
    warm_first = [timed(first)[0] for _ in range(reps)]
    warm_second = [timed(second)[0] for _ in range(reps)]
    other = "png" if kind == "deck" else "deck"
    out[f"{kind}_warm_s"] = sorted(warm_first)[len(warm_first) // 2]
    out[f"{other}_warm_s"] = sorted(warm_second)[len(warm_second) // 2]
    sec = []
    for _ in range(reps):
        t = time.perf_counter()
        sections.build(cities, model, lang)
        sec.append(time.perf_counter() - t)
    out["sections_warm_s"] = sorted(sec)[len(sec) // 2]
    return out


class Failed(Exception):
    """A worker failed or did not answer: the run stops without figures."""


def main(argv: list[str] | None = None) -> int:
    import argparse
    import json
    import os
    import signal
    import subprocess

    import benchlib
    from benchlib import FOUR, PY, ROOT, median

    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], epilog=__doc__.split("\n\n", 2)[2],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--cities", default=FOUR, help=f"comma-separated city ids (default {FOUR})")
    ap.add_argument("--model", default="three_track")
    ap.add_argument("--lang", default="en")
    ap.add_argument("--data", default="real", type=benchlib.data_arg, help="real or scaleN (default real)")
    ap.add_argument("--cold", type=int, default=3, help="fresh processes for each cold figure (default 3)")
    ap.add_argument("--reps", type=int, default=5, help="warm repetitions inside each process (default 5)")
    ap.add_argument("--timeout", type=float, default=120.0, help="per process, seconds (default 120)")
    ap.add_argument("--limit", type=float, default=600.0, help="hard limit for the whole run, seconds (default 600)")
    ap.add_argument("--json", type=Path, help="write every figure here")
    args = ap.parse_args(argv)
    if not 1 <= args.cold <= 10 or not 1 <= args.reps <= 20:
        ap.error("--cold must be 1..10 and --reps 1..20")

    benchlib.hard_limit(args.limit)
    info = benchlib.print_machine(f"bench/exports.py: {args.cities} ({args.model}, {args.lang}) on {args.data}")
    env = {k: v for k, v in os.environ.items() if k != "DRUGPOLICY_DATA_DIR"}
    env["DRUGPOLICY_DATA_DIR"] = str(benchlib.data_dir(args.data))
    result: dict = {"machine": info, "runs": []}
    proc = None
    code = 0
    try:
        for kind in ("deck", "png", "breakdown", "prewarmed"):
            for _ in range(args.cold if kind != "breakdown" else 1):
                proc = subprocess.Popen([PY, __file__, "--_worker", kind, args.cities, args.model, args.lang,
                                         str(args.reps)], cwd=ROOT, env=env, stdout=subprocess.PIPE,
                                        stderr=subprocess.PIPE, text=True, start_new_session=True)
                try:
                    stdout, stderr = proc.communicate(timeout=args.timeout)
                except subprocess.TimeoutExpired:
                    os.killpg(proc.pid, signal.SIGKILL)
                    proc.communicate()
                    raise Failed(f"{kind}: no answer within {args.timeout:.0f} s (stopped)") from None
                finally:
                    if proc.poll() is None:
                        os.killpg(proc.pid, signal.SIGKILL)
                        proc.wait()
                lines = [ln for ln in stdout.splitlines() if ln.startswith("{")]
                if proc.returncode != 0 or not lines:
                    # e.g. an unknown city, model or language: the export's own error, last line first
                    last = (stderr.strip().splitlines() or ["(nothing on stderr)"])[-1]
                    raise Failed(f"{kind}: the export failed (exit {proc.returncode}): {last}\n"
                                 f"{stderr.strip()[-1500:]}")
                run = json.loads(lines[-1])
                run["kind"] = kind
                result["runs"].append(run)
        proc = None

        def fig(key):
            return median([r[key] for r in result["runs"] if key in r])

        figures = {k: fig(k) for k in ("deck_cold_s", "deck_warm_s", "png_cold_s", "png_warm_s", "sections_warm_s",
                                       "import_and_load_s", "sections_cold_s", "kaleido_start_s", "first_render_s",
                                       "second_render_s", "warmup_s", "deck_prewarmed_s")}
        result["figures"] = figures
        deck_kb = median([r["deck_bytes"] / 1024 for r in result["runs"] if "deck_bytes" in r])
        png_kb = median([r["png_bytes"] / 1024 for r in result["runs"] if "png_bytes" in r])
        print(f"   (medians over {args.cold} fresh processes each; warm = median of {args.reps} in a process)")
        print(f"   four-city deck: cold {figures['deck_cold_s']:.2f} s, warm {figures['deck_warm_s']:.2f} s "
              f"({deck_kb:.0f} KB)")
        print(f"   one PNG:        cold {figures['png_cold_s']:.2f} s, warm {figures['png_warm_s']:.2f} s ({png_kb:.0f} KB)")
        print(f"   sections.build (queries + figure), warm: {figures['sections_warm_s'] * 1000:.0f} ms; imports + "
              f"data load before: {figures['import_and_load_s']:.2f} s")
        print(f"   a cold deck, taken apart (one process): sections.build {figures['sections_cold_s']:.2f} s, kaleido "
              f"starting its chromium {figures['kaleido_start_s']:.2f} s, first chart rendered "
              f"{figures['first_render_s']:.2f} s, the next {figures['second_render_s']:.2f} s")
        print(f"   first deck of a process that warmed kaleido up front (one tiny chart, "
              f"{figures['warmup_s']:.2f} s): {figures['deck_prewarmed_s']:.2f} s")
        print("\n== target (figures only; nothing passes or fails on time)")
        cold = figures["deck_cold_s"]
        print(f"   four-city deck < {TARGET_DECK_S:.0f} s: {'holds' if cold < TARGET_DECK_S else 'MISSED'} cold "
              f"({cold:.2f} s); {'holds' if figures['deck_warm_s'] < TARGET_DECK_S else 'MISSED'} warm "
              f"({figures['deck_warm_s']:.2f} s)")
        print(f"   load average at the end: {benchlib.loadavg()}")
    except Failed as exc:
        # no figures from a run where an export failed: a part of them would mislead
        print(f"\nstopped, no figures: {exc}", file=sys.stderr)
        code = 1
    except KeyboardInterrupt:
        print("\ninterrupted; worker stopped", file=sys.stderr)
        code = 130
    except benchlib.Overrun as exc:
        print(f"\nstopped: {exc}; worker stopped", file=sys.stderr)
        code = 124
    finally:
        signal.alarm(0)
        if proc is not None and proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
        result["machine"]["load_avg_end"] = benchlib.loadavg()
        if args.json:
            args.json.write_text(json.dumps(result, indent=1, default=str), encoding="utf-8")
    return code


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--_worker":
        import json as _json

        _kind, _cities, _model, _lang, _reps = sys.argv[2:7]
        print(_json.dumps(worker(_kind, [c for c in _cities.split(",") if c], _model, _lang, int(_reps))), flush=True)
    else:
        sys.exit(main())
