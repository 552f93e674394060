"""Every page at 1366 px and 390 px (a phone), in nl, fr and en, with 1, 4 and 12 cities chosen, in Debian's chromium
against `streamlit run dashboard.py`: no exception, the page no wider than the screen, the menu closed on arrival on
a phone, every chosen city visible in its picker, and no English curator text on a Dutch or French page. Then the
tables (as tall as their rows, sideways in a labelled region), the explorer (25 measures and more at once) and the
chart toolbar (hidden on a phone).

One browser; one context per screen width with a tab per selection, the three selections of a page loading side by
side; the tabs are reused from page to page."""
from __future__ import annotations

import contextlib
import csv
import re
import statistics

import pytest
from browser_server import settle
from conftest import DATA
from playwright.sync_api import Browser, Page, expect
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from dashboard import PAGES
from drugpolicy import sections
from drugpolicy.i18n import LANGS, t

pytestmark = pytest.mark.browser

TIMEOUT_MS = 45_000
FINISHED = "[data-testid='stApp'][data-test-script-state='notRunning']"
WIDE, PHONE = 1366, 390
WIDTHS = (WIDE, PHONE)
HEIGHT = {WIDE: 768, PHONE: 844}

# The first twelve cities as the app lists them (its pickers' order).
CITIES = list(sections.names("en")[0])[:12]
SIZES = (1, 4, 12)

# Which chosen cities a page shows in its pickers: ?cities= (all of them), ?city= (the first: the menu carries it as
# the city profile's city and the gap page's home city), or none (sources: no city picker).
PICKED = {"city": ("city",), "gap": ("city", "cities"), "sources": ()}
KEYS = [key for key, _ in PAGES]

# The data's English free texts, which a Dutch or French page must show translated.
ENGLISH_COLUMNS = ("note_en", "includes_en", "excludes_en", "description_en", "caveat_en", "definition_en")
MIN_CHARS = 20


def _norm(text: str) -> str:
    return " ".join(text.split())


def english_texts() -> dict[str, list[str]]:
    """lang -> the English free texts of every data CSV (ENGLISH_COLUMNS, at least MIN_CHARS long) that must not
    appear on a page in lang: all of them, less those whose own translation in lang is the same text."""
    out: dict[str, set[str]] = {lang: set() for lang in LANGS if lang != "en"}
    for path in sorted(DATA.glob("*.csv")):
        with path.open(encoding="utf-8", newline="") as fh:
            for row in csv.DictReader(fh):
                for column in ENGLISH_COLUMNS:
                    text = _norm(row.get(column) or "")
                    if len(text) < MIN_CHARS:
                        continue
                    for lang, texts in out.items():
                        if _norm(row.get(f"{column[:-3]}_{lang}") or "") != text:
                            texts.add(text)
    return {lang: sorted(texts) for lang, texts in out.items()}


ENGLISH = english_texts()
WORD = re.compile(r"\w+")


def english_on_page(text: str, lang: str) -> list[str]:
    """The English curator texts (ENGLISH[lang]) that appear in a page's text."""
    if lang == "en":
        return []
    page, words = _norm(text), set(WORD.findall(text))
    # only texts whose every word is on the page are searched for in full
    return [s for s in ENGLISH[lang] if set(WORD.findall(s)) <= words and s in page]


def view_url(base: str, key: str, lang: str, cities: list[str]) -> str:
    """A page in a language with cities chosen: ?cities= all of them and ?city= the first, as the menu carries them."""
    query = [f"lang={lang}", *(f"cities={c}" for c in cities), f"city={cities[0]}"]
    return f"{base}/{key}?{'&'.join(query)}"


CHIPS_MS = 5_000


# What the pickers show chosen: pressed pills, a multiselect's chips, a select box's value, a checked radio.
CHOSEN = """() => {
    const main = document.querySelector('[data-testid="stMain"]');
    const chosen = [];
    for (const el of main.querySelectorAll('button[aria-pressed="true"], [data-tag]'))
        chosen.push({el, texts: [el.innerText, ...[...el.querySelectorAll('[title]')].map(e => e.title)]});
    for (const el of main.querySelectorAll('input[role="combobox"]')) chosen.push({el, texts: [el.value]});
    for (const el of main.querySelectorAll('label:has(input[type="radio"]:checked)'))
        chosen.push({el, texts: [el.innerText]});
    return chosen;
}"""
ALL_CHOSEN = f"""(names) => {{
    const texts = ({CHOSEN})().flatMap(c => c.texts).map(x => (x || '').trim());
    return names.every(name => texts.includes(name));
}}"""
# What the page shows, read in the browser: page and main-area widths, the elements that stick out of the screen
# (outside any box that scrolls sideways or clips), the menu, the cities shown chosen in the pickers, and the text.
INSPECT = """(names) => {
    const main = document.querySelector('[data-testid="stMain"]');
    const sidebar = document.querySelector('[data-testid="stSidebar"]');
    const width = window.innerWidth;
    const clipsX = el => getComputedStyle(el).overflowX !== 'visible' && el !== main;
    const describe = el => el.tagName.toLowerCase() + (el.dataset.testid ? `[data-testid=${el.dataset.testid}]` : '')
        + (typeof el.className === 'string' && el.className ? '.' + el.className.trim().split(/\\s+/)[0] : '');
    const sticking = [];
    if (document.documentElement.scrollWidth > width || main.scrollWidth > width) {
        for (const el of main.querySelectorAll('*')) {
            const r = el.getBoundingClientRect();
            if (r.width === 0 || r.right <= width + 1) continue;
            let a = el.parentElement, inside = false;
            for (; a && a !== main; a = a.parentElement) if (clipsX(a)) { inside = true; break; }
            if (!inside) sticking.push(`${describe(el)} (right edge ${Math.round(r.right)} px)`);
            if (sticking.length >= 3) break;
        }
    }
    // Is el on screen: not empty, within the screen's width, and not cut off by a box around it that clips or
    // scrolls (a row of pills that scrolls sideways, a select box that scrolls its chips)?
    const shown = el => {
        const r = el.getBoundingClientRect();
        if (r.width < 1 || r.height < 1 || getComputedStyle(el).visibility === 'hidden') return false;
        if (r.left < -1 || r.right > width + 1) return false;
        for (let a = el.parentElement; a && a !== main; a = a.parentElement) {
            const s = getComputedStyle(a), box = a.getBoundingClientRect();
            if (s.overflowX !== 'visible' && (r.left < box.left - 1 || r.right > box.right + 1)) return false;
            if (s.overflowY !== 'visible' && (r.top < box.top - 1 || r.bottom > box.bottom + 1)) return false;
        }
        return true;
    };
    const chosen = (""" + CHOSEN + """)();
    const picked = {};
    for (const name of names) {
        const mine = chosen.filter(c => c.texts.some(x => (x || '').trim() === name));
        picked[name] = mine.length === 0 ? 'not chosen in any picker' : mine.some(c => shown(c.el)) ? '' : 'off screen';
    }
    const menu = sidebar ? sidebar.getBoundingClientRect() : null;
    return {
        docWidth: document.documentElement.scrollWidth, mainWidth: main.scrollWidth, width, sticking, picked,
        menuOpen: !!sidebar && sidebar.getAttribute('data-collapsed') !== 'true' && menu.right > 1,
        exceptions: document.querySelectorAll('[data-testid="stException"]').length,
        text: document.querySelector('[data-testid="stApp"]').textContent,
    };
}"""


def problems(page: Page, key: str, lang: str, width: int, cities: list[str]) -> list[str]:
    """What is wrong with the page as shown, one line each (none: all is well)."""
    expected = ([*(cities if "cities" in PICKED.get(key, ("cities",)) else []),
                 *(cities[:1] if "city" in PICKED.get(key, ("cities",)) else [])])
    names = sections.names(lang)[0]
    wanted = list(dict.fromkeys(names[c] for c in expected))
    with contextlib.suppress(PlaywrightTimeoutError):  # a picker may still be drawing its chips
        page.wait_for_function(ALL_CHOSEN, arg=wanted, timeout=CHIPS_MS)
    seen = page.evaluate(INSPECT, wanted)
    out = []
    if seen["exceptions"]:
        out.append(f"{seen['exceptions']} exception(s) shown")
    friendly = t("common.error_friendly", lang, ref="@@").split("@@")[0]
    if friendly in seen["text"]:
        out.append(f"an error message: {friendly!r}")
    if seen["docWidth"] > width or seen["mainWidth"] > width:
        out.append(f"wider than the screen ({width} px): page {seen['docWidth']} px, main area {seen['mainWidth']} px; "
                   f"sticking out: {'; '.join(seen['sticking']) or '?'}")
    if width == PHONE and seen["menuOpen"]:
        out.append("the menu is open on arrival")
    for name, why in seen["picked"].items():
        if why:
            out.append(f"{name}: {why}")
    for text in english_on_page(seen["text"], lang):
        out.append(f"English curator text: {text[:90]!r}")
    return out


@pytest.fixture(scope="module")
def tabs(browser: Browser):
    """width -> one tab per selection size, in one browser context per width; reused by every test."""
    made = {}
    for width in WIDTHS:
        context = browser.new_context(viewport={"width": width, "height": HEIGHT[width]})
        made[width] = [context.new_page() for _ in SIZES]
        for page in made[width]:
            page.set_default_timeout(TIMEOUT_MS)
    yield made
    for pages in made.values():
        pages[0].context.close()


CASES = [(width, lang, key) for width in WIDTHS for lang in LANGS for key in KEYS]


@pytest.mark.parametrize(("width", "lang", "key"), CASES, ids=[f"{k}-{lang}-{w}" for w, lang, k in CASES])
def test_page_at_every_selection(tabs, logged, width: int, lang: str, key: str):
    """1, 4 and 12 cities, side by side in three tabs: each page as a visitor arriving by that link sees it."""
    pages = tabs[width]
    for page, n in zip(pages, SIZES, strict=True):
        page.goto(view_url(logged.url, key, lang, CITIES[:n]), wait_until="commit")
    found = []
    for page, n in zip(pages, SIZES, strict=True):
        settle(page)
        found += [f"{n} cities: {problem}" for problem in problems(page, key, lang, width, CITIES[:n])]
    assert not found, f"/{key} in {lang} at {width} px:\n" + "\n".join(found)


def test_the_checks_find_what_they_look_for(tabs, logged):
    """The checks themselves: a page made wider than the screen, an English note on a Dutch page, a chosen city
    pushed out of sight and an open menu on a phone are each reported."""
    assert ENGLISH["nl"], "no English curator text in the data: nothing to look for"
    page = tabs[PHONE][0]
    page.goto(view_url(logged.url, "compare", "nl", CITIES[:4]), wait_until="commit")
    settle(page)
    assert problems(page, "compare", "nl", PHONE, CITIES[:4]) == []
    english = ENGLISH["nl"][0]
    page.evaluate("""(english) => {
        const wide = document.createElement('div');
        wide.className = 'probe'; wide.style.width = '900px'; wide.textContent = english;
        document.querySelector('[data-testid="stMainBlockContainer"]').append(wide);
    }""", english)
    found = "\n".join(problems(page, "compare", "nl", PHONE, CITIES[:4]))
    assert "wider than the screen (390 px)" in found and "sticking out: div.probe" in found, found
    assert f"English curator text: {english[:90]!r}" in found, found
    page.evaluate("() => document.querySelector('.probe').remove()")
    name = sections.names("nl")[0][CITIES[0]]
    page.evaluate("""(name) => {
        for (const el of document.querySelectorAll('[data-testid="stMain"] [data-tag]'))
            if (el.innerText.trim() === name) {  // pushed out of the box of chips, which clips as Streamlit's own did
                el.style.cssText = 'position:relative;top:20rem';
                el.closest('[data-testid="stMultiSelectTagsContainer"]').style.overflow = 'hidden';
            }
    }""", name)
    page.get_by_test_id("stExpandSidebarButton").click()
    page.wait_for_function("() => document.querySelector('[data-testid=stSidebar]').getBoundingClientRect().left >= 0")
    found = "\n".join(problems(page, "compare", "nl", PHONE, CITIES[:4]))
    assert sorted(found.splitlines()) == sorted([f"{name}: off screen", "the menu is open on arrival"]), found


TABLES = ".data-table-wrap, .list-grid-wrap, .pillar-matrix-wrap"
ROW_MAX_MEDIAN = 160  # px: about eight lines of table text; the fixed-height boxes had rows of some 170 px


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("key", ["sources", "city", "measures", "compare", "overview"])
def test_tables_are_as_tall_as_their_rows_and_scroll_sideways_in_a_labelled_region(tabs, logged, key, width):
    page = tabs[width][1]
    page.goto(view_url(logged.url, key, "nl", CITIES[:4]), wait_until="commit")
    settle(page)
    tables = page.evaluate("""(selector) => [...document.querySelectorAll(selector)].map(w => {
        const rows = [...w.querySelectorAll('tbody tr')].map(r => r.getBoundingClientRect().height);
        return {role: w.getAttribute('role'), label: w.getAttribute('aria-label'), tabindex: w.getAttribute('tabindex'),
                clientHeight: w.clientHeight, scrollHeight: w.scrollHeight, rows,
                html: w.outerHTML.slice(0, 120)};
    })""", TABLES)
    assert tables, f"/{key} shows no table"
    for table in tables:
        where = f"/{key} at {width} px: {table['html']}"
        assert table["role"] == "region" and (table["label"] or "").strip() and table["tabindex"] == "0", where
        assert table["scrollHeight"] <= table["clientHeight"] + 1, f"{where}: a box that scrolls its rows"
        if "data-table" in table["html"]:  # a data table's rows are a line of values (the grids hold lists)
            assert table["rows"] and statistics.median(table["rows"]) <= ROW_MAX_MEDIAN, (where, table["rows"][:20])


def test_a_wide_table_scrolls_sideways_with_the_keyboard(tabs, logged):
    """On a phone the sources table is wider than the screen: Tab reaches its region, the arrow keys scroll it, and
    the page itself stays as wide as the screen."""
    page = tabs[PHONE][1]
    page.goto(view_url(logged.url, "sources", "nl", CITIES[:1]), wait_until="commit")
    settle(page)
    region = page.locator(".data-table-wrap").first
    assert region.evaluate("el => el.scrollWidth > el.clientWidth"), "the table fits: nothing to scroll"
    expect(region).to_have_attribute("tabindex", "0")
    region.focus()
    expect(region).to_be_focused()
    page.keyboard.press("ArrowRight")
    page.wait_for_function("el => el.scrollLeft > 0", arg=region.element_handle())
    assert page.evaluate("() => document.querySelector('[data-testid=stMain]').scrollWidth") <= PHONE


@pytest.mark.parametrize("width", WIDTHS)
def test_the_explorer_shows_at_least_25_measures_at_once(tabs, logged, width):
    """Every city (the explorer's default): the table shows its rows in the page's flow, 25 and more, none hidden in
    a box of its own."""
    page = tabs[width][2]
    page.goto(f"{logged.url}/measures?lang=nl", wait_until="commit")
    settle(page)
    wrap = page.locator(".data-table-wrap")
    expect(wrap).to_have_count(1)
    shown = wrap.evaluate("""w => {
        const box = w.getBoundingClientRect();
        return [...w.querySelectorAll('tbody tr')].filter(r => {
            const b = r.getBoundingClientRect();
            return b.height > 0 && b.top >= box.top - 1 && b.bottom <= box.bottom + 1;
        }).length;
    }""")
    assert shown >= 25, f"{shown} measures shown at once at {width} px"


@pytest.mark.parametrize("width", WIDTHS)
def test_the_chart_toolbar_is_hidden_on_a_phone(tabs, logged, width):
    """The plotly mode bar (zoom, pan, download) would print over a chart's title on a phone: hidden there."""
    page = tabs[width][0]
    page.goto(f"{logged.url}/personnel?lang=nl&cities=antwerpen&cities=gent", wait_until="commit")
    settle(page)
    bars = page.locator("div.plotly-light .modebar-container")
    bars.first.wait_for(state="attached")  # plotly adds it once the chart is drawn
    displays = bars.evaluate_all("els => els.map(el => getComputedStyle(el).display)")
    if width == PHONE:
        assert set(displays) == {"none"}, displays
    else:
        assert "none" not in displays, displays


@pytest.mark.parametrize("lang", LANGS)
def test_the_gap_pages_answer_starts_in_a_phones_first_screen(tabs, logged, lang):
    """On a phone the peer groups are a one-line select, not half a screen of pills: the answer's first line (how
    many instruments the peer uses and the home city does not) is on the first screen, the wide screen's pills
    hidden."""
    page = tabs[PHONE][0]
    page.goto(f"{logged.url}/gap?lang={lang}&city=antwerpen&cities=gent", wait_until="commit")
    settle(page)
    summary = page.get_by_test_id("stMain").locator("strong").first
    box = summary.bounding_box()
    assert box and box["y"] + box["height"] <= HEIGHT[PHONE], (box, HEIGHT[PHONE])
    assert not page.locator(".st-key-groups_wide").is_visible()
    expect(page.locator(".st-key-groups_narrow")).to_be_visible()
