"""Views shared by every session: what a page shows for a selection is built once per process, not per rerun.

The data never change while the server runs, so a page's figures, tables and texts depend only on what the
visitor picked (cities, model, switches) and the language. `@shared` caches a builder's result per
(data folder, builder, language, arguments). Fifty people who open the same link at once cause one build:
the others wait for it instead of building the same thing fifty times.

Results are shared between sessions: callers must never mutate them (plotly figures are copied before any
change by the exports; DataFrames are only displayed).
"""
from __future__ import annotations

import functools
import threading
from collections import OrderedDict

from drugpolicy import db, i18n

SIZE = 128  # entries kept, least recently used dropped first; one entry is a page's view of one selection

_lock = threading.Lock()
_values: OrderedDict = OrderedDict()
_building: dict = {}  # key -> lock held while that key is built
stats = {"hits": 0, "builds": 0}


def _hashable(value):
    if isinstance(value, (list, tuple)):
        return tuple(_hashable(v) for v in value)
    if isinstance(value, (set, frozenset)):
        return frozenset(value)
    if isinstance(value, dict):
        return tuple(sorted((k, _hashable(v)) for k, v in value.items()))
    hash(value)  # a TypeError here names a builder argument that cannot be a cache key
    return value


def shared(fn):
    """Decorator: cache fn's result per (data folder, fn, current language, arguments), shared by sessions.

    fn must depend only on its arguments, the language and the data; arguments must be hashable or lists,
    tuples, sets and dicts of hashable values.
    """
    where = f"{fn.__code__.co_filename}:{fn.__qualname__}"  # page scripts all run as __main__

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        key = (str(db.data_dir()), where, i18n.get_lang(), _hashable(args), _hashable(kwargs))
        with _lock:
            if key in _values:
                _values.move_to_end(key)
                stats["hits"] += 1
                return _values[key]
            building = _building.setdefault(key, threading.Lock())
        with building:  # one build per key; sessions asking meanwhile wait for it
            with _lock:
                if key in _values:
                    stats["hits"] += 1
                    return _values[key]
            try:
                value = fn(*args, **kwargs)
                with _lock:
                    _values[key] = value
                    stats["builds"] += 1
                    while len(_values) > SIZE:
                        _values.popitem(last=False)
            finally:
                with _lock:
                    _building.pop(key, None)
        return value

    return wrapper


def clear() -> None:
    with _lock:
        _values.clear()
