"""Accessibility (WCAG 2.1 A and AA): axe-core, from the npm registry (package.json; `make test` runs `npm ci`), run in
Debian's chromium on every page as served by `streamlit run dashboard.py`, at 1366 px and 390 px. A violation of
impact serious or critical fails the test, with its rule, the element and what is wrong.

No rule is turned off and no element is left out."""
from __future__ import annotations

import pytest
from browser_server import settle
from conftest import ROOT
from playwright.sync_api import Browser, Page, expect

from dashboard import PAGES
from drugpolicy import sections
from drugpolicy.i18n import t

pytestmark = pytest.mark.browser

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
FAILING_IMPACTS = ("serious", "critical")
TIMEOUT_MS = 45_000
FINISHED = "[data-testid='stApp'][data-test-script-state='notRunning']"
WIDE, PHONE = 1366, 390
HEIGHT = {WIDE: 768, PHONE: 844}

# A view with some of everything: four cities (a page that names one city takes the first as ?city=, as the menu
# carries it), the tables, cards and charts they bring.
FOUR = list(sections.names("en")[0])[:4]


def view_url(base: str, key: str, lang: str, cities: list[str]) -> str:
    """The address of a page in a language with cities chosen (?cities=, and ?city= the first of them)."""
    query = [f"lang={lang}", *(f"cities={c}" for c in cities), *([f"city={cities[0]}"] if cities else [])]
    return f"{base}/{key}?{'&'.join(query)}"


def goto(page: Page, url: str) -> None:
    """Open url and start loading it; settle() waits until it has run."""
    page.goto(url, wait_until="commit")




CONTENT_HEIGHT = """() => Math.max(document.documentElement.scrollHeight,
    ...[...document.querySelectorAll('[data-testid=stMain], [data-testid=stSidebar]')].map(el => el.scrollHeight))"""


def axe_results(page: Page) -> tuple[list[dict], list[str]]:
    """axe-core's WCAG 2.1 A/AA violations on the whole page, [{id, impact, help, nodes: [{target, impact, summary}]}],
    and the rules axe could not run ("rule: error").

    The page is checked in a window as tall as its content. Streamlit's main area is a scroll box as tall as the
    window; below it axe 4.14 skips or cannot place much of the page: the colour-contrast rule stops with "Element
    midpoint exceeds the grid bounds" (dequelabs/axe-core#4253) when a scroll region (a wide table) is taller than
    the window, and reports nothing at all. A rule that stops with an error is a failure here, never a pass.
    """
    size = page.viewport_size
    try:
        for _ in range(5):  # until the window holds the whole page (charts follow the window's size)
            height = page.evaluate(CONTENT_HEIGHT)
            if height <= page.viewport_size["height"]:
                break
            page.set_viewport_size({"width": size["width"], "height": height})
            page.wait_for_timeout(300)
        page.wait_for_selector(FINISHED, state="attached")
        if not page.evaluate("() => typeof window.axe === 'object'"):
            page.add_script_tag(path=str(AXE))
        found = page.evaluate(
            """async (tags) => {
                const result = await axe.run(document, {runOnly: {type: 'tag', values: tags},
                                                        resultTypes: ['violations']});
                const nodes = v => v.nodes.map(n => ({target: n.target.join(' '), impact: n.impact,
                    summary: (n.failureSummary || '').replace(/\\s+/g, ' ').trim()}));
                return {
                    violations: result.violations.map(v => ({id: v.id, impact: v.impact, help: v.help, nodes: nodes(v)})),
                    errors: [...result.violations, ...result.incomplete].filter(v => v.error)
                        .map(v => `${v.id}: ${v.error.message || v.error}`),
                };
            }""", WCAG_TAGS)
    finally:
        page.set_viewport_size(size)
    return found["violations"], found["errors"]


def serious(violations: list[dict]) -> list[str]:
    """One line per element with a serious or critical violation: rule id, target and axe's summary."""
    return [f"{v['id']} ({node['impact'] or v['impact']}): {node['target']}: {node['summary']}"
            for v in violations for node in v["nodes"] if (node["impact"] or v["impact"]) in FAILING_IMPACTS]


def assert_no_serious_violation(page: Page, where: str) -> None:
    violations, errors = axe_results(page)
    found = serious(violations)
    assert not errors, f"{where}: axe could not run these rules, so it checked nothing for them:\n" + "\n".join(errors)
    assert not found, f"{where}: {len(found)} serious or critical WCAG 2.1 A/AA violations:\n" + "\n".join(found)


@pytest.fixture(scope="module")
def tabs(browser: Browser):
    """One browser context per screen width, with one tab each, reused by every test of the module."""
    if not AXE.exists():
        pytest.fail(f"{AXE} is missing: run `npm ci` in {ROOT} (`make test` does)")
    made = {}
    for width in (WIDE, PHONE):
        context = browser.new_context(viewport={"width": width, "height": HEIGHT[width]})
        made[width] = context.new_page()
        made[width].set_default_timeout(TIMEOUT_MS)
    yield made
    for page in made.values():
        page.context.close()


KEYS = [key for key, _ in PAGES]
CASES = ([("nl", width, key) for width in (WIDE, PHONE) for key in KEYS]
         + [("fr", WIDE, "overview"), ("fr", PHONE, "compare"), ("en", WIDE, "measures"), ("en", PHONE, "city")])


@pytest.mark.parametrize(("lang", "width", "key"), CASES, ids=[f"{k}-{lang}-{w}" for lang, w, k in CASES])
def test_page_has_no_serious_violation(tabs, logged, lang: str, width: int, key: str):
    page = tabs[width]
    goto(page, view_url(logged.url, key, lang, FOUR))
    settle(page)
    expect(page.locator("[data-testid='stException']")).to_have_count(0)
    assert_no_serious_violation(page, f"/{key} in {lang} at {width} px")


@pytest.mark.parametrize("key", ["compare", "city"])
def test_opened_tables_and_download_menu_have_no_serious_violation(tabs, logged, key: str):
    """What a reader opens: every "Show table" (the data grid) and the first chart's download menu."""
    page = tabs[WIDE]
    goto(page, view_url(logged.url, key, "nl", FOUR))
    settle(page)
    main = page.get_by_test_id("stMain")
    label = t("common.show_table", "nl")
    expanders = main.get_by_test_id("stExpander").filter(has_text=label)
    assert expanders.count(), f"/{key} has no {label!r} to open"
    for i in range(expanders.count()):
        expanders.nth(i).locator("summary").click()
        expect(expanders.nth(i).get_by_test_id("stDataFrame")).to_be_visible()
        page.wait_for_selector(FINISHED, state="attached")
    assert_no_serious_violation(page, f"/{key} with its tables open")
    main.get_by_test_id("stPopover").first.locator("button").first.click()
    expect(page.get_by_test_id("stDownloadButton").first).to_be_visible()
    page.wait_for_selector(FINISHED, state="attached")
    assert_no_serious_violation(page, f"/{key} with a download menu open")


def test_the_check_finds_violations(tabs, logged):
    """The check itself: pale text and a scroll box the keyboard cannot reach, put on a page, are reported."""
    page = tabs[WIDE]
    goto(page, view_url(logged.url, "budgets", "nl", []))
    settle(page)
    page.evaluate("""() => {
        const pale = document.createElement('p');
        pale.id = 'pale-text'; pale.textContent = 'Pale text'; pale.style.color = '#bbbbbb';
        const box = document.createElement('div');
        box.id = 'scroll-box'; box.style.cssText = 'overflow:auto;height:3rem;width:12rem';
        box.innerHTML = '<p style="white-space:nowrap">' + 'Text that runs past the box. '.repeat(20) + '</p>';
        document.querySelector('[data-testid="stMainBlockContainer"]').prepend(pale, box);
    }""")
    violations, errors = axe_results(page)
    assert not errors, errors
    found = "\n".join(serious(violations))
    assert "color-contrast (serious): #pale-text" in found, found
    assert "scrollable-region-focusable (serious): #scroll-box" in found, found
