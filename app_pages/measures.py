"""Measures explorer: every measure in a filterable, searchable table, with the filtered rows downloadable as CSV."""
import streamlit as st

from drugpolicy import downloads, sections, state, ui
from drugpolicy.i18n import t
from drugpolicy.sections import measures

lang = ui.page_setup("measures")
with ui.guard():
    st.title(t("measures.title"))
    st.markdown(t("measures.intro"))
    names, model_names = sections.names(lang)
    groups = sections.base.groups(lang)
    # every city of a peer group: an unnamed municipality's programme only when chosen
    grouped = [c for c in names if any(c in ids for ids in groups.values())] or list(names)
    picked = tuple(state.cities_picker(names, default=grouped, max_n=len(names), groups=groups))
    model = state.model_picker(model_names)
    if not picked:
        st.info(t("common.pick_cities"))
        st.stop()

    chosen, search = measures.filters(picked, model, lang)
    ui.show(measures.status(picked, model, lang, search, chosen), lang)
    rows = measures.matching(picked, model, lang, search, chosen)  # every filtered row, with the ids
    page = measures.page_picker(len(rows), (picked, model, search, chosen), lang)
    ui.show(measures.table(picked, model, lang, search, chosen, page), lang)
    st.download_button(t("common.download_csv"), data=lambda: downloads.csv_bytes(rows),  # made on click
                       file_name="measures.csv", mime="text/csv", key="download_csv", help=t("measures.download_help"),
                       on_click="ignore")
    st.caption(sections.data_date(lang))
