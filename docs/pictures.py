"""Make the README's pictures from the code as it is: a slide of the briefing deck, a chart image and a page of
the printable city profile, written to docs/img/.

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


def main() -> int:
    from drugpolicy import sections
    from drugpolicy.exports import deck, images, pdf

    missing = [tool for tool in ("soffice", "pdftoppm") if not shutil.which(tool)]
    if missing:
        print(f"missing: {', '.join(missing)} (apt-get install libreoffice-impress poppler-utils)", file=sys.stderr)
        return 2
    OUT.mkdir(parents=True, exist_ok=True)
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
