"""The unit every view is made of: a Section (a chart, an HTML block or a list, the table and data behind it, its
notes and sources), with the helpers every section module shares. Pages show sections (ui.show); the deck, the
chart images, the workbooks and the command line take the same ones (drugpolicy.sections.build)."""
from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field
from urllib.parse import urlencode

import pandas as pd
import plotly.graph_objects as go

from drugpolicy import db, i18n, queries
from drugpolicy.cache import shared
from drugpolicy.i18n import t

PUBLIC_URL = os.environ.get("DRUGPOLICY_PUBLIC_URL", "http://localhost:8501")
NO_SOURCES = pd.DataFrame(columns=["source_id", "title", "publisher", "published_date", "published_precision", "url"])


@dataclass(frozen=True)
class Section:
    """One part of a view, as the page shows it top to bottom and a slide takes it.

    key: unique on its page (the chart's widget key is <key>_chart, its table's <key>, its files <name>.<ext>);
    heading (level 2 = st.header, 3 = st.subheader) and intro above it; info: a notice shown instead of the
    content (nothing recorded); figure: a plotly chart; html: a block drawn with st.html (tables, grids, cards);
    markdown: text under it; notes: captions; table: shown on demand ("Show table"), key_figures: the few
    columns a slide shows of it; data: the rows offered for download (CSV, XLSX) with the figure's PNG and SVG;
    sources: the sources behind it (queries.sources_of); url: the public address of the view it was taken from.
    """

    key: str
    heading: str = ""
    level: int = 2
    intro: str = ""
    info: str = ""
    figure: go.Figure | None = None
    html: str = ""
    markdown: str = ""
    notes: tuple[str, ...] = ()
    table: pd.DataFrame | None = None
    table_label: str = ""
    key_figures: pd.DataFrame | None = None
    data: pd.DataFrame | None = None
    name: str = ""  # the download files' name (default: key)
    sources: pd.DataFrame = field(default_factory=lambda: NO_SOURCES)
    url: str = ""


# A measure's status, most advanced first (the pickers' order); the overview and the gap page open on CURRENT,
# what exists, not on what is promised.
STATUSES = ("implemented", "in_progress", "planned", "announced", "promised")
CURRENT = ("implemented", "in_progress")

SOURCES_LISTED = 8  # at most this many sources are named where a view shows them; more are counted


def sources_line(sources: pd.DataFrame, lang: str) -> str:
    """'Sources: title (publisher); …' as plain text in lang; "" when there are none."""
    titles = [f"{r.title} ({r.publisher})" for r in sources.itertuples()]
    return t("common.sources_caption", lang, sources="; ".join(titles)) if titles else ""


@shared
def data_date(lang: str) -> str:
    """'Data as of <date>' from datapackage.json's last_curated, in lang."""
    curated = db.package_meta().get("last_curated")
    if not curated:
        return t("common.date_unknown", lang)
    return t("common.data_date", lang, date=i18n.fmt_date(dt.date.fromisoformat(curated), "day", lang))


@shared
def names(lang: str) -> tuple[dict[str, str], dict[str, str]]:
    """City id -> name and model id -> name in lang, in the data's order; shared: read them, never change them."""
    cities = {r["city_id"]: i18n.label(r, "name", lang) for r in queries.run("cities").to_dict("records")}
    models = {r["model_id"]: i18n.label(r, "name", lang) for r in queries.run("models").to_dict("records")}
    return cities, models


@shared
def record_basis(lang: str) -> dict[str, str]:
    """City id -> what its record rests on ('12 drug-policy measures from 4 sources, latest 2024'), a single-source
    record marked as thin, general-security measures counted apart, and a region said to be no city."""
    out = {}
    for r in queries.run("cities").to_dict("records"):
        n, sources, latest = int(r["measure_count"]), int(r["source_count"]), r["latest_source_year"]
        latest = "?" if pd.isna(latest) else str(int(latest))
        key = "common.basis_none" if n == 0 else "common.basis_one" if sources == 1 else "common.basis_many"
        parts = [t(key, lang, measures=i18n.fmt_number(n, lang), sources=i18n.fmt_number(sources, lang),
                   latest=latest)]
        if r["other_measure_count"]:
            other = int(r["other_measure_count"])
            parts.append(t("common.basis_other_one" if other == 1 else "common.basis_other", lang,
                           n=i18n.fmt_number(other, lang)))
        if r["level"] == "region":
            parts.append(t("common.region_not_city", lang))
        out[r["city_id"]] = "; ".join(parts)
    return out


def licence_line(lang: str) -> str:
    meta = db.package_meta()
    licence = (meta.get("licenses") or [{}])[0]
    return t("briefing.licence", lang, title=meta.get("title", ""), version=meta.get("version", ""),
             licence=licence.get("name", ""))


@shared
def groups(lang: str, domain: str = "") -> dict[str, list[str]]:
    """The peer groups of the data (city_groups), each name with its members that have figures in domain (when
    given), by name: the pickers' one-click choices. Groups without such members are left out. Shared: read it,
    never change it."""
    city_names = names(lang)[0]
    if domain:
        with_figures = set(queries.run("figures_cities", domain=domain)["city_id"])
        city_names = {c: n for c, n in city_names.items() if c in with_figures}
    out = {}
    for _, members in queries.run("peer_groups").dropna(subset=["city_id"]).groupby("sort_order", sort=True):
        ids = sorted((c for c in members["city_id"] if c in city_names), key=lambda c: city_names[c])
        if ids:
            out[i18n.label(members.iloc[0].to_dict(), "name", lang)] = ids
    return out


@shared
def default_group(lang: str, domain: str = "", at_most: int = 12) -> list[str]:
    """The cities a page opens on: the first peer group whose members (those with figures in domain, when given)
    fit in at_most, so no page opens on everything, nor on an unnamed municipality's election programme, nor on
    part of a group. Shared: read it, never change it."""
    found = groups(lang, domain)
    for ids in found.values():
        if len(ids) <= at_most:
            return ids
    return next(iter(found.values()), list(names(lang)[0]))[:at_most]


def model_label(model: str, lang: str) -> str:
    return t("common.model_own", lang) if model == "own" else names(lang)[1][model]


def view_url(page: str, lang: str, **params) -> str:
    """The public address of a page with a view: view_url("compare", "nl", cities=["gent"], model="own")."""
    query = urlencode({**{k: v for k, v in params.items() if v}, "lang": lang}, doseq=True)
    return f"{PUBLIC_URL.rstrip('/')}/{page}?{query}"


def pillar_rows(df: pd.DataFrame, model: str, model_names: dict[str, str], lang: str,
                name: str = "name") -> pd.DataFrame:
    """measures_by_pillar rows with a display label per pillar; on 'own', labels carry the model's name. name: the
    base of the pillar's name columns (measure_list rows: pillar_name)."""
    df = df.copy()
    labels = []
    for r in df.to_dict("records"):
        if not isinstance(r["pillar_id"], str):
            labels.append(t("common.no_pillar", lang))
            continue
        label = i18n.label(r, name, lang)
        labels.append(f"{model_names.get(r['model_id'], r['model_id'])}{i18n.colon(lang)}{label}" if model == "own"
                      else label)
    df["row"] = labels
    # Common models first, then each own model; the no-pillar row last of all.
    df["model_order"] = [2 if not isinstance(p, str) else 0 if m in ("three_track", "five_pillars") else 1
                         for m, p in zip(df["model_id"], df["pillar_id"], strict=True)]
    return df.sort_values(["model_order", "model_id", "sort_order"], kind="stable")
