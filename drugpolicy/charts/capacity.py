"""Police personnel and capacity: actual staffing against what is required or targeted, per indicator panel, and
the series of a city's figures over time."""
from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from drugpolicy import i18n
from drugpolicy.charts.base import distinct, escape, finish, wrap
from drugpolicy.charts.values import (
    AXIS_PX,
    LINE_PX,
    REFERENCE_COLOR,
    REFERENCE_KINDS,
    ROW_PX,
    TITLE_WIDTH,
    YEAR_TICKS,
    as_day,
    by_date,
    divisible,
    enum_label,
    figure_text,
    hover_text,
    is_claim,
    labelled,
    locale_layout,
    no_population_note,
    per_capita_text,
    per_columns,
    per_line,
    quote_columns,
    scope_columns,
    shown_value,
    statement_kind_label,
    style_legend,
    unit_title,
    value_of,
)
from drugpolicy.i18n import t


def _capacity_label(row: dict, per: str, lang: str) -> str:
    """'actual 462 (December 2023, political claim)'."""
    when = i18n.fmt_date(as_day(row["reference_date"]), row["date_precision"], lang)
    return (f"{enum_label('value_kind', row['value_kind'], lang)} {figure_text(row, per, lang)}"
            f" ({when}, {statement_kind_label(row, lang)})")


def _capacity_hover(row: dict, city_names: dict, per: str, lang: str) -> str:
    head = f"{city_names.get(row['city_id'], row['city_id'])} · {i18n.label(row, 'name', lang)}"
    lines = [labelled(enum_label('value_kind', row['value_kind'], lang), figure_text(row, 'total', lang), lang)
             + f" ({enum_label('unit', row['unit'], lang)})",
             per_line(row, per, lang, figure_text(row, per, lang)),
             i18n.fmt_date(as_day(row["reference_date"]), row["date_precision"], lang),
             labelled(t('common.statement_kind', lang), statement_kind_label(row, lang), lang)]
    return hover_text(head, lines, row, lang)


def capacity_gap(df: pd.DataFrame, city_names: dict[str, str], colors: dict[str, str], lang: str, per: str,
                 title: str, footer: str | None = None) -> go.Figure:
    """Bullet chart, one panel per indicator (units and scopes never share an axis) and one row per city in it:
    a bar for the latest actual figure, white diamonds for earlier actual figures, a tick for the latest
    requirement or target; the panel's title gives every figure with its qualifier, date and kind of statement.

    df: rows of queries/figures_capacity.sql; per: 'total' or '100k' (values per 100,000 inhabitants where the
    figure can be divided and population is known; otherwise the total with the reason, or 'no data').
    """
    records = df.to_dict("records")
    colors = distinct(colors, df["city_id"])
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
            rows = sorted(rows, key=by_date)
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
                    name = enum_label("value_kind", kind, lang)
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
    no_population_note(fig, sorted(set(missing)), lang)
    locale_layout(fig, lang)
    fig.update_layout(barmode="overlay", legend={"orientation": "h", "y": 0, "yanchor": "top"})
    fig = finish(fig, title, footer, height=height)
    fig.update_layout(margin={"t": 70, "b": 90})
    return fig


def _stack(layout: dict, blocks: list[tuple[str, int, int]], top: int) -> int:
    """Stack panels top to bottom, each (title, title lines, rows) with room for its title and axis: the titles
    go to layout["annotations"], the panels' heights to the y axes' domains in layout. Return the figure height
    in pixels."""
    # title lines, plus room under them for the label above a requirement's tick in the first row
    sizes = [(LINE_PX * lines + 30, ROW_PX * rows + AXIS_PX) for _, lines, rows in blocks]
    plot = sum(a + b for a, b in sizes) or 1
    annotations = layout.setdefault("annotations", [])
    y = 1.0
    for n, ((title_html, _, _), (title_px, panel_px)) in enumerate(zip(blocks, sizes, strict=True), start=1):
        y -= title_px / plot
        annotations.append(dict(text=title_html, xref="paper", yref="paper", x=0, y=y, yshift=24, xanchor="left",
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
            f"({escape(unit_title(first['unit'], per, divisible(first), lang))})")
    lines = [head]
    for city, rows in by_city.items():
        parts = []
        for r in sorted(rows, key=by_date):
            if r["value_kind"] != "actual" and not r["is_latest"]:
                continue
            parts.append(_capacity_label(r, per, lang))
            if per == "total" and value_of(r["gap"]) is not None:
                parts.append(t("personnel.gap" if r["gap"] >= 0 else "personnel.surplus", lang,
                               value=i18n.fmt_number(abs(r["gap"]), lang)))
        if per != "total" and not divisible(rows[0]):
            parts.append(per_capita_text(rows[0], per, lang))
        lines.append(wrap(labelled(city_names.get(city, city), '; '.join(parts), lang), TITLE_WIDTH))
    text = "<br>".join(lines)
    return text, text.count("<br>") + 1


# Numbers on the axes in the reader's convention (1,000.5 / 1.000,5 / 1 000,5).

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
    colors = distinct(colors, df["city_id"])  # as in capacity_gap, on the same page
    records = several.to_dict("records")
    firsts = [next(r for r in records if (r["city_id"], r["indicator_id"]) == key) for key in keys]
    titles = [wrap(f"{city_names.get(r['city_id'], r['city_id'])} · {i18n.label(r, 'name', lang)}"
                   f" ({unit_title(r['unit'], per, divisible(r), lang)})", TITLE_WIDTH) for r in firsts]
    fig = make_subplots(rows=len(keys), cols=1, subplot_titles=titles, vertical_spacing=0.3 / len(keys))
    # the panel titles, lifted clear of the y axis's top number
    fig.update_annotations(x=0, xanchor="left", align="left", font={"size": 12}, yshift=8)
    # Traces and axes are collected and added in one step each: plotly re-checks the whole figure at every update.
    traces, panels, axes = [], [], {}
    claims = False
    for panel, (city, indicator) in enumerate(keys, start=1):
        rows = [r for r in records if r["city_id"] == city and r["indicator_id"] == indicator]
        below = _labels_below(rows, per)
        for kind in ("actual", *REFERENCE_KINDS, "planned_increase"):
            points = sorted((r for r in rows if r["value_kind"] == kind and value_of(r["reference_date"])),
                            key=by_date)
            if not points or kind == "planned_increase":
                continue  # a planned increase is a change, not a level: it is in the table only
            claims = claims or any(is_claim(r) for r in points)
            color = colors.get(city, "#888") if kind == "actual" else REFERENCE_COLOR
            traces.append(go.Scatter(
                x=[r["reference_date"] for r in points], y=[shown_value(r, per) for r in points],
                mode="lines+markers+text", name=escape(f"{city_names.get(city, city)}{i18n.colon(lang)}"
                                                       f"{enum_label('value_kind', kind, lang)}"),
                line={"color": color, "dash": "solid" if kind == "actual" else "dash", "width": 2},
                marker={"size": 11, "color": color, "line": {"width": 2, "color": color},
                        "symbol": ["circle-open" if is_claim(r) else "circle" for r in points]},
                text=[escape(figure_text(r, per, lang)) for r in points],
                textposition=["bottom center" if r["capacity_id"] in below else "top center" for r in points],
                cliponaxis=False, hovertext=[_capacity_hover(r, city_names, per, lang) for r in points],
                hoverinfo="text", meta=indicator, showlegend=False,
            ))
            panels.append(panel)
        suffix = "" if panel == 1 else panel  # make_subplots: one column, panel n on xaxis<n> / yaxis<n>
        # room above the highest point for its label, under the panel's title
        top = max((v for r in rows if (v := shown_value(r, per)) is not None), default=None)
        axes[f"yaxis{suffix}"] = {"gridcolor": "#eee", "tickformat": ",~r",
                                  **({"range": [0, top * 1.2]} if top else {"rangemode": "tozero"})}
        axes[f"xaxis{suffix}"] = {"gridcolor": "#eee", **YEAR_TICKS}
    if traces:
        fig.add_traces(traces, rows=panels, cols=[1] * len(panels))
    fig.update_layout(axes)
    style_legend(fig, lang, claims)
    locale_layout(fig, lang)
    fig.update_layout(legend={"orientation": "h", "y": -0.08, "yanchor": "top"})
    fig = finish(fig, title, footer, height=160 + 260 * len(keys))
    fig.update_layout(margin={"t": 90})
    return fig


def _labels_below(rows: list[dict], per: str) -> set[str]:
    """The capacity ids of the figures whose label goes under their marker: of figures at about the same date
    (within a twentieth of the panel's span), the lowest, so that its label clears the others' markers."""
    drawn = sorted((r for r in rows if r["value_kind"] != "planned_increase" and value_of(r["reference_date"])
                    and shown_value(r, per) is not None), key=by_date)
    if len(drawn) < 2:
        return set()
    near = max((drawn[-1]["reference_date"] - drawn[0]["reference_date"]) / 20, pd.Timedelta(days=31))
    groups = [[drawn[0]]]
    for r in drawn[1:]:
        if r["reference_date"] - groups[-1][-1]["reference_date"] <= near:
            groups[-1].append(r)
        else:
            groups.append([r])
    return {min(group, key=lambda r: shown_value(r, per))["capacity_id"] for group in groups if len(group) > 1}


def capacity_table(df: pd.DataFrame, city_names: dict[str, str], lang: str, per: str) -> pd.DataFrame:
    """One row per figure, formatted in the reader's language, with its quote and (per inhabitants) the
    population figure and source used."""
    return pd.DataFrame([{
        t("common.city", lang): city_names.get(r["city_id"], r["city_id"]),
        t("personnel.indicator", lang): i18n.label(r, "name", lang),
        t("personnel.value_kind", lang): enum_label("value_kind", r["value_kind"], lang),
        t("common.value", lang): figure_text(r, "total", lang),
        t("personnel.unit", lang): enum_label("unit", r["unit"], lang),
        **per_columns(r, per, lang, "personnel.per_100k_column"),
        t("personnel.date", lang): i18n.fmt_date(as_day(r["reference_date"]), r["date_precision"], lang),
        t("common.statement_kind", lang): statement_kind_label(r, lang),
        t("common.government_level", lang): enum_label("government_level", r["government_level"], lang),
        **scope_columns(r, lang),
        **quote_columns(r, lang),
    } for r in df.to_dict("records")])
