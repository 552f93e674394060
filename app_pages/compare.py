"""Compare: the chosen cities per pillar, their measures side by side, who followed whom; the gap page answers
"what does one do that the other does not"."""
import streamlit as st

from drugpolicy import sections, state, ui
from drugpolicy.i18n import t
from drugpolicy.sections import compare
from drugpolicy.sections.base import view_url

lang = ui.page_setup("compare")
with ui.guard():
    st.title(t("compare.title"))
    st.markdown(t("compare.intro"))
    names, model_names = sections.names(lang)
    picked = state.cities_picker(names, default=("antwerpen", "aalst"), groups=sections.base.groups(lang))
    model = state.model_picker(model_names)
    if len(picked) < 2:
        st.info(t("compare.pick_two"))
    else:
        # a relative link: the gap page at this server's address, home the first city, peers the others
        st.markdown(t("gap.from_compare", url=view_url("gap", lang, city=picked[0], cities=picked[1:])
                      .removeprefix(sections.base.PUBLIC_URL.rstrip("/") + "/")))
        for section in compare.comparison(tuple(picked), model, lang):
            ui.show(section, lang)
    st.caption(sections.data_date(lang))
