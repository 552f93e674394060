"""Exports opened again: the 16:9 deck with python-pptx, the XLSX with openpyxl, the chart images."""
from __future__ import annotations

import io
import struct
import subprocess
import sys

import pytest
from openpyxl import load_workbook
from pptx import Presentation
from pptx.util import Emu

from tests.conftest import ROOT, edited_copy


def export(tmp_path, *args, env=None):
    out = tmp_path / "out"
    proc = subprocess.run([sys.executable, "-m", "drugpolicy", "export", *args, "--out", str(out)],
                          capture_output=True, text=True, cwd=ROOT, env=env, timeout=240)
    return proc, out


@pytest.fixture(scope="module")
def deck(tmp_path_factory):
    proc, out = export(tmp_path_factory.mktemp("deck"), "--cities", "antwerpen,aalst", "--model", "three_track",
                       "--lang", "nl", "--format", "pptx")
    assert proc.returncode == 0, proc.stderr
    return Presentation(str(out))


def texts(slide) -> str:
    parts = []
    for shape in slide.shapes:
        if shape.has_text_frame:
            parts.append(shape.text_frame.text)
        if shape.has_table:
            parts.extend(cell.text for row in shape.table.rows for cell in row.cells)
    return "\n".join(parts)


def test_deck_is_16_9(deck):
    assert round(Emu(deck.slide_width).inches, 2) == 13.33 and round(Emu(deck.slide_height).inches, 2) == 7.5


def test_deck_title_slide_names_the_selection(deck):
    first = deck.slides[0]
    assert first.shapes.title.text == "Drugsbeleid van Belgische steden: briefing"
    body = texts(first)
    assert "Antwerpen, Aalst" in body and "Driesporenbeleid" in body
    assert "cities=antwerpen&cities=aalst&model=three_track&lang=nl" in body


def test_every_figure_slide_has_a_chart_a_native_table_and_sources(deck):
    figure_slides = [s for s in deck.slides if any(sh.shape_type == 13 for sh in s.shapes)]  # 13 = picture
    assert figure_slides
    for slide in figure_slides:
        body = texts(slide)
        assert "Bronnen:" in body, slide.shapes.title.text
        assert any(sh.has_table for sh in slide.shapes), slide.shapes.title.text
        assert "http" in body


def test_overview_table_holds_the_counts(deck):
    from drugpolicy import queries

    slide = next(s for s in deck.slides if s.shapes.title.text == "Overzicht")
    table = next(sh.table for sh in slide.shapes if sh.has_table)
    header = [c.text for c in table.rows[0].cells]
    rows = {r.cells[0].text: [c.text for c in r.cells] for r in list(table.rows)[1:]}
    df = queries.run("measures_by_pillar", cities=["antwerpen"], model="three_track").set_index("pillar_id")
    expected = str(int(df.loc["three_track.repressive", "measure_count"]))
    assert rows["Repressief"][header.index("Antwerpen")] == expected


def test_closing_slides_list_every_source(deck):
    slides = list(deck.slides)
    closing = [s for s in slides if s.shapes.title.text == "Bronnen"]
    assert closing and slides[-len(closing):] == closing
    listed = "\n".join(texts(s) for s in closing)
    assert "Aalst gaat drugsbeleid Antwerpen achterna" in listed and "CC-BY-4.0" in listed
    footers = "\n".join(texts(s) for s in slides[1:-len(closing)])
    for title in ("Aalst gaat drugsbeleid Antwerpen achterna", "Bestuursakkoord Antwerpen"):
        assert title in footers and title in listed


def test_compare_slide_counts_per_pillar(deck):
    from drugpolicy import queries

    slide = next(s for s in deck.slides if s.shapes.title.text == "Vergelijken")
    table = next(sh.table for sh in slide.shapes if sh.has_table)
    header = [c.text for c in table.rows[0].cells]
    rows = {r.cells[0].text: [c.text for c in r.cells] for r in list(table.rows)[1:]}
    df = queries.run("measures_by_pillar", cities=["aalst"], model="three_track").set_index("pillar_id")
    assert rows["Repressief"][header.index("Aalst")] == str(int(df.loc["three_track.repressive", "measure_count"]))


def test_personnel_slide_holds_the_key_numbers(deck):
    slide = next(s for s in deck.slides if s.shapes.title.text == "Personeel en capaciteit")
    table = next(sh.table for sh in slide.shapes if sh.has_table)
    cells = [c.text for row in table.rows for c in row.cells]
    assert "462" in cells and "550" in cells
    assert any(sh.shape_type == 13 for sh in slide.shapes)


def test_enforcement_slides_carry_the_caveat(deck):
    slides = [s for s in deck.slides if s.shapes.title.text.startswith("Handhaving")]
    assert slides
    for slide in slides:
        assert "meten de inzet van politie en douane evengoed als de omvang van het drugsprobleem" in texts(slide)


def test_figure_slides_keep_chart_notes_and_sources_apart(deck):
    """The notes under a chart (the enforcement caveat and the list of other indicators) get the room their text
    needs, between the chart and the sources; nothing runs off the slide."""
    from drugpolicy.exports import deck as deck_module

    checked = 0
    for slide in deck.slides:
        picture = next((sh for sh in slide.shapes if sh.shape_type == 13), None)
        if picture is None:
            continue
        boxes = sorted((sh for sh in slide.shapes if sh.has_text_frame and sh != slide.shapes.title
                        and sh.top > picture.top), key=lambda sh: sh.top)
        footer = boxes[-1]
        assert "Bronnen:" in footer.text_frame.text
        assert footer.top + footer.height <= deck.slide_height
        for box in boxes:
            lines = [p.text for p in box.text_frame.paragraphs]
            assert box.height >= deck_module.text_height(lines, box.width, 9), (slide.shapes.title.text, lines)
        for upper, lower in zip([picture, *boxes], boxes, strict=False):
            assert upper.top + upper.height <= lower.top, slide.shapes.title.text
        if len(boxes) > 1:
            checked += 1
    assert checked >= 3  # the enforcement slides have notes


def test_slide_tables_never_break_a_word_or_number(deck):
    from pptx.util import Pt

    from drugpolicy.exports.deck import WORD_EM

    for slide in deck.slides:
        for shape in (sh for sh in slide.shapes if sh.has_table):
            table = shape.table
            for j, column in enumerate(table.columns):
                longest = max(len(word) for row in table.rows for word in (row.cells[j].text.split() or [""]))
                assert longest * Pt(9 * WORD_EM) <= column.width, (slide.shapes.title.text, j, longest)


def test_xlsx_has_data_and_sources_sheet(tmp_path):
    proc, out = export(tmp_path, "--cities", "gent", "--lang", "en", "--format", "xlsx")
    assert proc.returncode == 0, proc.stderr
    wb = load_workbook(io.BytesIO(out.read_bytes()))
    assert wb.sheetnames == ["Measures", "figures", "sources"]
    header = [c.value for c in wb["figures"][1]]
    rows = [dict(zip(header, (c.value for c in r), strict=True)) for r in wb["figures"].iter_rows(min_row=2)]
    budget = next(r for r in rows if r["figure_id"] == "gent-drug-policy-annual")
    assert budget["value"] == 2_500_000 and "MSOC" in budget["includes"]
    src = [[c.value for c in r] for r in wb["sources"].iter_rows()]
    assert src[0][:3] == ["Sheet", "Row", "Source"]
    assert any(r[0] == "figures" and "56 acties" in (r[2] or "") and r[5] for r in src[1:])
    assert len(src) - 1 == wb["Measures"].max_row - 1 + wb["figures"].max_row - 1


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", data[16:24])


def test_png_and_svg_chart(tmp_path):
    proc, out = export(tmp_path, "--cities", "antwerpen,gent", "--format", "png", "--chart", "overview")
    assert proc.returncode == 0, proc.stderr
    data = out.read_bytes()
    assert png_size(data) == (1600, 900) and len(data) > 20_000
    proc, out = export(tmp_path, "--cities", "antwerpen,gent", "--lang", "en", "--format", "svg", "--chart", "overview")
    svg = out.read_text()
    assert svg.startswith("<svg") and "Sources:" in svg and "Data curated on" in svg and "Ghent" in svg


@pytest.mark.parametrize(("args", "message"), [
    (["--cities", "antwerpen,atlantis"], "unknown city: atlantis"),
    (["--cities", "antwerpen", "--model", "seven_pillars"], "unknown model: seven_pillars"),
    (["--cities", "antwerpen", "--format", "png", "--chart", "nope"], "unknown chart: nope"),
    (["--cities", "antwerpen", "--lang", "de"], "unknown language: de"),
])
def test_unknown_selection_exits_with_a_clear_message(tmp_path, args, message):
    proc, out = export(tmp_path, *args)
    assert proc.returncode == 2 and message in proc.stderr and not out.exists()


def test_formula_text_stays_text_in_xlsx(tmp_path):
    data = edited_copy(tmp_path / "data", {"measures.csv": {"title_en": '=HYPERLINK("http://evil.example","click")'}},
                       only={"measure_id": "gent-needle-containers"})
    import os

    proc, out = export(tmp_path, "--cities", "gent", "--lang", "en", "--format", "xlsx",
                       env={**os.environ, "DRUGPOLICY_DATA_DIR": str(data)})
    assert proc.returncode == 0, proc.stderr
    ws = load_workbook(io.BytesIO(out.read_bytes()))["Measures"]
    cells = [c for row in ws.iter_rows() for c in row if isinstance(c.value, str) and "HYPERLINK" in c.value]
    assert cells and all(c.data_type == "s" for c in cells)


def test_french_deck_has_french_titles(tmp_path):
    proc, out = export(tmp_path, "--cities", "brussels-region,gent", "--lang", "fr", "--format", "pptx")
    assert proc.returncode == 0, proc.stderr
    titles = [s.shapes.title.text for s in Presentation(str(out)).slides]
    assert titles[0] == "Politique drogues des villes belges : briefing"
    assert "Vue d'ensemble" in titles and titles[-1] == "Sources"
    assert "Région de Bruxelles-Capitale, Gand" in texts(Presentation(str(out)).slides[0])
