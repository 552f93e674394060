"""Personnel and capacity: actual staffing against what is required or targeted, in totals or per 100,000 inhabitants."""
import streamlit as st

from drugpolicy import sections, ui
from drugpolicy.i18n import t
from drugpolicy.sections import figures

lang = ui.page_setup("personnel")
with ui.guard():
    per_names = {"total": t("personnel.per_total"), "100k": t("common.per_100k")}
    picked, per = ui.figures_page("personnel", "capacity", per_names)
    for section in figures.personnel(picked, per, lang):
        ui.show(section, lang)
    st.caption(sections.data_date(lang))
