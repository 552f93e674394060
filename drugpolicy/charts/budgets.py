"""Budgets per city, never summed, with what each amount includes and excludes."""
from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from drugpolicy import i18n
from drugpolicy.charts.base import distinct, escape, finish
from drugpolicy.charts.values import (
    enum_label,
    figure_text,
    hover_text,
    labelled,
    locale_layout,
    no_population_note,
    per_columns,
    per_line,
    period_text,
    quote_columns,
    row_label,
    scope_columns,
    shown_value,
    statement_kind_label,
)
from drugpolicy.i18n import t


def budget_text(row: dict, per: str, lang: str) -> str:
    """The amount in euro ('total') or per inhabitant ('inhabitant'), qualified, 'no data' without population."""
    return figure_text(row, per, lang, "amount_eur", "amount_per_inhabitant_eur", money=True)


def _budget_hover(row: dict, city_names: dict, per: str, lang: str) -> str:
    head = f"{city_names.get(row['city_id'], row['city_id'])} · {i18n.label(row, 'title', lang)}"
    lines = [f"{budget_text(row, 'total', lang)} · {enum_label('amount_basis', row['amount_basis'], lang)}",
             per_line(row, per, lang, budget_text(row, per, lang), "budgets.per_line"),
             labelled(t('common.period_label', lang), period_text(row, lang), lang),
             labelled(t('common.statement_kind', lang), statement_kind_label(row, lang), lang)]
    return hover_text(head, lines, row, lang)


def budget_bars(df: pd.DataFrame, city_names: dict[str, str], colors: dict[str, str], lang: str, per: str,
                title: str, footer: str | None = None) -> go.Figure:
    """One bar per budget (never stacked or summed), one panel per basis (per year, one-off, total for a period);
    per: 'total' (euro) or 'inhabitant' (euro per inhabitant, 'no data' where population is unknown)."""
    records = df.to_dict("records")
    colors = distinct(colors, df["city_id"])
    bases = [b for b in ("per_year", "one_off", "total_for_period") if any(r["amount_basis"] == b for r in records)]
    heights = [sum(r["amount_basis"] == b for r in records) for b in bases] or [1]
    unit = t("budgets.axis_total" if per == "total" else "budgets.axis_inhabitant", lang)
    height = 200 + 80 * sum(heights) + 60 * len(bases)
    # about 100 px between panels (the axis under one, the title over the next), however many bars
    fig = make_subplots(rows=max(len(bases), 1), cols=1, row_heights=heights,
                        vertical_spacing=min(0.16, 100 / (height - 100)),
                        subplot_titles=[escape(f"{enum_label('amount_basis', b, lang)} ({unit})") for b in bases])
    shown: set[str] = set()
    missing: list[str] = []
    # One scale for every panel: a one-off EUR 330,000 must look a tenth of EUR 3.3 million a year, not as long.
    x_max = max((shown_value(r, per, "amount_eur", "amount_per_inhabitant_eur") or 0 for r in records), default=0)
    for panel, basis in enumerate(bases, start=1):
        labels = []
        for r in (r for r in records if r["amount_basis"] == basis):
            city = r["city_id"]
            city_name = city_names.get(city, city)
            label = row_label(city_name, i18n.label(r, "title", lang))
            labels.append(label)
            value = shown_value(r, per, "amount_eur", "amount_per_inhabitant_eur")
            if value is None:
                missing.append(city_name)
            text = f"{budget_text(r, per, lang)} · {enum_label('amount_basis', basis, lang)} · {period_text(r, lang)}"
            fig.add_trace(go.Bar(
                x=[value or 0], y=[label], orientation="h", name=escape(city_name), legendgroup=city,
                showlegend=city not in shown, marker={"color": colors.get(city, "#888")}, width=0.5,
                text=[escape(text)], textposition="outside", cliponaxis=False,
                hovertext=[_budget_hover(r, city_names, per, lang)], hoverinfo="text", meta=r["budget_id"],
            ), row=panel, col=1)
            shown.add(city)
        # room right of the longest bar for its label
        fig.update_xaxes(range=[0, (x_max or 1) * 2.3], gridcolor="#eee", row=panel, col=1, tickformat=",~r",
                         matches="x" if panel > 1 else None)
        fig.update_yaxes(categoryorder="array", categoryarray=labels, autorange="reversed", row=panel, col=1)
    no_population_note(fig, sorted(set(missing)), lang)
    locale_layout(fig, lang)
    fig.update_layout(barmode="overlay", legend={"orientation": "h", "y": -0.1, "yanchor": "top"})
    return finish(fig, title, footer, height=height)


def budget_table(df: pd.DataFrame, city_names: dict[str, str], lang: str, per: str) -> pd.DataFrame:
    """One row per budget: amount, basis, period, per inhabitant (with the population used), what it includes
    and excludes, and the quote."""
    return pd.DataFrame([{
        t("common.city", lang): city_names.get(r["city_id"], r["city_id"]),
        t("budgets.what_for", lang): i18n.label(r, "title", lang),
        t("budgets.amount", lang): budget_text(r, "total", lang),
        t("budgets.basis", lang): enum_label("amount_basis", r["amount_basis"], lang),
        t("common.period_label", lang): period_text(r, lang),
        **scope_columns(r, lang),
        **per_columns(r, per, lang, "budgets.per_inhabitant_column", budget_text),
        t("common.government_level", lang): enum_label("government_level", r["government_level"], lang),
        t("common.statement_kind", lang): statement_kind_label(r, lang),
        **quote_columns(r, lang),
    } for r in df.to_dict("records")])



def budget_scope(row: dict, city_names: dict[str, str], lang: str) -> tuple[str, str]:
    """('Ghent · Drug policy: EUR 2,500,000', 'Includes: …; Excludes: …') for the list under the budget chart."""
    head = labelled(f"{city_names.get(row['city_id'], row['city_id'])} · {i18n.label(row, 'title', lang)}",
                     f"{budget_text(row, 'total', lang)} {enum_label('amount_basis', row['amount_basis'], lang)}", lang)
    scope = [labelled(t(label, lang), text, lang) for label, key in
             (("common.includes", "includes"), ("common.excludes", "excludes")) if (text := i18n.label(row, key, lang, "en"))]
    return head, "; ".join(scope) or t("budgets.scope_unknown", lang)
