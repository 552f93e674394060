"""A page menu as one Streamlit element (components v2): a <nav> of ordinary links that keep the URL's view.

Nine st.page_link elements cost the server about 0.25 ms each on every visit (each is a message of its own, and
each wakes the event loop), a quarter of a light page's run; this menu is one element. Its links are real links
(<a href> with the view's query string): a plain click navigates inside the app (the element reports the page,
and the app calls st.switch_page), a middle or modified click opens the address in a new tab as the browser does.
The current page is marked aria-current="page". The script and style are files served by Streamlit from this
package (no inline script): they pass a Content-Security-Policy of script-src 'self'.

    import streamlit_page_nav as nav

    clicked = nav.page_nav([("overview", "Overview", "overview?lang=en", True), ...], title="App", label="Pages")
    if clicked:
        st.switch_page(...)
"""
from __future__ import annotations

import json

import streamlit as st

__all__ = ["page_nav"]

_component = None  # made on first use: Streamlit knows the component's manifest only once its runtime runs


def _ignore() -> None:
    """The click's callback: the page is read from the element's result in the same run."""


def page_nav(links, *, title: str = "", label: str = "", key: str = "page_nav") -> str | None:
    """Draw the menu; return the key of the page the visitor has just clicked (in the run the click causes), else None.

    links: (page key, text, href, current) per page, in order; href is the link's address relative to the app
    (e.g. "compare?lang=en&cities=gent"); current marks the page shown. title: shown in bold above the links;
    label: the <nav>'s accessible name. Texts are set as text, never parsed as HTML.
    """
    global _component
    if _component is None:
        _component = st.components.v2.component("streamlit-page-nav.nav", js="index.js", css="nav.css",
                                                isolate_styles=False)
    data = json.dumps({"title": title, "label": label,
                       "links": [{"key": k, "text": text, "href": href, "current": bool(current)}
                                 for k, text, href, current in links]}, separators=(",", ":"))
    result = _component(key=key, data=data, on_go_change=_ignore)
    return getattr(result, "go", None)
