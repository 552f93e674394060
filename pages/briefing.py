"""Briefing: a 16:9 slide deck and the data behind it, for the chosen cities, model, language and sections."""
import streamlit as st

from drugpolicy import i18n, markup, state, ui
from drugpolicy.exports import deck, images, sections, tables
from drugpolicy.i18n import t


@ui.shared
def briefing_view(picked: tuple[str, ...], model: str, deck_lang: str, wanted: tuple[str, ...], lang: str) -> dict:
    """The deck's sections (its slides: chart, key figures, sources) and what the page shows of them, built once
    per (cities, model, deck language, sections, page language) for every session."""
    built = sections.build(list(picked), model, deck_lang, list(wanted))
    deck_names, deck_models = sections.names(deck_lang)
    return {
        "sections": built,
        "city_names": deck_names,
        "model_label": t("common.model_own", deck_lang) if model == "own" else deck_models[model],
        "sources_text": ui.sources_text(built[0].sources) if built else "",
        "preview_html": markup.table_html(built[0].table) if built else "",
    }


lang = ui.page_setup("briefing")
images.warm_up_in_background()  # the deck's first chart is then ready by the time someone clicks
with ui.guard():
    st.title(t("briefing.title"))
    st.markdown(t("briefing.intro"))
    names = ui.city_names(lang)
    model_names = ui.model_names(lang)
    picked = state.cities_picker(names)
    model = state.model_picker(model_names)
    deck_lang = state.choice("deck_lang", i18n.LANGS, lang, t("briefing.deck_language"),
                             ui.LANGUAGE_NAMES.get, horizontal=True)
    wanted = st.pills(t("briefing.sections"), list(sections.SECTIONS), default=list(sections.SECTIONS),
                      format_func=lambda s: t(f"nav.{s}", lang), selection_mode="multi", key="sections")
    if not picked:
        st.info(t("common.pick_cities"))
        st.stop()
    if not wanted:
        st.info(t("briefing.pick_section"))
        st.stop()
    # The deck follows SECTIONS' order whatever the order of picking: one view per set of sections.
    view = briefing_view(tuple(picked), model, deck_lang, tuple(s for s in sections.SECTIONS if s in wanted), lang)
    built = view["sections"]
    if not built:
        st.info(t("briefing.no_figures"))
        st.stop()

    def make_deck() -> bytes:
        return deck.build_deck(built, cities=picked, city_names=view["city_names"], model_label=view["model_label"],
                               lang=deck_lang, data_date=sections.data_date(deck_lang),
                               url=sections.view_url("overview", picked, model, deck_lang),
                               licence=sections.licence_line(deck_lang))

    def make_xlsx() -> bytes:
        sheets, sources = sections.data_sheets(picked, model, deck_lang)
        return tables.xlsx_bytes(sheets, sources, deck_lang)

    slug = "-".join(picked)
    left, right = st.columns(2)
    left.download_button(t("briefing.download_pptx"), data=make_deck, file_name=f"briefing-{slug}.pptx",
                         mime="application/vnd.openxmlformats-officedocument.presentationml.presentation",
                         on_click="ignore", type="primary", width="stretch")
    right.download_button(t("briefing.download_xlsx"), data=make_xlsx, file_name=f"briefing-{slug}.xlsx",
                          mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                          on_click="ignore", width="stretch")
    st.subheader(t("briefing.preview"))
    first = built[0]
    ui.chart(first.figure, "main_chart")
    st.html(view["preview_html"])
    ui.caption(view["sources_text"])
