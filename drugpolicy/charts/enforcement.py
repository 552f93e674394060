"""Enforcement counts over their periods, claims marked apart from statistics."""
from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from drugpolicy import i18n
from drugpolicy.charts.base import escape, finish
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
        label = f"{figure_text(r, per, lang)} ({period_text(r, lang)})"
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
        "yaxis": {"title": {"text": escape(unit_title(first["unit"], per, divisible(first), lang))},
                  "rangemode": "tozero", "gridcolor": "#eee", "tickformat": ",~r"},
        "xaxis": {"gridcolor": "#eee", **YEAR_TICKS},
        "legend": {"orientation": "h", "y": -0.15, "yanchor": "top"}, "showlegend": True,
        "separators": SEPARATORS[lang],
    })
    no_population_note(fig, sorted(set(missing)), lang)
    return finish(fig, title, footer, height=480)


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
