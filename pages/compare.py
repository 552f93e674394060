"""Compare: two to four cities per pillar, the instrument gap between a home city and a peer, who followed whom."""
import pandas as pd
import streamlit as st

import queries
from drugpolicy import charts, i18n, state, ui, views
from drugpolicy.charts.compare import pillar_bars
from drugpolicy.i18n import t

SPANS = "↔"
GAPS = ("peer_only", "both", "home_only")


def tags(r: dict) -> str:
    """Status and kind of statement of a measure row, as enum labels."""
    return t("enums.status_" + r["status"]) + " · " + t("enums.statement_kind_" + r["statement_kind"])


def measure_line(r: dict, names: dict[str, str], lang: str) -> str:
    """One measure as a markdown list item: title, spans mark, status, kind, whose example it follows."""
    line = f"- **{ui.plain(i18n.label(r, 'title', lang))}**"
    if r.get("spans_pillars"):
        line += f" {SPANS}"
    line += f" — {ui.plain(tags(r))}"
    if isinstance(r.get("inspired_by_city_id"), str):
        example = names.get(r["inspired_by_city_id"], r["inspired_by_city_id"])
        line += f" — _{ui.plain(t('compare.follows', city=example))}_"
    return line


def show_adoptions(cities: list[str], names: dict[str, str], lang: str) -> None:
    links = queries.run("compare_adoptions", cities=cities)
    if links.empty:
        st.caption(t("compare.no_adoptions"))
        return
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
    st.markdown("\n".join(lines))
    ui.source_caption(links)


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


lang = ui.page_setup("compare")
with ui.guard():
    st.title(t("compare.title"))
    st.write(t("compare.intro"))
    names = ui.city_names(lang)
    model_names = ui.model_names(lang)
    picked = state.cities_picker(names, default=("antwerpen", "aalst"), max_n=4)
    model = state.model_picker(model_names)
    if len(picked) < 2:
        st.info(t("compare.pick_two"))
    else:
        model_label = t("common.model_own") if model == "own" else model_names[model]
        counts, measures = views.compare_rows(picked, model, model_names, lang)
        bars = pillar_bars(counts, measures, names, charts.city_colors(names),
                           t("compare.chart_title", model=model_label), t("common.none_recorded"),
                           t("common.measure_count"), cities=picked, model_names=model_names)
        st.plotly_chart(bars, config=charts.PLOTLY_CONFIG, key="main_chart")
        st.caption(t("compare.chart_note"))
        with st.expander(t("common.show_table")):
            table = counts.pivot_table(index="row", columns="city_id", values="measure_count", sort=False)
            table = table.reindex(columns=picked).rename(columns=names).map(
                lambda n: t("compare.not_in_model") if pd.isna(n) else (str(int(n)) if n else "–"))
            table = table.rename_axis(index=t("common.pillar"), columns=None)
            st.dataframe(table, width="stretch")
            st.caption(t("compare.table_note"))
        ui.source_caption(measures)
        ui.chart_downloads(bars, counts[["city_id", "model_id", "pillar_id", "pillar", "measure_count"]],
                           "compare-" + "-".join(picked), lang, source_rows=measures)

        st.header(t("compare.grid_heading"))
        header = st.columns(len(picked))
        for col, city in zip(header, picked, strict=True):
            col.markdown(f"**{ui.plain(names[city])}**")
        in_model = {(r.city_id, r.row) for r in counts.itertuples()}
        records = measures.to_dict("records")
        for row in dict.fromkeys(counts["row"]):
            st.subheader(ui.plain(row))
            for col, city in zip(st.columns(len(picked)), picked, strict=True):
                lines = [measure_line(r, names, lang) for r in records if r["city_id"] == city and r["row"] == row]
                with col.container(border=True):
                    st.caption(ui.plain(names[city]))
                    if lines:
                        st.markdown("\n".join(lines))
                    elif (city, row) in in_model or row == t("common.no_pillar"):
                        st.markdown(f"– _{ui.plain(t('common.none_recorded'))}_")
                    else:
                        st.markdown(f"_{ui.plain(t('compare.not_in_model'))}_")
        st.caption(t("compare.spans_legend"))

        st.header(t("compare.adoptions_heading"))
        show_adoptions(picked, names, lang)

        for city in picked:
            with st.expander(t("compare.quotes_for", city=ui.plain(names[city]))):
                st.dataframe(quote_table(measures[measures["city_id"] == city], lang), width="stretch",
                             hide_index=True)

    st.header(t("compare.gap_heading"))
    st.caption(t("compare.gap_intro"))
    left, right = st.columns(2)
    home = state.city_picker(names, default="aalst", param="home", label=t("compare.home"), container=left)
    peer = state.city_picker(names, default="antwerpen", param="peer", label=t("compare.peer"), container=right)
    if home == peer:
        st.info(t("compare.gap_same"))
    else:
        gap = queries.run("compare_instrument_gap", home=home, peer=peer)
        who = {"home": ui.plain(names[home]), "peer": ui.plain(names[peer])}
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
            st.markdown("\n".join(lines))
        with st.expander(t("compare.gap_table")):
            st.dataframe(pd.DataFrame([{
                t("compare.gap_column"): t(f"compare.gap_label_{r['gap']}", home=names[home], peer=names[peer]),
                t("common.instrument"): i18n.label(r, "name", lang),
                t("common.city"): names[r["city_id"]],
                t("common.measure"): i18n.label(r, "title", lang),
                t("common.status"): t(f"enums.status_{r['status']}"),
                t("common.statement_kind"): t(f"enums.statement_kind_{r['statement_kind']}"),
                t("common.quote"): r["quote"],
                t("common.quote_en"): r["quote_en"],
            } for r in gap.to_dict("records")]), width="stretch", hide_index=True)
        ui.source_caption(gap)
        st.subheader(t("compare.adoptions_heading"))
        show_adoptions([home, peer], names, lang)
    st.caption(views.data_date(lang))
