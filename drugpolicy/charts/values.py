"""How a figure is worded in charts and tables: its value with qualifier and unit, per inhabitants with the
population used, its period, hover text, legend of statement kinds, the columns every table of figures shares."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from drugpolicy import i18n
from drugpolicy.charts.base import escape, wrap
from drugpolicy.i18n import t

REFERENCE_KINDS = ("required", "target")
REFERENCE_COLOR = "#333333"
CLAIM_KIND = "political_claim"
QUOTE_WIDTH = 70
TITLE_WIDTH = 95  # characters per title line: fits a chart in Streamlit's wide layout
ROW_PX, AXIS_PX, LINE_PX = 42, 36, 16  # stacked bullet panels: a city's row, the axis, a title line
# Years only on date axes: plotly's month names would be English whatever the page's language.
YEAR_TICKS = {"tickformat": "%Y", "dtick": "M12"}



def value_of(value):
    """None for every kind of missing (None, NaN, NaT, pd.NA)."""
    return None if i18n.missing(value) else value


def as_day(value):
    value = value_of(value)
    return value.date() if hasattr(value, "date") else value


def enum_label(column: str, value: str, lang: str) -> str:
    """The label of a category value: enums.<column>_<value>."""
    return t(f"enums.{column}_{value}", lang)


def labelled(label: str, value, lang: str) -> str:
    """'Source: x', or 'Source : x' in French."""
    return t("personnel.labelled", lang, label=label, value=value)


def statement_kind_label(row: dict, lang: str) -> str:
    return enum_label("statement_kind", row["statement_kind"], lang)


def is_claim(row: dict) -> bool:
    return row.get("statement_kind") == CLAIM_KIND


def with_unit(number: str, unit: str, lang: str) -> str:
    return t("personnel.percent_value", lang, value=number) if unit == "percent" else number


def divisible(row: dict) -> bool:
    """Whether the query found the figure can be divided by the city's population (per_capita_basis)."""
    return row.get("per_capita_basis", "divided") == "divided"


def _divided(row: dict, per: str) -> bool:
    """Whether the row is shown per inhabitants: asked for, and the figure can be divided."""
    return per != "total" and divisible(row)


def shown_value(row: dict, per: str, value_col: str = "value", per_col: str = "value_per_100k"):
    """The number to draw; None ('no data') where a divided figure has no population or no bound survives."""
    if _divided(row, per):
        return value_of(row.get(per_col)) if value_of(row.get("per_capita_qualifier")) else None
    return value_of(row.get(value_col))


def figure_text(row: dict, per: str, lang: str, value_col: str = "value", per_col: str = "value_per_100k",
                money: bool = False) -> str:
    """The figure as shown: qualified ('about 400'), per inhabitants when asked, 'no data' when the population is unknown."""
    value = shown_value(row, per, value_col, per_col)
    if value is None:
        return t("common.no_data", lang)
    qualifier = row.get("per_capita_qualifier") if _divided(row, per) else row.get("value_qualifier")
    return with_unit(i18n.fmt_quantity(value, qualifier, lang, money=money), row.get("unit"), lang)


POPULATION_NEAR_DAYS = 2 * 366  # a population further than about two years from the figure's date is flagged


def population_text(row: dict, lang: str) -> str:
    """Which population figure a per-inhabitant value used: '562,002 (1 January 2025; includes Borsbeek)'."""
    inhabitants = value_of(row.get("inhabitants"))
    if inhabitants is None:
        return t("common.no_data", lang)
    when = i18n.fmt_date(as_day(row.get("population_date")), row.get("population_precision") or "unknown", lang)
    text = t("personnel.population_value", lang,
             value=i18n.fmt_quantity(inhabitants, row.get("population_qualifier"), lang), date=when)
    parts = [text]
    zone = value_of(row.get("population_zone_number"))
    if zone is not None:
        parts.append(t("personnel.population_zone", lang, zone=int(zone)))
    includes = i18n.label(row, "population_includes", lang, "en")
    if includes:
        parts.append(labelled(t("common.includes", lang).lower(), includes, lang))
    days = value_of(row.get("population_days_apart"))
    if days is not None and days > POPULATION_NEAR_DAYS:
        parts.append(t("personnel.population_far", lang, years=i18n.fmt_number(round(days / 365.25, 1), lang)))
    return "; ".join(parts)


def per_capita_text(row: dict, per: str, lang: str, value_col: str = "value", per_col: str = "value_per_100k",
                    money: bool = False) -> str:
    """The per-inhabitant column of a table: the value, 'no data', or why it is not divided."""
    if not divisible(row):
        return t(f"personnel.not_divided_{row['per_capita_basis']}", lang)
    return figure_text(row, per, lang, value_col, per_col, money)


def hover_text(head: str, lines: list[str], row: dict, lang: str) -> str:
    out = [f"<b>{escape(head)}</b>", *[escape(line) for line in lines if line]]
    for label, key in (("common.includes", "includes"), ("common.excludes", "excludes")):
        text = i18n.label(row, key, lang, "en")
        if text:
            out.append(labelled(escape(t(label, lang)), wrap(text, QUOTE_WIDTH), lang))
    caveat, _ = i18n.localized(row, "figure_caveat", lang, original="en")
    if caveat:
        out.append(labelled(escape(t("common.caveat", lang)), wrap(caveat, QUOTE_WIDTH), lang))
    out.append(f"“{wrap(row.get('quote'), QUOTE_WIDTH)}”")
    rendering = i18n.rendering(row, lang)
    if rendering:
        out.append("<i>" + labelled(escape(t('common.quote_en', lang)), wrap(rendering, QUOTE_WIDTH), lang) + "</i>")
    if value_of(row.get("source_title")):
        out.append(labelled(escape(t('common.source', lang)), wrap(row['source_title'], QUOTE_WIDTH), lang))
    return "<br>".join(out)


def per_line(row: dict, per: str, lang: str, value: str, key: str = "personnel.per_line") -> str:
    """The hover line saying the figure per inhabitants and which population (and source) it used."""
    if per == "total":
        return ""
    if not divisible(row):
        return per_capita_text(row, per, lang)
    return t(key, lang, value=value, population=population_text(row, lang),
             source=value_of(row.get("population_source_title")) or "")


def no_population_note(fig: go.Figure, missing: list[str], lang: str) -> None:
    if missing:
        fig.add_annotation(text=escape(t("personnel.no_population_note", lang, cities=", ".join(missing))),
                           xref="paper", yref="paper", x=0, y=1, yshift=30, xanchor="left", yanchor="bottom",
                           showarrow=False, font={"size": 12, "color": "#8a4b00"})


def style_legend(fig: go.Figure, lang: str, claims: bool) -> None:
    """Legend entries that explain the marker styles: filled for statistics and reports, hollow for claims."""
    entries = [("circle", "solid", t("personnel.legend_statement", lang))]
    if claims:
        entries.append(("circle-open", "dash", t("enums.statement_kind_political_claim", lang)))
    for symbol, dash, name in entries:
        fig.add_trace(go.Scatter(x=[None], y=[None], mode="lines+markers", name=escape(name),
                                 marker={"symbol": symbol, "size": 10, "color": "#666"},
                                 line={"dash": dash, "color": "#666"}, legendgroup=f"style-{symbol}",
                                 hoverinfo="skip"))


def by_date(row: dict):
    """Sort key for capacity rows: by date, undated figures last, then by id."""
    date = value_of(row["reference_date"])
    return (date is None, date or pd.Timestamp.min, row["capacity_id"])


def row_label(city: str, indicator: str) -> str:
    return wrap(f"{city} · {indicator}", 34)


SEPARATORS = {"en": ".,", "nl": ",.", "fr": ",\u202f"}


def locale_layout(fig: go.Figure, lang: str) -> None:
    """Numbers on the axes in the reader's convention (1,000.5 / 1.000,5 / 1 000,5)."""
    fig.update_layout(separators=SEPARATORS[lang])



def per_columns(row: dict, per: str, lang: str, column: str, text=per_capita_text) -> dict:
    """The per-inhabitant columns of a table (the value, the population figure used and its source); none for totals."""
    if per == "total":
        return {}
    return {
        t(column, lang): text(row, per, lang),
        t("personnel.population_used", lang): population_text(row, lang) if divisible(row) else "",
        t("personnel.population_source", lang): value_of(row["population_source_title"]) or "",
    }


def scope_columns(row: dict, lang: str) -> dict:
    """What the figure includes and excludes, in the reader's language (the English original, marked, where a
    translation is missing)."""
    return {t("common.includes", lang): i18n.label(row, "includes", lang, "en"),
            t("common.excludes", lang): i18n.label(row, "excludes", lang, "en")}


def quote_columns(row: dict, lang: str) -> dict:
    """The last columns of every table of figures: the caveats (the figure's own, then its indicator's) where
    figures have them, the verbatim quote, its rendering in the reader's language (empty where the quote is in it),
    source and the curators' note."""
    caveat = {}
    if "caveat_en" in row or "figure_caveat_en" in row:
        caveat = {t("city.col_caveat", lang): " ".join(
            text for text in (i18n.label(row, "figure_caveat", lang), i18n.label(row, "caveat", lang)) if text)}
    return {
        **caveat,
        t("common.quote", lang): row["quote"],
        t("common.quote_en", lang): i18n.rendering(row, lang) or "",
        t("common.source", lang): row["source_title"],
        t("common.note", lang): i18n.label(row, "note", lang, "en"),
    }



def period_text(row: dict, lang: str) -> str:
    start, end, precision = as_day(row["period_start"]), as_day(row["period_end"]), row["period_precision"]
    if end is None:
        return t("budgets.from_date", lang, date=i18n.fmt_date(start, precision, lang))
    if i18n.fmt_date(start, precision, lang) == i18n.fmt_date(end, precision, lang):
        end = None  # the year 2022, not "2022 – 2022"
    return i18n.fmt_period(start, end, precision, lang)


def figure_sources(df: pd.DataFrame, per: str) -> pd.DataFrame:
    """The source ids behind the figures and, when they are shown per inhabitants, behind the populations used."""
    ids = list(df["source_id"])
    if per != "total" and "population_source_id" in df:
        ids += [s for s in df["population_source_id"] if value_of(s) is not None]
    return pd.DataFrame({"source_id": ids})


def caveats(df: pd.DataFrame, lang: str) -> list[tuple[str, str]]:
    """(indicator name, caveat) for each indicator in df that carries a caveat, in the reader's language."""
    out = []
    for r in df.drop_duplicates("indicator_id").to_dict("records"):
        text, untranslated = i18n.localized(r, "caveat", lang, original="en")
        if text:
            out.append((i18n.label(r, "name", lang), text + (i18n.FALLBACK_MARK if untranslated else "")))
    return out


def unit_title(unit: str, per: str, per_capita: bool, lang: str) -> str:
    """'persons', 'persons per 100,000 inhabitants' or 'persons, not divided by population'."""
    name = enum_label("unit", unit, lang)
    if per == "total":
        return name
    if not per_capita:
        return t("personnel.panel_not_divided", lang, unit=name)
    return t("personnel.panel_per_100k", lang, unit=name)
