"""The benchmarks (bench/) run and print their figures, each at its smallest size; a wrong option is an error that
names it before anything starts. Nothing here looks at how long anything took: a figure only has to be there."""
from __future__ import annotations

import json
import math
import subprocess
import sys

import pytest

from tests.conftest import CHROMIUM, ROOT, in_ci

PAGES = "overview, gap, compare, city, personnel, enforcement, budgets, measures, sources, briefing"


def bench(script: str, *args: str, timeout: float = 300) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(ROOT / "bench" / script), *args], cwd=ROOT, capture_output=True,
                          text=True, timeout=timeout)


def figure(value) -> bool:
    """A measured figure: a finite number above zero (a failed measurement is NaN)."""
    return isinstance(value, int | float) and math.isfinite(value) and value > 0


@pytest.mark.parametrize(("script", "args", "message"), [
    ("pages.py", ["--pages", "overview,nosuch"], "argument --pages: unknown page 'nosuch': the pages are " + PAGES),
    ("pages.py", ["--data", "real,scalex"], "argument --data: unknown data set 'scalex': real or scaleN"),
    ("pages.py", ["--data", ","], "argument --data: no data set"),
    ("browser.py", ["--pages", "Overview"], "argument --pages: unknown page 'Overview'"),
    ("browser.py", ["--data", "scale0"], "argument --data: unknown data set 'scale0'"),
    ("concurrent.py", ["--page", "nosuch"], "argument --page: unknown page 'nosuch': the pages are " + PAGES),
    ("concurrent.py", ["--data", "big"], "argument --data: unknown data set 'big'"),
    ("exports.py", ["--data", "scale"], "argument --data: unknown data set 'scale'"),
])
def test_a_wrong_option_is_named_before_anything_starts(script, args, message):
    # a typo used to be measured as a page ("Page not found") and given a verdict
    done = bench(script, *args, timeout=60)
    assert done.returncode == 2, done.stdout + done.stderr
    assert message in done.stderr
    assert "==" not in done.stdout  # no machine line, no figures: nothing was started


def test_exports_stop_without_figures_when_an_export_fails():
    done = bench("exports.py", "--cities", "antwerpen,nosuch", "--cold", "1", "--reps", "1")
    assert done.returncode == 1, done.stdout + done.stderr
    assert "stopped, no figures: deck: the export failed (exit 1)" in done.stderr
    assert "unknown city: nosuch" in done.stderr
    assert "four-city deck" not in done.stdout  # no verdict on figures that were never measured


def test_pages_prints_cold_start_and_page_costs(tmp_path):
    out = tmp_path / "pages.json"
    done = bench("pages.py", "--data", "real", "--pages", "overview,budgets", "--reps", "1", "--cold-reps", "1",
                 "--json", str(out))
    assert done.returncode == 0, done.stdout + done.stderr
    real = json.loads(out.read_text())["data"]["real"]
    assert real["cold"]["problems"] == 0 and real["cold"]["rows"] > 0 and figure(real["cold"]["build_s"])
    assert set(real["pages"]) == {"overview", "budgets"}
    printed = done.stdout.splitlines()
    for key, page in real["pages"].items():
        assert not page.get("errors"), page
        assert any(line.split()[:1] == [key] for line in printed)
    assert "warm rerun, real, every page <= 150 ms:" in done.stdout
    assert "cold start, real data, <= 2 s:" in done.stdout


def test_concurrent_prints_the_ratio_to_the_one_line_page(tmp_path):
    out = tmp_path / "concurrent.json"
    done = bench("concurrent.py", "--sessions", "3", "--rounds", "1", "--json", str(out))
    assert done.returncode == 0, done.stdout + done.stderr
    result = json.loads(out.read_text())
    for side in ("app", "floor", "frame"):
        assert result[side]["ok"] == 3 and result[side]["errors"] == 0, result[side]
        assert figure(result[side]["p95_s"])
    assert "vs one-line page" in done.stdout and "(target <= 2:" in done.stdout
    assert "the dashboard's frame around one line" in done.stdout and figure(result["ratio_p95_frame"])
    assert "memory per extra session" in done.stdout


def test_exports_prints_the_deck_and_png_times(tmp_path):
    out = tmp_path / "exports.json"
    done = bench("exports.py", "--cold", "1", "--reps", "1", "--json", str(out))
    assert done.returncode == 0, done.stdout + done.stderr
    figures = json.loads(out.read_text())["figures"]
    for key in ("deck_cold_s", "deck_warm_s", "png_cold_s", "png_warm_s"):
        assert figure(figures[key]), (key, figures[key])
    assert "four-city deck < 5 s:" in done.stdout


@pytest.mark.browser
def test_browser_prints_the_time_to_the_main_chart(tmp_path):
    if not CHROMIUM.exists():
        (pytest.fail if in_ci() else pytest.skip)(f"{CHROMIUM} is missing: install Debian's chromium (`make chromium`)")
    out = tmp_path / "browser.json"
    done = bench("browser.py", "--pages", "budgets", "--runs", "1", "--no-plotly-floor", "--json", str(out))
    assert done.returncode == 0, done.stdout + done.stderr
    result = json.loads(out.read_text())
    budgets = result["pages"]["budgets"]
    assert budgets["errors"] == [] and budgets["n"] == 1, budgets
    assert figure(budgets["median_s"]) and figure(result["oneline"]["median_s"])
    assert "time to the interactive chart <= 1.3 x the" in done.stdout
    assert "first content (the title) <= 1.5 x the one-line page's" in done.stdout
