"""Compare: two to four cities per pillar, the instrument gap between a home city and a peer, who followed whom."""
import pandas as pd
import streamlit as st

from drugpolicy import charts, i18n, markup, queries, state, ui
from drugpolicy.charts.compare import pillar_bars
from drugpolicy.exports import sections
from drugpolicy.i18n import t

SPANS = "↔"
GAPS = ("peer_only", "both", "home_only")


def tags(r: dict) -> str:
    """Status and kind of statement of a measure row, as enum labels."""
    return t("enums.status_" + r["status"]) + " · " + t("enums.statement_kind_" + r["statement_kind"])


def measure_item(r: dict, names: dict[str, str], lang: str) -> tuple[str, str, str]:
    """One measure as an item of the grid (markup.list_grid_html): its title in bold; the spans mark, status and
    kind; whose example it follows, in italics."""
    text = (f" {SPANS}" if r.get("spans_pillars") else "") + f" — {tags(r)}"
    follows = ""
    if isinstance(r.get("inspired_by_city_id"), str):
        follows = t("compare.follows", city=names.get(r["inspired_by_city_id"], r["inspired_by_city_id"]))
    return i18n.label(r, "title", lang), text, follows


def adoptions(cities: list[str], names: dict[str, str], lang: str) -> dict:
    """Who followed whose example among cities: the markdown list and its sources caption, or the 'none' caption."""
    links = queries.run("compare_adoptions", cities=cities)
    if links.empty:
        return {"none": t("compare.no_adoptions"), "markdown": "", "sources_text": ""}
    lines = []
    for _, group in links.groupby("measure_id", sort=False):
        r = group.iloc[0].to_dict()
        text = t("compare.adoption_line", follower=names[r["city_id"]], example=names[r["inspired_by_city_id"]],
                 measure=i18n.label(r, "title", lang))
        line = f"- {ui.plain(text)} ({ui.plain(tags(r))})"
        examples = [f"{i18n.label(e, 'example_title', lang)} ({t('enums.status_' + e['example_status'])})"
                    for e in group.to_dict("records") if isinstance(e["example_measure_id"], str)]
        if examples:
            example = t("compare.adoption_example", city=names[r["inspired_by_city_id"]], measures="; ".join(examples))
            line += f"; {ui.plain(example)}"
        lines.append(line)
    return {"none": None, "markdown": "\n".join(lines), "sources_text": ui.sources_text(links)}


def show_adoptions(view: dict) -> None:
    if view["none"] is not None:
        st.caption(view["none"])
        return
    st.markdown(view["markdown"])
    ui.caption(view["sources_text"])


def missing_as_none(value):
    return None if pd.isna(value) else value


def quote_table(df: pd.DataFrame, lang: str) -> pd.DataFrame:
    """One row per measure with its pillars, labels, verbatim quote, English rendering and source."""
    out = []
    for _, group in df.groupby("measure_id", sort=False):
        r = group.iloc[0].to_dict()
        out.append({
            t("common.pillar"): ", ".join(dict.fromkeys(group["row"])),
            t("common.measure"): i18n.label(r, "title", lang),
            t("common.instrument"): i18n.label(r, "instrument_name", lang),
            t("common.status"): t(f"enums.status_{r['status']}"),
            t("common.statement_kind"): t(f"enums.statement_kind_{r['statement_kind']}"),
            # fmt_period does not recognise pandas' NaT as missing.
            t("common.period_label"): i18n.fmt_period(missing_as_none(r["period_start"]),
                                                      missing_as_none(r["period_end"]), r["period_precision"], lang),
            t("common.quote"): r["quote"],
            t("common.quote_en"): r["quote_en"],
            t("common.source"): r["source_title"],
        })
    return pd.DataFrame(out)


@ui.shared
def compare_view(picked: tuple[str, ...], model: str, lang: str) -> dict:
    """Everything the comparison of the picked cities shows, built once per (cities, model, language)."""
    names, model_names = ui.city_names(lang), ui.model_names(lang)
    cities = list(picked)
    model_label = t("common.model_own") if model == "own" else model_names[model]
    counts, measures = sections.compare_rows(cities, model, model_names, lang)
    bars = pillar_bars(counts, measures, names, charts.city_colors(names),
                       t("compare.chart_title", model=model_label), t("common.none_recorded"),
                       t("common.measure_count"), cities=cities, model_names=model_names)
    table = counts.pivot_table(index="row", columns="city_id", values="measure_count", sort=False)
    table = table.reindex(columns=cities).rename(columns=names).map(
        lambda n: t("compare.not_in_model") if pd.isna(n) else (str(int(n)) if n else "–"))
    table = table.rename_axis(index=t("common.pillar"), columns=None)

    # The grid: per pillar row, per city, its measures, or a note saying why it has none.
    in_model = {(r.city_id, r.row) for r in counts.itertuples()}
    items_of: dict[tuple[str, str], list[tuple[str, str, str]]] = {}
    for r in measures.to_dict("records"):
        items_of.setdefault((r["city_id"], r["row"]), []).append(measure_item(r, names, lang))
    no_pillar = t("common.no_pillar")
    grid = [(row, [items_of.get((city, row))
                   or (t("common.none_recorded") if (city, row) in in_model or row == no_pillar
                       else t("compare.not_in_model"))
                   for city in cities])
            for row in dict.fromkeys(counts["row"])]

    quotes = [(city, t("compare.quotes_for", city=ui.plain(names[city])),
               quote_table(measures[measures["city_id"] == city], lang)) for city in cities]
    return {
        "bars": bars,
        "table": table,
        "sources_text": ui.sources_text(measures),
        "download": counts[["city_id", "model_id", "pillar_id", "pillar", "measure_count"]],
        "source_rows": measures[["source_id"]],  # the sources behind the download, all it needs of measures
        "grid_html": markup.list_grid_html([names[city] for city in cities], grid, corner=t("common.pillar")),
        "adoptions": adoptions(cities, names, lang),
        "quotes": quotes,
    }


@ui.shared
def gap_view(home: str, peer: str, lang: str) -> dict:
    """The instrument gap between home and peer and their adoption links, built once per (home, peer, language)."""
    names = ui.city_names(lang)
    gap = queries.run("compare_instrument_gap", home=home, peer=peer)
    who = {"home": ui.plain(names[home]), "peer": ui.plain(names[peer])}
    blocks = []
    for kind in GAPS:
        part = gap[gap["gap"] == kind]
        lines = [f"#### {t(f'compare.gap_{kind}', **who)}"]
        for _, group in part.groupby("instrument_id", sort=False):
            uses = []
            for city, of_city in group.groupby("city_id", sort=False):
                items = ", ".join(f"{ui.plain(i18n.label(r, 'title', lang))} ({ui.plain(tags(r))})"
                                  for r in of_city.to_dict("records"))
                uses.append(f"{ui.plain(names[city])}: {items}")
            instrument = i18n.label(group.iloc[0].to_dict(), "name", lang)
            lines.append(f"- **{ui.plain(instrument)}** — {'; '.join(uses)}")
        if part.empty:
            lines.append(f"_{ui.plain(t('compare.gap_none'))}_")
        blocks.append("\n".join(lines))
    table = pd.DataFrame([{
        t("compare.gap_column"): t(f"compare.gap_label_{r['gap']}", home=names[home], peer=names[peer]),
        t("common.instrument"): i18n.label(r, "name", lang),
        t("common.city"): names[r["city_id"]],
        t("common.measure"): i18n.label(r, "title", lang),
        t("common.status"): t(f"enums.status_{r['status']}"),
        t("common.statement_kind"): t(f"enums.statement_kind_{r['statement_kind']}"),
        t("common.quote"): r["quote"],
        t("common.quote_en"): r["quote_en"],
    } for r in gap.to_dict("records")])
    return {"blocks": blocks, "table": table, "sources_text": ui.sources_text(gap),
            "adoptions": adoptions([home, peer], names, lang)}


lang = ui.page_setup("compare")
with ui.guard():
    st.title(t("compare.title"))
    st.markdown(t("compare.intro"))
    names = ui.city_names(lang)
    model_names = ui.model_names(lang)
    picked = state.cities_picker(names, default=("antwerpen", "aalst"), max_n=4)
    model = state.model_picker(model_names)
    if len(picked) < 2:
        st.info(t("compare.pick_two"))
    else:
        view = compare_view(tuple(picked), model, lang)
        ui.chart(view["bars"], "main_chart")
        st.caption(t("compare.chart_note"))
        ui.table_expander(t("common.show_table"), "main", view["table"], note=t("compare.table_note"))
        ui.caption(view["sources_text"])
        ui.chart_downloads(view["bars"], view["download"], "compare-" + "-".join(picked), lang,
                           source_rows=view["source_rows"])

        st.header(t("compare.grid_heading"))
        st.html(view["grid_html"])
        st.caption(t("compare.spans_legend"))

        st.header(t("compare.adoptions_heading"))
        show_adoptions(view["adoptions"])

        for city, label, quotes in view["quotes"]:
            ui.table_expander(label, f"quotes_{city}", quotes, hide_index=True)

    st.header(t("compare.gap_heading"))
    st.caption(t("compare.gap_intro"))
    left, right = st.columns(2)
    home = state.city_picker(names, default="aalst", param="home", label=t("compare.home"), container=left)
    peer = state.city_picker(names, default="antwerpen", param="peer", label=t("compare.peer"), container=right)
    if home == peer:
        st.info(t("compare.gap_same"))
    else:
        gap = gap_view(home, peer, lang)
        for block in gap["blocks"]:
            st.markdown(block)
        ui.table_expander(t("compare.gap_table"), "gap", gap["table"], hide_index=True)
        ui.caption(gap["sources_text"])
        st.subheader(t("compare.adoptions_heading"))
        show_adoptions(gap["adoptions"])
    st.caption(sections.data_date(lang))
