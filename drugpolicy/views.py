"""Page-side helpers that shape query results for display (labels, model-aware pillar rows)."""
from __future__ import annotations

import datetime as dt

import pandas as pd

from drugpolicy import db, i18n
from drugpolicy.i18n import t
from drugpolicy.memo import shared


def pillar_rows(df: pd.DataFrame, model: str, model_names: dict[str, str], lang: str) -> pd.DataFrame:
    """measures_by_pillar rows with a display label per pillar; on 'own', labels carry the model's name."""
    df = df.copy()
    labels = []
    for r in df.to_dict("records"):
        if not isinstance(r["pillar_id"], str):
            labels.append(t("common.no_pillar", lang))
            continue
        name = i18n.label(r, "name", lang)
        labels.append(f"{model_names.get(r['model_id'], r['model_id'])}: {name}" if model == "own" else name)
    df["row"] = labels
    # Common models first, then each own model; the no-pillar row last of all.
    df["model_order"] = [2 if not isinstance(p, str) else 0 if m in ("three_track", "five_pillars") else 1
                         for m, p in zip(df["model_id"], df["pillar_id"], strict=True)]
    df = df.sort_values(["model_order", "model_id", "sort_order"], kind="stable")
    return df


@shared
def data_date(lang: str) -> str:
    """'Data as of <date>' from datapackage.json's last_curated, in lang."""
    curated = db.package_meta().get("last_curated")
    if not curated:
        return t("common.date_unknown", lang)
    return t("common.data_date", lang, date=i18n.fmt_date(dt.date.fromisoformat(curated), "day", lang))


def compare_rows(cities: list[str], model: str, model_names: dict[str, str], lang: str
                 ) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The Compare chart's data: measure counts per city and pillar, and the measures behind them."""
    import queries

    counts = pillar_rows(queries.run("measures_by_pillar", cities=cities, model=model), model, model_names, lang)
    counts["pillar"] = [t("common.no_pillar", lang) if not isinstance(r["pillar_id"], str) else
                        i18n.label(r, "name", lang) for r in counts.to_dict("records")]
    measures = pillar_rows(queries.run("compare_measures", cities=cities, model=model), model, model_names, lang)
    measures["title"] = [i18n.label(r, "title", lang) for r in measures.to_dict("records")]
    return counts, measures
