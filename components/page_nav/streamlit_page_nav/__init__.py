"""A page menu as one Streamlit element (components v2): a <nav> of ordinary links that keep the URL's view.

Nine st.page_link elements cost the server about 0.25 ms each on every visit (each is a message of its own, and
each wakes the event loop), a quarter of a light page's run; this menu is one element, and it registers no
widget. Its links are real links (<a href> with the view's query string): a plain click moves inside the app as
the browser's Back and Forward buttons do (the address is pushed onto the history and Streamlit's frontend runs
the page at that path: one script run, as st.page_link's click); a middle or modified click opens the address in
a new tab. The current page is marked aria-current="page". The script and style are files served by Streamlit
from this package (no inline script): they pass a Content-Security-Policy of script-src 'self'.

    import streamlit_page_nav as nav

    nav.page_nav([("overview", "Overview", "/overview?lang=en", True), ...], title="App", label="Pages")
"""
from __future__ import annotations

import functools
import json

import streamlit as st

__all__ = ["page_nav"]

_component = None  # made on first use: Streamlit knows the component's manifest only once its runtime runs


def page_nav(links, *, title: str = "", label: str = "", langs=(), langs_label: str = "",
             key: str = "page_nav") -> None:
    """Draw the menu.

    links: (page key, text, href, current) per page, in order; href is the link's address (e.g.
    "/compare?lang=en&cities=gent"), whose path must be a page's path in the app; current marks the page shown.
    title: shown in bold above the links; label: the <nav>'s accessible name. langs: (language code, name,
    href, current) per language, shown in a row under langs_label (each link has lang and hreflang). Texts are
    set as text, never parsed as HTML.
    """
    global _component
    if _component is None:
        _component = st.components.v2.component("streamlit-page-nav.nav", js="index.js", css="nav.css",
                                                isolate_styles=False)
    _component(key=key, data=_data(tuple(map(tuple, links)), title, label, tuple(map(tuple, langs)), langs_label))


@functools.lru_cache(maxsize=512)
def _data(links: tuple, title: str, label: str, langs: tuple, langs_label: str) -> str:
    """The menu as the JSON text the script reads; made once per menu (page, language and view) and kept."""
    return json.dumps({"title": title, "label": label, "langs_label": langs_label,
                       "links": [{"key": k, "text": text, "href": href, "current": bool(current)}
                                 for k, text, href, current in links],
                       "langs": [{"code": code, "text": text, "href": href, "current": bool(current)}
                                 for code, text, href, current in langs]},
                      separators=(",", ":"), ensure_ascii=False)
