"""Make the README's pictures from the code as it is: screenshots of the overview and the gap page on a wide
screen and of the gap page on a phone (the dashboard served and shown in chromium), a slide of the briefing deck,
a chart image and a page of the printable city profile, written to docs/img/.

    .venv/bin/python docs/pictures.py

Needs what the exports need (Debian's chromium for the chart, pango for the PDF) and, to turn the deck and the
PDF into pictures, LibreOffice Impress and poppler's pdftoppm (apt-get install libreoffice-impress
poppler-utils); not part of the test suite.
"""
from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
OUT = ROOT / "docs" / "img"
CITIES, MODEL, LANG = ["gent", "antwerpen"], "three_track", "en"


def page_png(pdf: Path, page: int, out: Path, width: int = 1280) -> None:
    """One page of a PDF (1-based) as a PNG of that width."""
    stem = out.with_suffix("")
    subprocess.run(["pdftoppm", "-png", "-singlefile", "-f", str(page), "-l", str(page), "-scale-to-x", str(width),
                    "-scale-to-y", "-1", str(pdf), str(stem)], check=True)


# (file, address, width, height, device pixel ratio): what a visitor sees on arrival, at a desktop's and a phone's size
SCREENS = [
    ("overview", "/overview?cities=antwerpen&cities=gent&cities=liege&cities=charleroi&lang=en", 1366, 1300, 1),
    ("gap", "/gap?city=antwerpen&cities=gent&lang=en", 1366, 1100, 1),
    ("phone", "/gap?city=antwerpen&cities=gent&lang=nl", 390, 844, 2),
]


def screenshots() -> None:
    """The SCREENS, from `streamlit run dashboard.py` on the bundled data, in Debian's chromium."""
    from playwright.sync_api import sync_playwright

    sys.path.insert(0, str(ROOT / "tests"))
    from browser_server import running_app

    with running_app(ROOT) as server, sync_playwright() as play:
        browser = play.chromium.launch(executable_path="/usr/bin/chromium",
                                       args=["--no-sandbox", "--headless", "--disable-gpu"])
        for name, address, width, height, ratio in SCREENS:
            page = browser.new_page(viewport={"width": width, "height": height}, device_scale_factor=ratio)
            page.goto(server.url + address)
            page.wait_for_selector("[data-testid='stApp'][data-test-script-state='notRunning']", state="attached",
                                   timeout=60_000)
            page.wait_for_timeout(2_000)  # fonts and the last layout pass
            page.screenshot(path=str(OUT / f"{name}.png"))
            page.close()
        browser.close()


def main() -> int:
    from drugpolicy import sections
    from drugpolicy.exports import deck, images, pdf

    missing = [tool for tool in ("soffice", "pdftoppm") if not shutil.which(tool)]
    if missing:
        print(f"missing: {', '.join(missing)} (apt-get install libreoffice-impress poppler-utils)", file=sys.stderr)
        return 2
    OUT.mkdir(parents=True, exist_ok=True)
    screenshots()
    chart = sections.chart("budgets", CITIES, MODEL, LANG)
    (OUT / "chart-budgets.png").write_bytes(images.picture(chart, LANG, "png"))
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        slides = sections.build(CITIES, MODEL, LANG)
        (work / "deck.pptx").write_bytes(deck.build_deck(slides, cities=CITIES, model=MODEL, lang=LANG))
        subprocess.run(["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(work), str(work / "deck.pptx")],
                       check=True, capture_output=True)
        page_png(work / "deck.pdf", 3, OUT / "slide.png")  # after the title slide: the gap slide
        (work / "gent.pdf").write_bytes(pdf.city_pdf("gent", LANG))
        page_png(work / "gent.pdf", 1, OUT / "profile-page.png", width=900)
    for path in sorted(OUT.glob("*.png")):
        print(f"wrote {path.relative_to(ROOT)} ({path.stat().st_size:,} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
