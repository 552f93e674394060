"""A 16:9 briefing deck: a title slide, a slide per finding (its title what the data say, the chart, a native table
of the key figures with their dates, the sources in the footer, the quotes in the speaker notes), closing slides
with every source and how to cite.

A section (sections.build) becomes one slide or more: heading -> title, intro -> a line under it, figure -> the
chart on the left (no text under 12 pt; left out where it cannot be drawn so, the table then carries its figures),
key_figures -> a native table beside it or across the slide, continued on the next slides; notes -> text under the
table; sources and url -> the footer; markdown -> speaker notes: one line per key-figure row (split with the rows),
then lines for every slide of the section.
"""
from __future__ import annotations

import datetime as dt
import io
import re
from concurrent.futures import ThreadPoolExecutor
from xml.sax.saxutils import escape

import pandas as pd
from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.oxml import parse_xml
from pptx.oxml.ns import nsdecls
from pptx.util import Emu, Inches, Pt

from drugpolicy import db, i18n
from drugpolicy.exports import images
from drugpolicy.i18n import t
from drugpolicy.sections import base
from drugpolicy.sections.base import Section

SLIDE_W, SLIDE_H = Inches(13.333), Inches(7.5)
MARGIN = Inches(0.45)
CONTENT_W = SLIDE_W - 2 * MARGIN
TITLE_TOP, TITLE_H = Inches(0.3), Inches(0.95)
TITLE_SIZES = (28, 24, 20)  # the largest at which the title fits its box
BODY_TOP = Inches(1.35)
GAP = Inches(0.1)
CHART_W, GUTTER = Inches(7.4), Inches(0.3)  # the chart's column; its table takes the rest of the width
FOOTER_PT, NOTE_PT, INTRO_PT, TABLE_PT, SIDE_TABLE_PT, CAPTION_PT, SOURCES_PT = 9, 11, 14, 12, 11, 12, 11
# A chart's text is raised to at least CHART_PX layout pixels and the chart laid out at the size where CHART_PX
# pixels are CHART_PT points on the slide: no chart text below 12 pt, whatever the chart's own sizes.
CHART_PT, CHART_PX, PNG_DPI = 12, 13, 200
FIT_SLACK = 1.5  # a chart may be drawn this much tighter than its own layout asks (its margins and spacing give)
YEAR_PX = 60  # room for a year's tick label on a date axis
FONT_KEYS = ("font", "textfont", "tickfont", "insidetextfont", "outsidetextfont", "titlefont")
GREY = RGBColor(0x55, 0x55, 0x55)
CELL_CHARS = 160  # longer text is shortened on the slide (never a number); the whole of it is in the XLSX
FOOTER_SOURCES = 2  # footer lines of source titles at most; more: a pointer to the closing slides
# Text measure for laying out: a character is on average at most 0.6 of the font's size wide in the widest sans
# a viewer may substitute for the theme's (DejaVu Sans; Calibri is narrower), a word's letters at most 0.65; a
# line is 1.2 of the size high; text boxes have 0.1 in of inset on each side.
CHAR_EM, WORD_EM, LINE_EM, INSET = 0.6, 0.65, 1.2, Inches(0.1)
SHORT_COLUMN = 24  # a column whose longest line is no longer (characters) is kept on one line when there is room
CELL_PAD_X, CELL_PAD_Y = Inches(0.05), Inches(0.03)
PAD = 2 * CELL_PAD_X + Inches(0.04)  # a column's margins and a little air
WANT_SHARE = 0.8  # a column is made wide enough for this share of its cells on one line, if there is room
TABLE_STYLE = "{5C22544A-7EE6-4342-B048-85BDC9FD1C3A}"  # python-pptx's default: Medium Style 2, Accent 1
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")  # a date as plotly's JSON holds it (2024-01-31, 2024-01-31T00:00:00)
_XML_BAD = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")  # characters XML 1.0 cannot hold


def _fit_layouts(prs: Presentation) -> None:
    """The default template is 4:3: move its placeholders onto the 16:9 slide."""
    for layout in prs.slide_layouts:
        for ph in layout.placeholders:
            ph.left = MARGIN
            ph.width = CONTENT_W
        if layout.name == "Title Slide":
            title, subtitle = layout.placeholders[0], layout.placeholders[1]
            title.top, title.height = Inches(1.4), Inches(1.6)
            subtitle.top, subtitle.height = Inches(3.2), Inches(2.8)
        else:
            layout.placeholders[0].top = TITLE_TOP
            layout.placeholders[0].height = TITLE_H


def wrapped(text: str, width, size: float) -> int:
    """How many lines text takes in a box of width (EMU, inside the insets) at size pt, wrapped at spaces."""
    per_line = max(1, int(width / Pt(size * CHAR_EM)))
    lines = 0
    for paragraph in str(text).split("\n"):
        n, used = 1, 0
        for word in paragraph.split():
            need = len(word) + (1 if used else 0)
            if used and used + need > per_line:
                n, used = n + 1, len(word)
            else:
                used += need
            while used > per_line:  # a word longer than a line breaks
                n, used = n + 1, used - per_line
        lines += n
    return lines


def text_height(lines: list[str], width, size: float) -> int:
    """The height (EMU) a text box of width needs for lines at size pt."""
    rows = sum(wrapped(line, width - 2 * INSET, size) for line in lines)
    return int(rows * Pt(size * LINE_EM) + 2 * INSET)


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
        if link and link in line:
            run.hyperlink.address = link
    return box


def _title(slide, text: str) -> None:
    size = next((s for s in TITLE_SIZES if text_height([text], CONTENT_W, s) <= TITLE_H), TITLE_SIZES[-1])
    slide.shapes.title.text = text
    for para in slide.shapes.title.text_frame.paragraphs:
        for run in para.runs:
            run.font.size = Pt(size)


def _cell(value) -> str:
    """A table cell: '–' where nothing is recorded (never 0 nor an empty cell from a missing value)."""
    if value is None or (not isinstance(value, str) and i18n.missing(value)):
        return "–"
    return "\n".join(line if len(line) <= CELL_CHARS else line[:CELL_CHARS - 1].rstrip() + "…"
                     for line in str(value).split("\n"))


def word_widths(cells: list[list[str]], size: float) -> list[int]:
    """Each column's least width (EMU): its longest word whole in the widest font a viewer may substitute."""
    return [max(len(word) for row in cells for word in (row[j].split() or [""])) * Pt(size * WORD_EM) + PAD
            for j in range(len(cells[0]))]


def column_widths(cells: list[list[str]], width: int, size: float) -> list[int]:
    """Widths (EMU) that never break a word or a number inside a column, the rest shared by text length."""
    char, pad = Pt(size * CHAR_EM), PAD
    cols = range(len(cells[0]))
    need = word_widths(cells, size)
    if sum(need) >= width:  # too many long words: shrink alike
        return [int(width * n / sum(need)) for n in need]
    # Fill the columns up to the line length most of their rows have (a single long cell may wrap), the shortest
    # first, each at most an even share of what is left; what is left after that goes by the amount of text.
    lines = [sorted(max(len(x) for x in row[j].split("\n")) for row in cells) for j in cols]
    want = [max(n, (lengths[-1] if lengths[-1] <= SHORT_COLUMN else lengths[int(WANT_SHARE * (len(lengths) - 1))])
                * char + pad) for n, lengths in zip(need, lines, strict=True)]
    widths, left = list(need), width - sum(need)
    for k, j in enumerate(sorted(cols, key=lambda j: want[j] - need[j])):
        give = max(0, min(want[j] - need[j], left / (len(need) - k)))
        widths[j] += give
        left -= give
    volume = [sum(lengths) or 1 for lengths in lines]
    return [int(w + left * v / sum(volume)) for w, v in zip(widths, volume, strict=True)]


def _row_height(row: list[str], widths: list[int], size: float) -> int:
    lines = max(wrapped(text, w - 2 * CELL_PAD_X, size) for text, w in zip(row, widths, strict=True))
    return int(lines * Pt(size * LINE_EM) + 2 * CELL_PAD_Y + Pt(2))


class Grid:
    """A table's cells as text, its column widths for width at size pt, and each row's height (EMU)."""

    def __init__(self, df: pd.DataFrame, width: int, size: float):
        self.header = [str(c) for c in df.columns]
        self.rows = [[_cell(v) for v in row] for row in df.itertuples(index=False)]
        cells = [self.header, *self.rows]
        # a point or two smaller where the longest words of the columns do not fit side by side at size
        self.size = next((s for s in (size, size - 1, size - 2) if sum(word_widths(cells, s)) <= width), size - 2)
        self.width = width
        self.fits = sum(word_widths(cells, self.size)) <= width  # else words break
        self.widths = column_widths(cells, width, self.size)
        self.header_h = _row_height(self.header, self.widths, self.size)
        self.heights = [_row_height(r, self.widths, self.size) for r in self.rows]

    def fitting(self, start: int, room: int) -> int:
        """How many rows from start fit under the header in room (EMU); at least one."""
        used, n = self.header_h, 0
        for h in self.heights[start:]:
            if n and used + h > room:
                break
            used, n = used + h, n + 1
        return n

    def pages(self, start: int, room: int) -> list[tuple[int, int]]:
        """The rows from start split into as few slides as fit in room, then evened out (no slide of one row
        after a full one)."""
        def split(limit: int) -> list[tuple[int, int]]:
            out, first = [], start
            while first < len(self.rows):
                stop = first + self.fitting(first, limit)
                out.append((first, stop))
                first = stop
            return out

        fewest = split(room)
        low, high = self.header_h + sum(self.heights[start:]) // len(fewest), room
        while len(fewest) > 1 and high - low > Pt(6):  # the least room that needs no more slides
            middle = (low + high) // 2
            low, high = (low, middle) if len(split(middle)) == len(fewest) else (middle, high)
        return split(high)

    def draw(self, slide, left, top, start: int, stop: int) -> int:
        """The rows start..stop under the header as a native table; its height (EMU). The table's XML is written
        in one go: python-pptx's cell by cell API took most of a long deck's time."""
        rows = [self.header, *self.rows[start:stop]]
        heights = [self.header_h, *self.heights[start:stop]]
        shape = slide.shapes.add_table(1, 1, left, top, self.width, sum(heights))
        data = shape._element.graphic.graphicData
        data.replace(data.tbl, parse_xml(_table_xml(rows, self.widths, heights, self.size)))
        return sum(heights)


def _table_xml(rows: list[list[str]], widths: list[int], heights: list[int], size: float) -> str:
    pad = f'marL="{CELL_PAD_X}" marR="{CELL_PAD_X}" marT="{CELL_PAD_Y}" marB="{CELL_PAD_Y}"'
    font = f'sz="{int(size * 100)}"'

    def paragraph(line: str) -> str:
        if not line:
            return f"<a:p><a:endParaRPr {font}/></a:p>"
        return f"<a:p><a:r><a:rPr {font} dirty=\"0\"/><a:t>{escape(_XML_BAD.sub('', line))}</a:t></a:r></a:p>"

    trs = []
    for row, height in zip(rows, heights, strict=True):
        tcs = "".join(f"<a:tc><a:txBody><a:bodyPr/><a:lstStyle/>{''.join(paragraph(x) for x in text.split(chr(10)))}"
                      f"</a:txBody><a:tcPr {pad}/></a:tc>" for text in row)
        trs.append(f'<a:tr h="{height}">{tcs}</a:tr>')
    grid = "".join(f'<a:gridCol w="{w}"/>' for w in widths)
    return (f'<a:tbl {nsdecls("a")}><a:tblPr firstRow="1" bandRow="1"><a:tableStyleId>{TABLE_STYLE}'
            f"</a:tableStyleId></a:tblPr><a:tblGrid>{grid}</a:tblGrid>{''.join(trs)}</a:tbl>")


def _raise_fonts(node, px: int) -> None:
    if isinstance(node, dict):
        for key, value in node.items():
            if key in FONT_KEYS and isinstance(value, dict) and "size" in value:
                size = value["size"]
                value["size"] = [max(s or px, px) for s in size] if isinstance(size, list) else max(size or px, px)
            _raise_fonts(value, px)
    elif isinstance(node, list):
        for item in node:
            _raise_fonts(item, px)


def slide_figure(fig, width, height) -> tuple[dict, int, int]:
    """fig as a slide draws it in a box of width x height (EMU): without its title (the slide's caption says it),
    every text at least CHART_PX layout pixels, laid out at a size where CHART_PX pixels are CHART_PT points.
    Returns the figure's JSON and the layout's width and height in pixels."""
    data = fig.to_dict()
    layout = data.setdefault("layout", {})
    layout["title"] = {"text": ""}
    layout["margin"] = {**(layout.get("margin") or {}), "t": 24}
    layout["font"] = {**(layout.get("font") or {}), "size": max((layout.get("font") or {}).get("size") or 0, CHART_PX)}
    layout["uniformtext"] = {"minsize": CHART_PX, "mode": "hide"}  # bar labels never shrink below it
    _raise_fonts(data, CHART_PX)
    px_per_emu = CHART_PX / CHART_PT / Pt(1)
    w_px, h_px = int(width * px_per_emu), int(height * px_per_emu)
    # The table beside the chart gives every number with its date: the points' own labels would crowd it.
    for trace in data.get("data", []):
        if trace.get("type", "scatter") == "scatter" and "text" in (trace.get("mode") or ""):
            trace["mode"] = "+".join(m for m in trace["mode"].split("+") if m != "text") or "lines"
    _thin_year_ticks(data, w_px)
    return data, w_px, h_px


def _thin_year_ticks(data: dict, w_px: int) -> None:
    """A date axis with a tick each year gets one every few years where the years would not fit side by side."""
    years = [int(str(x)[:4]) for tr in data.get("data", []) if tr.get("type", "scatter") == "scatter"
             for x in (tr["x"] if tr.get("x") is not None else []) if _DATE.match(str(x))]
    if not years:
        return
    every = -(-(max(years) - min(years) + 2) // max(1, (w_px - 100) // YEAR_PX))
    for key, axis in data["layout"].items():
        if key.startswith("xaxis") and isinstance(axis, dict) and axis.get("dtick") == "M12" and every > 1:
            axis["dtick"] = f"M{12 * every}"


def chart_fits(fig, height) -> bool:
    """Whether fig can be drawn at 12 pt in a box height (EMU) high: the height its own layout asks for (in pixels
    of its fonts, at most FIT_SLACK more than the box gives); a chart without one fits."""
    wanted = getattr(fig.layout, "height", None)
    return not wanted or wanted <= height * CHART_PX / CHART_PT / Pt(1) * FIT_SLACK


def _render(fig, width, height) -> tuple[bytes, int, int]:
    """fig as PNG bytes for a box of width x height (EMU), and the layout's size in pixels it was drawn at."""
    data, w_px, h_px = slide_figure(fig, width, height)
    scale = Emu(width).inches * PNG_DPI / w_px
    return images.to_image(data, "png", width=w_px, height=h_px, scale=scale), w_px, h_px


def _picture(slide, drawn: tuple[bytes, int, int], left, top, width, height, caption: str) -> None:
    png, w_px, h_px = drawn
    pic = slide.shapes.add_picture(io.BytesIO(png), left, top, width=width, height=height)
    pic.name = f"chart {w_px}x{h_px} px"  # the layout it was drawn at: 1 px = width / w_px on the slide
    pic._element.nvPicPr.cNvPr.set("descr", caption)  # alternative text


def _speaker_notes(slide, lines: list[str], section: Section, url: str, lang: str) -> None:
    text = [t("briefing.notes_quotes", lang), *lines] if lines else []
    text += ["", base.sources_line(section.sources, lang), url]
    slide.notes_slide.notes_text_frame.text = "\n".join(line for line in text if line is not None).strip()


class Deck:
    """The presentation being built, with what every slide's footer says."""

    def __init__(self, lang: str, public_url: str | None):
        self.lang = lang
        self.date = base.data_date(lang)
        self.root = (public_url or "").rstrip("/")
        self.prs = Presentation()
        self.prs.slide_width, self.prs.slide_height = SLIDE_W, SLIDE_H
        _fit_layouts(self.prs)
        self.title_layout = next(x for x in self.prs.slide_layouts if x.name == "Title Slide")
        self.title_only = next(x for x in self.prs.slide_layouts if x.name == "Title Only")
        # Charts are drawn (in kaleido's chromium) while the slides are laid out, and put in place at the end.
        self.drawing = ThreadPoolExecutor(max_workers=1, thread_name_prefix="deck-charts")
        self.charts: list[tuple] = []

    def address(self, url: str) -> str:
        """url at the public address the deck was asked from (the visitor's, in the app)."""
        default = base.PUBLIC_URL.rstrip("/")
        if self.root and url.startswith(default):
            return self.root + url[len(default):]
        return url

    def footer(self, section: Section) -> tuple[list[str], int, int]:
        """The footer's lines (sources, the data's date and the link back), its top and height."""
        line = base.sources_line(section.sources, self.lang)
        if text_height([line], CONTENT_W, FOOTER_PT) > text_height(["x"] * FOOTER_SOURCES, CONTENT_W, FOOTER_PT):
            line = t("briefing.sources_many", self.lang, n=i18n.fmt_number(len(section.sources), self.lang))
        lines = [x for x in (line, f"{self.date} · {self.address(section.url)}" if section.url else self.date) if x]
        height = text_height(lines, CONTENT_W, FOOTER_PT)
        return lines, SLIDE_H - Inches(0.15) - height, height

    def add(self, section: Section) -> None:
        """The section's slides: the chart on the left with as many key-figure rows and the notes beside it as fit,
        the rest of the rows (or a table without chart) across the following slides. A chart that cannot be drawn
        at 12 pt in its place (chart_fits) leaves its figures to the table; the link back leads to it."""
        footer, footer_top, footer_h = self.footer(section)
        intro_h = text_height([section.intro], CONTENT_W, INTRO_PT) if section.intro else 0
        top, bottom = BODY_TOP + (intro_h + GAP if intro_h else 0), footer_top - GAP
        table = section.key_figures if section.key_figures is not None and not section.key_figures.empty else None
        said = [x for x in section.markdown.split("\n") if x.strip()]
        notes = list(section.notes)
        side_left = MARGIN + CHART_W + GUTTER
        side_w = SLIDE_W - MARGIN - side_left
        caption = _chart_title(section.figure) if section.figure is not None else ""
        cap_h = text_height([caption], CHART_W, CAPTION_PT) if caption else 0
        chart = section.figure is not None and chart_fits(section.figure, bottom - top - cap_h)
        # pages: (first row, last row, grid or None); the first page has the chart when there is one
        pages: list[tuple[int, int, Grid | None]] = []
        side_notes_h = text_height(notes, side_w, NOTE_PT) if notes else 0
        notes_h = text_height(notes, CONTENT_W, NOTE_PT) if notes else 0
        start = 0
        if chart:
            side = Grid(table, side_w, SIDE_TABLE_PT) if table is not None else None
            side = side if side is not None and side.fits else None  # too many columns: on the next slide
            stop = side.fitting(0, bottom - top - (side_notes_h + GAP if notes else 0)) if side else 0
            pages.append((0, stop, side))
            start = stop
        if table is not None and start < len(table):
            full = Grid(table, CONTENT_W, TABLE_PT)
            pages += [(a, b, full) for a, b in full.pages(start, bottom - top - (notes_h + GAP if notes else 0))]
        if not pages:
            pages.append((0, 0, None))
        heading = section.heading or t("briefing.deck_title", self.lang)
        url = self.address(section.url) if section.url else None
        for n, (first, last, grid) in enumerate(pages, start=1):
            slide = self.prs.slides.add_slide(self.title_only)
            _title(slide, heading if len(pages) == 1 else t("briefing.continued", self.lang, title=heading, n=n,
                                                              total=len(pages)))
            if intro_h:
                _text(slide, MARGIN, BODY_TOP, CONTENT_W, intro_h, [section.intro], size=INTRO_PT, color=GREY)
            left, width, height, y = MARGIN, CONTENT_W, notes_h, top
            if chart and n == 1:
                if caption:
                    _text(slide, MARGIN, top, CHART_W, cap_h, [caption], size=CAPTION_PT)
                box = (MARGIN, top + cap_h, CHART_W, bottom - top - cap_h)
                self.charts.append((slide, self.drawing.submit(_render, section.figure, *box[2:]), box, caption))
                left, width, height = side_left, side_w, side_notes_h
            if grid is not None and last > first:
                y += grid.draw(slide, left, top, first, last) + GAP
            if notes:
                _text(slide, left, y, width, height, notes, size=NOTE_PT, color=GREY)
            _text(slide, MARGIN, footer_top, CONTENT_W, footer_h, footer, size=FOOTER_PT, color=GREY, link=url)
            # speaker notes: the lines of this slide's rows, then those said of the whole section
            rows = said[first:last] + said[len(table):] if table is not None and len(said) >= len(table) else said
            _speaker_notes(slide, rows, section, url or "", self.lang)

    def title_slide(self, cities: list[str], model: str, home_line: bool) -> None:
        city_names = base.names(self.lang)[0]
        lang = self.lang
        url = self.address(base.view_url("overview", lang, cities=list(cities), model=model))
        slide = self.prs.slides.add_slide(self.title_layout)
        slide.shapes.title.text = t("briefing.deck_title", lang)
        for para in slide.shapes.title.text_frame.paragraphs:
            for run in para.runs:
                run.font.size = Pt(40)
        lines = [", ".join(city_names.get(c, c) for c in cities), base.model_label(model, lang)]
        if home_line:
            lines.append(t("briefing.home_line", lang, home=city_names[cities[0]],
                           peers=", ".join(city_names[c] for c in cities[1:])))
        lines += [t("briefing.made_on", lang, date=i18n.fmt_date(dt.date.today(), "day", lang)), self.date]
        subtitle = slide.placeholders[1].text_frame
        for i, line in enumerate(lines):
            run = (subtitle.paragraphs[0] if i == 0 else subtitle.add_paragraph()).add_run()
            run.text = line
            run.font.size = Pt(24 if i == 0 else 18)
        _text(slide, MARGIN, Inches(6.3), CONTENT_W, Inches(0.75), [t("briefing.open_view", lang), url],
              size=12, color=GREY, link=url)
        slide.notes_slide.notes_text_frame.text = "\n".join([*lines, url])

    def closing(self, sections: list[Section], cities: list[str], model: str) -> None:
        """Every source behind the slides (as many slides as they need), then how to cite the deck's data."""
        lang = self.lang
        every = pd.concat([s.sources for s in sections], ignore_index=True) if sections else base.NO_SOURCES
        every = every.drop_duplicates("source_id")
        lines = []
        for r in every.itertuples():
            date = i18n.fmt_date(None if pd.isna(r.published_date) else r.published_date, r.published_precision, lang)
            url_part = f" — {r.url}" if isinstance(r.url, str) and r.url else ""
            lines.append(f"{r.title}. {r.publisher}, {date}{url_part}")
        room = SLIDE_H - BODY_TOP - Inches(0.4)
        pages: list[list[str]] = [[]]
        for line in lines:
            if pages[-1] and text_height([*pages[-1], line], CONTENT_W, SOURCES_PT) > room:
                pages.append([])
            pages[-1].append(line)
        for n, page in enumerate(pages, start=1):
            slide = self.prs.slides.add_slide(self.title_only)
            title = t("briefing.sources_title", lang)
            _title(slide, title if len(pages) == 1 else t("briefing.continued", lang, title=title, n=n,
                                                            total=len(pages)))
            page = page or [t("common.no_data", lang)]
            _text(slide, MARGIN, BODY_TOP, CONTENT_W, text_height(page, CONTENT_W, SOURCES_PT), page, size=SOURCES_PT)
            slide.notes_slide.notes_text_frame.text = "\n".join(page)

        meta = db.package_meta()
        authors = ", ".join(c.get("title", "") for c in meta.get("contributors", []) if c.get("title"))
        curated = meta.get("last_curated")
        url = self.address(base.view_url("overview", lang, cities=list(cities), model=model))
        cite = t("sources.cite_text", lang, authors=authors or t("common.app_title", lang), title=meta.get("title", ""),
                 version=meta.get("version", ""),
                 curated=i18n.fmt_date(dt.date.fromisoformat(curated) if curated else None, "day", lang),
                 accessed=i18n.fmt_date(dt.date.today(), "day", lang))
        slide = self.prs.slides.add_slide(self.title_only)
        _title(slide, t("sources.cite_header", lang))
        body = [cite, url, "", base.licence_line(lang), t("sources.licence_quotes", lang)]
        _text(slide, MARGIN, BODY_TOP, CONTENT_W, text_height(body, CONTENT_W, 14), body, size=14, link=url)
        slide.notes_slide.notes_text_frame.text = "\n".join(body)

    def bytes(self) -> bytes:
        for slide, drawn, box, caption in self.charts:
            _picture(slide, drawn.result(), *box, caption)
        out = io.BytesIO()
        self.prs.save(out)
        return out.getvalue()


def _chart_title(fig) -> str:
    from drugpolicy.charts.base import title_text

    return title_text(fig)


def build_deck(sections: list[Section], *, cities: list[str], model: str, lang: str,
               public_url: str | None = None) -> bytes:
    """The deck of these slides (sections.build) for the selection, as .pptx bytes; its links at public_url (the
    address the visitor uses; default DRUGPOLICY_PUBLIC_URL)."""
    deck = Deck(lang, public_url)
    try:
        deck.title_slide(list(cities), model, any(s.key.startswith("gap_") for s in sections))
        for section in sections:
            deck.add(section)
        deck.closing(sections, list(cities), model)
        return deck.bytes()
    finally:
        deck.drawing.shutdown(cancel_futures=True)
