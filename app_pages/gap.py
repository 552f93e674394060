"""The gap page: what do the peers do that the home city does not (each measure with status, source and quote), and
the reverse. The home city is ?city= (as on the city profile), the peers ?cities=, the statuses ?statuses=."""
import streamlit as st

from drugpolicy import sections, state, ui
from drugpolicy.i18n import t
from drugpolicy.sections import base, gap

lang = ui.page_setup("gap")
with ui.guard():
    st.title(t("gap.title"))
    st.markdown(t("gap.intro"))
    names = sections.names(lang)[0]
    home = state.city_picker(names, default="antwerpen", label=t("gap.home"))
    state.leave_out("cities", home)
    others = {c: n for c, n in names.items() if c != home}
    peers = state.cities_picker(others, default=gap.default_peers(home, lang), label=t("gap.peers"),
                                groups=sections.base.groups(lang))
    statuses = state.choices("statuses", base.STATUSES, base.CURRENT, t("gap.statuses"),
                             lambda s: t(f"enums.status_{s}", lang))
    if not peers:
        st.info(t("gap.pick_peers"))
    elif not statuses:
        st.info(t("gap.pick_statuses"))
    else:
        for section in gap.page(home, tuple(peers), tuple(statuses), lang):
            ui.show(section, lang)
    st.caption(sections.data_date(lang))
