"""Enforcement counts over their periods, claims marked apart from statistics."""
from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from drugpolicy import i18n
from drugpolicy.charts.base import CHAR_EM, distinct, escape, finish
from drugpolicy.charts.values import (
    SEPARATORS,
    YEAR_TICKS,
    divisible,
    enum_label,
    figure_text,
    hover_text,
    is_claim,
    labelled,
    no_population_note,
    per_columns,
    per_line,
    period_text,
    quote_columns,
    scope_columns,
    shown_value,
    statement_kind_label,
    unit_title,
)
from drugpolicy.i18n import t


def _enforcement_hover(row: dict, city_names: dict, per: str, lang: str) -> str:
    head = f"{city_names.get(row['city_id'], row['city_id'])} · {i18n.label(row, 'name', lang)}"
    lines = [f"{figure_text(row, 'total', lang)} ({enum_label('unit', row['unit'], lang)})",
             per_line(row, per, lang, figure_text(row, per, lang)),
             labelled(t('common.period_label', lang), period_text(row, lang), lang),
             labelled(t('common.statement_kind', lang), statement_kind_label(row, lang), lang)
             + (f" — {t('enforcement.claim_not_statistic', lang)}" if is_claim(row) else "")]
    return hover_text(head, lines, row, lang)


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
    colors = distinct(colors, df["city_id"])
    shown = [r for r in records if shown_value(r, per) is not None]
    labels = [figure_text(r, per, lang) + (f" · {t('enforcement.claim_label', lang)}" if is_claim(r) else "")
              for r in shown]
    x_range, y_range = _ranges(shown, per)
    where = _placed([(_middle(r), shown_value(r, per), label) for r, label in zip(shown, labels, strict=True)],
                    x_range, y_range)
    placed = {id(r): (label, spot) for r, label, spot in zip(shown, labels, where, strict=True)}
    traces: list[dict] = []  # validated once, when the figure is made
    missing: list[str] = []
    in_legend: set[tuple[str, bool]] = set()
    for r in records:
        city, claim = r["city_id"], is_claim(r)
        city_name = city_names.get(city, city)
        value = shown_value(r, per)
        if value is None:
            missing.append(city_name)
            continue
        label, spot = placed[id(r)]
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
            text=["", escape(label) if spot else "", ""], textposition=spot or "top center", cliponaxis=False,
            hovertext=[hover] * 3, hoverinfo="text", meta=indicator,
        ))
        in_legend.add((city, claim))
    first = records[0] if records else {"unit": "count"}
    fig = go.Figure(data=traces, layout={
        "yaxis": {"title": {"text": escape(unit_title(first["unit"], per, divisible(first), lang))},
                  "range": y_range, "gridcolor": "#eee", "tickformat": ",~r"},
        # the labels clear of the y axis's 0 in the corner
        "xaxis": {"gridcolor": "#eee", "range": x_range, "ticklabelstandoff": 6, **YEAR_TICKS},
        "legend": {"orientation": "h", "y": -0.15, "yanchor": "top"}, "showlegend": True,
        "separators": SEPARATORS[lang],
    })
    no_population_note(fig, sorted(set(missing)), lang)
    return finish(fig, title, footer, height=480)


# Where value labels are placed: the plot area of a file (1280 px wide, the legend on the right) and of the
# screen's 480 px high chart; a label is a line of 13 px text.
PLOT_W, PLOT_H, LABEL_H, CHAR_PX = 860, 360, 17, 13 * CHAR_EM
PAD = pd.Timedelta(days=220)  # left and right of the periods: room for the first and last labels


def _middle(row: dict):
    return row["period_start"] + (row["period_end"] - row["period_start"]) / 2


def _ranges(rows: list[dict], per: str) -> tuple[list | None, list | None]:
    """The x range (the periods with room on either side) and y range (from 0, with room above the highest
    label), fixed so that the labels can be placed before plotly draws them."""
    if not rows:
        return None, None
    start, end = min(r["period_start"] for r in rows), max(r["period_end"] for r in rows)
    top = max(shown_value(r, per) for r in rows) or 1
    return [start - PAD, end + PAD], [0, top * (1 + 2.2 * LABEL_H / PLOT_H)]


def _placed(points: list[tuple], x_range: list | None, y_range: list | None) -> list[str | None]:
    """For each (middle of the period, value, label): 'top center' or 'bottom center' where its label overlaps
    no label placed before it (the newest periods first), None where neither is free: that figure keeps its
    hover, its row in the table and its segment, without a label."""
    if not points:
        return []
    x0, span = x_range[0], (x_range[1] - x_range[0]) / pd.Timedelta(days=1)
    boxes: list[tuple[float, float, float, float]] = []
    out: list[str | None] = [None] * len(points)
    for i in sorted(range(len(points)), key=lambda i: points[i][0], reverse=True):
        middle, value, label = points[i]
        x = (middle - x0) / pd.Timedelta(days=1) / span * PLOT_W
        y = PLOT_H * (1 - value / y_range[1])
        half = len(label) * CHAR_PX / 2 + 3
        for spot, top in (("top center", y - 9 - LABEL_H), ("bottom center", y + 9)):
            box = (x - half, top, x + half, top + LABEL_H)
            if spot == "bottom center" and box[3] > PLOT_H - 4:
                continue  # under the line only where it stays above the axis
            if not any(box[0] < b[2] and b[0] < box[2] and box[1] < b[3] and b[1] < box[3] for b in boxes):
                boxes.append(box)
                out[i] = spot
                break
    return out


def enforcement_table(df: pd.DataFrame, city_names: dict[str, str], lang: str, per: str) -> pd.DataFrame:
    """One row per figure and period (no totals), claims labelled, quotes alongside."""
    return pd.DataFrame([{
        t("common.city", lang): city_names.get(r["city_id"], r["city_id"]),
        t("personnel.indicator", lang): i18n.label(r, "name", lang),
        t("common.period_label", lang): period_text(r, lang),
        t("common.value", lang): figure_text(r, "total", lang),
        t("personnel.unit", lang): enum_label("unit", r["unit"], lang),
        **per_columns(r, per, lang, "personnel.per_100k_column"),
        t("common.statement_kind", lang): statement_kind_label(r, lang) + (f" — {t('enforcement.claim_not_statistic', lang)}"
                                                            if is_claim(r) else ""),
        **scope_columns(r, lang),
        **quote_columns(r, lang),
    } for r in df.to_dict("records")])
