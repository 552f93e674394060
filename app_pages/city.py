"""City profile: one city in full, from its own pillar model and measures to its budgets, figures, timeline and sources."""
import streamlit as st

from drugpolicy import sections, state, ui
from drugpolicy.exports import pdf
from drugpolicy.i18n import t
from drugpolicy.sections import city as profile

lang = ui.page_setup("city")
st.html(pdf.PRINT_STYLE)  # the browser's own print (Ctrl+P): no sidebar or toolbar, tables wrapped, quotes shown
with ui.guard():
    city = state.city_picker(sections.names(lang)[0], default="antwerpen")
    title, button = st.columns([5, 1], vertical_alignment="bottom")
    title.title(profile.title(city, lang))
    # made when clicked (a few seconds, once per city and language for every visitor), not on every view
    button.download_button(t("city.download_pdf"), data=lambda: pdf.city_pdf(city, lang), mime="application/pdf",
                           file_name=f"{t('city.pdf_file', city=city)}.pdf", on_click="ignore", key="pdf",
                           icon=":material/picture_as_pdf:", help=t("city.download_pdf_help"), width="stretch")
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
