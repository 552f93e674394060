"""Exports opened again: the 16:9 deck with python-pptx, the XLSX with openpyxl, the chart images."""
from __future__ import annotations

import io
import os
import struct
import subprocess
import sys

import pandas as pd
import pytest
from openpyxl import load_workbook
from pptx import Presentation
from pptx.util import Emu

from drugpolicy.sections import base
from tests.conftest import DATA, ROOT, edited_copy

ALL_STATUSES = ["implemented", "in_progress", "planned", "announced", "promised"]

PUBLIC = "https://drugsbeleid.example.org/dashboard"


def export(tmp_path, *args, env=None):
    out = tmp_path / "out"
    proc = subprocess.run([sys.executable, "-m", "drugpolicy", "export", *args, "--out", str(out)],
                          capture_output=True, text=True, cwd=ROOT, env=env, timeout=240)
    return proc, out


def public_env() -> dict[str, str]:
    return {**os.environ, "DRUGPOLICY_PUBLIC_URL": PUBLIC}


@pytest.fixture(scope="module")
def deck(tmp_path_factory):
    proc, out = export(tmp_path_factory.mktemp("deck"), "--cities", "antwerpen,aalst", "--model", "three_track",
                       "--lang", "nl", "--format", "pptx", env=public_env())
    assert proc.returncode == 0, proc.stderr
    return Presentation(str(out))


@pytest.fixture(scope="module")
def genk_deck(tmp_path_factory):
    """Genk has no curative measure recorded on the three-track model: a '–' in the counts."""
    proc, out = export(tmp_path_factory.mktemp("genk"), "--cities", "antwerpen,genk", "--model", "three_track",
                       "--lang", "en", "--format", "pptx", "--sections", "overview,gap,personnel",
                       env=public_env())
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


def notes(slide) -> str:
    return slide.notes_slide.notes_text_frame.text if slide.has_notes_slide else ""


def tables(slide) -> list[list[list[str]]]:
    return [[[c.text for c in row.cells] for row in sh.table.rows] for sh in slide.shapes if sh.has_table]


def links(slide) -> list[str]:
    return [run.hyperlink.address for sh in slide.shapes if sh.has_text_frame for p in sh.text_frame.paragraphs
            for run in p.runs if run.hyperlink.address]


def footer_link(slide) -> str:
    return next((a for a in links(slide) if a.startswith(PUBLIC)), "")


def slides_of(deck, page: str) -> list:
    """The slides whose link back goes to a page of the dashboard (/personnel?...)."""
    return [s for s in deck.slides if f"/{page}?" in footer_link(s)]


def test_deck_is_16_9(deck):
    assert round(Emu(deck.slide_width).inches, 2) == 13.33 and round(Emu(deck.slide_height).inches, 2) == 7.5


def test_deck_title_slide_names_the_selection_dates_and_home_city(deck):
    import datetime as dt

    from drugpolicy import i18n, sections

    first = deck.slides[0]
    assert first.shapes.title.text == "Drugsbeleid van Belgische steden: briefing"
    body = texts(first)
    assert "Antwerpen, Aalst" in body and "Driesporenbeleid" in body and "Thuisstad: Antwerpen, tegenover Aalst" in body
    assert i18n.fmt_date(dt.date.today(), "day", "nl") in body and sections.data_date("nl") in body
    assert f"{PUBLIC}/overview?cities=antwerpen&cities=aalst&model=three_track&lang=nl" in links(first)


def test_no_empty_placeholder_and_nothing_outside_its_slide(deck, genk_deck):
    for prs in (deck, genk_deck):
        for n, slide in enumerate(prs.slides, start=1):
            for ph in slide.placeholders:
                assert ph.has_text_frame and ph.text_frame.text.strip(), (n, ph.name)
            for shape in slide.shapes:
                assert shape.left >= 0 and shape.top >= 0, (n, shape.name)
                assert shape.left + shape.width <= prs.slide_width, (n, shape.name)
                assert shape.top + shape.height <= prs.slide_height, (n, shape.name, slide.shapes.title.text)


def test_every_link_back_uses_the_public_address(deck):
    every = [a for s in deck.slides for a in links(s)]
    assert every and all(a.startswith(PUBLIC) for a in every), every
    assert not any("localhost" in texts(s) + notes(s) for s in deck.slides)
    content = list(deck.slides)[1:-2]  # title slide, then the findings; sources and how to cite close
    for slide in content:
        if slide.shapes.title.text.startswith("Bronnen"):
            continue
        assert footer_link(slide).startswith(f"{PUBLIC}/"), slide.shapes.title.text


def test_titles_are_statements_with_the_numbers_of_the_data(deck):
    from drugpolicy import i18n, queries

    titles = [s.shapes.title.text for s in deck.slides]
    # never a section's name
    assert not set(titles) & {i18n.t(f"nav.{page}", "nl") for page in ("overview", "compare", "personnel",
                                                                       "enforcement", "budgets", "measures")}
    counts = queries.run("measures_by_pillar", cities=["antwerpen", "aalst"], model="three_track", statuses=ALL_STATUSES)
    counts = counts[counts["pillar_id"].notna()]
    spread = counts.groupby("name_nl")["measure_count"].agg(["max", "min"])
    pillar = (spread["max"] - spread["min"]).idxmax()
    top = counts[counts["name_nl"] == pillar].sort_values("measure_count", ascending=False)
    city = {"antwerpen": "Antwerpen", "aalst": "Aalst"}
    expected = (f"{pillar}: {city[top.iloc[0]['city_id']]} telt {top.iloc[0]['measure_count']} maatregelen, "
                f"{city[top.iloc[1]['city_id']]} {top.iloc[1]['measure_count']}")
    assert titles[1] == expected
    for c, name in city.items():
        rows = queries.run("measure_list", cities=[c], model="own")
        rows = rows[rows["drug_specific"]]
        n, done = rows["measure_id"].nunique(), rows.loc[rows["status"] == "implemented", "measure_id"].nunique()
        assert any(x.startswith(f"{name}: {n} drugsspecifieke maatregelen; uitgevoerd: {done}") for x in titles)


def test_gap_slide_for_two_cities_lists_what_the_peer_has_and_home_lacks(deck):
    from drugpolicy import i18n, queries

    # every status counts on a slide; the home city is the first picked
    measures = pd.read_csv(DATA / "measures.csv")
    measures = measures[measures["drug_specific"] & measures["instrument_id"].notna()]
    used = {c: set(measures.loc[measures["city_id"] == c, "instrument_id"]) for c in ("antwerpen", "aalst")}
    found = queries.run("gap_measures", home="antwerpen", peers=["aalst"], statuses=list(base.STATUSES))
    lacking = found[~found["is_home"] & found["instrument_id"].isin(used["aalst"] - used["antwerpen"])]
    n = lacking["instrument_id"].nunique()
    assert n == len(used["aalst"] - used["antwerpen"]) > 0
    slides = [s for s in deck.slides if s.shapes.title.text.startswith(f"Aalst zet {n} instrument")]
    assert slides and all("/gap?" in footer_link(s) and "city=antwerpen" in footer_link(s) for s in slides)
    rows = [row for s in slides for table in tables(s) for row in table[1:]]
    assert sorted(r[0] for r in rows) == sorted(set(lacking["name_nl"]))
    cells = "\n".join(r[1] for r in rows)
    for r in lacking.to_dict("records"):  # each measure of the peer with its status
        assert f"{r['title_nl']} ({i18n.t('enums.status_' + r['status'], 'nl')}, " in cells
    said = "\n".join(notes(s) for s in slides)
    assert all(r["quote"] in said for r in lacking.to_dict("records"))


def test_count_table_says_dash_for_nothing_recorded_never_0(genk_deck):
    slide = genk_deck.slides[1]
    assert "/overview?" in footer_link(slide)
    (table,) = tables(slide)
    header, rows = table[0], {r[0]: r for r in table[1:]}
    assert rows["Curative"][header.index("Genk")] == "–"
    assert "Genk" in slide.shapes.title.text or "Antwerp" in slide.shapes.title.text
    for prs_slide in genk_deck.slides:
        for t in tables(prs_slide):
            assert not [c for row in t[1:] for c in row if c.strip() in ("0", "0.0", "nan", "None", "NaT")]


def test_count_slide_matches_the_query_and_only_one_count_view(deck):
    from drugpolicy import queries

    count_slides = [s for s in deck.slides if any(sh.shape_type == 13 for sh in s.shapes)
                    and "/overview?" in footer_link(s)]
    gap_slides = slides_of(deck, "gap")
    # one count view: the comparison slides are the gap, no second chart of the same counts
    assert len(count_slides) == 1 and gap_slides and not any(sh.shape_type == 13 for s in gap_slides for sh in s.shapes)
    (table,) = tables(count_slides[0])
    header, rows = table[0], {r[0]: r for r in table[1:]}
    df = queries.run("measures_by_pillar", cities=["antwerpen", "aalst"], model="three_track", statuses=ALL_STATUSES).set_index(
        ["city_id", "pillar_id"])
    for city, name in (("antwerpen", "Antwerpen"), ("aalst", "Aalst")):
        n = int(df.loc[(city, "three_track.repressive"), "measure_count"])
        assert rows["Repressief"][header.index(name)] == (str(n) if n else "–")
    # no two slides the same
    seen = [(s.shapes.title.text, texts(s)) for s in deck.slides]
    assert len(seen) == len(set(seen))


def test_speaker_notes_hold_the_quote_and_source_behind_each_number(deck):
    from drugpolicy import queries

    figures = queries.run("figures_capacity", cities=["antwerpen", "aalst"])
    said = "\n".join(notes(s) for s in slides_of(deck, "personnel"))
    for r in figures.to_dict("records"):
        assert r["quote"] in said and r["source_title"] in said
    for slide in list(deck.slides)[1:]:
        if tables(slide):
            assert "“" in notes(slide) or "«" in notes(slide), slide.shapes.title.text


def test_personnel_slides_hold_every_figure_with_its_date(deck):
    from drugpolicy import queries

    figures = queries.run("figures_capacity", cities=["antwerpen", "aalst"])
    slides = slides_of(deck, "personnel")
    assert slides and not any(sh.shape_type == 13 for s in slides for sh in s.shapes)  # tables, no squeezed chart
    rows = [row for s in slides for table in tables(s) for row in table[1:]]
    header = tables(slides[0])[0][0]
    assert len(rows) == len(figures) and "Datum" in header
    cells = [c for row in rows for c in row]
    assert "462" in cells and "550" in cells
    assert all(row[header.index("Datum")] not in ("", "–") for row in rows)
    assert any("462" in s.shapes.title.text and "550" in s.shapes.title.text for s in slides)


def test_enforcement_slides_carry_the_caveat(deck):
    slides = slides_of(deck, "enforcement")
    assert slides
    for slide in slides:
        assert "meten de inzet van politie en douane evengoed als de omvang van het drugsprobleem" in texts(slide)


def test_chart_text_is_at_least_12_pt_on_the_slide(deck):
    import re

    from pptx.util import Pt

    from drugpolicy import sections
    from drugpolicy.exports import deck as deck_module

    pictures = [sh for s in deck.slides for sh in s.shapes if sh.shape_type == 13]
    assert pictures
    for pic in pictures:
        w_px, _ = map(int, re.match(r"chart (\d+)x(\d+) px", pic.name).groups())
        assert deck_module.CHART_PX * (pic.width / Pt(1)) / w_px >= 11.95, pic.name

    def sizes(node):
        if isinstance(node, dict):
            for key, value in node.items():
                if key in deck_module.FONT_KEYS and isinstance(value, dict) and "size" in value:
                    yield from (value["size"] if isinstance(value["size"], list) else [value["size"]])
                yield from sizes(value)
        elif isinstance(node, list):
            for item in node:
                yield from sizes(item)

    for section in sections.build(["antwerpen", "aalst"], "three_track", "nl"):
        if section.figure is not None:
            data, _, _ = deck_module.slide_figure(section.figure, deck_module.CHART_W, Emu(4_000_000))
            assert min(sizes(data)) >= deck_module.CHART_PX and data["layout"]["font"]["size"] >= deck_module.CHART_PX


def test_a_chart_file_draws_the_pages_chart_for_every_name():
    from drugpolicy import sections

    for name in sections.CHARTS:
        section = sections.chart(name, ["antwerpen", "gent"], "three_track", "en")
        assert section is not None and section.figure is not None and section.url, name
    assert sections.chart("compare", ["gent"], "three_track", "en") is None  # a comparison needs two cities
    with pytest.raises(sections.SelectionError, match="unknown chart: measures"):
        sections.chart("measures", ["gent"], "three_track", "en")


def test_closing_slides_list_every_source_and_how_to_cite(deck):
    slides = list(deck.slides)
    assert slides[-1].shapes.title.text == "Hoe citeren"
    assert PUBLIC in texts(slides[-1]) and "CC-BY-4.0" in texts(slides[-1])
    closing = [s for s in slides if s.shapes.title.text.startswith("Bronnen")]
    assert closing and slides[-len(closing) - 1:-1] == closing
    listed = "\n".join(texts(s) for s in closing)
    assert "Aalst gaat drugsbeleid Antwerpen achterna" in listed
    footers = "\n".join(texts(s) + notes(s) for s in slides[1:-len(closing) - 1])
    for title in ("Aalst gaat drugsbeleid Antwerpen achterna", "Bestuursakkoord Antwerpen"):
        assert title in footers and title in listed


def test_no_two_shapes_overlap_and_every_text_has_its_room(deck, genk_deck):
    """Title, chart, table, notes and footer each in their own place, the footer (sources, date, link back) at the
    bottom; a text box as tall as its text needs."""
    from drugpolicy.exports import deck as deck_module

    checked = 0
    for prs in (deck, genk_deck):
        for slide in prs.slides:
            shapes = [sh for sh in slide.shapes if sh != slide.shapes.title]
            for i, one in enumerate(shapes):
                for other in shapes[i + 1:]:
                    apart = (one.left + one.width <= other.left or other.left + other.width <= one.left
                             or one.top + one.height <= other.top or other.top + other.height <= one.top)
                    assert apart, (slide.shapes.title.text, one.name, other.name)
            for box in (sh for sh in shapes if sh.has_text_frame):
                lines = [p.text for p in box.text_frame.paragraphs]
                size = box.text_frame.paragraphs[0].runs[0].font.size.pt
                assert box.height >= deck_module.text_height(lines, box.width, size), (slide.shapes.title.text, lines)
            if any(sh.shape_type == 13 for sh in shapes):
                footer = max(shapes, key=lambda sh: sh.top)
                assert "Bron" in footer.text_frame.text or "Sources" in footer.text_frame.text
                assert footer_link(slide) and footer.top + footer.height <= prs.slide_height
                checked += 1
    assert checked >= 3


def test_slide_tables_never_break_a_word_or_number(deck):
    from pptx.util import Pt

    from drugpolicy.exports.deck import WORD_EM

    for slide in deck.slides:
        for shape in (sh for sh in slide.shapes if sh.has_table):
            table = shape.table
            size = table.cell(0, 0).text_frame.paragraphs[0].runs[0].font.size.pt
            for j, column in enumerate(table.columns):
                longest = max(len(word) for row in table.rows for word in (row.cells[j].text.split() or [""]))
                assert longest * Pt(size * WORD_EM) <= column.width, (slide.shapes.title.text, j, longest)


def test_xlsx_has_data_and_sources_sheet(tmp_path):
    proc, out = export(tmp_path, "--cities", "gent", "--lang", "en", "--format", "xlsx")
    assert proc.returncode == 0, proc.stderr
    wb = load_workbook(io.BytesIO(out.read_bytes()))
    assert wb.sheetnames == ["about", "measures", "figures", "sources"]
    header = [c.value for c in wb["figures"][1]]
    rows = [dict(zip(header, (c.value for c in r), strict=True)) for r in wb["figures"].iter_rows(min_row=2)]
    budget = next(r for r in rows if r["Figure (id)"] == "gent-drug-policy-annual")
    assert budget["Value"] == 2_500_000 and "MSOC" in budget["Includes"]
    src = [[c.value for c in r] for r in wb["sources"].iter_rows()]
    assert src[0][:4] == ["Sheet", "Row", "What", "Source"]
    assert any(r[0] == "figures" and "56 acties" in (r[3] or "") and r[7] for r in src[1:])
    assert len(src) - 1 == wb["measures"].max_row - 1 + wb["figures"].max_row - 1


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
    (["--cities", "antwerpen", "--format", "png", "--chart", "measures"], "unknown chart: measures"),
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
    ws = load_workbook(io.BytesIO(out.read_bytes()))["measures"]
    cells = [c for row in ws.iter_rows() for c in row if isinstance(c.value, str) and "HYPERLINK" in c.value]
    assert cells and all(c.data_type == "s" for c in cells)


def test_french_deck_has_french_titles(tmp_path):
    proc, out = export(tmp_path, "--cities", "brussels-region,gent", "--lang", "fr", "--format", "pptx")
    assert proc.returncode == 0, proc.stderr
    prs = Presentation(str(out))
    titles = [s.shapes.title.text for s in prs.slides]
    assert titles[0] == "Politique drogues des villes belges : briefing"
    assert titles[-1] == "Comment citer" and any(x.startswith("Sources") for x in titles)
    assert any(x.startswith("Gand utilise ") and "dont Région de Bruxelles-Capitale ne se sert pas" in x
               for x in titles)
    assert "Région de Bruxelles-Capitale, Gand" in texts(prs.slides[0])
