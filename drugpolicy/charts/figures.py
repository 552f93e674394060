"""Figures charts and tables: capacity against requirement, enforcement counts over periods, budgets per city."""
from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from drugpolicy import i18n
from drugpolicy.charts.base import escape, finish, wrap
from drugpolicy.i18n import t

REFERENCE_KINDS = ("required", "target")
REFERENCE_COLOR = "#333333"
CLAIM_KIND = "political_claim"
QUOTE_WIDTH = 70
TITLE_WIDTH = 95  # characters per title line: fits a chart in Streamlit's wide layout
ROW_PX, AXIS_PX, LINE_PX = 42, 36, 16  # stacked bullet panels: a city's row, the axis, a title line
# Years only on date axes: plotly's month names would be English whatever the page's language.
YEAR_TICKS = {"tickformat": "%Y", "dtick": "M12"}


# --- shared helpers -----------------------------------------------------------------------------------------

def _v(value):
    """None for every kind of missing (None, NaN, NaT, pd.NA)."""
    return None if value is None or pd.isna(value) else value


def _day(value):
    value = _v(value)
    return value.date() if hasattr(value, "date") else value


def _enum(column: str, value: str, lang: str) -> str:
    """The label of a category value: enums.<column>_<value>."""
    return t(f"enums.{column}_{value}", lang)


def _labelled(label: str, value, lang: str) -> str:
    """'Source: x', or 'Source : x' in French."""
    return t("personnel.labelled", lang, label=label, value=value)


def _kind(row: dict, lang: str) -> str:
    return _enum("statement_kind", row["statement_kind"], lang)


def _is_claim(row: dict) -> bool:
    return row.get("statement_kind") == CLAIM_KIND


def _with_unit(number: str, unit: str, lang: str) -> str:
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
        return _v(row.get(per_col)) if _v(row.get("per_capita_qualifier")) else None
    return _v(row.get(value_col))


def figure_text(row: dict, per: str, lang: str, value_col: str = "value", per_col: str = "value_per_100k",
                money: bool = False) -> str:
    """The figure as shown: qualified ('about 400'), per inhabitants when asked, 'no data' when the population is unknown."""
    value = shown_value(row, per, value_col, per_col)
    if value is None:
        return t("common.no_data", lang)
    qualifier = row.get("per_capita_qualifier") if _divided(row, per) else row.get("value_qualifier")
    return _with_unit(i18n.fmt_quantity(value, qualifier, lang, money=money), row.get("unit"), lang)


POPULATION_NEAR_DAYS = 2 * 366  # a population further than about two years from the figure's date is flagged


def population_text(row: dict, lang: str) -> str:
    """Which population figure a per-inhabitant value used: '562,002 (1 January 2025; includes Borsbeek)'."""
    inhabitants = _v(row.get("inhabitants"))
    if inhabitants is None:
        return t("common.no_data", lang)
    when = i18n.fmt_date(_day(row.get("population_date")), row.get("population_precision") or "unknown", lang)
    text = t("personnel.population_value", lang,
             value=i18n.fmt_quantity(inhabitants, row.get("population_qualifier"), lang), date=when)
    parts = [text]
    zone = _v(row.get("population_zone_number"))
    if zone is not None:
        parts.append(t("personnel.population_zone", lang, zone=int(zone)))
    includes = _v(row.get("population_includes"))
    if includes:
        parts.append(_labelled(t("common.includes", lang).lower(), includes, lang))
    days = _v(row.get("population_days_apart"))
    if days is not None and days > POPULATION_NEAR_DAYS:
        parts.append(t("personnel.population_far", lang, years=i18n.fmt_number(round(days / 365.25, 1), lang)))
    return "; ".join(parts)


def per_capita_text(row: dict, per: str, lang: str, value_col: str = "value", per_col: str = "value_per_100k",
                    money: bool = False) -> str:
    """The per-inhabitant column of a table: the value, 'no data', or why it is not divided."""
    if not divisible(row):
        return t(f"personnel.not_divided_{row['per_capita_basis']}", lang)
    return figure_text(row, per, lang, value_col, per_col, money)


def _hover(head: str, lines: list[str], row: dict, lang: str) -> str:
    out = [f"<b>{escape(head)}</b>", *[escape(line) for line in lines if line]]
    for label, key in (("common.includes", "includes"), ("common.excludes", "excludes")):
        if _v(row.get(key)):
            out.append(_labelled(escape(t(label, lang)), wrap(row[key], QUOTE_WIDTH), lang))
    caveat, _ = i18n.localized(row, "figure_caveat", lang, original="en")
    if caveat:
        out.append(_labelled(escape(t("common.caveat", lang)), wrap(caveat, QUOTE_WIDTH), lang))
    out.append(f"“{wrap(row.get('quote'), QUOTE_WIDTH)}”")
    if _v(row.get("quote_en")) and row.get("quote_en") != row.get("quote"):
        out.append("<i>" + _labelled(escape(t('common.quote_en', lang)), wrap(row['quote_en'], QUOTE_WIDTH), lang) + "</i>")
    if _v(row.get("source_title")):
        out.append(_labelled(escape(t('common.source', lang)), wrap(row['source_title'], QUOTE_WIDTH), lang))
    return "<br>".join(out)


def _per_line(row: dict, per: str, lang: str, value: str, key: str = "personnel.per_line") -> str:
    """The hover line saying the figure per inhabitants and which population (and source) it used."""
    if per == "total":
        return ""
    if not divisible(row):
        return per_capita_text(row, per, lang)
    return t(key, lang, value=value, population=population_text(row, lang),
             source=_v(row.get("population_source_title")) or "")


def _no_population_note(fig: go.Figure, missing: list[str], lang: str) -> None:
    if missing:
        fig.add_annotation(text=escape(t("personnel.no_population_note", lang, cities=", ".join(missing))),
                           xref="paper", yref="paper", x=0, y=1, yshift=30, xanchor="left", yanchor="bottom",
                           showarrow=False, font={"size": 12, "color": "#8a4b00"})


def _style_legend(fig: go.Figure, lang: str, claims: bool) -> None:
    """Legend entries that explain the marker styles: filled for statistics and reports, hollow for claims."""
    entries = [("circle", "solid", t("personnel.legend_statement", lang))]
    if claims:
        entries.append(("circle-open", "dash", t("enums.statement_kind_political_claim", lang)))
    for symbol, dash, name in entries:
        fig.add_trace(go.Scatter(x=[None], y=[None], mode="lines+markers", name=escape(name),
                                 marker={"symbol": symbol, "size": 10, "color": "#666"},
                                 line={"dash": dash, "color": "#666"}, legendgroup=f"style-{symbol}",
                                 hoverinfo="skip"))


def _by_date(row: dict):
    """Sort key for capacity rows: by date, undated figures last, then by id."""
    date = _v(row["reference_date"])
    return (date is None, date or pd.Timestamp.min, row["capacity_id"])


def _row_label(city: str, indicator: str) -> str:
    return wrap(f"{city} · {indicator}", 34)


# --- capacity ------------------------------------------------------------------------------------------------

def _unit_title(unit: str, per: str, per_capita: bool, lang: str) -> str:
    """'persons', 'persons per 100,000 inhabitants' or 'persons, not divided by population'."""
    name = _enum("unit", unit, lang)
    if per == "total":
        return name
    if not per_capita:
        return t("personnel.panel_not_divided", lang, unit=name)
    return t("personnel.panel_per_100k", lang, unit=name)


def _capacity_label(row: dict, per: str, lang: str) -> str:
    """'actual 462 (December 2023, political claim)'."""
    when = i18n.fmt_date(_day(row["reference_date"]), row["date_precision"], lang)
    return (f"{_enum('value_kind', row['value_kind'], lang)} {figure_text(row, per, lang)}"
            f" ({when}, {_kind(row, lang)})")


def _capacity_hover(row: dict, city_names: dict, per: str, lang: str) -> str:
    head = f"{city_names.get(row['city_id'], row['city_id'])} · {i18n.label(row, 'name', lang)}"
    lines = [_labelled(_enum('value_kind', row['value_kind'], lang), figure_text(row, 'total', lang), lang)
             + f" ({_enum('unit', row['unit'], lang)})",
             _per_line(row, per, lang, figure_text(row, per, lang)),
             i18n.fmt_date(_day(row["reference_date"]), row["date_precision"], lang),
             _labelled(t('common.statement_kind', lang), _kind(row, lang), lang)]
    return _hover(head, lines, row, lang)


def capacity_gap(df: pd.DataFrame, city_names: dict[str, str], colors: dict[str, str], lang: str, per: str,
                 title: str, footer: str | None = None) -> go.Figure:
    """Bullet chart, one panel per indicator (units and scopes never share an axis) and one row per city in it:
    a bar for the latest actual figure, white diamonds for earlier actual figures, a tick for the latest
    requirement or target; the panel's title gives every figure with its qualifier, date and kind of statement.

    df: rows of queries/figures_capacity.sql; per: 'total' or '100k' (values per 100,000 inhabitants where the
    figure can be divided and population is known; otherwise the total with the reason, or 'no data').
    """
    records = df.to_dict("records")
    panels: dict[str, dict[str, list[dict]]] = {}
    for r in records:
        panels.setdefault(r["indicator_id"], {}).setdefault(r["city_id"], []).append(r)
    # Traces and layout are collected as plain dicts and validated once, when the figure is made: adding them
    # one by one to a figure re-validated its layout and annotations at every step (most of the build time).
    traces: list[dict] = []
    layout: dict = {}
    blocks = []
    shown_legend: set[str] = set()
    missing: list[str] = []

    def legend_once(key: str) -> bool:
        first = key not in shown_legend
        shown_legend.add(key)
        return first

    for n, (indicator, by_city) in enumerate(panels.items(), start=1):
        axes = {"xaxis": "x" if n == 1 else f"x{n}", "yaxis": "y" if n == 1 else f"y{n}"}
        labels, x_max, share = [], 0.0, False
        for city, rows in by_city.items():
            rows = sorted(rows, key=_by_date)
            city_name = city_names.get(city, city)
            y = [wrap(city_name, 18)]
            labels.append(y[0])
            share = rows[0]["unit"] == "percent"
            for r in rows:
                value = shown_value(r, per)
                kind = r["value_kind"]
                if kind == "planned_increase" or (kind != "actual" and not r["is_latest"]):
                    continue  # a planned increase is a change, not a level; older targets: table and series
                if value is None:
                    if kind == "actual" and r["is_latest"]:
                        missing.append(city_name)
                        traces.append(dict(type="scatter", x=[0], y=y, mode="text",
                                           text=[escape(t("common.no_data", lang))], textposition="middle right",
                                           showlegend=False, hoverinfo="skip", meta=indicator, **axes))
                    continue
                x_max = max(x_max, value)
                hover = [_capacity_hover(r, city_names, per, lang)]
                if kind == "actual" and r["is_latest"]:
                    traces.append(dict(
                        type="bar", x=[value], y=y, orientation="h", name=escape(city_name), legendgroup=city,
                        showlegend=legend_once(city), marker={"color": colors.get(city, "#888")}, width=0.5,
                        text=[escape(figure_text(r, per, lang))], textposition="outside", cliponaxis=False,
                        hovertext=hover, hoverinfo="text", meta=indicator, **axes))
                elif kind == "actual":
                    traces.append(dict(
                        type="scatter", x=[value], y=y, mode="markers", name=escape(t("personnel.legend_earlier", lang)),
                        legendgroup="earlier", showlegend=legend_once("earlier"),
                        marker={"symbol": "diamond", "size": 12, "color": "white", "line": {"width": 2, "color": "#333"}},
                        hovertext=hover, hoverinfo="text", meta=indicator, **axes))
                else:
                    name = _enum("value_kind", kind, lang)
                    traces.append(dict(
                        type="scatter", x=[value], y=y, mode="markers+text", name=escape(name), legendgroup=kind,
                        showlegend=legend_once(kind),
                        marker={"symbol": "line-ns", "size": 30, "color": REFERENCE_COLOR,
                                "line": {"width": 4, "color": REFERENCE_COLOR}},
                        text=[escape(f"{name} {figure_text(r, per, lang)}")], textposition="top center",
                        textfont={"size": 11, "color": REFERENCE_COLOR}, cliponaxis=False,
                        hovertext=hover, hoverinfo="text", meta=indicator, **axes))
        layout[f"xaxis{'' if n == 1 else n}"] = {
            "anchor": axes["yaxis"], "range": [0, 100 if share else (x_max or 1) * 1.25], "gridcolor": "#eee",
            "tickformat": ",~r", "ticksuffix": "%" if share else ""}
        layout[f"yaxis{'' if n == 1 else n}"] = {
            "anchor": axes["xaxis"], "categoryorder": "array", "categoryarray": labels, "autorange": "reversed",
            "automargin": True}
        title_html, lines = _bullet_title(by_city, city_names, per, lang)
        blocks.append((title_html, lines, len(labels)))
    height = _stack(layout, blocks, top=70)
    fig = go.Figure(data=traces, layout=layout)
    _no_population_note(fig, sorted(set(missing)), lang)
    _locale_layout(fig, lang)
    fig.update_layout(barmode="overlay", legend={"orientation": "h", "y": 0, "yanchor": "top"})
    fig = finish(fig, title, footer, height=height)
    fig.update_layout(margin={"t": 70, "b": 90})
    return fig


def _stack(layout: dict, blocks: list[tuple[str, int, int]], top: int) -> int:
    """Stack panels top to bottom, each (title, title lines, rows) with room for its title and axis: the titles
    go to layout["annotations"], the panels' heights to the y axes' domains in layout. Return the figure height
    in pixels."""
    # title lines, plus room for the label above a requirement's tick in the first row
    sizes = [(LINE_PX * lines + 30, ROW_PX * rows + AXIS_PX) for _, lines, rows in blocks]
    plot = sum(a + b for a, b in sizes) or 1
    annotations = layout.setdefault("annotations", [])
    y = 1.0
    for n, ((title_html, _, _), (title_px, panel_px)) in enumerate(zip(blocks, sizes, strict=True), start=1):
        y -= title_px / plot
        annotations.append(dict(text=title_html, xref="paper", yref="paper", x=0, y=y, yshift=6, xanchor="left",
                                yanchor="bottom", align="left", showarrow=False, font={"size": 12}))
        axis_bottom = y - (panel_px - AXIS_PX) / plot
        layout.setdefault(f"yaxis{'' if n == 1 else n}", {})["domain"] = [max(axis_bottom, 0), y]
        y -= panel_px / plot
    return plot + top + 90


def _bullet_title(by_city: dict[str, list[dict]], city_names: dict, per: str, lang: str) -> tuple[str, int]:
    """('<b>FGP Antwerp staff</b> (persons)' and a line per city with every figure: value, date, kind of
    statement, gap), and the number of lines."""
    first = next(iter(by_city.values()))[0]
    head = (f"<b>{escape(i18n.label(first, 'name', lang))}</b> "
            f"({escape(_unit_title(first['unit'], per, divisible(first), lang))})")
    lines = [head]
    for city, rows in by_city.items():
        parts = []
        for r in sorted(rows, key=_by_date):
            if r["value_kind"] != "actual" and not r["is_latest"]:
                continue
            parts.append(_capacity_label(r, per, lang))
            if per == "total" and _v(r["gap"]) is not None:
                parts.append(t("personnel.gap" if r["gap"] >= 0 else "personnel.surplus", lang,
                               value=i18n.fmt_number(abs(r["gap"]), lang)))
        if per != "total" and not divisible(rows[0]):
            parts.append(per_capita_text(rows[0], per, lang))
        lines.append(wrap(_labelled(city_names.get(city, city), '; '.join(parts), lang), TITLE_WIDTH))
    text = "<br>".join(lines)
    return text, text.count("<br>") + 1


# Numbers on the axes in the reader's convention (1,000.5 / 1.000,5 / 1 000,5).
SEPARATORS = {"en": ".,", "nl": ",.", "fr": ",\u202f"}


def _locale_layout(fig: go.Figure, lang: str) -> None:
    """Numbers on the axes in the reader's convention (1,000.5 / 1.000,5 / 1 000,5)."""
    fig.update_layout(separators=SEPARATORS[lang])


def series_rows(df: pd.DataFrame) -> pd.DataFrame:
    """The capacity rows of indicators a city has figures for at several dates (the time series)."""
    return df[df["date_count"] > 1]


def capacity_series(df: pd.DataFrame, city_names: dict[str, str], colors: dict[str, str], lang: str, per: str,
                    title: str, footer: str | None = None) -> go.Figure | None:
    """Lines with markers over time, one panel per city and indicator that has figures at several dates;
    actual figures in the city's colour, requirements and targets dashed; claims hollow. None if no such indicator.

    Indicators of different scope (shipping police and customs vs shipping police officers) stay separate panels.
    """
    several = series_rows(df)
    if several.empty:
        return None
    keys = list(dict.fromkeys(zip(several["city_id"], several["indicator_id"], strict=True)))
    records = several.to_dict("records")
    firsts = [next(r for r in records if (r["city_id"], r["indicator_id"]) == key) for key in keys]
    titles = [wrap(f"{city_names.get(r['city_id'], r['city_id'])} · {i18n.label(r, 'name', lang)}"
                   f" ({_unit_title(r['unit'], per, divisible(r), lang)})", TITLE_WIDTH) for r in firsts]
    fig = make_subplots(rows=len(keys), cols=1, subplot_titles=titles, vertical_spacing=0.3 / len(keys))
    fig.update_annotations(x=0, xanchor="left", align="left", font={"size": 12})  # the panel titles
    # Traces and axes are collected and added in one step each: plotly re-checks the whole figure at every update.
    traces, panels, axes = [], [], {}
    claims = False
    for panel, (city, indicator) in enumerate(keys, start=1):
        rows = [r for r in records if r["city_id"] == city and r["indicator_id"] == indicator]
        for kind in ("actual", *REFERENCE_KINDS, "planned_increase"):
            points = sorted((r for r in rows if r["value_kind"] == kind and _v(r["reference_date"])),
                            key=_by_date)
            if not points or kind == "planned_increase":
                continue  # a planned increase is a change, not a level: it is in the table only
            claims = claims or any(_is_claim(r) for r in points)
            color = colors.get(city, "#888") if kind == "actual" else REFERENCE_COLOR
            traces.append(go.Scatter(
                x=[r["reference_date"] for r in points], y=[shown_value(r, per) for r in points],
                mode="lines+markers+text", name=escape(f"{city_names.get(city, city)}: "
                                                       f"{_enum('value_kind', kind, lang)}"),
                line={"color": color, "dash": "solid" if kind == "actual" else "dash", "width": 2},
                marker={"size": 11, "color": color, "line": {"width": 2, "color": color},
                        "symbol": ["circle-open" if _is_claim(r) else "circle" for r in points]},
                text=[escape(figure_text(r, per, lang)) for r in points], textposition="top center",
                cliponaxis=False, hovertext=[_capacity_hover(r, city_names, per, lang) for r in points],
                hoverinfo="text", meta=indicator, showlegend=False,
            ))
            panels.append(panel)
        suffix = "" if panel == 1 else panel  # make_subplots: one column, panel n on xaxis<n> / yaxis<n>
        axes[f"yaxis{suffix}"] = {"rangemode": "tozero", "gridcolor": "#eee", "tickformat": ",~r"}
        axes[f"xaxis{suffix}"] = {"gridcolor": "#eee", **YEAR_TICKS}
    if traces:
        fig.add_traces(traces, rows=panels, cols=[1] * len(panels))
    fig.update_layout(axes)
    _style_legend(fig, lang, claims)
    _locale_layout(fig, lang)
    fig.update_layout(legend={"orientation": "h", "y": -0.08, "yanchor": "top"})
    fig = finish(fig, title, footer, height=160 + 260 * len(keys))
    fig.update_layout(margin={"t": 90})
    return fig


def _per_columns(row: dict, per: str, lang: str, column: str, text=per_capita_text) -> dict:
    """The per-inhabitant columns of a table (the value, the population figure used and its source); none for totals."""
    if per == "total":
        return {}
    return {
        t(column, lang): text(row, per, lang),
        t("personnel.population_used", lang): population_text(row, lang) if divisible(row) else "",
        t("personnel.population_source", lang): _v(row["population_source_title"]) or "",
    }


def _scope(row: dict, lang: str) -> dict:
    return {t("common.includes", lang): _v(row["includes"]) or "", t("common.excludes", lang): _v(row["excludes"]) or ""}


def _quoted(row: dict, lang: str) -> dict:
    """The last columns of every table of figures: quote, English rendering, source and note."""
    return {
        t("common.quote", lang): row["quote"],
        t("common.quote_en", lang): row["quote_en"],
        t("common.source", lang): row["source_title"],
        t("common.note", lang): _v(row["note"]) or "",
    }


def capacity_table(df: pd.DataFrame, city_names: dict[str, str], lang: str, per: str) -> pd.DataFrame:
    """One row per figure, formatted in the reader's language, with its quote and (per inhabitants) the
    population figure and source used."""
    return pd.DataFrame([{
        t("common.city", lang): city_names.get(r["city_id"], r["city_id"]),
        t("personnel.indicator", lang): i18n.label(r, "name", lang),
        t("personnel.value_kind", lang): _enum("value_kind", r["value_kind"], lang),
        t("common.value", lang): figure_text(r, "total", lang),
        t("personnel.unit", lang): _enum("unit", r["unit"], lang),
        **_per_columns(r, per, lang, "personnel.per_100k_column"),
        t("personnel.date", lang): i18n.fmt_date(_day(r["reference_date"]), r["date_precision"], lang),
        t("common.statement_kind", lang): _kind(r, lang),
        t("common.government_level", lang): _enum("government_level", r["government_level"], lang),
        **_scope(r, lang),
        **_quoted(r, lang),
    } for r in df.to_dict("records")])


# --- enforcement ---------------------------------------------------------------------------------------------

def _period(row: dict, lang: str) -> str:
    start, end, precision = _day(row["period_start"]), _day(row["period_end"]), row["period_precision"]
    if end is None:
        return t("budgets.from_date", lang, date=i18n.fmt_date(start, precision, lang))
    if i18n.fmt_date(start, precision, lang) == i18n.fmt_date(end, precision, lang):
        end = None  # the year 2022, not "2022 – 2022"
    return i18n.fmt_period(start, end, precision, lang)


def _enforcement_hover(row: dict, city_names: dict, per: str, lang: str) -> str:
    head = f"{city_names.get(row['city_id'], row['city_id'])} · {i18n.label(row, 'name', lang)}"
    lines = [f"{figure_text(row, 'total', lang)} ({_enum('unit', row['unit'], lang)})",
             _per_line(row, per, lang, figure_text(row, per, lang)),
             _labelled(t('common.period_label', lang), _period(row, lang), lang),
             _labelled(t('common.statement_kind', lang), _kind(row, lang), lang)
             + (f" — {t('enforcement.claim_not_statistic', lang)}" if _is_claim(row) else "")]
    return _hover(head, lines, row, lang)


def enforcement_periods(df: pd.DataFrame, city_names: dict[str, str], colors: dict[str, str], lang: str, per: str,
                        title: str, footer: str | None = None) -> go.Figure:
    """One indicator over time: each figure a segment from the start to the end of the period it counts, at
    its value; statistics and reports solid with filled markers, political claims dashed with hollow markers.

    df: rows of queries/figures_enforcement.sql for exactly one indicator (counts of different indicators
    must not be added up or drawn on one axis; a second indicator is refused).
    """
    indicators = set(df["indicator_id"])
    if len(indicators) > 1:
        raise ValueError(f"one indicator at a time, got {sorted(indicators)}")
    indicator = next(iter(indicators), "")
    records = df.to_dict("records")
    traces: list[dict] = []  # validated once, when the figure is made
    missing: list[str] = []
    in_legend: set[tuple[str, bool]] = set()
    for r in records:
        city, claim = r["city_id"], _is_claim(r)
        city_name = city_names.get(city, city)
        value = shown_value(r, per)
        if value is None:
            missing.append(city_name)
            continue
        label = f"{figure_text(r, per, lang)} ({_period(r, lang)})"
        if claim:
            label += f" · {t('enforcement.claim_label', lang)}"
        hover = _enforcement_hover(r, city_names, per, lang)
        start, end = r["period_start"], r["period_end"]
        name = city_name if not claim else f"{city_name} · {t('enums.statement_kind_political_claim', lang)}"
        color = colors.get(city, "#888")
        # one trace per figure and period: start and end marked, the label centred above the segment
        traces.append(dict(
            type="scatter", x=[start, start + (end - start) / 2, end], y=[value] * 3, mode="lines+markers+text",
            name=escape(name), legendgroup=f"{city}-{claim}", showlegend=(city, claim) not in in_legend,
            line={"color": color, "width": 4, "dash": "dash" if claim else "solid"},
            # the invisible middle marker lifts the label off the line
            marker={"size": [11, 16, 11], "opacity": [1, 0, 1], "color": color,
                    "symbol": "circle-open" if claim else "circle", "line": {"width": 2, "color": color}},
            text=["", escape(label), ""], textposition="top center", cliponaxis=False,
            hovertext=[hover] * 3, hoverinfo="text", meta=indicator,
        ))
        in_legend.add((city, claim))
    first = records[0] if records else {"unit": "count"}
    fig = go.Figure(data=traces, layout={
        "yaxis": {"title": {"text": escape(_unit_title(first["unit"], per, divisible(first), lang))},
                  "rangemode": "tozero", "gridcolor": "#eee", "tickformat": ",~r"},
        "xaxis": {"gridcolor": "#eee", **YEAR_TICKS},
        "legend": {"orientation": "h", "y": -0.15, "yanchor": "top"}, "showlegend": True,
        "separators": SEPARATORS[lang],
    })
    _no_population_note(fig, sorted(set(missing)), lang)
    return finish(fig, title, footer, height=480)


def enforcement_table(df: pd.DataFrame, city_names: dict[str, str], lang: str, per: str) -> pd.DataFrame:
    """One row per figure and period (no totals), claims labelled, quotes alongside."""
    return pd.DataFrame([{
        t("common.city", lang): city_names.get(r["city_id"], r["city_id"]),
        t("personnel.indicator", lang): i18n.label(r, "name", lang),
        t("common.period_label", lang): _period(r, lang),
        t("common.value", lang): figure_text(r, "total", lang),
        t("personnel.unit", lang): _enum("unit", r["unit"], lang),
        **_per_columns(r, per, lang, "personnel.per_100k_column"),
        t("common.statement_kind", lang): _kind(r, lang) + (f" — {t('enforcement.claim_not_statistic', lang)}"
                                                            if _is_claim(r) else ""),
        **_scope(r, lang),
        **_quoted(r, lang),
    } for r in df.to_dict("records")])


# --- budgets -------------------------------------------------------------------------------------------------

def budget_text(row: dict, per: str, lang: str) -> str:
    """The amount in euro ('total') or per inhabitant ('inhabitant'), qualified, 'no data' without population."""
    return figure_text(row, per, lang, "amount_eur", "amount_per_inhabitant_eur", money=True)


def _budget_hover(row: dict, city_names: dict, per: str, lang: str) -> str:
    head = f"{city_names.get(row['city_id'], row['city_id'])} · {i18n.label(row, 'title', lang)}"
    lines = [f"{budget_text(row, 'total', lang)} · {_enum('amount_basis', row['amount_basis'], lang)}",
             _per_line(row, per, lang, budget_text(row, per, lang), "budgets.per_line"),
             _labelled(t('common.period_label', lang), _period(row, lang), lang),
             _labelled(t('common.statement_kind', lang), _kind(row, lang), lang)]
    return _hover(head, lines, row, lang)


def budget_bars(df: pd.DataFrame, city_names: dict[str, str], colors: dict[str, str], lang: str, per: str,
                title: str, footer: str | None = None) -> go.Figure:
    """One bar per budget (never stacked or summed), one panel per basis (per year, one-off, total for a period);
    per: 'total' (euro) or 'inhabitant' (euro per inhabitant, 'no data' where population is unknown)."""
    records = df.to_dict("records")
    bases = [b for b in ("per_year", "one_off", "total_for_period") if any(r["amount_basis"] == b for r in records)]
    heights = [sum(r["amount_basis"] == b for r in records) for b in bases] or [1]
    unit = t("budgets.axis_total" if per == "total" else "budgets.axis_inhabitant", lang)
    fig = make_subplots(rows=max(len(bases), 1), cols=1, row_heights=heights, vertical_spacing=0.16,
                        subplot_titles=[escape(f"{_enum('amount_basis', b, lang)} ({unit})") for b in bases])
    shown: set[str] = set()
    missing: list[str] = []
    for panel, basis in enumerate(bases, start=1):
        labels, x_max = [], 0.0
        for r in (r for r in records if r["amount_basis"] == basis):
            city = r["city_id"]
            city_name = city_names.get(city, city)
            label = _row_label(city_name, i18n.label(r, "title", lang))
            labels.append(label)
            value = shown_value(r, per, "amount_eur", "amount_per_inhabitant_eur")
            if value is None:
                missing.append(city_name)
            x_max = max(x_max, value or 0)
            text = f"{budget_text(r, per, lang)} · {_enum('amount_basis', basis, lang)} · {_period(r, lang)}"
            fig.add_trace(go.Bar(
                x=[value or 0], y=[label], orientation="h", name=escape(city_name), legendgroup=city,
                showlegend=city not in shown, marker={"color": colors.get(city, "#888")}, width=0.5,
                text=[escape(text)], textposition="outside", cliponaxis=False,
                hovertext=[_budget_hover(r, city_names, per, lang)], hoverinfo="text", meta=r["budget_id"],
            ), row=panel, col=1)
            shown.add(city)
        fig.update_xaxes(range=[0, (x_max or 1) * 2.3], gridcolor="#eee", row=panel, col=1, tickformat=",~r")
        fig.update_yaxes(categoryorder="array", categoryarray=labels, autorange="reversed", row=panel, col=1)
    _no_population_note(fig, sorted(set(missing)), lang)
    _locale_layout(fig, lang)
    fig.update_layout(barmode="overlay", legend={"orientation": "h", "y": -0.1, "yanchor": "top"})
    return finish(fig, title, footer, height=200 + 80 * sum(heights) + 60 * len(bases))


def budget_table(df: pd.DataFrame, city_names: dict[str, str], lang: str, per: str) -> pd.DataFrame:
    """One row per budget: amount, basis, period, per inhabitant (with the population used), what it includes
    and excludes, and the quote."""
    return pd.DataFrame([{
        t("common.city", lang): city_names.get(r["city_id"], r["city_id"]),
        t("budgets.what_for", lang): i18n.label(r, "title", lang),
        t("budgets.amount", lang): budget_text(r, "total", lang),
        t("budgets.basis", lang): _enum("amount_basis", r["amount_basis"], lang),
        t("common.period_label", lang): _period(r, lang),
        **_scope(r, lang),
        **_per_columns(r, per, lang, "budgets.per_inhabitant_column", budget_text),
        t("common.government_level", lang): _enum("government_level", r["government_level"], lang),
        t("common.statement_kind", lang): _kind(r, lang),
        **_quoted(r, lang),
    } for r in df.to_dict("records")])


def figure_sources(df: pd.DataFrame, per: str) -> pd.DataFrame:
    """The source ids behind the figures and, when they are shown per inhabitants, behind the populations used."""
    ids = list(df["source_id"])
    if per != "total" and "population_source_id" in df:
        ids += [s for s in df["population_source_id"] if _v(s) is not None]
    return pd.DataFrame({"source_id": ids})


def caveats(df: pd.DataFrame, lang: str) -> list[tuple[str, str]]:
    """(indicator name, caveat) for each indicator in df that carries a caveat, in the reader's language."""
    out = []
    for r in df.drop_duplicates("indicator_id").to_dict("records"):
        text, untranslated = i18n.localized(r, "caveat", lang, original="en")
        if text:
            out.append((i18n.label(r, "name", lang), text + (i18n.FALLBACK_MARK if untranslated else "")))
    return out


def budget_scope(row: dict, city_names: dict[str, str], lang: str) -> tuple[str, str]:
    """('Ghent · Drug policy: EUR 2,500,000', 'Includes: …; Excludes: …') for the list under the budget chart."""
    head = _labelled(f"{city_names.get(row['city_id'], row['city_id'])} · {i18n.label(row, 'title', lang)}",
                     f"{budget_text(row, 'total', lang)} {_enum('amount_basis', row['amount_basis'], lang)}", lang)
    scope = [_labelled(t(label, lang), _v(row.get(key)), lang) for label, key in
             (("common.includes", "includes"), ("common.excludes", "excludes")) if _v(row.get(key))]
    return head, "; ".join(scope) or t("budgets.scope_unknown", lang)
