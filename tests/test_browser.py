"""End to end: `streamlit run dashboard.py` serves every page to Debian's chromium; deep links and sidebar navigation keep
the view."""
from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

import pytest
from browser_server import running_app
from conftest import DATA, ROOT
from playwright.sync_api import Page, expect

from dashboard import PAGES
from drugpolicy import sections
from drugpolicy.i18n import t

pytestmark = pytest.mark.browser
# expect() has its own 5 s default, apart from page.set_default_timeout: a first chart can take longer.
expect.set_options(timeout=45_000)

TIMEOUT_MS = 45_000
FINISHED = "[data-testid='stApp'][data-test-script-state='notRunning']"
MAIN_CHART = ".st-key-main_chart"
OVERVIEW_MATRIX = "table.pillar-matrix"  # the overview's main chart: a shaded HTML table
# The main chart drawn: a plotly chart's SVG, or the overview's shaded matrix table.
MAIN_DRAWN = f"{MAIN_CHART} .main-svg, {OVERVIEW_MATRIX}"

# Each page's deep link: the URL parameters that choose its view (lang=en is added to all).
TWO_CITIES = ["antwerpen", "gent"]
DEEP_LINKS: dict[str, dict[str, list[str]]] = {
    "overview": {"cities": TWO_CITIES, "model": ["five_pillars"]},
    "gap": {"city": ["antwerpen"], "cities": ["gent", "liege"], "statuses": ["implemented", "planned"]},
    "compare": {"cities": TWO_CITIES, "model": ["five_pillars"]},
    "city": {"city": ["gent"]},
    "personnel": {"cities": TWO_CITIES, "per": ["100k"]},
    "enforcement": {"cities": TWO_CITIES, "per": ["100k"]},
    "budgets": {"cities": TWO_CITIES, "per": ["inhabitant"]},
    "measures": {"cities": TWO_CITIES, "model": ["five_pillars"]},
    "sources": {"from_model": ["five_pillars"]},
    "briefing": {"cities": TWO_CITIES, "model": ["five_pillars"], "deck_lang": ["fr"]},
}
# The pickers' labels where a page names them its own way (the gap page: "Your city", "Compare with").
PICKER_LABELS = {"gap": {"city": "gap.home", "cities": "gap.peers"}}


def radio_label(param: str, value: str) -> str | None:
    """The English label of the radio option a URL parameter value selects (None: not a radio)."""
    if param in ("model", "from_model"):
        return sections.names("en")[1][value]
    if param == "per":
        return {"100k": t("common.per_100k", "en"), "inhabitant": t("budgets.per_inhabitant", "en")}[value]
    if param == "deck_lang":
        return {"nl": "Nederlands", "fr": "Français", "en": "English"}[value]
    return None


@pytest.fixture
def app(logged, page: Page):
    """The server and a page in a fresh browser context; fails the test if the server logged a page error."""
    page.set_default_timeout(TIMEOUT_MS)
    return logged


def url_for(server, key: str, params: dict[str, list[str]]) -> str:
    query = "&".join(f"{name}={value}" for name, values in params.items() for value in values)
    return f"{server.url}/{key}?{query}"


def wait_until_run(page: Page) -> None:
    """The script has run (the main chart is there; on the gap page, its lists) and is no longer running."""
    page.wait_for_selector(FINISHED, state="attached")
    drawn = ".details-groups" if urlsplit(page.url).path.endswith("/gap") else MAIN_DRAWN
    expect(page.locator(drawn).first).to_be_visible()
    page.wait_for_selector(FINISHED, state="attached")


def assert_healthy(page: Page, lang: str) -> None:
    """No exception, no friendly-error message, no notice about the URL, no "Page not found" dialog."""
    expect(page.locator("[data-testid='stException']")).to_have_count(0)
    expect(page.locator("body")).not_to_contain_text("Page not found")
    body = page.locator("[data-testid='stMain']")
    friendly = t("common.error_friendly", lang, ref="@@").split("@@")[0]
    expect(body).not_to_contain_text(friendly)
    unknown = t("common.unknown_param", lang, value="@@", param="@@").split("@@")[0]
    expect(body).not_to_contain_text(unknown)


def url_params(page: Page) -> dict[str, list[str]]:
    return parse_qs(urlsplit(page.url).query)


def picked(page: Page, label: str, multi: bool = True):
    """What the page's picker named label shows chosen, whichever form the number of options gave it
    (drugpolicy.state.PILLS_MAX): the pressed buttons of a toolbar or the tags of a search-as-you-type multiselect
    (several choices); the checked radio of a radio group (one choice among few)."""
    main = page.get_by_test_id("stMain")
    if multi:
        pills = main.get_by_role("toolbar", name=label, exact=True).get_by_role("button", pressed=True)
        search = main.get_by_test_id("stMultiSelect").filter(has=page.get_by_role("combobox", name=label, exact=True))
        return pills.or_(search.locator("[data-tag] > span[title]"))
    return main.get_by_role("radiogroup", name=label, exact=True).get_by_role("radio", checked=True)


def expect_single(page: Page, label: str, name: str) -> None:
    """The one choice of the picker named label is name: a checked radio among few options, the value of a
    search-as-you-type select box among many."""
    box = page.get_by_test_id("stMain").get_by_role("combobox", name=label, exact=True)
    if box.count():
        expect(box).to_have_value(name)
    else:
        expect(picked(page, label, multi=False)).to_have_text([name])


def tab_to(page: Page, target, presses: int, what: str) -> None:
    """Press Tab until target has the focus, at most presses times; fail naming what was never reached."""
    for _ in range(presses):
        page.keyboard.press("Tab")
        if target.evaluate("el => el === document.activeElement"):
            return
    pytest.fail(f"Tab never reached {what}")


def city_chips(page: Page, lang: str):
    """The chosen cities in the page's cities picker."""
    return picked(page, t("common.cities", lang))


def test_every_page_has_a_deep_link():
    assert set(DEEP_LINKS) == {key for key, _ in PAGES}


@pytest.mark.parametrize("key", [key for key, _ in PAGES])
def test_deep_link_opens_page(app, page: Page, key: str):
    params = DEEP_LINKS[key]
    page.goto(url_for(app, key, {**params, "lang": ["en"]}))
    wait_until_run(page)
    assert_healthy(page, "en")

    # English: the browser tab's title and the sidebar's links.
    assert page.title().startswith(t(f"nav.{key}", "en")), page.title()
    sidebar = page.get_by_test_id("stSidebar")
    for other, _ in PAGES:
        expect(sidebar).to_contain_text(t(f"nav.{other}", "en"))

    # The URL still carries the view.
    kept = url_params(page)
    assert urlsplit(page.url).path.rstrip("/").endswith(f"/{key}"), page.url
    assert kept.get("lang") == ["en"], page.url
    for name, values in params.items():
        assert kept.get(name) == values, (name, page.url)

    # The page shows the view the link chose.
    main = page.get_by_test_id("stMain")
    cities = sections.names("en")[0]
    labels = PICKER_LABELS.get(key, {})
    if "cities" in params:
        chips = picked(page, t(labels.get("cities", "common.cities"), "en"))
        expect(chips).to_have_count(len(params["cities"]))
        for city in params["cities"]:
            expect(chips.filter(has_text=cities[city])).to_have_count(1)
    if "city" in params:
        expect_single(page, t(labels.get("city", "common.city"), "en"), cities[params["city"][0]])
    for name, values in params.items():
        label = radio_label(name, values[0])
        if label:
            expect(main.get_by_role("radio", name=label, exact=True)).to_be_checked()


def test_sources_page_shows_sources_and_diagram(app, page: Page):
    from drugpolicy import queries

    page.goto(url_for(app, "sources", {"lang": ["fr"]}))
    wait_until_run(page)
    assert_healthy(page, "fr")
    main = page.get_by_test_id("stMain")
    expect(main.get_by_role("heading", name=t("sources.title", "fr"))).to_be_visible()
    # Sankey nodes are drawn as SVG text: a common model's pillar, in French.
    pillars = queries.run("sources_crosswalk", from_model="five_pillars")
    expect(page.locator(MAIN_CHART).get_by_text(pillars["to_name_fr"].dropna().iloc[0]).first).to_be_visible()
    # the data package's ZIP, beside the crosswalk chart's own PNG, SVG, CSV and XLSX buttons
    expect(main.get_by_test_id("stDownloadButton").filter(has_text=t("sources.download_button", "fr"))).to_have_count(1)
    # Choosing a model in the selector redraws the diagram and puts the choice in the URL.
    model = "three_track"
    main.get_by_test_id("stRadio").get_by_text(sections.names("fr")[1][model], exact=True).click()
    page.wait_for_url(re.compile(rf"from_model={model}"))
    wait_until_run(page)
    assert_healthy(page, "fr")


def test_sidebar_navigation_keeps_cities_and_language(app, page: Page):
    chosen = ["antwerpen", "gent"]
    page.goto(url_for(app, "compare", {"cities": chosen, "lang": ["fr"]}))
    wait_until_run(page)
    sidebar = page.get_by_test_id("stSidebar")
    # ordinary links: the address carries the view (a new tab opens the same view)
    href = sidebar.get_by_role("link", name=t("nav.sources", "fr"), exact=True).evaluate("a => a.href")
    assert urlsplit(href).path == "/sources" and parse_qs(urlsplit(href).query)["cities"] == chosen, href
    for key in ("sources", "overview", "compare"):
        sidebar.get_by_role("link", name=t(f"nav.{key}", "fr"), exact=True).click()
        page.wait_for_url(re.compile(rf"/{key}\?"))
        wait_until_run(page)
        assert_healthy(page, "fr")
        kept = url_params(page)
        assert kept.get("cities") == chosen, (key, page.url)
        assert kept.get("lang") == ["fr"], (key, page.url)
        expect(page.get_by_role("heading", level=1).first).to_be_visible()
        expect(sidebar.get_by_role("link", name=t("nav.measures", "fr"), exact=True)).to_be_visible()
    names = sections.names("fr")[0]
    chips = city_chips(page, "fr")
    expect(chips).to_have_count(len(chosen))
    for city in chosen:
        expect(chips.filter(has_text=names[city])).to_have_count(1)
    # the browser's Back button goes back through the pages the menu opened
    page.go_back()
    page.wait_for_url(re.compile(r"/overview\?"))
    wait_until_run(page)
    expect(page.get_by_role("heading", level=1).first).to_have_text(t("overview.title", "fr"))


def test_first_deep_link_on_a_fresh_server_navigates_too(page: Page):
    """A fresh server's very first visit is a deep link: dashboard.py runs it (the pages live in app_pages/, so
    Streamlit has no pages-folder mode to run it without the menu), and the menu carries the view."""
    page.set_default_timeout(TIMEOUT_MS)
    with running_app(ROOT) as fresh:
        page.goto(url_for(fresh, "personnel", {"cities": TWO_CITIES, "lang": ["fr"]}))
        wait_until_run(page)
        assert_healthy(page, "fr")
        page.get_by_test_id("stSidebar").get_by_role("link", name=t("nav.compare", "fr"), exact=True).click()
        page.wait_for_url(re.compile(r"/compare\?"))
        wait_until_run(page)
        assert_healthy(page, "fr")
        expect(page.get_by_role("heading", level=1).first).to_have_text(t("compare.title", "fr"))
        assert url_params(page).get("cities") == TWO_CITIES and url_params(page).get("lang") == ["fr"], page.url
        assert "Traceback" not in fresh.log_text(), fresh.log_tail()


def test_language_choice_keeps_the_page_and_the_view(app, page: Page):
    page.goto(url_for(app, "city", {"city": ["gent"], "lang": ["en"]}))
    wait_until_run(page)
    languages = page.get_by_test_id("stSidebar").get_by_role("radiogroup")
    expect(languages.get_by_role("radio", name="English", exact=True)).to_be_checked()
    languages.get_by_text("Nederlands", exact=True).click()
    page.wait_for_url(re.compile(r"lang=nl"))
    wait_until_run(page)
    assert_healthy(page, "nl")
    expect(page.get_by_role("heading", level=1).first).to_contain_text(t("city.title", "nl").split("{")[0].strip())
    assert url_params(page).get("city") == ["gent"], page.url
    expect(page.get_by_test_id("stSidebar").get_by_role("link", name=t("nav.compare", "nl"), exact=True)).to_be_visible()


def test_menu_and_language_links_under_a_base_path(page: Page):
    """Served under /dash/ (server.baseUrlPath, as behind a proxy): a deep link works, the menu's links point into
    /dash/ and move between pages there, and so does a change of language."""
    page.set_default_timeout(TIMEOUT_MS)
    with running_app(ROOT, base_path="dash") as served:
        page.goto(url_for(served, "compare", {"cities": TWO_CITIES, "lang": ["en"]}))
        wait_until_run(page)
        assert_healthy(page, "en")
        sidebar = page.get_by_test_id("stSidebar")
        link = sidebar.get_by_role("link", name=t("nav.personnel", "en"), exact=True)
        assert urlsplit(link.evaluate("a => a.href")).path == "/dash/personnel", link.evaluate("a => a.href")
        link.click()
        page.wait_for_url(re.compile(r"/dash/personnel\?"))
        wait_until_run(page)
        assert_healthy(page, "en")
        expect(page.get_by_role("heading", level=1).first).to_have_text(t("personnel.title", "en"))
        sidebar.get_by_text("Français", exact=True).click()
        page.wait_for_url(re.compile(r"/dash/personnel\?.*lang=fr"))
        wait_until_run(page)
        expect(page.get_by_role("heading", level=1).first).to_have_text(t("personnel.title", "fr"))
        assert url_params(page).get("cities") == TWO_CITIES, page.url
        assert "Traceback" not in served.log_text(), served.log_tail()


@pytest.mark.parametrize(("locale", "title"), [("fr-BE", "Vue d'ensemble"), ("en-GB", "Overview"),
                                               ("de-DE", "Overzicht")])
def test_browser_language_is_the_default_without_lang(server, browser, locale: str, title: str):
    """No ?lang=: the browser's language if it is nl, fr or en, else Dutch; the URL then carries it."""
    context = browser.new_context(locale=locale)
    try:
        page = context.new_page()
        page.set_default_timeout(TIMEOUT_MS)
        page.goto(f"{server.url}/overview")
        wait_until_run(page)
        expect(page.locator("h1").first).to_contain_text(title)
        expected = {"fr-BE": "fr", "en-GB": "en", "de-DE": "nl"}[locale]
        assert url_params(page).get("lang") == [expected]
    finally:
        context.close()


def test_keyboard_only(app, page: Page):
    """Tab reaches the cities picker (a search box among many cities), typing finds Ghent and Enter picks it, arrow
    keys change the model: no mouse."""
    page.goto(f"{app.url}/compare?cities=antwerpen&cities=aalst&lang=en&model=three_track")
    wait_until_run(page)
    box = page.get_by_test_id("stMain").get_by_role("combobox", name=t("common.cities", "en"), exact=True)
    tab_to(page, box, 60, "the cities picker")
    ghent = sections.names("en")[0]["gent"]
    page.keyboard.type(ghent)
    expect(page.get_by_role("option", name=ghent, exact=True)).to_be_visible()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"cities=gent"))
    wait_until_run(page)
    chosen = ("antwerpen", "aalst", "gent")
    expect(city_chips(page, "en")).to_have_text([sections.names("en")[0][c] for c in chosen])
    radio = page.get_by_role("radio", name=sections.names("en")[1]["three_track"])
    box.focus()  # where the keyboard user was before the rerun
    tab_to(page, radio, 20, "the model switch")
    page.keyboard.press("ArrowRight")
    expect(page).to_have_url(re.compile(r"model=five_pillars"))
    wait_until_run(page)
    expect(page.locator(MAIN_CHART)).to_contain_text("Harm reduction")


def test_root_opens_the_overview_with_its_parameters(app, page: Page):
    page.goto(f"{app.url}/?lang=fr&cities=gent&cities=aalst")
    wait_until_run(page)
    assert_healthy(page, "fr")
    expect(page).to_have_url(re.compile(r"/overview\?"))
    expect(page.locator("h1").first).to_contain_text("Vue d'ensemble")
    assert url_params(page)["cities"] == ["gent", "aalst"]


def test_overview_loads_no_chart_library(app, page: Page):
    """The landing page's matrix is a shaded table: plotly's 4.7 MB bundle is not fetched for it."""
    fetched: list[str] = []
    page.on("request", lambda r: fetched.append(r.url))
    page.goto(url_for(app, "overview", {"lang": ["en"], "cities": TWO_CITIES}))
    wait_until_run(page)
    assert_healthy(page, "en")
    table = page.locator(OVERVIEW_MATRIX)
    expect(table).to_contain_text("Ghent")
    expect(table).to_contain_text("Repressive")
    assert not [u for u in fetched if "PlotlyChart" in u], "the overview fetched plotly's bundle"
    assert [u for u in fetched if "/static/js/" in u], "the check saw the page's scripts load"


def test_overview_headline_quote_opens_by_keyboard(app, page: Page):
    """A headline figure's verbatim quote is folded under "Quote": Enter on it shows the quote, no mouse needed."""
    from drugpolicy import queries

    page.goto(url_for(app, "overview", {"lang": ["en"], "cities": ["gent"]}))
    wait_until_run(page)
    assert_healthy(page, "en")
    card = page.get_by_test_id("stMain").locator(".headline-cards section").filter(has_text="Inhabitants")
    people = card.locator("p.figure", has_text="269,191")
    expect(people).to_be_visible()
    rows = queries.run("population_counts", cities=["gent"])
    said = page.locator("blockquote").filter(has_text=rows["quote"].iloc[0][:40])
    details = card.locator("details", has=said)
    quote, summary = details.locator("blockquote"), details.locator("summary")
    expect(quote).to_be_hidden()
    expect(summary).to_have_text("Quote")
    summary.focus()
    page.keyboard.press("Enter")
    expect(quote).to_be_visible()


def test_gap_page_with_the_keyboard_alone(app, page: Page):
    """Tab reaches the peers picker, typing a city and Enter adds it; Tab reaches a measure of the list, Enter opens
    it on its quote: the gap page needs no mouse."""
    page.goto(url_for(app, "gap", {"lang": ["en"], "city": ["antwerpen"], "cities": ["gent"]}))
    wait_until_run(page)
    assert_healthy(page, "en")
    box = page.get_by_test_id("stMain").get_by_role("combobox", name=t("gap.peers", "en"), exact=True)
    tab_to(page, box, 60, "the peers picker")
    liege = sections.names("en")[0]["liege"]
    page.keyboard.type(liege)
    expect(page.get_by_role("option", name=liege, exact=True)).to_be_visible()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"cities=gent(&|%2C|,)?.*liege|cities=gent&cities=liege"))
    wait_until_run(page)
    heading = t("gap.lacking", "en", peers=f"Ghent and {liege}", home="Antwerp")
    expect(page.locator("h2", has_text=heading)).to_be_visible()
    first = page.get_by_test_id("stMain").locator(".details-groups details").first
    quote = first.locator("blockquote")
    expect(quote).to_be_hidden()
    summary = first.locator("summary")
    box.focus()
    tab_to(page, summary, 80, "the first measure of the list")
    page.keyboard.press("Enter")
    expect(quote).to_be_visible()


def test_city_measure_opens_by_keyboard(app, page: Page):
    """A city's measure folds open on its details and verbatim quote with Enter on its line, no mouse needed."""
    import csv

    with (DATA / "measures.csv").open(encoding="utf-8", newline="") as fh:
        needle = next(m for m in csv.DictReader(fh) if m["measure_id"] == "gent-needle-containers")
    page.goto(url_for(app, "city", {"lang": ["en"], "city": ["gent"]}))
    wait_until_run(page)
    assert_healthy(page, "en")
    item = page.get_by_test_id("stMain").locator(".details-groups details").filter(has_text=needle["title_en"])
    expect(item).to_have_count(1)
    quote = item.locator("blockquote")
    expect(quote).to_be_hidden()
    item.locator("summary").focus()
    page.keyboard.press("Enter")
    expect(quote).to_be_visible()
    expect(quote).to_contain_text(needle["quote"][:40])


def test_chart_download_menu_opens_by_keyboard_and_serves_the_csv(app, page: Page):
    """Under a chart, the download menu opens with Enter; its CSV button serves the chart's data."""
    import csv
    import io

    page.goto(url_for(app, "compare", {"lang": ["en"], "cities": TWO_CITIES}))
    wait_until_run(page)
    main = page.get_by_test_id("stMain")
    expect(main.get_by_test_id("stDownloadButton")).to_have_count(0)  # the first view: closed menus only
    menu = main.get_by_role("button", name=t("exports.downloads_menu", "en")).first
    menu.focus()
    page.keyboard.press("Enter")
    csv_button = page.get_by_test_id("stDownloadButton").filter(has_text="CSV").first
    expect(csv_button).to_be_visible()
    with page.expect_download() as download:
        csv_button.locator("button").click()
    assert download.value.suggested_filename.endswith(".csv")
    rows = list(csv.DictReader(io.StringIO(open(download.value.path(), encoding="utf-8-sig").read())))
    assert rows and {row["city_id"] for row in rows} <= set(TWO_CITIES), rows[:2]


def test_data_package_zip_downloads_in_the_browser(app, page: Page):
    """The Sources page's ZIP is made on click: the browser receives the whole package."""
    import io
    import zipfile

    page.goto(url_for(app, "sources", {"lang": ["en"]}))
    wait_until_run(page)
    button = page.get_by_test_id("stMain").get_by_test_id("stDownloadButton").filter(
        has_text=t("sources.download_button", "en"))
    with page.expect_download() as download:
        button.locator("button").click()
    path = download.value.path()
    assert download.value.suggested_filename.endswith(".zip")
    with zipfile.ZipFile(io.BytesIO(open(path, "rb").read())) as archive:
        assert "datapackage.json" in archive.namelist() and "measures.csv" in archive.namelist()


def test_plotly_page_draws_with_the_light_bundle(app, page: Page):
    """A plotly page draws its main chart with the light component's plotly.js bundle, not Streamlit's PlotlyChart chunk,
    and a bar's hover label shows the figure's hover text (the measures behind the count)."""
    fetched: dict[str, int] = {}
    page.on("response", lambda r: fetched.__setitem__(r.url, r.status))
    page.goto(url_for(app, "compare", {"lang": ["en"], "cities": TWO_CITIES, "model": ["five_pillars"]}))
    wait_until_run(page)
    assert_healthy(page, "en")
    assert not [u for u in fetched if "PlotlyChart" in u], "the page fetched Streamlit's plotly chunk"
    bundle = [u for u in fetched if u.endswith("/plotly-dashboard.min.js")]
    assert bundle and all(fetched[u] == 200 for u in bundle), fetched
    # The longest bar has measures: move the mouse onto it (plotly's drag layer lies over the bars, so
    # the mouse, not an element hover) and read plotly's hover label.
    bars = page.locator(f"{MAIN_CHART} .main-svg .bars .point path")
    expect(bars.first).to_be_attached()
    page.locator(MAIN_CHART).scroll_into_view_if_needed()  # the pickers above may push it below the window
    boxes = [bars.nth(i).bounding_box() or {"width": 0} for i in range(bars.count())]
    box = max(boxes, key=lambda b: b["width"])
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    label = page.locator(f"{MAIN_CHART} .hoverlayer .hovertext")
    expect(label).to_be_visible()
    expect(label).to_contain_text("Number of measures")
    expect(label).to_contain_text("•")
    # PLOTLY_CONFIG's mode bar, and (as st.plotly_chart) no button that sends the data to Plotly's cloud.
    titles = page.locator(f"{MAIN_CHART} .modebar-btn").evaluate_all("els => els.map(e => e.dataset.title)")
    assert "Zoom" in titles and "Download plot as a PNG" in titles, titles
    assert not [x for x in titles if "Share" in x or "Lasso" in x or "select" in x.lower()], titles
    expect(page.locator(f"{MAIN_CHART} .modebar-btn--logo")).to_have_count(0)


@pytest.mark.parametrize(("width", "collapsed"), [(390, "true"), (1366, "false")])
def test_the_menu_is_closed_on_a_phone_and_open_on_a_wide_screen(app, browser, width: int, collapsed: str):
    """At 390 px the page opens with its content, not under the menu; at 1366 px the menu is there."""
    context = browser.new_context(viewport={"width": width, "height": 844})
    try:
        page = context.new_page()
        page.set_default_timeout(TIMEOUT_MS)
        page.goto(url_for(app, "overview", {"lang": ["nl"]}))
        wait_until_run(page)
        expect(page.get_by_test_id("stSidebar")).to_have_attribute("data-collapsed", collapsed)
        expect(page.get_by_role("heading", level=1).first).to_be_in_viewport()
    finally:
        context.close()


def test_a_dark_system_gets_the_light_page_and_charts(app, browser):
    """The charts have a white background, like the exported files: a visitor whose system prefers dark still
    gets Streamlit's light theme (config theme.base), so no pale text on white chart boxes."""
    context = browser.new_context(color_scheme="dark")
    try:
        dark = context.new_page()
        dark.set_default_timeout(TIMEOUT_MS)
        dark.goto(url_for(app, "compare", {"lang": ["en"], "cities": TWO_CITIES}))
        wait_until_run(dark)
        assert dark.evaluate("matchMedia('(prefers-color-scheme: dark)').matches")
        background = dark.evaluate("getComputedStyle(document.querySelector('.stApp')).backgroundColor")
        assert background == "rgb(255, 255, 255)", background
        layout = dark.evaluate(f"document.querySelector('{MAIN_CHART} .js-plotly-plot')._fullLayout")
        assert layout["paper_bgcolor"].lower() in ("#fff", "#ffffff", "white"), layout["paper_bgcolor"]
        assert layout["font"]["color"].upper() == "#808495", layout["font"]  # the light template's text
    finally:
        context.close()


def test_table_alternative_opens_with_the_keyboard(app, page: Page):
    """The compare page's first view loads no data grid; Enter on "Show as a table" opens the table (a rerun)
    and the keyboard focus stays on the expander."""
    fetched: list[str] = []
    page.on("response", lambda r: fetched.append(r.url))
    page.goto(url_for(app, "compare", {"lang": ["en"], "cities": TWO_CITIES}))
    wait_until_run(page)
    assert_healthy(page, "en")
    expect(page.locator("[data-testid='stDataFrame']")).to_have_count(0)
    assert not [u for u in fetched if "/DataFrame." in u], "the first view fetched the data grid's code"

    summary = page.locator(".st-key-tables_main summary")
    summary.focus()
    page.keyboard.press("Enter")
    grid = page.locator(".st-key-tables_main [data-testid='stDataFrame']")
    expect(grid).to_be_visible()
    page.wait_for_selector(FINISHED, state="attached")
    assert page.evaluate("!!document.activeElement.closest('.st-key-tables_main')"), "focus left the expander"
    expect(page.locator(".st-key-tables_main")).to_contain_text("Show as a table")


def test_sources_sankey_draws_with_the_light_bundle(app, page: Page):
    """The crosswalk sankey, too, is drawn by the component's bundle: no page loads Streamlit's plotly chunk."""
    fetched: list[str] = []
    page.on("response", lambda r: fetched.append(r.url))
    page.goto(url_for(app, "sources", {"lang": ["en"], **DEEP_LINKS["sources"]}))
    wait_until_run(page)
    assert_healthy(page, "en")
    expect(page.locator(f"{MAIN_CHART} .plotly-light .sankey .sankey-node").first).to_be_visible()
    assert not [u for u in fetched if "PlotlyChart" in u], "the page fetched Streamlit's plotly chunk"
    assert [u for u in fetched if u.endswith("/plotly-dashboard.min.js")]
