"""The data behind a view as XLSX, in the reader's language: a first sheet saying what the workbook holds, one sheet
per table (dates as dates, numbers as numbers, categories by name, ids at the right) and a sources sheet naming, for
every data row, its source and verbatim quote."""
from __future__ import annotations

import datetime as dt
import io
import re
from urllib.parse import parse_qs, urlsplit

import numpy as np
import pandas as pd
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.hyperlink import Hyperlink

from drugpolicy import db, i18n, queries
from drugpolicy.i18n import t
from drugpolicy.sections.base import model_label, names, view_url
from drugpolicy.validate import is_web_address

MAX_SHEET_NAME = 31
MIN_WIDTH, MAX_WIDTH = 8, 60  # column widths in characters; longer text (quotes, notes) wraps in its cell
WIDTH_SAMPLE = 200  # rows read to size a column
COMMON_MODELS = ("three_track", "five_pillars")
LANG_SUFFIXES = ("_nl", "_fr", "_en")

# A page's helpers, not data: sort keys, a chart's grouping, a day count made for drawing.
DROPPED = frozenset({"sort_order", "from_sort_order", "to_sort_order", "model_order", "gap_order", "date_count",
                     "period_days", "group"})

# The renderings of a verbatim quote (quote_en, quote_nl, quote_fr): one column, the reader's language's rendering
# (empty where the quote is in that language), headed as a translation ("rendering"); the quote itself stays its own
# column. A quote_en without the other two is the English rendering, and says so.
RENDERING = "quote"
# The curators' free texts: the English is the original (the fallback where a translation is missing).
CURATED = frozenset({"note", "includes", "excludes", "description", "population_includes"})
# A column (or the base of a _nl/_fr/_en triple) that says the same as another: one header for both, and the
# workbook keeps one of them (the page's own display column over the triple).
SAME_AS = {
    "row": "pillar", "pillar_name": "pillar", "instrument_name": "instrument", "source_title": "source",
    "from_model_name": "from_model", "to_model_name": "to_model", "from_name": "from_pillar", "to_name": "to_pillar",
    "relation_label": "relation", "period_precision": "precision", "date_precision": "precision",
}
# Headers that the dashboard's common texts already have; the others are exports.col_<column>.
HEADERS = {
    "city": "common.city", "model": "common.model", "pillar": "common.pillar", "measure": "common.measure",
    "status": "common.status", "statement_kind": "common.statement_kind", "government_level": "common.government_level",
    "instrument": "common.instrument", "quote": "common.quote", "quote_en": "common.quote_english",
    "rendering": "common.quote_en", "source": "common.source",
    "value": "common.value", "includes": "common.includes", "excludes": "common.excludes", "note": "common.note",
    "inspired_by": "common.inspired_by", "drug_specific": "common.drug_specific", "caveat": "common.caveat",
    "measure_count": "common.measure_count", "publisher": "exports.publisher",
}
# id column -> what it names (a header above), for its header "<what> (id)" and, where it has one, a name column.
IDS = {
    "city_id": "city", "model_id": "model", "pillar_id": "pillar", "pillar_ids": "pillars", "measure_id": "measure",
    "indicator_id": "indicator", "source_id": "source", "instrument_id": "instrument",
    "inspired_by_city_id": "inspired_by", "capacity_id": "figure", "enforcement_id": "figure", "figure_id": "figure",
    "budget_id": "budget", "population_id": "population", "population_source_id": "population_source_title",
    "from_model_id": "from_model", "to_model_id": "to_model", "from_pillar_id": "from_pillar",
    "to_pillar_id": "to_pillar",
}
# Category columns -> the text keys their values are labelled by, first found wins (value_kind of the figures export
# holds a budget's amount basis and an enforcement count too).
QUALIFIER, PRECISION = ("exports.qualifier_",), ("exports.precision_",)
ENUMS = {
    "status": ("enums.status_",), "statement_kind": ("enums.statement_kind_",),
    "government_level": ("enums.government_level_",),
    "value_kind": ("enums.value_kind_", "enums.amount_basis_", "enums.unit_"), "reference_kind": ("enums.value_kind_",),
    "amount_basis": ("enums.amount_basis_",), "unit": ("enums.unit_",), "level": ("enums.level_",),
    "region": ("enums.region_",), "relation": ("sources.relation_",), "table_name": ("exports.figure_kind_",),
    "per_capita_basis": ("exports.per_capita_", "personnel.not_divided_"),
    "value_qualifier": QUALIFIER, "quantity_qualifier": QUALIFIER, "reference_qualifier": QUALIFIER,
    "population_qualifier": QUALIFIER, "per_capita_qualifier": QUALIFIER,
    "precision": PRECISION, "date_precision": PRECISION, "period_precision": PRECISION,
    "population_precision": PRECISION, "published_precision": PRECISION,
}
# date column -> the column saying how precise it is; a date shows as precisely as it is known (the cell stays a date)
DATE_PRECISION = {"period_start": "period_precision", "period_end": "period_precision",
                  "reference_date": "date_precision", "population_date": "population_precision",
                  "published_date": "published_precision"}
DATE_FORMATS = {"day": "yyyy-mm-dd", "month": "yyyy-mm", "year": "yyyy", "approximate": "yyyy"}
PLAIN_NUMBERS = frozenset({"zone_number", "population_zone_number", "population_days_apart"})  # no thousands mark


class Sheets(dict):
    """Sheet name -> its rows (query rows as they come, with their ids), and what the workbook's first sheet says.

    title: what the workbook holds (a chart's title, the briefing's); about: sheet name -> what that sheet holds;
    selection: label -> value (the cities, the model, ...); url: the same view in the dashboard; notes: the view's
    captions.
    """

    def __init__(self, sheets=(), *, title: str = "", about: dict[str, str] | None = None,
                 selection: dict[str, str] | None = None, url: str = "", notes: tuple[str, ...] = ()):
        super().__init__(sheets)
        self.title, self.url, self.notes = title, url, tuple(notes)
        self.about = dict(about or {})
        self.selection = dict(selection or {})


def chart_sheets(section, lang: str) -> Sheets:
    """A chart's download data (section.data) as one sheet, with its title, selection, view and notes."""
    from drugpolicy.sections.base import model_label, names

    title = section.heading
    if section.figure is not None and section.figure.layout.title.text:
        title = re.sub(r"<[^>]+>", " ", section.figure.layout.title.text).strip()
    data = section.data if section.data is not None else pd.DataFrame()
    params = parse_qs(urlsplit(section.url).query) if section.url else {}
    city_names = names(lang)[0]
    cities = params.get("cities") or (list(dict.fromkeys(data["city_id"].dropna())) if "city_id" in data else [])
    selection = {}
    if cities:
        selection[t("common.cities", lang)] = ", ".join(city_names.get(c, c) for c in cities)
    if params.get("model"):
        selection[t("common.model", lang)] = model_label(params["model"][0], lang)
    sheet = t("exports.sheet_data", lang)
    return Sheets({sheet: data}, title=title, about={sheet: title}, selection=selection, url=section.url,
                  notes=section.notes)


def _sheet_name(name: str, used: set[str]) -> str:
    base = "".join(ch for ch in name if ch not in "[]:*?/\\").strip("'")[:MAX_SHEET_NAME] or "data"
    out, n = base, 2
    while out.lower() in used:
        out = f"{base[:MAX_SHEET_NAME - 3]}_{n}"
        n += 1
    used.add(out.lower())
    return out


def _header(name: str, columns, lang: str) -> str:
    """The header of a column (or triple base) in lang; a column the dashboard already named keeps its name."""
    name = SAME_AS.get(name, name)
    if name == "title":
        name = "budget_title" if "budget_id" in columns else "measure"
    elif name == "name":
        name = "indicator" if "indicator_id" in columns else "instrument" if "instrument_id" in columns else "name"
    key = HEADERS.get(name, f"exports.col_{name}")
    return t(key, lang) if i18n.has(key) else name


def _plain(value):
    """A value as a cell holds it: None for missing, a date, a bool, an int or float, or text."""
    if isinstance(value, (list, tuple, np.ndarray)):
        return "; ".join(str(v) for v in value) or None
    if isinstance(value, (bool, np.bool_)):
        return bool(value)
    if i18n.missing(value):
        return None
    if isinstance(value, dt.datetime):  # pandas Timestamps too: the data's dates carry no time
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, (int, np.integer)):
        return int(value)
    if isinstance(value, (float, np.floating)):
        return int(value) if float(value).is_integer() else float(value)
    text = ILLEGAL_CHARACTERS_RE.sub("", str(value))  # control characters a workbook cannot hold
    return text if text.strip() else None


def _label(column: str, value, lang: str):
    """A category's name in lang (the value itself when no text names it); yes/no for a flag."""
    if isinstance(value, bool):
        return t("common.yes" if value else "common.no", lang)
    if value is None or column not in ENUMS:
        return value
    for prefix in ENUMS[column]:
        if i18n.has(f"{prefix}{value}"):
            text = t(f"{prefix}{value}", lang)
            return text.replace("{value}", "").strip() if "{value}" in text else text
    return value


class _Column:
    """One column of a sheet: header, cells and their number formats; priority 0 for the page's own columns, 1 for
    names made from a _nl/_fr/_en triple, 2 for names looked up from an id."""

    def __init__(self, header: str, values: list, formats: list | None = None, priority: int = 0):
        self.header, self.values, self.priority = header, values, priority
        self.formats = formats or [None] * len(values)


def _number_format(column: str, value) -> str | None:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or column in PLAIN_NUMBERS:
        return None
    return "#,##0" if isinstance(value, int) else "#,##0.0##"


def _columns(df: pd.DataFrame, lang: str, titles: dict[str, str]) -> list[_Column]:
    """The sheet's columns in lang: names and labels where the data has ids and codes, a triple as one column in
    lang, dates with their precision, empty cells for nothing recorded; then the ids, at the right."""
    from drugpolicy.sections.base import names

    city_names, model_names = names(lang)
    columns = list(df.columns)
    records = df.to_dict("records")
    triples = {c[:-3] for c in columns if c.endswith("_nl") and all(f"{c[:-3]}{s}" in columns for s in LANG_SUFFIXES)}
    lookups = {"city_id": city_names, "inspired_by_city_id": city_names, "model_id": model_names,
               "from_model_id": model_names, "to_model_id": model_names, "source_id": titles,
               "population_source_id": titles}
    shown: dict[str, tuple[int, _Column]] = {}
    ids: list[_Column] = []

    def add(position: int, column: _Column) -> None:
        """The same thing twice: the page's own column wins over a triple's, at the first place of the two; a name
        looked up from an id only fills in where neither is."""
        if column.header not in shown:
            shown[column.header] = (position, column)
            return
        first, other = shown[column.header]
        if column.priority == 2:
            return
        if other.priority == 2:
            shown[column.header] = (position, column)
        else:
            shown[column.header] = (min(first, position), column if column.priority < other.priority else other)

    for position, column in enumerate(columns):
        if column in DROPPED:
            continue
        if column[-3:] in LANG_SUFFIXES and column[:-3] in triples:
            if column.endswith("_nl") and column[:-3] == RENDERING:
                add(position, _Column(_header("rendering", columns, lang),
                                      [_plain(i18n.rendering(r, lang)) for r in records]))
            elif column.endswith("_nl"):  # the triple as one column, at its first place
                base = column[:-3]
                original = "en" if base in CURATED else "nl"
                values = [i18n.label(r, base, lang, original) or None for r in records]
                if base in ("pillars", "pillar_name"):  # a measure that fits no pillar of the model
                    values = [v or t("common.no_pillar", lang) for v in values]
                add(position, _Column(_header(base, columns, lang), values, priority=1))
            continue
        raw = [_plain(v) for v in df[column]]
        if column in IDS or column.endswith("_id"):
            what = IDS.get(column)
            ids.append(_Column(t("exports.id_of", lang, label=_header(what, columns, lang)) if what else column,
                               [None if v is None else str(v) for v in raw]))
            if column in lookups:
                named = [None if v is None else lookups[column].get(str(v), str(v)) for v in raw]
                add(position, _Column(_header(what, columns, lang), named, priority=2))
            continue
        if column.endswith("_count"):  # a count of records: nothing recorded is an empty cell, as "–" on the page
            raw = [None if v == 0 else v for v in raw]
        cells = [_label(column, v, lang) for v in raw]
        formats = [_number_format(column, v) for v in cells]
        if column in DATE_PRECISION or any(isinstance(v, dt.date) for v in cells):
            precision = DATE_PRECISION.get(column, "precision")
            precision = precision if precision in df else "precision" if "precision" in df else None
            formats = [DATE_FORMATS.get(r.get(precision) if precision else "day", "yyyy-mm-dd")
                       if isinstance(v, dt.date) else None for r, v in zip(records, cells, strict=True)]
        add(position, _Column(_header(column, columns, lang), cells, formats))
    return [c for _, c in sorted(shown.values(), key=lambda pc: pc[0])] + ids


def _write(ws, columns: list[_Column], n_rows: int) -> None:
    """A table: bold header, frozen; a filter over it; numbers, dates and text in their own cell types."""
    ws.append([c.header for c in columns])
    for cell in ws[1]:
        cell.font = Font(bold=True)
        cell.data_type = "s"
    for i in range(n_rows):
        ws.append([c.values[i] for c in columns])
    for j, column in enumerate(columns, start=1):
        letter = get_column_letter(j)
        for i, fmt in enumerate(column.formats, start=2):
            cell = ws.cell(row=i, column=j)
            if isinstance(cell.value, str):
                cell.data_type = "s"  # text that starts with = + - @ stays text: never evaluated by a spreadsheet
            elif fmt:
                cell.number_format = fmt
        lengths = [len(str(v)) for v in column.values[:WIDTH_SAMPLE] if v is not None]
        longest = max(lengths, default=0)
        if any(isinstance(v, dt.date) for v in column.values[:WIDTH_SAMPLE]):
            longest = max(longest, 10)
        width = min(max(longest, len(column.header), MIN_WIDTH - 2) + 2, MAX_WIDTH)
        ws.column_dimensions[letter].width = width
        if longest > MAX_WIDTH:
            for i in range(2, n_rows + 2):
                ws.cell(row=i, column=j).alignment = Alignment(wrap_text=True, vertical="top")
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:{get_column_letter(max(len(columns), 1))}{n_rows + 1}"


def _link(cell, url) -> None:
    if is_web_address(url):
        cell.hyperlink = url
        cell.style = "Hyperlink"


def _measures_behind(df: pd.DataFrame) -> dict[tuple, list[dict]]:
    """For rows that count measures per city and pillar (and name no source themselves): (city, model, pillar) ->
    the measures counted, each with its source and quote (measure_list: drug-specific, one row per pillar; of
    the statuses in df.attrs["statuses"] when the counts are of some statuses only)."""
    if "source_id" in df or "measure_count" not in df or not {"city_id", "model_id", "pillar_id"} <= set(df):
        return {}
    models = set(df["model_id"].dropna())
    model = next(iter(models)) if len(models) == 1 and models <= set(COMMON_MODELS) else "own"
    found = queries.run("measure_list", cities=sorted(set(df["city_id"].dropna())), model=model)
    found = found[found["drug_specific"]]
    if df.attrs.get("statuses"):  # counts of some statuses only (the overview's filter)
        found = found[found["status"].isin(df.attrs["statuses"])]
    out: dict[tuple, list[dict]] = {}
    for r in found.to_dict("records"):
        out.setdefault((r["city_id"], r["model_id"], _plain(r["pillar_id"])), []).append(r)
    return out


def _populations(df: pd.DataFrame) -> dict[str, dict]:
    """population_id -> the population figure a per-inhabitant value was divided by, with its source and quote."""
    if "population_id" not in df or "city_id" not in df:
        return {}
    wanted = set(df["population_id"].dropna())
    cities = sorted(set(df.loc[df["population_id"].notna(), "city_id"]))
    return {r["population_id"]: r for r in queries.run("population_counts", cities=cities).to_dict("records")
            if r["population_id"] in wanted}


def _listing(sheet: str, df: pd.DataFrame, by_id: dict[str, dict], lang: str) -> list[dict]:
    """The sources sheet's lines for one sheet: each row's own source and quote; for a row counting measures, each
    measure counted; for a per-inhabitant value, the population figure it was divided by."""
    behind = _measures_behind(df)
    populations = _populations(df)
    lines = []
    for i, r in enumerate(df.to_dict("records"), start=2):
        found = []
        if _plain(r.get("source_id")):
            # rows a page already wrote in lang (the measures explorer's) name their columns in lang
            what = next((i18n.label(r, base, lang) for base in ("title", "what", "name")
                         if i18n.label(r, base, lang)), r.get(t("common.measure", lang)))
            if "quote" in r:  # the verbatim quote, and its rendering in lang (none where the quote is in lang)
                quote, rendering = r["quote"], i18n.rendering(r, lang)
            else:  # a page's table: its quote and rendering columns, already in lang
                quote, rendering = r.get(t("common.quote", lang)), r.get(t("common.quote_en", lang))
            found.append((what, r["source_id"], quote, rendering))
        key = (r.get("city_id"), r.get("model_id"), _plain(r.get("pillar_id")))
        for m in behind.get(key, []):
            found.append((i18n.label(m, "title", lang), m["source_id"], m["quote"], i18n.rendering(m, lang)))
        population = populations.get(_plain(r.get("population_id")))
        if population is not None:
            found.append((t("exports.population_line", lang), population["source_id"], population["quote"],
                          i18n.rendering(population, lang)))
        for what, source_id, quote, rendering in found:
            src = by_id.get(source_id, {})
            lines.append({"sheet": sheet, "row": i, "what": what, "source": src.get("title"),
                          "publisher": src.get("publisher"), "published_date": src.get("published_date"),
                          "published_precision": src.get("published_precision"), "url": src.get("url"),
                          "quote": quote, "rendering": rendering, "source_id": source_id})
    return lines


def _write_sources(ws, lines: list[dict], lang: str) -> None:
    """The sources sheet: per line the data row it stands for (a link to it), its source and quote."""
    frame = pd.DataFrame(lines, columns=["sheet", "row", "what", "source", "publisher", "published_date",
                                         "published_precision", "url", "quote", "rendering", "source_id"])
    precision = _header("published_precision", frame.columns, lang)  # shown by the date's format
    columns = [_Column(t("exports.sheet", lang), list(frame["sheet"])),
               _Column(t("exports.row", lang), [int(r) for r in frame["row"]]),
               _Column(t("exports.what", lang), [_plain(v) for v in frame["what"]]),
               *[c for c in _columns(frame.drop(columns=["sheet", "row", "what"]), lang, {})
                 if c.header != precision]]
    _write(ws, columns, len(frame))
    url_col = [c.header for c in columns].index(_header("url", frame.columns, lang)) + 1
    for i, line in enumerate(lines, start=2):
        row_cell = ws.cell(row=i, column=2)
        sheet = line["sheet"].replace("'", "''")
        row_cell.hyperlink = Hyperlink(ref=row_cell.coordinate, location=f"'{sheet}'!A{line['row']}")
        row_cell.style = "Hyperlink"
        _link(ws.cell(row=i, column=url_col), line["url"])


def _about(ws, sheets: dict, contents: list[tuple[str, str, int]], lang: str) -> None:
    """The first sheet: what the workbook holds (its sheets, the selection), when it was made and the data's date,
    the licence and how to cite it. contents: (sheet, what it holds, rows) per sheet."""
    meta = db.package_meta()
    curated = meta.get("last_curated")
    curated = dt.date.fromisoformat(curated) if curated else None
    today = dt.date.today()
    authors = ", ".join(c.get("title", "") for c in meta.get("contributors", []) if c.get("title"))
    url = getattr(sheets, "url", "")
    cite = t("sources.cite_text", lang, authors=authors or t("common.app_title", lang),
             title=meta.get("title", ""), version=meta.get("version", ""),
             curated=i18n.fmt_date(curated, "day", lang), accessed=i18n.fmt_date(today, "day", lang))
    licences = "; ".join(" ".join(part for part in (lic.get("title") or lic.get("name"), lic.get("path")) if part)
                         for lic in meta.get("licenses", []))
    rows: list[tuple[str, object]] = []
    if getattr(sheets, "title", ""):
        rows.append((t("exports.about_contents", lang), sheets.title))
    for name, what, n in contents:
        n_rows = t("exports.about_rows", lang, n=i18n.fmt_number(n, lang))
        rows.append((t("exports.about_sheet", lang, sheet=name), f"{what} ({n_rows})" if what else n_rows))
    rows += list(getattr(sheets, "selection", {}).items())
    if url:
        rows.append((t("exports.about_view", lang), url))
    rows += [(t("exports.about_made", lang), today), (t("exports.about_data_date", lang), curated),
             (t("exports.about_version", lang), meta.get("version")), (t("exports.about_licence", lang), licences),
             (t("exports.about_quotes", lang), t("sources.licence_quotes", lang)),
             (t("exports.about_cite", lang), f"{cite} {url}".strip()),
             (t("exports.about_empty", lang), t("exports.about_empty_text", lang)),
             (t("exports.about_ids", lang), t("exports.about_ids_text", lang))]
    rows += [(t("common.note", lang), re.sub(r"\*\*|__", "", note)) for note in getattr(sheets, "notes", ())]
    ws.append([t("common.app_title", lang)])
    ws["A1"].font = Font(bold=True, size=14)
    ws.append([])
    for label, value in rows:
        ws.append([label, _plain(value)])
        label_cell, value_cell = ws.cell(row=ws.max_row, column=1), ws.cell(row=ws.max_row, column=2)
        label_cell.font = Font(bold=True)
        label_cell.alignment = Alignment(vertical="top")
        value_cell.alignment = Alignment(wrap_text=True, vertical="top", horizontal="left")
        if isinstance(value_cell.value, str):
            value_cell.data_type = "s"
            _link(value_cell, value_cell.value)
        elif isinstance(value_cell.value, dt.date):
            value_cell.number_format = "yyyy-mm-dd"
    ws.column_dimensions["A"].width = min(max(len(label) for label, _ in rows) + 2, 40)
    ws.column_dimensions["B"].width = 100


def xlsx_bytes(sheets: dict[str, pd.DataFrame], sources: pd.DataFrame, lang: str) -> bytes:
    """A workbook in lang: a first sheet saying what it holds, the given sheets (query rows: localized here) and a
    sources sheet listing, per data row, its source and quote.

    sheets: sheet name -> rows; a Sheets also says what the first sheet tells (title, selection, view).
    sources: the sources table (export_sources: source_id, title, publisher, published_date, url, ...).
    """
    wb = Workbook()
    about = wb.active
    used: set[str] = set()
    about.title = _sheet_name(t("exports.sheet_about", lang), used)
    by_id = {} if sources.empty else {r["source_id"]: r for r in sources.to_dict("records")}
    titles = {k: v["title"] for k, v in by_id.items()}
    described = getattr(sheets, "about", {})
    contents, lines = [], []
    for name, df in sheets.items():
        df = pd.DataFrame() if df is None else df
        sheet = _sheet_name(name, used)
        _write(wb.create_sheet(sheet), _columns(df, lang, titles), len(df))
        contents.append((sheet, described.get(name, ""), len(df)))
        lines += _listing(sheet, df, by_id, lang)
    sheet = _sheet_name(t("exports.sources_sheet", lang), used)
    _write_sources(wb.create_sheet(sheet), lines, lang)
    contents.append((sheet, t("exports.about_sources", lang), len(lines)))
    _about(about, sheets, contents, lang)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def briefing_xlsx(cities: list[str], model: str, lang: str) -> bytes:
    """The briefing's workbook in lang: the measures and figures of the selection with their quotes (query rows),
    what its first sheet says about them, and the sources sheet."""
    city_names = names(lang)[0]
    measures_sheet, figures_sheet = t("exports.sheet_measures", lang), t("exports.sheet_figures", lang)
    sheets = Sheets(
        {measures_sheet: queries.run("export_measures", cities=cities, model=model),
         figures_sheet: queries.run("export_figures", cities=cities)},
        title=t("briefing.deck_title", lang),
        about={measures_sheet: t("exports.about_measures", lang), figures_sheet: t("exports.about_figures", lang)},
        selection={t("common.cities", lang): ", ".join(city_names.get(c, c) for c in cities),
                   t("common.model", lang): model_label(model, lang)},
        url=view_url("overview", lang, cities=cities, model=model))
    return xlsx_bytes(sheets, queries.run("export_sources"), lang)
