"""A city profile as a printable PDF (WeasyPrint): the page's sections top to bottom, quotes shown, tables wrapped to
the page, each section's sources, the data's date, the licence and the link back to the view; and the page's own
print stylesheet (Ctrl+P)."""
from __future__ import annotations

import base64
import html
import logging
import math
import re

import pandas as pd

from drugpolicy import i18n, markup
from drugpolicy.cache import shared
from drugpolicy.i18n import t
from drugpolicy.sections import base
from drugpolicy.sections import city as profile
from drugpolicy.sections.base import SOURCES_LISTED, Section, sources_line

log = logging.getLogger("drugpolicy")

PAPER_MM = (210, 297)  # A4
MARGIN_MM = 16  # left and right
CHAR_MM = 1.35  # an average letter of the tables' 7.5 pt text
CHART_WIDTH = 900  # layout pixels across the text column (178 mm): the charts' 12 px text prints at 7 pt
WIDE_TABLE = 7  # a table of more columns is printed on a landscape page

# Markdown of the kind the sections hold (st.markdown, st.caption): bold, backslash escapes (markup.plain), hard
# line breaks, numbered lists and block quotes.
_INLINE = re.compile(r"(\\[\\`*_\[\]#|<>~$]|\*\*)")
_NUMBERED = re.compile(r"\d+\.\s")
_STYLE_BLOCK = re.compile(r"<style>.*?</style>", re.S)  # the screen's styles of an HTML block; the PDF has its own
_TABLE = re.compile(r'<table class="data-table">(.*?)</table>', re.S)  # markup.table_html's
_ROW = re.compile(r"<tr>(.*?)</tr>", re.S)
_CELL = re.compile(r"<t[hd][^>]*>(.*?)</t[hd]>", re.S)
_TAG = re.compile(r"<[^>]+>")

STYLE = """
@page {
  size: A4; margin: 16mm %(margin)smm 20mm;
  @bottom-left { content: %(footer)s; font-size: 7pt; color: #555; width: 85%%; vertical-align: top; }
  @bottom-right { content: counter(page) " / " counter(pages); font-size: 7pt; color: #555; vertical-align: top; }
}
@page wide { size: A4 landscape; }
html { font-family: "Liberation Sans", "DejaVu Sans", Arial, sans-serif; font-size: 9.5pt; line-height: 1.4;
       color: #1f2430; }
body { margin: 0; overflow-wrap: break-word; }  /* a word longer than the line breaks */
h1 { font-size: 18pt; line-height: 1.2; margin: 0 0 6pt; }
h2 { font-size: 13pt; line-height: 1.25; margin: 14pt 0 4pt; break-after: avoid; }
h3 { font-size: 11pt; line-height: 1.25; margin: 10pt 0 3pt; break-after: avoid; }
h4 { font-size: 9.5pt; margin: 6pt 0 2pt; break-after: avoid; }
p { margin: 0 0 4pt; }
ol { margin: 0 0 4pt; padding-left: 16pt; }
a { color: #1f4e9c; text-decoration: none; }
.cover { border-bottom: 0.75pt solid #bbb; padding-bottom: 6pt; margin-bottom: 6pt; }
.meta, .note, .sources { font-size: 8pt; color: #4a4f5c; }
.meta a, .sources a { overflow-wrap: anywhere; }
.info { border-left: 2.5pt solid #1c83e1; background: #eef5fc; padding: 4pt 8pt; }
blockquote { margin: 3pt 0 4pt; padding-left: 8pt; border-left: 2pt solid #bbb; font-style: italic; }
section.wide { page: wide; }
img.chart { display: block; width: 100%%; max-height: 235mm; object-fit: contain; margin: 2pt 0 4pt; }
table { table-layout: fixed; border-collapse: collapse; width: 100%%; font-size: 7.5pt; line-height: 1.3; margin: 2pt 0 4pt; }
th, td { text-align: left; vertical-align: top; padding: 2pt 3pt; border-bottom: 0.5pt solid #d5d7de;
         overflow-wrap: anywhere; }
thead th { background: #eef0f4; font-weight: bold; }
tr { break-inside: avoid; }
.details-groups h3 { margin-top: 10pt; }
.details-groups details { display: block; border: 0.5pt solid #c8cad2; border-radius: 3pt; padding: 3pt 6pt;
                          margin: 0 0 4pt; break-inside: avoid; }
.details-groups summary { display: block; font-weight: bold; margin-bottom: 2pt; }
.details-groups p { margin: 0 0 1pt; }
.details-body > p:not(.note) { display: inline; }  /* a measure's fields on one or two lines, not six */
.details-body > p:not(.note) + p:not(.note)::before { content: " · "; font-weight: normal; }
"""


def _inline(text: str) -> str:
    """One line of section markdown as escaped HTML: **bold**, backslash escapes undone, word joiners dropped."""
    out, bold = [], False
    for i, part in enumerate(_INLINE.split(str(text).replace(markup.WORD_JOINER, ""))):
        if i % 2 == 0:
            out.append(html.escape(part))
        elif part == "**":
            out.append("</strong>" if bold else "<strong>")
            bold = not bold
        else:
            out.append(html.escape(part[1]))
    return "".join(out) + ("</strong>" if bold else "")


def _text(text: str) -> str:
    """One line of section markdown as plain text (a PDF's title, its footer)."""
    return _INLINE.sub(lambda m: "" if m.group() == "**" else m.group()[1], str(text).replace(markup.WORD_JOINER, ""))


def _blocks(text: str, css: str = "") -> str:
    """Section markdown (paragraphs, hard breaks, numbered lists, block quotes) as escaped HTML."""
    attr = f' class="{css}"' if css else ""
    out = []
    for para in re.split(r"\n\s*\n", text.strip()):
        lines = para.split("\n")
        if all(line.startswith(">") for line in lines):
            out.append(f"<blockquote>{' '.join(_inline(line[1:].strip()) for line in lines)}</blockquote>")
        elif all(_NUMBERED.match(line) for line in lines):
            items = "".join(f"<li>{_inline(_NUMBERED.sub('', line, count=1))}</li>" for line in lines)
            out.append(f"<ol{attr}>{items}</ol>")
        else:
            joined = "".join(_inline(line.rstrip()) + ("<br>" if line.endswith("  ") else " ") for line in lines)
            out.append(f"<p{attr}>{joined.strip()}</p>")
    return "".join(out)


def _column_widths(table: str) -> list[float]:
    """Each column's share of the table (percent), as a browser's automatic layout would give it, from the texts'
    lengths: at least its longest word (up to 14 letters; longer ones break), at most its longest text, the paper's
    width shared in between. Set, not left to WeasyPrint's automatic layout, which took half of its time."""
    rows = [[html.unescape(_TAG.sub("", cell)) for cell in _CELL.findall(row)] for row in _ROW.findall(table)]
    low, high = [], []
    for i in range(len(rows[0])):
        texts = [row[i] for row in rows if i < len(row)]
        low.append(min(max((len(word) for text in texts for word in text.split()), default=1), 14) + 2)
        high.append(max(low[-1], min(max(len(text) for text in texts), 60) + 2))  # + 2: the cell's padding
    room = (PAPER_MM[1] if len(low) > WIDE_TABLE else PAPER_MM[0]) - 2 * MARGIN_MM
    room /= CHAR_MM
    if sum(high) <= room:
        widths = high
    elif sum(low) < room:
        share = (room - sum(low)) / (sum(high) - sum(low))
        widths = [lo + (hi - lo) * share for lo, hi in zip(low, high, strict=True)]
    else:
        widths = low
    return [math.floor(1000 * w / sum(widths)) / 10 for w in widths]  # never more than 100 % in all


def _with_columns(match: re.Match) -> str:
    cols = "".join(f'<col style="width:{w:.1f}%">' for w in _column_widths(match.group(1)))
    return f'<table class="data-table"><colgroup>{cols}</colgroup>{match.group(1)}</table>'


def _html_block(block: str) -> str:
    """An HTML block of the page (escaped, markup.py) for print: without its screen styles, folded parts open,
    tables' columns set to the page's width (a long word breaks within its column)."""
    return _TABLE.sub(_with_columns, _STYLE_BLOCK.sub("", block).replace("<details>", "<details open>"))


def _css_string(text: str) -> str:
    """text as a CSS string, inert inside a <style> element."""
    escaped = re.sub(r'[\\"<>\n\r]', lambda m: f"\\{ord(m.group()):x} ", text)
    return f'"{escaped}"'


def _sources_line(sources: pd.DataFrame, lang: str) -> str:
    if sources.empty:
        return ""
    if len(sources) > SOURCES_LISTED:  # as the page's captions: more are named in the list of sources at the end
        text = t("city.pdf_sources_many", lang, n=i18n.fmt_number(len(sources), lang))
    else:
        text = sources_line(sources, lang)
    return f'<p class="sources">{html.escape(text)}</p>'


def _chart(section: Section) -> str:
    """The section's chart as an SVG picture (kaleido), drawn by WeasyPrint as vectors and text: sharp on paper, its
    words searchable; "" when it cannot be drawn, so its table is printed instead."""
    from drugpolicy.charts.base import title_text
    from drugpolicy.exports import images

    try:
        svg = images.to_image(section.figure, "svg", width=CHART_WIDTH,
                              height=int(section.figure.layout.height or images.HEIGHT), scale=1)
    except Exception:  # noqa: BLE001 - the profile is still worth printing with the chart's table instead
        log.exception("PDF: chart %s not drawn; its table printed instead", section.key)
        return ""
    alt = html.escape(title_text(section.figure) or section.heading)
    return f'<img class="chart" alt="{alt}" src="data:image/svg+xml;base64,{base64.b64encode(svg).decode()}">'


def _section(section: Section, lang: str, charts: bool) -> str:
    """One section as the page shows it, with everything folded open shown: heading, intro, notice or content
    (its HTML block, its chart or else its table), text, notes and sources."""
    if not (section.heading or section.intro or section.info or section.html or section.markdown
            or section.figure is not None or section.notes):
        return ""  # the model's quote where the source names no model
    level = 2 if section.level <= 2 else 3
    parts = [f"<h{level}>{_inline(section.heading)}</h{level}>" if section.heading else ""]
    if section.intro:
        parts.append(_blocks(section.intro))
    if section.info:
        parts.append(f'<div class="info">{_blocks(section.info)}</div>')
    else:
        if section.table_label and not section.heading and section.table is None:
            parts.append(f"<h4>{_inline(section.table_label)}</h4>")  # an expander's label, its content shown
        wide = section.html.count('<th scope="col">') > WIDE_TABLE
        if section.html:
            parts.append(_html_block(section.html))
        elif section.figure is not None:
            picture = _chart(section) if charts else ""
            if not picture and section.table is not None:
                wide = len(section.table.columns) > WIDE_TABLE
            parts.append(picture or (_html_block(markup.table_html(section.table)) if section.table is not None else ""))
        if section.markdown:
            parts.append(_blocks(section.markdown))
        parts.extend(_blocks(note, "note") for note in section.notes)
        parts.append(_sources_line(section.sources, lang))
        if wide:
            return f'<section class="wide">{"".join(parts)}</section>'
    return f"<section>{''.join(parts)}</section>"


def city_html(city: str, lang: str, *, charts: bool = True) -> str:
    """The printable profile of one city as one HTML document (WeasyPrint's input): the title, the data's date, the
    licence and the link to the same view, then the page's sections. charts: False prints each chart's table."""
    title = profile.title(city, lang)
    url = base.view_url("city", lang, city=city)
    date, licence = base.data_date(lang), base.licence_line(lang)
    footer = _css_string(" · ".join([_text(title), date, url]))
    before, after = t("city.pdf_view", lang, url="\0").split("\0")  # the address a link within the sentence
    link = f'{html.escape(before)}<a href="{html.escape(url)}">{html.escape(url)}</a>{html.escape(after)}'
    head = (f'<header class="cover"><h1>{_inline(title)}</h1><p class="meta">{html.escape(date)}<br>'
            f"{html.escape(licence)}<br>{link}</p></header>")
    body = "".join(_section(s, lang, charts) for s in profile.city_view(city, lang))
    return (f'<!DOCTYPE html><html lang="{html.escape(lang)}"><head><meta charset="utf-8">'
            f"<title>{html.escape(_text(title))}</title>"
            f'<meta name="description" content="{html.escape(licence)}">'
            f"<style>{STYLE % {'footer': footer, 'margin': MARGIN_MM}}</style></head><body>{head}{body}</body></html>")


def render(city: str, lang: str, *, charts: bool = True):
    """The laid-out document (weasyprint.Document): its pages, for write_pdf()."""
    import weasyprint

    # The document is ours and every text in it escaped; fetch nothing but the pictures it carries (data: URIs).
    fetcher = weasyprint.URLFetcher(allowed_protocols=("data",))
    return weasyprint.HTML(string=city_html(city, lang, charts=charts), url_fetcher=fetcher).render()


@shared
def city_pdf(city: str, lang: str, charts: bool = True) -> bytes:
    """The printable profile of one city as PDF bytes, made once per (city, language) for every session."""
    return render(city, lang, charts=charts).write_pdf(pdf_tags=True)


# The page's own print (Ctrl+P): no sidebar, toolbar or buttons, the app's scrolling frames let go so every page
# prints, tables wrapped to the paper and folded quotes shown. A <style> block for st.html, as the app's HTML
# tables use (the Content-Security-Policy allows inline styles, not inline scripts).
PRINT_STYLE = (
    "<style>@media print{"
    "@page{margin:14mm 12mm}"
    "[data-testid='stSidebar'],[data-testid='stSidebarCollapsedControl'],[data-testid='stHeader'],"
    "[data-testid='stToolbar'],[data-testid='stDecoration'],[data-testid='stStatusWidget'],"
    "[data-testid='stDownloadButton'],[data-testid='stElementToolbar'],[data-testid='stPopover'],"
    "[data-testid='stSelectbox'],[data-testid='stButtonGroup'],"
    "[class*='st-key-tables_'],[class*='st-key-downloads_']{display:none!important}"  # ui.py's tables and menus
    "html,body,.stApp,[data-testid='stAppViewContainer'],[data-testid='stMain'],"
    "[data-testid='stAppScrollToBottomContainer']{height:auto!important;overflow:visible!important;"
    "position:static!important}"
    "[data-testid='stMainBlockContainer']{max-width:none!important;padding:0!important}"
    # side-by-side columns one under the other: each table gets the paper's width
    "[data-testid='stHorizontalBlock']{flex-direction:column!important}"
    "[data-testid='stColumn']{width:100%!important;flex:1 1 auto!important}"
    ".data-table-wrap{max-height:none!important;overflow:visible!important;border:0!important}"
    ".data-table th,.data-table td{min-width:0!important;max-width:none!important;overflow-wrap:break-word}"
    # a web address breaks anywhere, other words only when longer than a line; in a table of eight or more columns,
    # whose longest words alone pass the paper's width, anywhere too, in smaller letters
    ".data-table a,.data-table:has(th:nth-child(8)) :is(th,td){overflow-wrap:anywhere}"
    ".data-table{font-size:0.75rem!important}.data-table:has(th:nth-child(8)){font-size:0.625rem!important}"
    ".data-table:has(th:nth-child(8)) :is(th,td){min-width:3rem!important;padding:0.2rem 0.25rem!important}"
    ".data-table th{position:static!important}"
    "details::details-content{content-visibility:visible!important;display:contents!important}"
    "details,tr{break-inside:avoid}"
    ".details-body>p:not(.note){display:inline}"  # a measure's fields on one or two lines, as in the PDF
    ".details-body>p:not(.note)+p:not(.note)::before{content:' · '}"
    "}</style>"
)
