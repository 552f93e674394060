"""Briefing: a 16:9 slide deck and the data behind it, for the chosen cities, model, language and sections."""
import streamlit as st

from drugpolicy import i18n, markup, sections, state, ui
from drugpolicy.exports import deck, images, tables
from drugpolicy.i18n import t
from drugpolicy.markup import plain

lang = ui.page_setup("briefing")
images.warm_up_in_background()  # the deck's first chart is then ready by the time someone clicks
with ui.guard():
    st.title(t("briefing.title"))
    st.markdown(t("briefing.intro"))
    names, model_names = sections.names(lang)
    picked = state.cities_picker(names, groups=sections.base.groups(lang))
    model = state.model_picker(model_names)
    deck_lang = state.choice("deck_lang", i18n.LANGS, lang, t("briefing.deck_language"),
                             i18n.LANGUAGE_NAMES.get, horizontal=True)
    wanted = st.pills(t("briefing.sections"), list(sections.SLIDES), default=list(sections.SLIDES),
                      format_func=lambda s: t(f"briefing.part_{s}", lang), selection_mode="multi", key="sections")
    if not picked or not wanted:
        st.info(t("common.pick_cities" if not picked else "briefing.pick_section"))
        st.stop()
    if len(picked) > 1 and "gap" in wanted:
        st.caption(t("briefing.home_hint"))
    # the deck follows SLIDES' order whatever the order of picking
    slides = sections.build(picked, model, deck_lang, [s for s in sections.SLIDES if s in wanted])
    if not slides:
        st.info(t("briefing.no_figures"))
        st.stop()
    # The deck's links go to the address the visitor uses (st.context.url: this page's address, no query).
    public_url = (st.context.url or "").removesuffix("/briefing") or None
    slug = "-".join(picked)
    left, right = st.columns(2)
    left.download_button(t("briefing.download_pptx"), file_name=f"briefing-{slug}.pptx",
                         data=lambda: deck.build_deck(slides, cities=picked, model=model, lang=deck_lang,
                                                      public_url=public_url),
                         mime="application/vnd.openxmlformats-officedocument.presentationml.presentation",
                         on_click="ignore", type="primary", width="stretch")
    right.download_button(t("briefing.download_xlsx"), file_name=f"briefing-{slug}.xlsx",
                          data=lambda: tables.briefing_xlsx(picked, model, deck_lang),
                          mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                          on_click="ignore", width="stretch")
    st.subheader(t("briefing.preview"))
    first = slides[0]
    st.markdown(f"**{plain(first.heading)}**")
    if first.figure is not None:
        ui.chart(first.figure, "main_chart")
    if first.key_figures is not None:
        st.html(markup.table_html(first.key_figures))
    ui.caption(ui.sources_caption(first.sources))
