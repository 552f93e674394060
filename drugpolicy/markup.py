"""Text from data or the URL made inert for Streamlit markdown."""
from __future__ import annotations

import re

# Characters that can start markup in Streamlit markdown: emphasis, code, links and directives
# like :red[...], headings, tables, strikethrough, LaTeX, and HTML-like tags.
_MD_SPECIAL = re.compile(r"([\\`*_\[\]#|<>~$])")
# GitHub-flavoured markdown turns bare URLs and e-mail addresses into links, escaped or not; an
# invisible word joiner inside "scheme:", "www." and before "@" keeps them text (checked in chromium).
_AUTOLINK = re.compile(r"(?i)\b(https?|ftp|mailto|javascript|data)(?=:)|\b(www)(?=\.)|(?=@)")
WORD_JOINER = "\u2060"


def plain(text) -> str:
    """No markup, link or HTML in text survives st.markdown, st.warning or st.caption."""
    escaped = _MD_SPECIAL.sub(r"\\\1", "" if text is None else str(text))
    return _AUTOLINK.sub(lambda m: (m.group(0) or "") + WORD_JOINER, escaped)
