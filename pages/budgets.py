"""Budgets: what cities spend on drug policy, in euro or per inhabitant, with what each amount includes and excludes."""
import streamlit as st

from drugpolicy import charts, ui, views
from drugpolicy.charts import figures
from drugpolicy.i18n import t

lang = ui.page_setup("budgets")
with ui.guard():
    per_names = {"total": t("budgets.per_total"), "inhabitant": t("budgets.per_inhabitant")}
    names, picked, per, df = ui.figures_page("budgets", "budgets", "figures_budgets", per_names, lang)
    st.info(t("budgets.never_summed"))
    title = t("budgets.main_title_inhabitant" if per == "inhabitant" else "budgets.main_title")
    fig = figures.budget_bars(df, names, charts.city_colors(names), lang, per, title)
    st.plotly_chart(fig, config=charts.PLOTLY_CONFIG, key="main_chart")
    with st.expander(t("common.show_table")):
        st.dataframe(figures.budget_table(df, names, lang, per), hide_index=True, width="stretch")
    ui.source_caption(figures.figure_sources(df, per))
    ui.chart_downloads(fig, df, "budgets", lang, source_rows=figures.figure_sources(df, per))

    st.subheader(t("budgets.scope_heading"))
    for r in df.to_dict("records"):
        head, scope = figures.budget_scope(r, names, lang)
        st.markdown(f"- **{ui.plain(head)}** — {ui.plain(scope)}")
    st.caption(views.data_date(lang))
