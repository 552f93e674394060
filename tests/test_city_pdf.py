"""The printable city profile opened again: the PDF's text (pypdf) from the command line, its layout within the paper,
the page's PDF button, the command's errors, and the browser's own print of the page (Ctrl+P)."""
from __future__ import annotations

import io
import subprocess
import sys

import pytest
from pypdf import PdfReader

from drugpolicy.__main__ import main
from drugpolicy.i18n import t
from drugpolicy.sections import base
from tests.conftest import ROOT, csv_rows, edited_copy, no_exception, open_page


def squashed(text: str) -> str:
    """text without whitespace: a PDF's text breaks lines (and long words) where the paper ends."""
    return "".join(text.split())


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


@pytest.fixture(scope="module")
def gent(tmp_path_factory):
    """`python -m drugpolicy export --cities gent --format pdf`, as a user runs it (Dutch, the default language)."""
    out = tmp_path_factory.mktemp("pdf") / "gent.pdf"
    proc = subprocess.run([sys.executable, "-m", "drugpolicy", "export", "--cities", "gent", "--format", "pdf",
                           "--out", str(out)], capture_output=True, text=True, cwd=ROOT, timeout=240)
    assert proc.returncode == 0, proc.stderr
    assert f"wrote {out}" in proc.stdout
    return out.read_bytes()


@pytest.fixture(scope="module")
def gent_text(gent) -> str:
    return pdf_text(gent)


def test_pdf_is_a_titled_a4_document(gent, gent_text):
    reader = PdfReader(io.BytesIO(gent))
    assert reader.metadata.title == "Stadsprofiel: Gent"
    assert gent_text.startswith("Stadsprofiel: Gent")
    first = reader.pages[0].mediabox
    assert (round(float(first.width)), round(float(first.height))) == (595, 842)  # A4 portrait, in points
    assert len(reader.pages) > 5  # every section, not the first screen


def test_pdf_shows_every_quote_of_the_city(gent_text):
    """The quotes a page folds away are printed, each verbatim from the data (the measures' and the model's)."""
    text = squashed(gent_text)
    quotes = [m["quote"] for m in csv_rows("measures") if m["city_id"] == "gent" and m["drug_specific"] == "true"]
    assert len(quotes) > 20
    missing = [q for q in quotes if squashed(q) not in text]
    assert not missing, missing[:3]
    assert squashed("die steunt op vijf pijlers: preventie, vroeginterventie, zorg, schadebeperking") in text


def test_pdf_lists_the_sources_with_their_links(gent_text):
    text = squashed(gent_text)
    cited = {m["source_id"] for m in csv_rows("measures") if m["city_id"] == "gent"}
    sources = [s for s in csv_rows("sources") if s["source_id"] in cited]
    assert len(sources) > 10
    assert [s["title"] for s in sources if squashed(s["title"]) not in text] == []
    assert [s["url"] for s in sources if s["url"] and squashed(s["url"]) not in text] == []
    assert "Bronnen" in gent_text


def test_pdf_carries_the_data_date_the_licence_and_the_link_back(gent_text):
    text = squashed(gent_text)
    assert squashed(base.data_date("nl")) in text
    assert squashed(base.licence_line("nl")) in text
    assert squashed(base.view_url("city", "nl", city="gent")) in text
    # on every page: the footer names the profile, the data's date and the page
    pages = gent_text.split("Stadsprofiel: Gent · ")
    assert len(pages) > 5


def test_pdf_draws_the_charts_as_vectors_with_their_words(gent_text):
    """The charts are drawn in (SVG, as text and lines): their titles and labels are the PDF's text."""
    for title in ("city.chart_title", "city.timeline_title"):
        assert t(title, "nl", city="Gent") in gent_text


def test_long_words_and_wide_tables_stay_on_the_paper(tmp_path, monkeypatch):
    """No box passes the paper's right edge, even for a 150-letter word in every source's publisher: tables wrap to
    the page (wide ones on landscape pages) and a long word breaks."""
    from drugpolicy.exports import pdf

    long_word = "Stadsbestuur" * 12 + "Gent"
    monkeypatch.setenv("DRUGPOLICY_DATA_DIR", str(edited_copy(tmp_path / "data", {"sources.csv": {
        "publisher": long_word}})))
    document = pdf.render("gent", "en", charts=False)  # each chart's table instead: more tables to check

    def boxes(box):
        yield box
        for child in getattr(box, "children", None) or ():
            yield from boxes(child)

    outside = []
    for number, page in enumerate(document.pages, start=1):
        paper = page._page_box  # WeasyPrint's laid-out page (pinned version): its content box is inside the margins
        right = paper.content_box_x() + paper.width
        for box in boxes(paper):
            if box is not paper and box.position_x + box.margin_width() > right + 0.5:
                outside.append((number, type(box).__name__, getattr(box, "text", "")[:40]))
    assert not outside, outside[:5]
    assert {round(page.width) for page in document.pages} == {794, 1123}  # A4 portrait and landscape, CSS pixels
    text = squashed(pdf_text(document.write_pdf()))
    assert long_word in text


def test_city_page_offers_the_pdf():
    at = open_page("city", city="gent", tables_open=False)
    no_exception(at)
    buttons = {b.proto.label: b.proto for b in at.get("download_button")}
    assert t("city.download_pdf", "en") in buttons
    assert buttons["PDF"].help == t("city.download_pdf_help", "en")
    styles = [el.proto.body for el in at.get("html") if "@media print" in el.proto.body]
    assert styles and "stSidebar" in styles[0] and "stToolbar" in styles[0]


@pytest.mark.parametrize(("cities", "message"), [
    ("gent,antwerpen", "give one city in --cities, not 2 (gent, antwerpen)"),
    (",", "give one city in --cities (none given)"),
    ("atlantis", "unknown city: atlantis"),
])
def test_pdf_export_of_other_than_one_known_city_says_why(tmp_path, capsys, cities, message):
    out = tmp_path / "profile.pdf"
    assert main(["export", "--cities", cities, "--format", "pdf", "--out", str(out)]) == 2
    assert message in capsys.readouterr().err
    assert not out.exists()


@pytest.mark.browser
def test_browser_print_hides_the_sidebar_wraps_tables_and_shows_quotes(page):
    """The page's own print (Ctrl+P, here chromium's print to PDF): no sidebar or toolbar, every page of the profile,
    tables within the paper and the quotes the screen folds away."""
    from browser_server import running_app
    from playwright.sync_api import expect

    quote = next(m["quote"] for m in csv_rows("measures") if m["measure_id"] == "gent-needle-containers")
    with running_app(ROOT) as server:
        page.set_default_timeout(45_000)
        page.set_viewport_size({"width": 794, "height": 1123})  # A4 at 96 dpi, as the print lays it out
        page.goto(f"{server.url}/city?city=gent&lang=en")
        page.wait_for_selector("[data-testid='stApp'][data-test-script-state='notRunning']", state="attached")
        expect(page.locator(".st-key-main_chart .main-svg").first).to_be_visible(timeout=45_000)
        expect(page.locator("[data-testid='stSidebar']")).to_be_visible()
        page.emulate_media(media="print")
        for hidden in ("stSidebar", "stHeader", "stToolbar"):
            expect(page.locator(f"[data-testid='{hidden}']")).to_be_hidden()
        expect(page.locator(".st-key-pdf")).to_be_hidden()
        overflow = page.evaluate("() => [...document.querySelectorAll('table.data-table')]"
                                 ".map(t => t.scrollWidth - t.parentElement.clientWidth)")
        assert overflow and max(overflow) <= 1, overflow
        printed = page.pdf(format="A4", print_background=True)
        assert "Traceback" not in server.log_text()
    text = pdf_text(printed)
    assert len(PdfReader(io.BytesIO(printed)).pages) > 3  # the whole profile, not the first screen
    assert t("nav.briefing", "en") not in text and t("nav.measures", "en") not in text  # the sidebar's links
    assert squashed(quote) in squashed(text)
    assert "die steunt op vijf pijlers" in text  # the model's words, in a folded expander on screen
