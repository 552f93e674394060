"""Views shared by every session, in Streamlit's own resource cache.

The data never change while the server runs, so what a page shows for a selection depends only on the selection,
the language and the data folder: `shared` caches a builder's result per (data folder, builder, language,
arguments) in st.cache_resource, which builds one result per key at a time for every session.
"""
from __future__ import annotations

import collections
import functools

import streamlit as st

from drugpolicy import db, i18n

BUILDS: collections.Counter = collections.Counter()  # builder -> results built (not served from the cache)
CACHE_ENTRIES = 256  # views kept, least recently used dropped first; one is a page's view of one selection


@st.cache_resource(max_entries=CACHE_ENTRIES, show_spinner=False)
def _built(builder: str, data_dir: str, lang: str, args: tuple, kwargs: tuple, _fn):
    """Streamlit's resource cache, shared by every session, one build per key at a time (_fn is not hashed)."""
    BUILDS[builder] += 1
    return _fn(*args, **dict(kwargs))


def shared(fn):
    """Decorator: fn's result cached per (data folder, fn, language, arguments) in Streamlit's resource cache, for
    every session. The data never change while the server runs, so a page's view depends only on the selection and
    the language; fifty visitors opening one link cause one build. Results are shared: never change them."""
    where = f"{fn.__code__.co_filename}:{fn.__qualname__}"  # page scripts all run as __main__

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        return _built(where, str(db.data_dir()), i18n.get_lang(), args, tuple(sorted(kwargs.items())), fn)

    return wrapper
