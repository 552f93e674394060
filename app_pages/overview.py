"""Overview: the cities' measures per pillar on the chosen model and statuses, their measures by status and what
each record rests on, headline figures compared like with like, and the curation date."""
import streamlit as st

from drugpolicy import sections, state, ui
from drugpolicy.i18n import t
from drugpolicy.sections import base, overview

lang = ui.page_setup("overview")
with ui.guard():
    st.title(t("overview.title"))
    st.markdown(t("common.app_tagline"))
    names, model_names = sections.names(lang)
    # opens on a whole peer group, not on everything
    picked = state.cities_picker(names, default=base.default_group(lang), groups=base.groups(lang))
    model = state.model_picker(model_names)
    statuses = state.choices("statuses", base.STATUSES, base.CURRENT, t("overview.statuses"),
                             lambda s: t(f"enums.status_{s}", lang))
    if not picked or not statuses:
        st.info(t("common.pick_cities" if not picked else "overview.pick_statuses"))
        st.stop()
    # The matrix is a shaded HTML table, not a chart: the landing page loads no chart library (bench/RESULTS.md);
    # its heatmap is what the downloads and the deck draw.
    statuses = tuple(s for s in base.STATUSES if s in statuses)  # one order, one view
    ui.show(overview.matrix(tuple(picked), model, statuses, lang), lang)
    ui.show(overview.by_status(tuple(picked), lang), lang)
    ui.show(overview.headlines(tuple(picked), lang), lang)
    st.caption(sections.data_date(lang))
