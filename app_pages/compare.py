"""Compare: two to four cities per pillar, the instrument gap between a home city and a peer, who followed whom."""
import streamlit as st

from drugpolicy import sections, state, ui
from drugpolicy.i18n import t
from drugpolicy.sections import compare

lang = ui.page_setup("compare")
with ui.guard():
    st.title(t("compare.title"))
    st.markdown(t("compare.intro"))
    names, model_names = sections.names(lang)
    picked = state.cities_picker(names, default=("antwerpen", "aalst"), max_n=4)
    model = state.model_picker(model_names)
    if len(picked) < 2:
        st.info(t("compare.pick_two"))
    else:
        for section in compare.comparison(tuple(picked), model, lang):
            ui.show(section, lang)

    st.header(t("compare.gap_heading"))
    st.caption(t("compare.gap_intro"))
    left, right = st.columns(2)
    home = state.city_picker(names, default="aalst", param="home", label=t("compare.home"), container=left)
    peer = state.city_picker(names, default="antwerpen", param="peer", label=t("compare.peer"), container=right)
    if home == peer:
        st.info(t("compare.gap_same"))
    else:
        for section in compare.gap(home, peer, lang):
            if section.key != "adoptions" or not {home, peer} <= set(picked):  # else listed above already
                ui.show(section, lang)
    st.caption(sections.data_date(lang))
