"""Budgets: what cities spend on drug policy, in euro or per inhabitant, with what each amount includes and excludes."""
import streamlit as st

from drugpolicy import charts, ui
from drugpolicy.charts import figures
from drugpolicy.exports import sections
from drugpolicy.i18n import t


@ui.shared
def budgets_view(picked: tuple[str, ...], per: str, lang: str) -> dict:
    """Everything the page shows for a selection, built once per (cities, per, language) for every session."""
    names, df, view = ui.figures_rows("budgets", "figures_budgets", picked, lang)
    if df.empty:
        return view
    title = t("budgets.main_title_inhabitant" if per == "inhabitant" else "budgets.main_title")
    sources = figures.figure_sources(df, per)
    scope = []
    for r in df.to_dict("records"):
        head, text = figures.budget_scope(r, names, lang)
        scope.append(f"- **{ui.plain(head)}** — {ui.plain(text)}")
    view.update({
        "main": figures.budget_bars(df, names, charts.city_colors(names), lang, per, title),
        "table": figures.budget_table(df, names, lang, per),
        "download": df,
        "sources": sources,
        "sources_text": ui.sources_text(sources),
        "scope": scope,
        "data_date": sections.data_date(lang),
    })
    return view


lang = ui.page_setup("budgets")
with ui.guard():
    per_names = {"total": t("budgets.per_total"), "inhabitant": t("budgets.per_inhabitant")}
    picked, per, view = ui.figures_page("budgets", "budgets", per_names, lang, budgets_view)
    st.info(t("budgets.never_summed"))
    ui.chart(view["main"], "main_chart")
    ui.table_expander(t("common.show_table"), "main", view["table"], hide_index=True)
    ui.caption(view["sources_text"])
    ui.chart_downloads(view["main"], view["download"], "budgets", lang, source_rows=view["sources"])

    st.subheader(t("budgets.scope_heading"))
    for line in view["scope"]:
        st.markdown(line)
    st.caption(view["data_date"])
