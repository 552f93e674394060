"""City profile: one city in full, from its own pillar model and measures to its budgets, figures, timeline and sources."""
import streamlit as st

from drugpolicy import sections, state, ui
from drugpolicy.sections import city as profile

lang = ui.page_setup("city")
with ui.guard():
    city = state.city_picker(sections.names(lang)[0], default="antwerpen")
    st.title(profile.title(city, lang))
    facts, zones, population, model, quote, *rest = profile.city_view(city, lang)
    ui.show(facts, lang)
    left, right = st.columns([2, 3])
    with left:
        ui.show(zones, lang)
    with right:
        ui.show(population, lang)
    ui.show(model, lang)
    if quote.markdown:  # where the source names the model, in its words
        with st.expander(quote.table_label):
            ui.show(quote, lang)
    for section in rest:
        ui.show(section, lang)
    st.caption(sections.data_date(lang))
