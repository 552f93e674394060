"""In Debian's chromium: markup curated into the data is shown as text and never becomes an element."""
from __future__ import annotations

import pytest
from browser_server import running_app
from conftest import HOSTILE, ROOT, edited_copy, hostile_copy
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser
# expect() has its own 5 s default, apart from page.set_default_timeout: a first chart can take longer.
expect.set_options(timeout=45_000)

FINISHED = "[data-testid='stApp'][data-test-script-state='notRunning']"
# Pages where the hostile titles, quotes, notes and source names are on screen.
VIEWS = ["city?city=gent&lang=en", "measures?cities=gent&lang=en", "compare?cities=gent&cities=antwerpen&lang=en",
         "sources?lang=en", "budgets?lang=en", "personnel?cities=antwerpen&lang=en", "overview?lang=en"]


@pytest.fixture(scope="module")
def hostile_server(tmp_path_factory):
    data = hostile_copy(tmp_path_factory.mktemp("hostile-browser") / "data")
    with running_app(ROOT, data_dir=data) as srv:
        yield srv


@pytest.mark.parametrize("view", VIEWS)
def test_markup_in_data_stays_text(hostile_server, page: Page, view: str):
    page.set_default_timeout(45_000)
    # Any script or onerror handler that ran would call alert: count the calls.
    page.add_init_script("window.__alerts = 0; window.alert = () => { window.__alerts += 1; };")
    dialogs = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto(f"{hostile_server.url}/{view}")
    page.wait_for_selector(FINISHED, state="attached")
    page.wait_for_timeout(1_500)  # let images and charts settle
    page.wait_for_selector(FINISHED, state="attached")
    expect(page.locator("[data-testid='stException']")).to_have_count(0)
    main = page.locator("[data-testid='stMain']")
    assert main.locator("img[src='x']").count() == 0
    assert main.locator("script").count() == 0
    assert main.locator("a[href*='evil.example'], a[href^='javascript']").count() == 0
    assert page.evaluate("window.__alerts") == 0 and not dialogs
    # and the text is there, as text
    if view.startswith(("city", "sources")):
        expect(main).to_contain_text(HOSTILE["img"])


NAME = 'Ghent **bold** [click](http://evil.example) <img src=x onerror="alert(1)">'


@pytest.fixture(scope="module")
def hostile_name_server(tmp_path_factory):
    """The bundled data with one city's English name full of markup (every row's name alike would not validate)."""
    data = edited_copy(tmp_path_factory.mktemp("hostile-name") / "data", {"cities.csv": {"name_en": NAME}},
                       only={"city_id": "gent"})
    with running_app(ROOT, data_dir=data) as srv:
        yield srv


@pytest.mark.parametrize("view", ["compare?cities=gent&cities=antwerpen&lang=en", "city?city=gent&lang=en"])
def test_a_city_name_with_markup_is_text_in_the_pickers(hostile_name_server, page: Page, view: str):
    """Pills and radios show their labels as markdown, search boxes (past drugpolicy.state.PILLS_MAX options) as
    text: either way a name from the data must stay the name, character for character, and never become bold text,
    a link or an image."""
    page.set_default_timeout(45_000)
    page.add_init_script("window.__alerts = 0; window.alert = () => { window.__alerts += 1; };")
    page.goto(f"{hostile_name_server.url}/{view}")
    page.wait_for_selector(FINISHED, state="attached")
    expect(page.locator("[data-testid='stException']")).to_have_count(0)
    main = page.get_by_test_id("stMain")
    pills = main.get_by_test_id("stButtonGroup").first
    pill = pills.get_by_role("radio" if view.startswith("city") else "button").filter(has_text="Ghent")
    tag = main.get_by_test_id("stMultiSelect").locator("[data-tag] > span[title]").filter(has_text="Ghent")
    box = main.get_by_test_id("stSelectbox").get_by_role("combobox").first
    if view.startswith("city") and not pills.count():
        expect(box).to_have_value(NAME)  # a select box shows its value as text
        shown = box
    else:
        shown = pill.or_(tag)
        expect(shown).to_have_count(1)
        # as the reader sees it: markup.plain's invisible word joiner (it keeps "http://" a text) aside
        assert shown.inner_text().replace("\u2060", "").strip() == NAME
    assert shown.locator("strong, a, img").count() == 0
    assert page.evaluate("window.__alerts") == 0
