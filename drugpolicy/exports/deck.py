"""A 16:9 briefing deck: title slide, one slide per section (chart, native table, sources, link), sources slide."""
from __future__ import annotations

import datetime as dt
import io

import pandas as pd
from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.util import Emu, Inches, Pt

from drugpolicy import i18n
from drugpolicy.exports import images
from drugpolicy.i18n import t
from drugpolicy.sections import base
from drugpolicy.sections.base import Section

SLIDE_W, SLIDE_H = Inches(13.333), Inches(7.5)
MARGIN = Inches(0.45)
GREY = RGBColor(0x55, 0x55, 0x55)
TABLE_ROWS = 8  # key figures; the full data is in the XLSX
CELL_CHARS = 48  # longer text is shortened on the slide (never a number), the whole of it is in the XLSX
# Text measure for laying out: a character of the default sans font is at most about 0.55 of its size wide
# (average text less), a line 1.2 of it high; text boxes have 0.1 in of inset on each side.
CHAR_EM, WORD_EM, LINE_EM, INSET = 0.55, 0.65, 1.2, Inches(0.1)
CHART_TOP, FOOTER_TOP = Inches(1.25), Inches(6.15)
NOTES_GAP = Inches(0.08)


def _fit_layouts(prs: Presentation) -> None:
    """The default template is 4:3: move its placeholders onto the 16:9 slide."""
    for layout in prs.slide_layouts:
        for ph in layout.placeholders:
            ph.left = MARGIN
            ph.width = SLIDE_W - 2 * MARGIN
        if layout.name == "Title Slide":
            title, subtitle = layout.placeholders[0], layout.placeholders[1]
            title.top, title.height = Inches(1.6), Inches(1.6)
            subtitle.top, subtitle.height = Inches(3.4), Inches(2.6)
        else:
            layout.placeholders[0].top = Inches(0.3)
            layout.placeholders[0].height = Inches(0.9)


def _text(slide, left, top, width, height, lines, size=11, color=None, link: str | None = None):
    box = slide.shapes.add_textbox(left, top, width, height)
    frame = box.text_frame
    frame.word_wrap = True
    for i, line in enumerate(lines):
        para = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
        run = para.add_run()
        run.text = line
        run.font.size = Pt(size)
        if color is not None:
            run.font.color.rgb = color
        if link and i == len(lines) - 1:
            run.hyperlink.address = link
    return box


def text_height(lines: list[str], width, size: int) -> int:
    """The height (EMU) a text box of `width` needs for lines at `size` pt, wrapped at word boundaries."""
    import math

    per_line = max(1, int((width - 2 * INSET) / Pt(size * CHAR_EM)))
    rows = sum(max(1, math.ceil(len(line) / per_line)) for line in lines)
    return int(rows * Pt(size * LINE_EM) + 2 * INSET)


def _title(slide, text: str, size: int = 28) -> None:
    slide.shapes.title.text = text
    for para in slide.shapes.title.text_frame.paragraphs:
        for run in para.runs:
            run.font.size = Pt(size)


def _cell(value) -> str:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return ""
    text = str(value)
    return text if len(text) <= CELL_CHARS else text[:CELL_CHARS - 1].rstrip() + "…"


def column_widths(cells: list[list[str]], width: int, size: int = 9) -> list[int]:
    """Widths (EMU) that never break a word or a number inside a column, the rest shared by text length."""
    char, pad = Pt(size * CHAR_EM), Inches(0.12)
    cols = range(len(cells[0]))
    # a word must fit whole in the widest of the fonts a viewer may substitute (DejaVu Sans is wider than most)
    need = [max(len(word) for row in cells for word in (row[j].split() or [""])) * Pt(size * WORD_EM) + pad
            for j in cols]
    want = [max(min(len(row[j]), CELL_CHARS) for row in cells) * char + pad for j in cols]
    if sum(need) >= width:  # too many long words: shrink alike (the font is small already)
        return [int(width * n / sum(need)) for n in need]
    spare = [max(w - n, 0) for w, n in zip(want, need, strict=True)]
    extra = width - sum(need)
    return [int(n + (extra * sp / sum(spare) if sum(spare) else extra / len(need))) for n, sp in
            zip(need, spare, strict=True)]


def _table(slide, df: pd.DataFrame, left, top, width) -> None:
    df = df.head(TABLE_ROWS)
    rows, cols = len(df) + 1, len(df.columns)
    shape = slide.shapes.add_table(rows, cols, left, top, width, Emu(int(Inches(0.3)) * rows))
    table = shape.table
    cells = [[str(c) for c in df.columns]] + [[_cell(v) for v in row] for row in df.itertuples(index=False)]
    for j, w in enumerate(column_widths(cells, width)):
        table.columns[j].width = Emu(w)
    for i, row in enumerate(cells):
        for j, text in enumerate(row):
            cell = table.cell(i, j)
            cell.text = text
            cell.margin_left = cell.margin_right = Inches(0.04)
            for para in cell.text_frame.paragraphs:
                for run in para.runs:
                    run.font.size = Pt(9)


def source_line(sources: pd.DataFrame, lang: str) -> str:
    titles = [f"{r.title} ({r.publisher})" for r in sources.itertuples()]
    return t("common.sources_caption", lang, sources="; ".join(titles)) if titles else ""


def build_deck(sections: list[Section], *, cities: list[str], model: str, lang: str) -> bytes:
    """The deck of these slides (sections.build) for the selection, as .pptx bytes."""
    city_names = base.names(lang)[0]
    data_date, licence = base.data_date(lang), base.licence_line(lang)
    url = base.view_url("overview", lang, cities=list(cities), model=model)
    prs = Presentation()
    prs.slide_width, prs.slide_height = SLIDE_W, SLIDE_H
    _fit_layouts(prs)
    title_layout = next(layout for layout in prs.slide_layouts if layout.name == "Title Slide")
    title_only = next(layout for layout in prs.slide_layouts if layout.name == "Title Only")

    slide = prs.slides.add_slide(title_layout)
    _title(slide, t("briefing.deck_title", lang), 40)
    subtitle = slide.placeholders[1].text_frame
    lines = [", ".join(city_names.get(c, c) for c in cities), base.model_label(model, lang),
             t("briefing.made_on", lang, date=i18n.fmt_date(dt.date.today(), "day", lang)), data_date]
    subtitle.text = lines[0]
    for line in lines[1:]:
        subtitle.add_paragraph().text = line
    _text(slide, MARGIN, Inches(6.4), SLIDE_W - 2 * MARGIN, Inches(0.5), [t("briefing.open_view", lang), url],
          size=12, color=GREY, link=url)

    column_w = Inches(7.6)  # the chart's column; the table takes the rest of the width
    for section in sections:
        slide = prs.slides.add_slide(title_only)
        _title(slide, section.heading)
        # From the bottom up: the sources get the room their text needs (many sources: more lines), then the
        # notes under the chart; the chart gives up height (and keeps its shape) so that all of it fits.
        footer = [source_line(section.sources, lang), data_date, section.url]
        footer_w = SLIDE_W - 2 * MARGIN
        footer_h = text_height(footer, footer_w, 9)
        footer_top = min(FOOTER_TOP, SLIDE_H - Inches(0.15) - footer_h)
        notes_h = text_height(section.notes, column_w, 9) + NOTES_GAP if section.notes else 0
        chart_h = min(Emu(int(column_w * images.HEIGHT / images.WIDTH)), footer_top - CHART_TOP - notes_h)
        chart_w = Emu(int(chart_h * images.WIDTH / images.HEIGHT))
        png = images.to_image(section.figure, "png")
        slide.shapes.add_picture(io.BytesIO(png), MARGIN, CHART_TOP, width=chart_w, height=chart_h)
        right = MARGIN + column_w + Inches(0.25)
        if section.key_figures is not None and not section.key_figures.empty:
            _table(slide, section.key_figures, right, CHART_TOP, SLIDE_W - right - MARGIN)
        if section.notes:
            _text(slide, MARGIN, CHART_TOP + chart_h + NOTES_GAP, column_w, notes_h - NOTES_GAP, section.notes,
                  size=9, color=GREY)
        _text(slide, MARGIN, footer_top, footer_w, footer_h, footer, size=9, color=GREY, link=section.url)

    all_sources = pd.concat([s.sources for s in sections], ignore_index=True) if sections else pd.DataFrame()
    if not all_sources.empty:
        all_sources = all_sources.drop_duplicates("source_id")
    per_slide = 9
    chunks = [all_sources.iloc[i:i + per_slide] for i in range(0, len(all_sources), per_slide)] or [all_sources]
    for chunk in chunks:
        slide = prs.slides.add_slide(title_only)
        _title(slide, t("briefing.sources_title", lang))
        lines = []
        for r in chunk.itertuples():
            date = i18n.fmt_date(None if pd.isna(r.published_date) else r.published_date, r.published_precision, lang)
            url_part = f" — {r.url}" if isinstance(r.url, str) and r.url else ""
            lines.append(f"{r.title}. {r.publisher}, {date}{url_part}")
        lines.append(licence)
        _text(slide, MARGIN, Inches(1.3), SLIDE_W - 2 * MARGIN, Inches(5.6), lines, size=12)
    out = io.BytesIO()
    prs.save(out)
    return out.getvalue()
