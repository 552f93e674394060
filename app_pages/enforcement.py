"""Enforcement: counts over their periods, one indicator at a time, claims marked apart from statistics."""
import streamlit as st

from drugpolicy import sections, state, ui
from drugpolicy.i18n import t
from drugpolicy.sections import figures

lang = ui.page_setup("enforcement")
with ui.guard():
    st.title(t("enforcement.title"))
    st.info(t("enforcement.caveat"))
    names = sections.names(lang)[0]
    picked = tuple(state.cities_picker(names, default=sections.base.default_group(lang, "enforcement"),
                                       groups=sections.base.groups(lang, "enforcement")))
    indicator_names = figures.indicators(lang)
    if not indicator_names:
        st.info(t("enforcement.nothing"))
        st.stop()
    # opens on the indicator most of the picked cities have
    usual = figures.usual_indicator(picked) if picked else next(iter(indicator_names))
    indicator = state.choice("indicator", list(indicator_names), usual,
                             t("enforcement.indicator_label"), indicator_names.get, widget="selectbox")
    per_names = {"total": t("personnel.per_total"), "100k": t("common.per_100k")}
    per = state.choice("per", list(per_names), "total", t("personnel.per_label"), per_names.get, horizontal=True)
    if not picked:
        st.info(t("common.pick_cities"))
        st.stop()
    for section in [*figures.enforcement(picked, indicator, per, lang), figures.enforcement_all(picked, per, lang)]:
        ui.show(section, lang)
    st.caption(sections.data_date(lang))
