"""Sources and method: every source, the curation rules, the crosswalk between models, the glossary, how to cite."""
import streamlit as st

from drugpolicy import db, state, ui
from drugpolicy.i18n import t
from drugpolicy.sections import sources

lang = ui.page_setup("sources")
with ui.guard():
    st.title(t("sources.title"))
    st.markdown(t("sources.intro"))
    for section in (sources.source_list(lang), *sources.method(lang), sources.crosswalk_head(lang)):
        ui.show(section, lang)
    names = sources.model_choices(lang)
    model = state.choice("from_model", list(names), "all", t("sources.from_model"), lambda m: names.get(m, m),
                         horizontal=True)
    for section in (*sources.crosswalk(model, lang), sources.crosswalk_all(lang), sources.glossary(lang),
                    sources.citation(st.context.url, lang), sources.download_head(lang)):
        ui.show(section, lang)
    # The ZIP is made when the button is clicked (and cached), not on every run of the page.
    make_zip, file_name, files = sources.package(db.data_dir(), lang)
    st.download_button(t("sources.download_button"), data=make_zip, file_name=file_name, mime="application/zip",
                       on_click="ignore")
    ui.show(files, lang)
