"""The Models filters' URL spec and widgets, both read from model_data/filters.FILTERS (one declaration):
a filter added there gets its link parameter, its widget and its place in the "N active" count here,
with its words from ui/labels.FILTER_WORDS."""

from __future__ import annotations

import streamlit as st

from model_data import filters
from ui import labels, url


def param(f: filters.Filter, options) -> url.Param:
    """The url.state entry of one filter, from its kind and its options in this snapshot."""
    if f.kind == "text":
        return url.text()
    if f.kind == "switch":
        return url.switch()
    if f.kind == "choice":
        return url.choice(options, multi=True)
    if f.kind == "one":
        return url.choice(options, default=f.default)
    if f.kind == "number":
        return url.number(*f.bounds)
    return url.steps(options)


def url_spec(opts: dict, keys=None) -> dict:
    """The url.state entries of the filters (`keys`: only those)."""
    return {f.key: param(f, opts.get(f.key)) for f in filters.FILTERS if keys is None or f.key in keys}


def formatter(key: str, episode_labels: dict):
    """How a filter's options read in its widget."""
    if key == "size":
        return labels.SIZE_LABELS.get
    if key == "season":
        return lambda s: f"Season {s}"
    if key == "episodes":
        return lambda e: episode_labels.get(e, e)
    if key in ("class", "paper", "startup"):
        return lambda c: labels.ANSWER_WORDS.get(c, c)
    if key == "bits":
        return lambda b: f"{b}-bit"
    return str


def draw(key: str, opts: dict, episode_labels: dict, where=st):
    """One filter's widget in `where` (a column, a container), keyed by its URL key; returns its value."""
    f = filters.BY_KEY[key]
    label, help_text = labels.FILTER_WORDS[key]
    extra = {"help": help_text} if help_text else {}
    o = opts.get(key)
    if f.kind == "text":
        return where.text_input(label, key=key, placeholder="e.g. phi, llama, Microsoft, reasoning", **extra)
    if f.kind == "switch":
        return where.toggle(label, key=key, **extra)
    if f.kind == "choice":
        return where.multiselect(label, o, key=key, format_func=formatter(key, episode_labels), **extra)
    if f.kind == "one":
        return where.radio(label, o, key=key, horizontal=True, format_func=formatter(key, episode_labels), **extra)
    if f.kind == "number":
        low, high = f.bounds
        return where.number_input(label, min_value=low, max_value=high, step=1.0, key=key, placeholder="any", **extra)
    # value= makes it a range slider (its start: the link or the full range, url.steps seeds the key)
    return where.select_slider(label, options=o, value=(o[0], o[-1]), key=key, **extra)


def values(keys=None) -> dict:
    """The filters' current values (session state, as their widgets left them)."""
    return {f.key: st.session_state.get(f.key) for f in filters.FILTERS if keys is None or f.key in keys}
