"""Measures in time and by status: a timeline of a city's measures, and counts by pillar (or city) and status."""
from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from drugpolicy import i18n
from drugpolicy.charts.base import escape, finish, wrap
from drugpolicy.downloads import period
from drugpolicy.i18n import missing as is_missing
from drugpolicy.i18n import t

# From a promise to a measure in place; one colour per status on every page (Okabe-Ito, not the city colours' order).
STATUS_ORDER = ("promised", "announced", "planned", "in_progress", "implemented")
STATUS_COLORS = {
    "promised": "#CC79A7",
    "announced": "#E69F00",
    "planned": "#56B4E9",
    "in_progress": "#0072B2",
    "implemented": "#009E73",
}
# A date known only to the year, or approximately, is drawn hollow: it is not a point in time.
IMPRECISE = ("year", "approximate")
MAX_HOVER_TITLES = 12
MANY_GROUPS = 40  # above this many bars, hovers give the count only and the table lists the titles
LABEL_WIDTH = 48


def _statuses(values) -> list[str]:
    present = set(values)
    return [s for s in STATUS_ORDER if s in present] + sorted(present - set(STATUS_ORDER))


def status_label(status: str, lang: str) -> str:
    key = f"enums.status_{status}"
    return t(key, lang) if i18n.has(key) else str(status)


def status_counts(df: pd.DataFrame, groups: list[str], lang: str) -> pd.DataFrame:
    """The table behind status_bars: one row per group (every group, in order), one column per status."""
    statuses = _statuses(df["status"]) if not df.empty else []
    counts = df.groupby(["group", "status"]).size() if not df.empty else pd.Series(dtype=int)
    table = pd.DataFrame({status_label(s, lang): [int(counts.get((g, s), 0)) for g in groups] for s in statuses},
                         index=pd.Index(groups, name=""))
    return table


def status_bars(df: pd.DataFrame, groups: list[str], lang: str, title: str, footer: str | None = None) -> go.Figure:
    """Horizontal stacked bars: number of measures per group (a pillar, a city), split by status.

    df: one row per measure and group, with columns group (the group's label, one of groups), status and
    title (the measure's title in the reader's language). groups: every group to show, in order, including
    groups with no measure: those show 'none recorded', never a zero-length bar that looks like data.
    """
    counts = df.groupby(["group", "status"]).size() if not df.empty else pd.Series(dtype=int)
    titles_of = df.groupby(["group", "status"], sort=False)["title"].agg(list).to_dict() if not df.empty else {}
    # Titles in the hover while they help; with many bars (every municipality) the table lists them instead,
    # and the chart stays small enough to send.
    many = len(groups) > MANY_GROUPS
    y = [escape(g) for g in groups]
    traces = []
    for status in _statuses(df["status"]) if not df.empty else []:
        label = escape(status_label(status, lang))
        xs = [int(counts.get((group, status), 0)) or None for group in groups]
        if many:  # one hover template for the trace instead of a text per bar; no labels inside thin bars
            traces.append(go.Bar(y=y, x=xs, name=label, orientation="h",
                                 marker={"color": STATUS_COLORS.get(status, "#999999")},
                                 hovertemplate=f"<b>%{{y}}</b><br>{label}: %{{x}}<extra></extra>"))
            continue
        hover = []
        for group, n in zip(groups, xs, strict=True):
            titles = titles_of.get((group, status), [])
            shown = "".join("<br>• " + wrap(str(x), 70) for x in titles[:MAX_HOVER_TITLES])
            more = f"<br>… (+{len(titles) - MAX_HOVER_TITLES})" if len(titles) > MAX_HOVER_TITLES else ""
            hover.append(f"<b>{escape(group)}</b><br>{label}: {n or 0}{shown}{more}")
        traces.append(go.Bar(
            y=y, x=xs, name=label, orientation="h", marker={"color": STATUS_COLORS.get(status, "#999999")},
            hovertext=hover, hoverinfo="text", text=xs, textposition="inside", insidetextanchor="middle",
        ))
    fig = go.Figure(traces)
    totals = df.groupby("group").size() if not df.empty else pd.Series(dtype=int)
    fig.update_layout(annotations=[
        {"x": 0, "y": escape(group), "text": escape(t("common.none_recorded", lang)), "showarrow": False,
         "xanchor": "left", "xshift": 6, "font": {"color": "#666", "size": 12}}
        for group in groups if int(totals.get(group, 0)) == 0])
    fig.update_layout(barmode="stack", legend={"orientation": "h", "x": 1, "xanchor": "right", "y": 1.0,
                                              "yanchor": "bottom", "traceorder": "normal"},
                      xaxis={"title": {"text": escape(t("common.measure_count", lang))}, "rangemode": "tozero",
                             "gridcolor": "#eee", "dtick": _dtick(totals)},
                      yaxis={"categoryorder": "array", "categoryarray": y, "autorange": "reversed",
                             "type": "category", "automargin": True})
    return finish(fig, title, footer, height=160 + 40 * max(len(groups), 1))


def _dtick(totals: pd.Series) -> int | None:
    top = int(totals.max()) if len(totals) else 0
    return 1 if top <= 10 else None


def _unique(labels: list[str]) -> list[str]:
    """Category labels must be unique, or plotly puts two measures on one row."""
    seen: dict[str, int] = {}
    out = []
    for label in labels:
        seen[label] = seen.get(label, 0) + 1
        out.append(label if seen[label] == 1 else f"{label} ({seen[label]})")
    return out


def _short(text: str, width: int = LABEL_WIDTH) -> str:
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


def measure_timeline(df: pd.DataFrame, lang: str, title: str, footer: str | None = None) -> go.Figure:
    """One row per dated measure: a dot at the start of its period and a line to its end, coloured by status.

    df: the timeline's rows (sections.city._timeline: measure_id, title_nl/fr/en, status, statement_kind,
    period_start, period_end, period_precision, quote, quote_en/nl/fr). Rows without period_start are left out: an
    undated measure is never placed at a made-up date; the page lists them apart. Dates known only to the year, or
    approximately, are drawn as hollow dots.
    """
    dated = df[df["period_start"].notna()].sort_values(["period_start", "measure_id"], kind="stable")
    records = dated.to_dict("records")
    labels = _unique([_short(i18n.label(r, "title", lang)) for r in records])
    fig = go.Figure()
    for status in _statuses(dated["status"]):
        color = STATUS_COLORS.get(status, "#999999")
        rows = [(label, r) for label, r in zip(labels, records, strict=True) if r["status"] == status]
        line_x, line_y = [], []
        for label, r in rows:
            if not is_missing(r["period_end"]) and r["period_end"] != r["period_start"]:
                line_x += [r["period_start"], r["period_end"], None]
                line_y += [escape(label), escape(label), None]
        if line_x:
            fig.add_trace(go.Scatter(x=line_x, y=line_y, mode="lines", line={"color": color, "width": 6},
                                     opacity=0.45, hoverinfo="skip", showlegend=False, legendgroup=status))
        hover = []
        for _label, r in rows:
            quote = wrap(str(r["quote"]), 70) if not is_missing(r["quote"]) else ""
            rendering = wrap(i18n.rendering(r, lang) or "", 70)  # in the reader's language; none where the quote is
            kind_key = f"enums.statement_kind_{r['statement_kind']}"
            kind = t(kind_key, lang) if i18n.has(kind_key) else str(r["statement_kind"])
            hover.append(
                f"<b>{wrap(i18n.label(r, 'title', lang), 70)}</b><br>"
                f"{escape(period(r, lang))} · {escape(status_label(status, lang))} · {escape(kind)}"
                + (f"<br><i>“{quote}”</i>" if quote else "")
                + (f"<br>{escape(t('common.quote_en', lang))}{i18n.colon(lang)}“{rendering}”" if rendering else "")
            )
        # The legend shows a filled dot whatever the first measure's precision.
        fig.add_trace(go.Scatter(x=[None], y=[None], mode="markers", name=escape(status_label(status, lang)),
                                 legendgroup=status, marker={"color": color, "size": 11}, hoverinfo="skip"))
        fig.add_trace(go.Scatter(
            x=[r["period_start"] for _, r in rows], y=[escape(label) for label, _ in rows], mode="markers",
            name=escape(status_label(status, lang)), legendgroup=status, showlegend=False,
            hovertext=hover, hoverinfo="text",
            marker={"color": color, "size": 11, "line": {"color": color, "width": 2},
                    "symbol": ["circle-open" if r["period_precision"] in IMPRECISE else "circle" for _, r in rows]},
        ))
    fig.update_layout(legend={"orientation": "h", "y": -0.08 if len(labels) > 8 else -0.2},
                      xaxis={"type": "date", "gridcolor": "#eee"},
                      yaxis={"type": "category", "categoryorder": "array", "automargin": True,
                             "categoryarray": [escape(x) for x in labels], "autorange": "reversed"})
    return finish(fig, title, footer, height=180 + 26 * max(len(labels), 2))
