"""The tables a reader sees and downloads: localized columns from query rows, and CSV that spreadsheets open safely."""
from __future__ import annotations

import pandas as pd

from drugpolicy import i18n
from drugpolicy.i18n import t

# A spreadsheet runs a cell that starts with one of these as a formula (CSV injection).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value):
    """A text cell that a spreadsheet would run as a formula, made inert with a leading apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def csv_bytes(df: pd.DataFrame) -> bytes:
    """df as CSV: formula-like text neutralised, UTF-8 with a byte-order mark so Excel reads accents right."""
    safe = df.map(neutralise)
    safe.columns = [neutralise(str(c)) for c in df.columns]
    return safe.to_csv(index=False, lineterminator="\r\n").encode("utf-8-sig")


def part(row: dict, prefix: str) -> dict:
    """The columns of row that start with prefix, without it: part(row, "model_")["name_nl"] is model_name_nl."""
    return {k.removeprefix(prefix): v for k, v in row.items() if k.startswith(prefix)}


def _value(value):
    """None for NULL, NaN and NaT, so the i18n formatters say 'no data' or 'date unknown'."""
    return None if i18n.missing(value) else value


def _text(value) -> str:
    return "" if i18n.missing(value) else str(value)


def _date(row: dict, lang: str, date: str = "reference_date", precision: str = "date_precision") -> str:
    """A row's date as precise as it is known; 'date unknown' when it has none."""
    return i18n.fmt_date(_value(row[date]), row[precision] or "unknown", lang)


def _part_label(row: dict, prefix: str, field: str, lang: str) -> str:
    """The label of the columns with a prefix: _part_label(r, "instrument_", "name", lang) reads instrument_name_*."""
    return i18n.label(part(row, prefix), field, lang)


def _enum(column: str, value, lang: str) -> str:
    if i18n.missing(value):
        return t("common.no_data", lang)
    key = f"enums.{column}_{value}"
    return t(key, lang) if i18n.has(key) else str(value)


def period(row: dict, lang: str, start: str = "period_start", end: str = "period_end",
           precision: str = "period_precision") -> str:
    """A row's period as precise as it is known; 'date unknown' when it has no date; 2015, not 2015 – 2015."""
    first, last, prec = _value(row.get(start)), _value(row.get(end)), row.get(precision) or "unknown"
    if first is not None and last is not None and i18n.fmt_date(first, prec, lang) == i18n.fmt_date(last, prec, lang):
        last = None
    return i18n.fmt_period(first, last, prec, lang)


def measure_title(row: dict, lang: str) -> str:
    return i18n.label(row, "title", lang)


def measures_table(df: pd.DataFrame, lang: str, city_names: dict[str, str], with_ids: bool = False) -> pd.DataFrame:
    """explorer_measures rows as shown and downloaded: one row per measure, every column in the reader's language.

    with_ids adds measure_id, city_id and source_id first, so a download can be joined back to the data.
    """
    columns = (["measure_id", "city_id", "source_id"] if with_ids else []) + [
        t("measures.col_title", lang), t("common.city", lang), t("measures.col_pillars", lang),
        t("common.instrument", lang), t("common.status", lang), t("common.statement_kind", lang),
        t("common.government_level", lang), t("common.period_label", lang), t("common.quote", lang),
        t("common.quote_en", lang), t("common.source", lang),
    ]
    rows = []
    for r in df.to_dict("records"):
        pillars = _part_label(r, "pillar_", "names", lang)
        ids = [r["measure_id"], r["city_id"], r["source_id"]] if with_ids else []
        rows.append(ids + [
            measure_title(r, lang),
            city_names.get(r["city_id"], r["city_id"]),
            pillars or t("common.no_pillar", lang),
            _part_label(r, "instrument_", "name", lang),
            _enum("status", r["status"], lang),
            _enum("statement_kind", r["statement_kind"], lang),
            _enum("government_level", r["government_level"], lang),
            period(r, lang),
            _text(r["quote"]),
            _text(i18n.rendering(r, lang)),
            _text(r["source_title"]),
        ])
    return pd.DataFrame(rows, columns=columns)


def _kind_and_scope(r: dict, lang: str, excludes: bool = True) -> dict:
    """The kind of statement and what the figure includes (and excludes): columns of every table of figures."""
    columns = {t("common.statement_kind", lang): _enum("statement_kind", r["statement_kind"], lang),
               t("common.includes", lang): i18n.label(r, "includes", lang, "en")}
    if excludes:
        columns[t("common.excludes", lang)] = i18n.label(r, "excludes", lang, "en")
    return columns


def _quoted(r: dict, lang: str) -> dict:
    """The verbatim quote, its rendering in the reader's language (empty where the quote is in it) and the source's
    title: the last columns of every table of figures."""
    return {t("common.quote", lang): _text(r["quote"]),
            t("common.quote_en", lang): _text(i18n.rendering(r, lang)),
            t("common.source", lang): _text(r["source_title"])}


def population_table(df: pd.DataFrame, lang: str) -> pd.DataFrame:
    """population_counts rows: inhabitants with qualifier, date, what the count includes, quote, source."""
    return pd.DataFrame([{
        t("city.col_inhabitants", lang): i18n.fmt_quantity(_value(r["inhabitants"]), r["value_qualifier"], lang),
        t("city.col_date", lang): _date(r, lang),
        **_kind_and_scope(r, lang, excludes=False),
        **_quoted(r, lang),
    } for r in df.to_dict("records")])


def zones_table(df: pd.DataFrame, lang: str) -> pd.DataFrame:
    """city_police_zones rows: number, name, source."""
    return pd.DataFrame([{
        t("city.col_zone_number", lang): str(r["zone_number"]),
        t("city.col_zone_name", lang): _text(r["zone_name"]),
        t("common.source", lang): _text(r["source_title"]),
    } for r in df.to_dict("records")])


def timeline_table(df: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The timeline's rows (sections.city._timeline): the measures in date order, with status, kind of statement,
    period and quote."""
    return pd.DataFrame([{
        t("common.measure", lang): measure_title(r, lang),
        t("common.period_label", lang): period(r, lang),
        t("common.status", lang): _enum("status", r["status"], lang),
        t("common.statement_kind", lang): _enum("statement_kind", r["statement_kind"], lang),
        t("common.quote", lang): _text(r["quote"]),
        t("common.quote_en", lang): _text(i18n.rendering(r, lang)),
    } for r in df.to_dict("records")])


def sources_table(df: pd.DataFrame, lang: str) -> pd.DataFrame:
    """sources_list rows of one city: title, publisher, date as precise as known, link, and how many rows cite it."""
    return pd.DataFrame([{
        t("city.col_source_title", lang): _text(r["title"]),
        t("city.col_publisher", lang): _text(r["publisher"]),
        t("city.col_date", lang): _date(r, lang, "published_date", "published_precision"),
        t("city.col_link", lang): _text(r["url"]) or None,
        t("city.col_rows", lang): int(r["cited_rows"]),
    } for r in df.to_dict("records")])


def pillar_groups(measures: pd.DataFrame, pillars: pd.DataFrame, lang: str) -> tuple[pd.DataFrame, list[str]]:
    """measure_list rows of one city on its own model, with a group label (the own pillar, or 'no pillar') and a
    display title; and every group in the model's order: all the model's pillars, then 'no pillar' when a measure
    fits none."""
    df = measures.copy()
    none_label = t("common.no_pillar", lang)
    df["group"] = [
        i18n.label(r, "pillar_name", lang)
        if isinstance(r["pillar_id"], str) else none_label
        for r in measures.to_dict("records")
    ]
    df["title"] = [measure_title(r, lang) for r in measures.to_dict("records")]
    groups = [i18n.label(r, "name", lang) for r in pillars.to_dict("records")]
    if (df["group"] == none_label).any():
        groups.append(none_label)
    return df, groups


def measure_details(r: dict, lang: str, city_names: dict[str, str]) -> list[tuple[str, str]]:
    """(label, value) pairs describing one measure_list row, for its detail view."""
    details = [
        (t("common.status", lang), _enum("status", r["status"], lang)),
        (t("common.statement_kind", lang), _enum("statement_kind", r["statement_kind"], lang)),
        (t("common.period_label", lang), period(r, lang)),
        (t("common.instrument", lang), _part_label(r, "instrument_", "name", lang)),
        (t("common.government_level", lang), _enum("government_level", r["government_level"], lang)),
        (t("common.drug_specific", lang), t("common.yes" if r["drug_specific"] else "common.no", lang)),
    ]
    if not i18n.missing(r.get("quantity")):
        unit = _part_label(r, "quantity_", "unit", lang)
        details.append((t("city.quantity", lang),
                        f"{i18n.fmt_quantity(r['quantity'], r['quantity_qualifier'], lang)} {unit}".strip()))
    if not i18n.missing(r.get("inspired_by_city_id")):
        details.append((t("common.inspired_by", lang),
                        city_names.get(r["inspired_by_city_id"], r["inspired_by_city_id"])))
    return details


def pillar_options(rows: pd.DataFrame, model: str, lang: str) -> dict[str, str]:
    """explorer_pillars rows as filter options (id -> label), the model's name first on 'own', then 'no pillar'."""
    options = {}
    for p in rows.to_dict("records"):
        prefix = f"{_part_label(p, 'model_', 'name', lang)}{i18n.colon(lang)}" if model == "own" else ""
        options[p["pillar_id"]] = prefix + i18n.label(p, "name", lang)
    options["none"] = t("common.no_pillar", lang)
    return options


def facet_options(facets: pd.DataFrame, facet: str, lang: str, order: tuple[str, ...] = ()) -> dict[str, str]:
    """explorer_facets values of one facet as filter options (value -> label), in the given order first."""
    values = facets.loc[facets["facet"] == facet, "value"].tolist()
    values.sort(key=lambda v: (order.index(v) if v in order else len(order), v))
    return {v: _enum(facet, v, lang) for v in values}
