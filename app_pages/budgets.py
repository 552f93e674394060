"""Budgets: what cities spend on drug policy, in euro or per inhabitant, with what each amount includes and excludes."""
import streamlit as st

from drugpolicy import sections, ui
from drugpolicy.i18n import t
from drugpolicy.sections import figures

lang = ui.page_setup("budgets")
with ui.guard():
    per_names = {"total": t("budgets.per_total"), "inhabitant": t("budgets.per_inhabitant")}
    picked, per = ui.figures_page("budgets", "budgets", per_names)
    st.info(t("budgets.never_summed"))
    for section in figures.budgets(picked, per, lang):
        ui.show(section, lang)
    st.caption(sections.data_date(lang))
