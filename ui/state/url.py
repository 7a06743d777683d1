"""The one URL-state module of the pages: `state({...})` declares a page's parameters with the kinds
below (choice, switch, text, number, steps), checks the link, starts every widget from it and has
`commit` write the widgets' values back, one history entry per change (the history model below).
Parsing and validation are pure functions in ui/state/url_values.py."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import streamlit as st

from ui.state import session, url_values


def raw_params() -> dict[str, list[str]]:
    return {k: st.query_params.get_all(k) for k in st.query_params}


def check_url(spec: dict, max_values: dict | None = None) -> None:
    """Warn about link values this page will ignore (bound widgets drop them silently).

    Unknown parameter names are only reported on the session's first run: that is when a pasted
    link arrives; later runs may still carry a previous page's parameters for a moment.
    """
    raw = raw_params()
    problems = url_values.invalid_params(raw, spec, max_values)
    problems += [p for p in session.current().take_ignored() if p[0] not in spec]  # e.g. highlight
    if session.current().runs > 1:
        problems = [p for p in problems if p[2] != "not a setting of this page"]
    if problems:
        st.warning(url_values.notice_text(problems), icon=":material/link_off:")
        for key, _, why in problems:
            if why == "not a setting of this page" and key in st.query_params:
                try:
                    del st.query_params[key]
                except Exception:  # a bound parameter cannot be deleted here; Streamlit drops it itself
                    pass
    _drop_invalid(raw, spec)


def _drop_invalid(raw: dict[str, list[str]], spec: dict) -> None:
    """Keep in the address only what the notice did not name, in the widget's own spelling
    (url_values.canonical_values: switches as true/false, range ends on a step, one value for a single
    choice), so a widget seeded from it (seed / seed_value below) never starts from a value the notice
    said was ignored, and a value the parser accepted is never dropped. No widget is bound to the
    address, so st.query_params is the only copy of the link to correct."""
    for key, good in url_values.canonical_values(raw, spec).items():
        try:
            if good:
                st.query_params[key] = good
            else:
                del st.query_params[key]
        except Exception:  # see check_url: a parameter Streamlit will not delete here
            pass


# ----- The history model ------------------------------------------------------------------------
# Every view change (episode, filters, compare set, benchmark, sort, presenter mode) adds ONE browser
# history entry; Back/Forward restore exactly the previous/next view; a reload restores the current one.
#
# How, with Streamlit 1.67's public API only:
# - No widget is bound with bind="query-params": a bound widget writes the address with
#   history.replaceState (the entry is overwritten, so Back skips states), and each bound widget
#   writes on its own (a filter change and the page's own corrections would be several writes).
# - Widgets take their value from the URL before they are drawn (`seed` / `seed_value`) and report
#   it afterwards (`publish`); dashboard.py calls `commit` once at the end of the run, which writes
#   the whole query with ONE st.query_params.from_dict. Streamlit's frontend turns a query change
#   sent by the script into history.pushState (one entry), and into replaceState while it is handling
#   a Back/Forward, so restoring a state never adds an entry.
# - Back/Forward rerun the page with the restored address. The page notices because the address no
#   longer says what this session last wrote (`session.written`): every widget is then seeded again from
#   the address, so the view is the one that entry was written for. A user's own change leaves the
#   address as written, so the widgets keep the user's values.
# Nothing here reads Streamlit internals; tests/e2e/test_history.py walks Back and Forward in Chromium.
# What this module remembers between runs is in ui/state/session.py (written, spec, wanted, share_only).


def _address_moved(key: str) -> bool:
    """True when the browser's address holds another value for `key` than this session last wrote
    on this page (Back/Forward, an edited or pasted address): the address then wins."""
    written = session.current().written
    if not written:
        return False
    if written[0] != session.current().page:  # another page wrote last: this page was entered, its address decides
        return True
    return st.query_params.get_all(key) != written[1].get(key, [])


def set_page(url_path: str) -> None:
    """Called by dashboard.py before the page runs (its url_path): written params are per page."""
    session.current().start_page(url_path)


def ignore(*problems: tuple[str, str, str]) -> None:
    """Link values a seed could not use, as (param, value, why): the page's check_url names them."""
    session.current().seed_ignored.extend(problems)


def last_value(values: list[str]) -> str | None:
    """A widget holding one text: the link's last value for it (None: the widget's default)."""
    return values[-1] if values else None


@dataclass(frozen=True)
class Param:
    """One URL parameter of a page, named like the widget (its key) that shows it.

    `check` validates the link's values (ui/state/url_values.py: one_of, boolean, number, ...); the widget starts
    from `options` (a selector: the link names them by their text) or from `parse(values)` (a text,
    number, switch or range: None = `default`). After the page ran, `commit` writes the widget's value
    (through `to_url`, if given) unless it is `default`; `share_default` keeps it in the share link even then.
    """

    check: Callable
    options: Sequence | None = None
    parse: Callable = last_value
    default: Any = None
    multi: bool = False
    max_values: int | None = None
    to_url: Callable | None = None
    share_default: bool = False


def state(spec: dict[str, Param], renamed: dict[str, str] | None = None) -> None:
    """A page's one URL call, before it draws its widgets: name what the link asks that the page cannot
    honour (check_url), start every widget from the link (a pasted link, a reload, Back/Forward), and
    have `commit` write their values back after the page ran (one history entry per change).

    `renamed` maps a parameter's old name to its name now: an old link still works, with a notice."""
    for old, new in (renamed or {}).items():
        if old in st.query_params:
            values = st.query_params.get_all(old)
            del st.query_params[old]
            if new not in st.query_params:
                st.query_params[new] = values
            st.info(url_values.renamed_text(old, new), icon=":material/link:")
    check_url(
        {key: p.check for key, p in spec.items()},
        max_values={key: p.max_values for key, p in spec.items() if p.max_values},
    )
    for key, p in spec.items():
        if p.options is not None:
            seed(key, p.options, multi=p.multi, default=p.default, max_values=p.max_values)
        else:
            seed_value(key, p.parse, default=p.default)
    session.current().spec = dict(spec)


def _publish_spec() -> None:
    """Every `state` widget's value, as it stands after the page ran, into this run's address."""
    for key, p in session.current().spec.items():
        shown = p.to_url or (lambda v: v)
        value = st.session_state.get(key)
        publish(
            key,
            None if value is None else shown(value),
            None if p.default is None else shown(p.default),
            share_default=p.share_default,
        )


def seed(key: str, options, multi: bool = False, default=None, max_values: int | None = None) -> None:
    """Before drawing a selector: take its value from the URL (first visit, reload, Back/Forward).

    Selectors keep short ids in the URL (a label like "S2E3 · SLMs and Reasoning" would be ugly).
    The value is taken when the widget has no state yet (a link opened, the page entered) or when the
    address moved under the page (history navigation); otherwise the user's value stands.
    """
    if key in st.session_state and not _address_moved(key):
        return
    by_text = {str(o): o for o in options}
    asked = st.query_params.get_all(key)
    picked = [by_text[v] for v in asked if v in by_text]
    unknown = [v for v in asked if v and v not in by_text]
    if unknown and key not in st.session_state:
        ignore(*((key, v, "not a valid value here") for v in unknown))
    if multi:
        picked = list(dict.fromkeys(picked))
        st.session_state[key] = picked[:max_values] if max_values else picked
    else:
        dropped = [str(v) for v in dict.fromkeys(picked[:-1]) if v != picked[-1]]
        if dropped and key not in st.session_state:  # one selector, several values: the last is used, named
            ignore((key, ",".join(dropped), f"only one value is used: {picked[-1]}"))
        st.session_state[key] = picked[-1] if picked else default


def seed_value(key: str, parse, default=None, param: str | None = None) -> None:
    """`seed` for a widget whose value is not one of a list (text, number, toggle, range):
    `parse(values)` turns the URL's values (of `param`, by default the widget's key) into the
    widget's value, or None for the default."""
    param = param or key
    if key in st.session_state and not _address_moved(param):
        return
    value = parse(st.query_params.get_all(param))
    st.session_state[key] = default if value is None else value


def publish(key: str, value, default=None, share_default: bool = False) -> None:
    """After drawing: the widget's value goes into this run's URL; absent when it is the default.
    Written by `commit` at the end of the run, together with every other change of the run.

    `share_default`: the share link carries the value even when it is the default, because the
    default moves (the latest episode): a link shared today must reopen today's view next month."""
    state = session.current()
    wanted = state.wanted
    if value is None or value == default or (isinstance(value, (list, tuple)) and not value):
        wanted.pop(key, None)
        if share_default and value is not None:
            state.share_only[key] = [_text(value)]
    elif isinstance(value, (list, tuple)):
        wanted[key] = [_text(v) for v in value]
    else:
        wanted[key] = [_text(value)]


def _text(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def committed() -> dict[str, list[str]]:
    """The params this run publishes (what `commit` writes)."""
    return dict(session.current().wanted)


def shared() -> dict[str, list[str]]:
    """The params of the share link: the committed ones plus defaults that move (`share_default`)."""
    return {**session.current().share_only, **committed()}


def commit() -> None:
    """Write this run's params as one query (one history entry), only if the address says otherwise."""
    _publish_spec()
    wanted = committed()
    if wanted != raw_params():
        st.query_params.from_dict(wanted)
    session.current().written = (session.current().page, wanted)


# The kinds of parameter a page declares (each: how the link is checked, how the widget starts).
def choice(
    options: Sequence, multi: bool = False, default=None, max_values: int | None = None, share_default: bool = False
) -> Param:
    """One (selectbox, radio) or several (multiselect) of `options`, named in the link by their text."""
    options = list(options)
    return Param(
        url_values.one_of(options, single=not multi),
        options,
        default=default,
        multi=multi,
        max_values=max_values,
        share_default=share_default,
    )


def switch(default: bool = False) -> Param:
    """A toggle or an expander's open state: true/false, 1/0, yes/no, on/off."""
    return Param(url_values.boolean, parse=url_values.parse_bool, default=default, to_url=bool)


def text(max_len: int = 200) -> Param:
    """A text box (search words)."""
    return Param(url_values.any_text(max_len), default="")


def number(low: float, high: float) -> Param:
    """A number box within [low, high]; empty = no constraint."""
    return Param(url_values.number(low, high), parse=url_values.parse_number(low, high), to_url=lambda v: f"{v:g}")


def steps(options: list[float]) -> Param:
    """A select_slider range over `options`: two numbers, each snapped to the nearest step."""
    return Param(
        url_values.steps_range(options),
        parse=url_values.parse_range(options),
        default=(options[0], options[-1]),
    )
