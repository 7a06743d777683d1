"""URL values the parser accepts are the values the widgets get; everything not honoured as given
is named in the notice (issue 15: `open=yes`, `named=on`, `only_diff=1`, `baselines=yes`,
`params=1&params=14`, `params=3.7&params=14.0`, a single choice given twice)."""

from __future__ import annotations

import pytest

from tests.apptest_helpers import FIXTURE, no_exception, open_app, warnings
from ui.state import url_values


@pytest.fixture(autouse=True)
def _env(monkeypatch):
    monkeypatch.setenv("MME_SNAPSHOT_DIR", str(FIXTURE))


def notice(at) -> str:
    return " ".join(warnings(at))


@pytest.mark.parametrize("word", ["1", "yes", "on", "true", "YES", "On"])
def test_every_accepted_true_word_switches_the_toggles_on(word):
    at = open_app(FIXTURE, "app_pages/models.py", {"open": word, "named": word})
    no_exception(at)
    assert at.toggle(key="open").value is True and at.toggle(key="named").value is True
    assert not warnings(at)


@pytest.mark.parametrize("word", ["0", "no", "off", "false"])
def test_every_accepted_false_word_leaves_them_off(word):
    at = open_app(FIXTURE, "app_pages/models.py", {"open": word})
    assert at.toggle(key="open").value is False and not warnings(at)


@pytest.mark.parametrize("page,key", [("app_pages/compare.py", "only_diff"), ("app_pages/licenses.py", "baselines")])
def test_other_pages_switches_accept_the_same_words(page, key):
    params = {key: "1"} if key == "only_diff" else {key: "yes"}
    if key == "only_diff":
        params["models"] = ["microsoft/phi-4", "meta-llama/Llama-3.1-8B-Instruct"]
    at = open_app(FIXTURE, page, params)
    no_exception(at)
    assert at.toggle(key=key).value is True and not warnings(at)


def test_a_range_given_as_plain_numbers_is_used():
    at = open_app(FIXTURE, "app_pages/models.py", {"params": ["1", "14"]})
    no_exception(at)
    assert tuple(at.select_slider(key="params").value) == (1.0, 14.0)
    assert not warnings(at)


def test_a_range_end_between_steps_is_snapped_and_named():
    at = open_app(FIXTURE, "app_pages/models.py", {"params": ["3.7", "14.0"]})
    no_exception(at)
    assert tuple(at.select_slider(key="params").value) == (4.0, 14.0)
    assert "params=3.7" in notice(at) and "snapped to the nearest step, 4" in notice(at)


def test_a_range_with_one_value_is_named():
    at = open_app(FIXTURE, "app_pages/models.py", {"params": "8"})
    no_exception(at)
    assert "params=8" in notice(at) and "two values" in notice(at)


def test_a_single_choice_given_twice_keeps_the_last_and_names_the_other():
    at = open_app(FIXTURE, "app_pages/models.py", {"sort": ["size", "name"]})
    no_exception(at)
    assert at.selectbox(key="sort").value == "name"
    assert "sort=size" in notice(at) and "only one value is used: name" in notice(at)


def test_canonical_values_are_what_the_widgets_are_given():
    spec = {
        "open": url_values.boolean,
        "params": url_values.steps_range([0, 0.5, 1, 2, 4, 8, 14, 20]),
        "sort": url_values.one_of(["name", "size"], single=True),
        "license": url_values.one_of(["mit", "gpl"]),
    }
    raw = {"open": ["yes"], "params": ["14.0", "3.7"], "sort": ["size", "name"], "license": ["mit", "gpl"]}
    assert url_values.canonical_values(raw, spec) == {"open": ["true"], "params": ["4.0", "14.0"], "sort": ["name"]}
    assert url_values.invalid_params(raw, spec) == [
        ("params", "3.7", "snapped to the nearest step, 4"),
        ("sort", "size", "only one value is used: name"),
    ]
