"""Per-run view settings shared by app.py and the pages: presenter mode, highlight, theme, URL checks."""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

from ui import state

KEY = "_mme_view"
SEED_IGNORED = "_mme_seed_ignored"  # link values seed() could not use, reported by the page's check_url


@dataclass(frozen=True)
class View:
    present: bool = False
    highlight: str | None = None
    theme: str | None = None


def current() -> View:
    return st.session_state.get(KEY, View())


def raw_params() -> dict[str, list[str]]:
    return {k: st.query_params.get_all(k) for k in st.query_params}


def check_url(spec: dict, max_values: dict | None = None) -> None:
    """Warn about link values this page will ignore (bound widgets drop them silently).

    Unknown parameter names are only reported on the session's first run: that is when a pasted
    link arrives; later runs may still carry a previous page's parameters for a moment.
    """
    raw = raw_params()
    problems = state.invalid_params(raw, spec, max_values)
    problems += [p for p in st.session_state.pop(SEED_IGNORED, []) if p[0] not in spec]  # e.g. highlight
    if st.session_state.get("_mme_runs", 1) > 1:
        problems = [p for p in problems if p[2] != "not a setting of this page"]
    if problems:
        st.warning(state.notice_text(problems), icon=":material/link_off:")
        for key, _, why in problems:
            if why == "not a setting of this page" and key in st.query_params:
                try:
                    del st.query_params[key]
                except Exception:  # a bound parameter cannot be deleted here; Streamlit drops it itself
                    pass
    _drop_invalid(raw, spec)


def _drop_invalid(raw: dict[str, list[str]], spec: dict) -> None:
    """Give each bound widget only what the notice did not name, in the widget's own spelling
    (state.canonical_values: switches as true/false, range ends on a step, one value for a single
    choice), so a widget never starts from a value the notice said was ignored, and a value the
    parser accepted is never dropped by the widget."""
    for key, good in state.canonical_values(raw, spec).items():
        try:
            if good:
                st.query_params[key] = good
            else:
                del st.query_params[key]
        except Exception:  # see above: Streamlit then drops what its widget cannot show
            pass
        _forget_initial(key, good)


def _forget_initial(key: str, good: list[str]) -> None:
    """Bound widgets seed from the URL as first received, not from st.query_params; a text box
    accepts anything, so the ignored value is removed there too (Streamlit 1.67 internals, guarded:
    tests/test_hostile_urls.py fails if this stops working)."""
    from streamlit.runtime.state import get_session_state

    with get_session_state().query_params() as qp:
        initial = getattr(qp, "_initial_query_params", None)
        if isinstance(initial, dict) and key in initial:
            if good:
                initial[key] = good
            else:
                del initial[key]


def seed(key: str, options, multi: bool = False, default=None, max_values: int | None = None) -> None:
    """Before drawing a selector that shows labels: take its first value from the URL.

    Streamlit's own binding would put the *label* in the URL (e.g. "S2E3 · SLMs and Reasoning"),
    so selectors with a format_func keep short ids in the URL through seed() + publish() instead.
    Runs only while the widget has no state yet, i.e. when a link is opened or the page is entered.
    """
    if key in st.session_state:
        return
    by_text = {str(o): o for o in options}
    asked = st.query_params.get_all(key)
    picked = [by_text[v] for v in asked if v in by_text]
    unknown = [v for v in asked if v and v not in by_text]
    if unknown:
        st.session_state.setdefault(SEED_IGNORED, []).extend((key, v, "not a valid value here") for v in unknown)
    if multi:
        picked = list(dict.fromkeys(picked))
        st.session_state[key] = picked[:max_values] if max_values else picked
    else:
        st.session_state[key] = picked[-1] if picked else default


def publish(key: str, value, default=None) -> None:
    """After drawing: mirror the selector's value into the URL; absent when it is the default."""
    if value is None or value == default or (isinstance(value, list) and not value):
        if key in st.query_params:
            del st.query_params[key]
    elif isinstance(value, (list, tuple)):
        st.query_params[key] = [str(v) for v in value]
    else:
        st.query_params[key] = str(value)
