"""Sections of the gap page, the question policymakers come with: "what do our peers do that we don't?". The
instruments (kinds of measures) one or more peers use and the home city does not, each measure with its status,
period, source and quote; the reverse (what only the home city does); who followed whom among them. The deck's gap
slides (one per peer) sort the same rows."""
from __future__ import annotations

import pandas as pd

from drugpolicy import downloads, i18n, markup, queries
from drugpolicy.cache import shared
from drugpolicy.i18n import t
from drugpolicy.sections import overview
from drugpolicy.sections.base import STATUSES, Section, groups, names, view_url
from drugpolicy.sections.compare import adoptions
from drugpolicy.sections.figures import counted, said_of

PEERS = 3  # the peers the page opens on


@shared
def default_peers(home: str, lang: str) -> list[str]:
    """The peers the page opens on: the home city's first peer group, its members with the most measures
    recorded (the best documented, so the first view says the most), at most PEERS. Shared: read, never change."""
    for ids in groups(lang).values():
        if home in ids:
            others = [c for c in ids if c != home]
            counts = queries.run("measure_counts", cities=others).set_index("city_id")["measure_count"]
            return sorted(others, key=lambda c: -int(counts.get(c, 0)))[:PEERS]
    return []


def split(found: pd.DataFrame) -> tuple[dict[str, list[dict]], dict[str, list[dict]], set[str]]:
    """gap_measures rows by instrument: those only a peer uses (with the peers' measures), those only the home
    city uses (with its measures), and the instruments both use."""
    records = found.to_dict("records")
    home_uses = {r["instrument_id"] for r in records if r["is_home"]}
    peer_uses = {r["instrument_id"] for r in records if not r["is_home"]}
    lacking: dict[str, list[dict]] = {}
    only: dict[str, list[dict]] = {}
    for r in records:
        if not r["is_home"] and r["instrument_id"] not in home_uses:
            lacking.setdefault(r["instrument_id"], []).append(r)
        elif r["is_home"] and r["instrument_id"] not in peer_uses:
            only.setdefault(r["instrument_id"], []).append(r)
    return lacking, only, home_uses & peer_uses


def _item(r: dict, city_names: dict[str, str], lang: str) -> dict:
    """A measure that folds open: city, title and status; inside its kind of statement, period, source, quote."""
    status = t(f"enums.status_{r['status']}", lang)
    return {"summary": f"{city_names[r['city_id']]}: {i18n.label(r, 'title', lang)} ({status})",
            "fields": [(t("common.statement_kind", lang), t(f"enums.statement_kind_{r['statement_kind']}", lang)),
                       (t("common.period_label", lang), downloads.period(r, lang)),
                       (t("common.source", lang), r["source_title"])],
            "quote": r["quote"],
            "notes_after": [i18n.rendering_line(r, lang)]}


def _rows(by_instrument: dict[str, list[dict]], city_names: dict[str, str], lang: str) -> pd.DataFrame:
    """The table behind a list: one row per measure, its quote and source."""
    return pd.DataFrame([{
        t("common.instrument", lang): i18n.label(r, "name", lang),
        t("common.city", lang): city_names[r["city_id"]],
        t("common.measure", lang): i18n.label(r, "title", lang),
        t("common.status", lang): t(f"enums.status_{r['status']}", lang),
        t("common.statement_kind", lang): t(f"enums.statement_kind_{r['statement_kind']}", lang),
        t("common.period_label", lang): downloads.period(r, lang),
        t("common.quote", lang): r["quote"],
        t("common.source", lang): r["source_title"],
    } for records in by_instrument.values() for r in records])


def _list(key: str, heading: str, none: str, by_instrument: dict[str, list[dict]], city_names: dict[str, str],
          lang: str, url: str) -> Section:
    if not by_instrument:
        return Section(key, heading=heading, notes=(none,))
    groups = [{"heading": i18n.label(records[0], "name", lang),
               "items": [_item(r, city_names, lang) for r in records]} for records in by_instrument.values()]
    rows = [r for records in by_instrument.values() for r in records]
    data = pd.DataFrame(rows)[["instrument_id", "city_id", "measure_id", "status", "statement_kind", "period_start",
                               "period_end", "source_id", "url", "quote", "quote_en", "quote_nl", "quote_fr"]]
    return Section(key, heading=heading, html=markup.details_groups_html(groups, i18n.colon(lang)),
                   table=_rows(by_instrument, city_names, lang), table_label=t("gap.table", lang), data=data,
                   name=key, sources=queries.sources_of(data), url=url)


@shared
def page(home: str, peers: tuple[str, ...], statuses: tuple[str, ...], lang: str) -> list[Section]:
    """The gap page: a summary, what the peers do that home does not, what only home does, who followed whom."""
    city_names = names(lang)[0]
    found = queries.run("gap_measures", home=home, peers=list(peers), statuses=list(statuses))
    lacking, only, both = split(found)
    who = {"home": city_names[home], "peers": i18n.listed([city_names[p] for p in peers], lang)}
    url = view_url("gap", lang, city=home, cities=list(peers), statuses=list(statuses))
    status_names = overview.status_names(statuses, lang)
    one = "_one" if len(peers) == 1 else ""
    summary = Section("summary", markdown=t("gap.summary", lang, lacking=i18n.fmt_number(len(lacking), lang),
                                            only=i18n.fmt_number(len(only), lang),
                                            both=i18n.fmt_number(len(both), lang), **who),
                      notes=(t("gap.counted", lang, statuses=status_names), t("gap.caveat", lang)))
    return [summary,
            _list("lacking", t(f"gap.lacking{one}", lang, **who), t("gap.lacking_none", lang, **who), lacking, city_names,
                  lang, url),
            _list("only", t(f"gap.only{one}", lang, **who), t("gap.only_none", lang, **who), only, city_names, lang, url),
            adoptions((home, *peers), lang, level=2)]


def slides(cities: tuple[str, ...], lang: str) -> list[Section]:
    """For the home city (the first picked) against each peer: the instruments the peer uses and home does not, a
    row each with the peer's measures, their status and period, titled with how many ("Antwerp uses 7 instruments
    Aalst does not; both use 5"). Every status counts here: the slide says each measure's."""
    city_names = names(lang)[0]
    home, out = cities[0], []
    for peer in cities[1:]:
        found = queries.run("gap_measures", home=home, peers=[peer], statuses=list(STATUSES))
        lacking, _, both = split(found)
        who = {"home": city_names[home], "peer": city_names[peer]}
        heading = counted("briefing.gap_title" if lacking else "briefing.gap_title_none", len(lacking), lang,
                          n=i18n.fmt_number(len(lacking), lang), **who)
        if both:
            heading = t("briefing.gap_both", lang, text=heading, both=i18n.fmt_number(len(both), lang))
        cells, notes = [], []
        for records in lacking.values():
            instrument = i18n.label(records[0], "name", lang)
            items = [(i18n.label(r, "title", lang), t(f"enums.status_{r['status']}", lang), downloads.period(r, lang))
                     for r in records]
            cells.append({t("common.instrument", lang): instrument,
                          t("briefing.measures_of", lang, city=city_names[peer]):
                              "\n".join(f"{title} ({status}, {period})" for title, status, period in items)})
            notes.append(f"{instrument}{i18n.colon(lang)}" + " | ".join(
                said_of(f"{title} ({status}, {period})", r, lang)
                for (title, status, period), r in zip(items, records, strict=True)))
        rows = pd.DataFrame([r for records in lacking.values() for r in records], columns=found.columns)
        out.append(Section(f"gap_{peer}", heading=heading, intro=t("briefing.gap_intro", lang, **who),
                           key_figures=pd.DataFrame(cells) if cells else None, markdown="\n".join(notes),
                           notes=() if cells else (t("briefing.gap_none", lang, **who),),
                           data=rows, name=f"gap-{home}-{peer}", sources=queries.sources_of(rows),
                           url=view_url("gap", lang, city=home, cities=[peer], statuses=list(STATUSES))))
    return out
