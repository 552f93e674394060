"""Overview: the cities' measures per pillar on the chosen model, headline figures, and the curation date."""
import streamlit as st

from drugpolicy import sections, state, ui
from drugpolicy.i18n import t
from drugpolicy.sections import overview

lang = ui.page_setup("overview")
with ui.guard():
    st.title(t("overview.title"))
    st.markdown(t("common.app_tagline"))
    names, model_names = sections.names(lang)
    # opens on a peer group (the first with members), not on everything
    picked = state.cities_picker(names, default=sections.base.default_group(lang), max_n=5)
    model = state.model_picker(model_names)
    if not picked:
        st.info(t("common.pick_cities"))
        st.stop()
    # The matrix is a shaded HTML table, not a chart: the landing page loads no chart library (bench/RESULTS.md);
    # its heatmap is what the downloads and the deck draw.
    ui.show(overview.matrix(tuple(picked), model, lang), lang)
    ui.show(overview.headlines(tuple(picked), lang), lang)
    st.caption(sections.data_date(lang))
