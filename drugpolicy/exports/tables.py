"""The data behind a view as XLSX: one sheet per table and a sources sheet with each row's source and quote."""
from __future__ import annotations

import io

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Font

from drugpolicy.i18n import t

MAX_SHEET_NAME = 31


def _safe_sheet_name(name: str, used: set[str]) -> str:
    base = "".join(ch for ch in name if ch not in '[]:*?/\\')[:MAX_SHEET_NAME] or "data"
    out, n = base, 2
    while out in used:
        out = f"{base[:MAX_SHEET_NAME - 3]}_{n}"
        n += 1
    used.add(out)
    return out


def _write(ws, df: pd.DataFrame) -> None:
    ws.append([str(c) for c in df.columns])
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for row in df.itertuples(index=False):
        ws.append([None if (v is None or (isinstance(v, float) and pd.isna(v))) else
                   (v if isinstance(v, (int, float, bool)) else str(v)) for v in row])
    # Text that looks like a formula (=, +, -, @) stays text: never evaluated by a spreadsheet.
    for cells in ws.iter_rows(min_row=2):
        for cell in cells:
            if isinstance(cell.value, str):
                cell.data_type = "s"
    for col in ws.columns:
        width = max((len(str(c.value)) for c in col[:200] if c.value is not None), default=8)
        ws.column_dimensions[col[0].column_letter].width = min(max(width + 2, 8), 60)


def xlsx_bytes(sheets: dict[str, pd.DataFrame], sources: pd.DataFrame, lang: str) -> bytes:
    """Workbook with the given sheets and a sources sheet listing, per data row, its source and quote.

    sources: the sources table (source_id, title, publisher, url, ...).
    """
    wb = Workbook()
    wb.remove(wb.active)
    used: set[str] = set()
    listing = []
    by_id = sources.set_index("source_id") if not sources.empty else pd.DataFrame()
    for name, df in sheets.items():
        sheet = _safe_sheet_name(name, used)
        _write(wb.create_sheet(sheet), df)
        if "source_id" not in df.columns:
            continue
        for i, row in enumerate(df.to_dict("records"), start=2):
            src = by_id.loc[row["source_id"]] if row["source_id"] in by_id.index else None
            listing.append({
                t("exports.sheet", lang): sheet,
                t("exports.row", lang): i,
                t("common.source", lang): None if src is None else src["title"],
                t("exports.publisher", lang): None if src is None else src["publisher"],
                "URL": None if src is None else src["url"],
                t("common.quote", lang): row.get("quote"),
                t("common.quote_en", lang): row.get("quote_en"),
            })
    _write(wb.create_sheet(_safe_sheet_name(t("exports.sources_sheet", lang), used)), pd.DataFrame(listing))
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
