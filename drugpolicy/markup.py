"""Text from data or the URL made inert for Streamlit markdown, and HTML blocks whose every text is escaped."""
from __future__ import annotations

import html
import re

from drugpolicy.i18n import missing as is_missing
from drugpolicy.i18n import t

# Characters that can start markup in Streamlit markdown: emphasis, code, links and directives
# like :red[...], headings, tables, strikethrough, LaTeX, and HTML-like tags.
_MD_SPECIAL = re.compile(r"([\\`*_\[\]#|<>~$])")
# GitHub-flavoured markdown turns bare URLs and e-mail addresses into links, escaped or not; an
# invisible word joiner inside "scheme:", "www." and before "@" keeps them text (checked in chromium).
_AUTOLINK = re.compile(r"(?i)\b(https?|ftp|mailto|javascript|data)(?=:)|\b(www)(?=\.)|(?=@)")
WORD_JOINER = "\u2060"


def plain(text) -> str:
    """No markup, link or HTML in text survives st.markdown, st.warning or st.caption."""
    escaped = _MD_SPECIAL.sub(r"\\\1", "" if text is None else str(text))
    return _AUTOLINK.sub(lambda m: (m.group(0) or "") + WORD_JOINER, escaped)


# Secondary text (dates, notes, captions of HTML blocks): #666666 is 5.74:1 on white and 5.45:1 on the table header's
# #f8f9fb (WCAG 2.1 AA asks 4.5:1); the rgba(49,51,63,0.6) these blocks had was 3.68:1.
FADED_TEXT = "#666666"
# A focusable scroll region shows where the keyboard is.
_FOCUS = "outline:2px solid #a8323f;outline-offset:2px"

_CARDS_STYLE = (
    "<style>"
    ".headline-cards{display:grid;grid-template-columns:repeat(var(--cards),minmax(0,1fr));gap:1rem;line-height:1.6}"
    "@media (max-width:640px){.headline-cards{grid-template-columns:minmax(0,1fr)}}"
    ".headline-cards h4{font-size:1rem;font-weight:600;line-height:1.6;margin:0 0 0.75rem;padding:0}"
    ".headline-cards p{margin:0}"
    ".headline-cards .figure{margin-top:0.75rem}"
    f".headline-cards .meta,.headline-cards details,.headline-cards-note{{font-size:0.875rem;color:{FADED_TEXT}}}"
    ".headline-cards summary{cursor:pointer;width:fit-content}"
    ".headline-cards blockquote{margin:0.25rem 0 0;padding-left:0.5rem;border-left:2px solid rgba(49,51,63,0.2)}"
    ".headline-cards-note{margin:1rem 0 0}"
    # as st.subheader draws its h3
    ".headline-cards-title{font-size:1.75rem;font-weight:600;line-height:1.2;margin:0 0 1rem;padding:1rem 0 0}"
    "</style>"
)


def headline_cards_html(cards, quote_label: str, note: str = "", title: str = "") -> str:
    """Cities' headline figures side by side, as one HTML block for st.html (made once per view, sent as one element).

    cards: (heading, items) per card; an item is (value, what, meta, quote[, rendering]): the figure shown in bold
    before what it counts, a caption line under it (date, kind of statement, source) and the source's verbatim
    quote, which the reader opens under quote_label (a <details>: keyboard and touch work without script), with
    its rendering in the page's language under it (a labelled line, e.g. "Translation: …"). meta, quote and
    rendering may be empty. title: a heading above the cards (h3, as st.subheader); note: a caption under the cards. Every text is
    escaped: the only markup is the block's own.
    """
    e = html.escape
    sections = []
    for name, items in cards:
        parts = [f"<h4>{e(name)}</h4>"]
        for value, what, meta, quote, *rendering in items:
            parts.append(f'<p class="figure"><strong>{e(value)}</strong> {e(what)}</p>')
            if meta:
                parts.append(f'<p class="meta">{e(meta)}</p>')
            if quote:
                said = "".join(f'<p class="rendering">{e(r)}</p>' for r in rendering if r)
                parts.append(f"<details><summary>{e(quote_label)}</summary><blockquote>“{e(quote)}”</blockquote>"
                             f"{said}</details>")
        sections.append(f"<section>{''.join(parts)}</section>")
    head = f'<h3 class="headline-cards-title">{e(title)}</h3>' if title else ""
    tail = f'<p class="headline-cards-note">{e(note)}</p>' if note else ""
    return (f'{_CARDS_STYLE}{head}<div class="headline-cards" style="--cards:{max(len(sections), 1)}">'
            f'{"".join(sections)}</div>{tail}')


_DETAILS_STYLE = (
    "<style>"
    ".details-groups{line-height:1.6}"
    # as st.subheader draws its h3
    ".details-groups h3{font-size:1.75rem;font-weight:600;line-height:1.2;margin:0;padding:1rem 0}"
    ".details-groups details{border:1px solid rgba(49,51,63,0.2);border-radius:0.5rem;margin:0 0 0.5rem}"
    ".details-groups summary{cursor:pointer;padding:0.5rem 1rem}"
    ".details-groups .details-body{padding:0 1rem 0.75rem}"
    ".details-groups p{margin:0 0 0.25rem}"
    f".details-groups .note{{font-size:0.875rem;color:{FADED_TEXT}}}"
    ".details-groups blockquote{margin:0.5rem 0;padding-left:0.75rem;border-left:2px solid rgba(49,51,63,0.2)}"
    "</style>"
)


def details_groups_html(groups, colon: str = ": ") -> str:
    """Headed groups of items that fold open (each a <details>, as st.expander but without script), one HTML block
    for st.html: made once per view and sent as one element where each item's expander was six.

    groups: dicts {heading, none, items}: none is a caption for a group without items (or empty); an item is a dict
    {summary, fields, notes_before, quote, notes_after}: summary is the line that opens it; fields, (label, value)
    lines with the label in bold; the notes, caption lines before and after the quote (a blockquote; may be empty).
    colon: between a field's label and its value (i18n.colon). Every text is escaped: the only markup is the block's
    own.
    """
    e = html.escape
    parts = []
    for group in groups:
        parts.append(f"<section><h3>{e(group['heading'])}</h3>")
        if group.get("none"):
            parts.append(f'<p class="note">{e(group["none"])}</p>')
        for item in group["items"]:
            body = [f"<p><strong>{e(label)}</strong>{e(colon)}{e(value)}</p>" for label, value in item.get("fields", ())]
            body += [f'<p class="note">{e(note)}</p>' for note in item.get("notes_before", ()) if note]
            if item.get("quote"):
                body.append(f"<blockquote>{e(item['quote'])}</blockquote>")
            body += [f'<p class="note">{e(note)}</p>' for note in item.get("notes_after", ()) if note]
            parts.append(f"<details><summary>{e(item['summary'])}</summary>"
                         f'<div class="details-body">{"".join(body)}</div></details>')
        parts.append("</section>")
    return f'{_DETAILS_STYLE}<div class="details-groups">{"".join(parts)}</div>'


# A table is as tall as its rows, and its rows as tall as their text: the page scrolls, not a box inside it (a
# fixed-height box showed five of a hundred rows on a phone). A table wider than the page scrolls sideways in its
# own region, which the keyboard reaches (tabindex) and screen readers name (role="region", aria-label), so the
# page itself never gets wider than the screen. Columns of long texts (quotes, titles) get a reading width, so
# their rows stay a few lines high; a long address breaks anywhere rather than widening its column.
LONG_TEXT = 60  # characters: a column with a longer value is a column of long texts
_TABLE_STYLE = (
    "<style>"
    ".data-table-wrap{overflow-x:auto;border:1px solid rgba(49,51,63,0.2);border-radius:0.5rem}"
    f".data-table-wrap:focus-visible{{{_FOCUS}}}"
    ".data-table{border-collapse:collapse;font-size:0.875rem;line-height:1.4;width:100%}"
    ".data-table th,.data-table td{text-align:left;vertical-align:top;padding:0.25rem 0.5rem;"
    "border-bottom:1px solid rgba(49,51,63,0.1);min-width:6rem;max-width:32rem;overflow-wrap:break-word}"
    ".data-table th.long{min-width:20rem}"
    "@media (max-width:640px){.data-table th.long{min-width:16rem}}"
    ".data-table th{background:#f8f9fb;font-weight:600}"
    ".data-table a{overflow-wrap:anywhere}"
    "</style>"
)


def region_label(headings, lang: str | None = None) -> str:
    """A scroll region's name for screen readers when its caller gives none: "Table: " and its first headings."""
    shown = [str(h) for h in headings if str(h).strip()]
    columns = ", ".join(shown[:3]) + (", …" if len(shown) > 3 else "")
    return t("a11y.table", lang, columns=columns)


def table_html(df, link_columns=(), label: str = "", lang: str | None = None) -> str:
    """df as an escaped HTML table for st.html, in a labelled region that scrolls sideways when the table is wider
    than the page.

    The first view of a page with an st.dataframe waits for the data grid's 1.5 MB of code in the browser, which
    put a third of a second before even a chart drawn above the table; an HTML table needs none, wraps long
    quotes instead of cutting them, and reads as a table to screen readers. link_columns: columns whose http(s)
    addresses become links (any other value stays text). label: what screen readers call the table's region
    (default: "Table: " and its first column headings, in lang or the page's language). Every text is escaped:
    the only markup is the table's.
    """
    e = html.escape
    long = [any(len(str(v)) > LONG_TEXT for v in df.iloc[:, i] if not is_missing(v)) for i in range(df.shape[1])]
    head = "".join(f'<th scope="col" class="long">{e(str(c))}</th>' if is_long else f'<th scope="col">{e(str(c))}</th>'
                   for c, is_long in zip(df.columns, long, strict=True))
    links = [c in link_columns for c in df.columns]
    rows = []
    for record in df.itertuples(index=False, name=None):
        cells = []
        for is_link, value in zip(links, record, strict=True):
            text = "" if is_missing(value) else str(value)  # an empty cell, never "nan" or "NaT"
            if is_link and text.startswith(("https://", "http://")):
                cells.append(f'<td><a href="{e(text)}" rel="noopener noreferrer">{e(text)}</a></td>')
            else:
                cells.append(f"<td>{e(text)}</td>")
        rows.append(f"<tr>{''.join(cells)}</tr>")
    name = label or region_label(df.columns, lang)
    return (f'{_TABLE_STYLE}<div class="data-table-wrap" role="region" aria-label="{e(name)}" tabindex="0">'
            f'<table class="data-table"><thead><tr>{head}</tr></thead>'
            f'<tbody>{"".join(rows)}</tbody></table></div>')


def citation_html(text: str) -> str:
    """A citation to select and copy, in a box, as one escaped HTML block."""
    return ('<p class="citation" style="border:1px solid rgba(49,51,63,0.2);border-radius:0.5rem;'
            f'padding:0.75rem 1rem;margin:0;user-select:all">{html.escape(text)}</p>')


_GRID_STYLE = (
    "<style>"
    ".list-grid-wrap{overflow-x:auto}"
    f".list-grid-wrap:focus-visible{{{_FOCUS}}}"
    ".list-grid{border-collapse:collapse;width:100%;table-layout:fixed;line-height:1.6}"
    ".list-grid th,.list-grid td{text-align:left;vertical-align:top;padding:0.5rem 0.75rem;"
    "border:1px solid rgba(49,51,63,0.2);min-width:10rem}"
    ".list-grid thead th{font-weight:600}"
    ".list-grid tbody th{font-size:1.1rem;font-weight:600}"
    ".list-grid ul{margin:0;padding-left:1.1rem}"
    ".list-grid li{margin:0 0 0.25rem}"
    f".list-grid .note{{font-size:0.875rem;color:{FADED_TEXT};font-style:italic;margin:0}}"
    "</style>"
)


def list_grid_html(columns, rows, corner: str = "", label: str = "", lang: str | None = None) -> str:
    """A grid of lists as one escaped HTML table for st.html: a header cell per column, a header cell per row, and in
    each cell a list of items or a note (made once per view and sent as one element, where a grid of columns and
    bordered boxes was some four elements a cell).

    columns: the column headings; rows: (row heading, cells), a cell being a list of items or a note (a str, shown
    in italics) for a cell with none; an item is (strong, text, emphasis): a bold start, plain text after it, and
    an italic end set off by a dash (text and emphasis may be empty). corner: the top-left cell's text. The grid
    scrolls sideways in its own labelled, focusable region when it is wider than the page; label names that region
    for screen readers (default: "Table: " and its first headings, in lang or the page's language).
    Every text is escaped: the only markup is the block's own.
    """
    e = html.escape
    head = f'<th scope="col">{e(corner)}</th>' + "".join(f'<th scope="col">{e(c)}</th>' for c in columns)
    body = []
    for heading, cells in rows:
        tds = []
        for cell in cells:
            if isinstance(cell, str):
                tds.append(f'<td><p class="note">{e(cell)}</p></td>')
                continue
            items = "".join(f"<li><strong>{e(strong)}</strong>{e(text)}"
                            + (f" — <em>{e(emphasis)}</em>" if emphasis else "") + "</li>"
                            for strong, text, emphasis in cell)
            tds.append(f"<td><ul>{items}</ul></td>")
        body.append(f'<tr><th scope="row">{e(heading)}</th>{"".join(tds)}</tr>')
    name = label or region_label([corner, *columns], lang)
    return (f'{_GRID_STYLE}<div class="list-grid-wrap" role="region" aria-label="{e(name)}" tabindex="0">'
            f'<table class="list-grid"><thead><tr>{head}</tr></thead>'
            f'<tbody>{"".join(body)}</tbody></table></div>')
