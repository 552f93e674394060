"""Budgets: what cities spend on drug policy, in euro or per inhabitant, with what each amount includes and excludes."""
import streamlit as st

import queries
from drugpolicy import charts, state, ui, views
from drugpolicy.charts import figures
from drugpolicy.i18n import t

lang = ui.page_setup("budgets")
with ui.guard():
    st.title(t("budgets.title"))
    st.write(t("budgets.intro"))
    names = ui.city_names(lang)
    with_figures = list(queries.run("figures_cities", domain="budgets")["city_id"])
    picked = state.cities_picker(names, default=with_figures, max_n=5)
    per_names = {"total": t("budgets.per_total"), "inhabitant": t("budgets.per_inhabitant")}
    per = state.choice("per", list(per_names), "total", t("budgets.per_label"), per_names.get, horizontal=True)
    if not picked:
        st.info(t("common.pick_cities"))
        st.stop()
    df = queries.run("figures_budgets", cities=picked)
    without = [names[c] for c in picked if c not in set(df["city_id"])]
    if without:
        st.caption(ui.plain(t("budgets.no_figures_for", cities=", ".join(without))))
    if df.empty:
        st.info(t("budgets.nothing"))
        st.stop()
    st.info(t("budgets.never_summed"))
    title = t("budgets.main_title_inhabitant" if per == "inhabitant" else "budgets.main_title")
    st.plotly_chart(figures.budget_bars(df, names, charts.city_colors(names), lang, per, title),
                    config=charts.PLOTLY_CONFIG, key="main_chart")
    with st.expander(t("common.show_table")):
        st.dataframe(figures.budget_table(df, names, lang, per), hide_index=True, width="stretch")
    ui.source_caption(figures.figure_sources(df, per))

    st.subheader(t("budgets.scope_heading"))
    for r in df.to_dict("records"):
        head, scope = figures.budget_scope(r, names, lang)
        st.markdown(f"- **{ui.plain(head)}** — {ui.plain(scope)}")
    st.caption(views.data_date(lang))
