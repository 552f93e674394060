"""The view lives in the URL (?lang=, ?cities=, ?model=, ...); the selection survives moving between pages."""
from __future__ import annotations

import re
from collections.abc import Callable, Sequence

import streamlit as st

from drugpolicy import i18n
from drugpolicy.i18n import t
from drugpolicy.markup import plain

MAX_VALUE_LEN = 40  # longer values are cut in notices, never echoed whole
MAX_VALUES = 12  # values read per parameter when it has fewer options; beyond that, a notice
# A choice among at most this many options is shown whole, as pills (one click a city); a longer list (every
# municipality) is a select to type in. Pills also spare the browser the select's code: a page whose only selects
# were pickers shows its chart some 0.2 s sooner (bench/RESULTS.md, eighth run).
PILLS_MAX = 12
_ID = re.compile(r"[a-z0-9][a-z0-9_-]{0,39}")
SHARED = ("lang", "cities", "city", "model")  # carried along by the navigation links
MODELS = ("three_track", "five_pillars", "own")


def _short(value: str) -> str:
    return value if len(value) <= MAX_VALUE_LEN else value[:MAX_VALUE_LEN] + "…"


def notice(message: str) -> None:
    """A visible, plain-text notice (never markdown or HTML from the URL)."""
    st.warning(plain(message), icon=None)


def _raw(param: str, limit: int = MAX_VALUES, quiet: bool = True) -> list[str] | None:
    """The URL's values for param (repeated keys and commas), at most `limit`; beyond it, a notice unless quiet."""
    if param not in st.query_params:
        return None
    items = st.query_params.get_all(param)
    values: list[str] = []
    for item in items[:limit]:
        values.extend(v.strip() for v in item.split(","))
    values = [v for v in values if v]
    if (len(values) > limit or len(items) > limit) and not quiet:
        notice(t("common.too_many_values", param=param, max=limit))
    return values[:limit]


def _from_url(param: str, known: Sequence[str], quiet: bool = False) -> list[str] | None:
    # As many values as there are options (every city in the explorer), and never fewer than MAX_VALUES.
    raw = _raw(param, max(MAX_VALUES, len(known)), quiet)
    if raw is None:
        return None
    out: list[str] = []
    for value in raw:
        if value in known:
            if value not in out:
                out.append(value)
        elif not quiet:
            notice(t("common.unknown_param", value=_short(value), param=param))
    return out or None


def lang(quiet: bool = False) -> str:
    """Resolve the language: ?lang=, else this session's, else the browser's if nl/fr/en, else Dutch."""
    chosen = _from_url("lang", i18n.LANGS, quiet)
    if chosen:
        value = chosen[0]
    elif st.session_state.get("sel_lang") in i18n.LANGS:
        value = st.session_state["sel_lang"]
    else:
        browser = (st.context.locale or "").split("-")[0].lower()
        value = browser if browser in i18n.LANGS else i18n.DEFAULT_LANG
    st.session_state["sel_lang"] = value
    i18n.set_lang(value)
    return value


def _write(param: str, value, multi: bool, default: list[str]) -> None:
    """Keep the choice in the URL. A choice or a multi-selection equal to the page's default is left out: the link
    opens the same view, and the explorer's default, every city, would make a URL of some 10 KB at a few hundred
    cities (over the 8 KB request line a proxy such as nginx accepts by default)."""
    if multi:
        if list(value) == default:
            if param in st.query_params:
                del st.query_params[param]
        else:
            set_param(param, list(value))
    elif value is not None and (param in st.query_params or value != default[0]):
        # a default choice stays out of the URL until the reader changes it: arriving on a page then writes
        # nothing, which would push an entry onto the browser's history (one more Back to leave the page)
        set_param(param, value)


def set_param(param: str, value: str | list[str]) -> None:
    """Put value in the URL as param, unless the URL holds it already: every write is a message to the browser."""
    wanted = [value] if isinstance(value, str) else list(value)
    if st.query_params.get_all(param) != wanted:
        st.query_params[param] = value


def _store(param: str, key: str, multi: bool, default: list[str]) -> None:
    value = st.session_state[key]
    if multi:  # in the order of picking, as a multiselect keeps it: one picked past the limit is the one left out
        before = st.session_state.get(f"sel_{param}") or []
        value = [v for v in before if v in value] + [v for v in value if v not in before]
    st.session_state[f"sel_{param}"] = value
    _write(param, value, multi, default)


def _as_text(fmt: Callable[[str], str]) -> Callable[[str], str]:
    """fmt, its labels escaped for a widget that renders them as markdown (pills, radio)."""
    return lambda value: plain(fmt(value))


def _picker(param: str, options: Sequence[str], default, *, multi: bool, widget, label: str,
            fmt: Callable[[str], str], container, max_n: int | None = None, **kwargs):
    key = f"w_{param}"
    default = list(default)
    chosen = _from_url(param, options)
    if chosen is None:
        saved = st.session_state.get(f"sel_{param}")
        saved = [saved] if isinstance(saved, str) else saved
        chosen = [v for v in (saved or []) if v in options] or list(default)
    if max_n and len(chosen) > max_n:
        # known cities, named in full (notice() makes the text plain)
        notice(t("common.too_many_cities", max=max_n, dropped=", ".join(fmt(c) for c in chosen[max_n:])))
        chosen = chosen[:max_n]
    value = chosen if multi else chosen[0]
    st.session_state[key] = value
    widget_kwargs = {"max_selections": max_n} if multi and max_n else {}
    if widget in ("multiselect", "selectbox") and len(options) <= PILLS_MAX:
        # pills have no max_selections: one picked past max_n is left out with a notice (above, on the rerun)
        widget_kwargs = {"selection_mode": "multi"} if multi else {"selection_mode": "single", "required": True}
        widget = "pills"
    container_widget = getattr(container, widget)
    if widget in ("pills", "radio"):  # these show their options' labels as markdown: names from the data stay text
        fmt = _as_text(fmt)
    result = container_widget(label, options=list(options), format_func=fmt, key=key,
                              on_change=_store, args=(param, key, multi, default), **widget_kwargs, **kwargs)
    st.session_state[f"sel_{param}"] = result
    _write(param, result, multi, default)
    return result


def cities_picker(all_cities: dict[str, str], default: Sequence[str] = ("antwerpen", "aalst"), *,
                  max_n: int = MAX_VALUES, container=st, label: str | None = None,
                  groups: dict[str, list[str]] | None = None) -> list[str]:
    """Multi-select of cities (id -> display name), kept in ?cities=: pills, or a multiselect past PILLS_MAX (it
    searches as one types). groups (name -> city ids): one click puts a group's cities in the selection."""
    if groups:
        group_pills(groups, all_cities, max_n, container)
    return _picker("cities", list(all_cities), default, multi=True, widget="multiselect",
                   label=label or t("common.cities"), fmt=lambda c: all_cities.get(c, c), container=container,
                   max_n=max_n)


# The pickers' style, sent once per page (ui.page_setup):
# - Streamlit's search-as-you-type multiselect caps its box of chosen items at about five lines and scrolls inside
#   it: twelve cities on a phone then hide their last chips. The box (data-testid stMultiSelectTagsContainer, inside
#   a group with the cap) grows with its chips instead; tests/test_layout.py checks every chosen city is on screen.
# - The peer groups: a row of pills (one click) on a wide screen; on a phone, where the pills wrap to half a screen
#   and push the page's content down, a one-line select. Streamlit gives a keyed container the class st-key-<key>.
PICKER_STYLE = ("<style>[data-testid='stMultiSelect'] [role='group']:has(> [data-testid='stMultiSelectTagsContainer']),"
                "[data-testid='stMultiSelectTagsContainer']{max-height:none;overflow:visible;min-width:0}"
                "@media (max-width:640px){.st-key-groups_wide{display:none}}"
                "@media (min-width:641px){.st-key-groups_narrow{display:none}}</style>")


def group_pills(groups: dict[str, list[str]], all_cities: dict[str, str], max_n: int, container=st) -> None:
    """The peer groups: a click makes the group's cities (those on offer, at most max_n) the selection."""
    offered = {name: [c for c in ids if c in all_cities] for name, ids in groups.items()}
    offered = {name: ids for name, ids in offered.items() if ids}

    def pick(key: str) -> None:
        name = st.session_state.get(key)
        st.session_state[key] = None  # a button, not a state: the selection shows what was picked
        if name in offered:
            chosen = offered[name][:max_n]
            st.session_state["w_cities"] = chosen
            st.session_state["sel_cities"] = chosen
            set_param("cities", chosen)

    label = t("common.peer_groups")
    def fmt(name: str) -> str:
        return f"{name} ({len(offered[name])})"

    container.container(key="groups_wide").pills(label, list(offered), key="w_group", on_change=pick,
                                                 args=("w_group",), format_func=_as_text(fmt))  # pills: markdown
    container.container(key="groups_narrow").selectbox(label, list(offered), index=None, key="w_group_narrow",
                                                       on_change=pick, args=("w_group_narrow",), format_func=fmt,
                                                       placeholder=t("common.peer_groups_placeholder"))


def leave_out(param: str, value: str) -> None:
    """Take value out of a multi-choice (?cities= without the home city on the gap page), in the URL and in the
    choice this session keeps, without a notice: the page offers it elsewhere."""
    values = _raw(param, MAX_CARRIED) or []
    if value in values:
        set_param(param, [v for v in values if v != value])
    saved = st.session_state.get(f"sel_{param}")
    if isinstance(saved, list) and value in saved:
        st.session_state[f"sel_{param}"] = [v for v in saved if v != value]


def city_picker(all_cities: dict[str, str], default: str = "antwerpen", *, param: str = "city",
                label: str | None = None, container=st) -> str:
    """Single city, kept in ?<param>= : pills, or a selectbox past PILLS_MAX."""
    return _picker(param, list(all_cities), [default], multi=False, widget="selectbox",
                   label=label or t("common.city"), fmt=lambda c: all_cities.get(c, c), container=container)


def model_picker(model_names: dict[str, str], *, container=st, default: str = "three_track") -> str:
    """The pillar model: three_track, five_pillars or own, kept in ?model=."""
    names = {**model_names, "own": t("common.model_own")}
    return _picker("model", list(MODELS), [default], multi=False, widget="radio", label=t("common.model"),
                   fmt=lambda m: names.get(m, m), container=container, horizontal=True)


def choices(param: str, options: Sequence[str], default: Sequence[str], label: str, fmt: Callable[[str], str],
            *, container=st) -> list[str]:
    """Any multiple choice kept in the URL (e.g. ?statuses=implemented,in_progress): pills, or a multiselect."""
    return _picker(param, list(options), default, multi=True, widget="multiselect", label=label, fmt=fmt,
                   container=container)


def choice(param: str, options: Sequence[str], default: str, label: str, fmt: Callable[[str], str],
           *, container=st, widget: str = "radio", **kwargs) -> str:
    """Any single choice kept in the URL (e.g. ?per=100k)."""
    return _picker(param, list(options), [default], multi=False, widget=widget, label=label, fmt=fmt,
                   container=container, **kwargs)


MAX_CARRIED = 1000  # values per parameter carried to another address (a list of every city fits)


def _ids(param: str) -> list[str]:
    """The URL's id-like values for param (_raw's reading, at most MAX_CARRIED); junk left out."""
    return [v for v in _raw(param, MAX_CARRIED) or [] if _ID.fullmatch(v)]


def url_params() -> dict[str, list[str]]:
    """This page's URL parameters with their id-like values only (junk is not carried to another address)."""
    out = {}
    for param in st.query_params:
        values = _ids(param) if _ID.fullmatch(param) else []
        if values:
            out[param] = values
    return out


def shared_params() -> dict[str, list[str] | str]:
    """The selection to carry to another page."""
    out: dict[str, list[str] | str] = {}
    for param in SHARED:
        value = st.session_state.get(f"sel_{param}")
        if not value and param != "lang":
            # Opened by a deep link on a page without that picker: carry the URL's id-like values
            # along (an unknown id gets its notice on the page that reads it; junk is not carried).
            value = _ids(param)
        if value:
            out[param] = list(value) if isinstance(value, (list, tuple)) else value
    return out
