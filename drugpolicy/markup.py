"""Text from data or the URL made inert for Streamlit markdown."""
from __future__ import annotations

import re

# Characters that can start markup in Streamlit markdown: emphasis, code, links and directives
# like :red[...], headings, tables, strikethrough, LaTeX, and HTML-like tags.
_MD_SPECIAL = re.compile(r"([\\`*_\[\]#|<>~$])")


def plain(text) -> str:
    """No markup, link or HTML in text survives st.markdown, st.warning or st.caption."""
    return _MD_SPECIAL.sub(r"\\\1", "" if text is None else str(text))
