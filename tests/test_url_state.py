"""URL parameters: validation with a visible notice, share links, and links that reopen the same view."""

from __future__ import annotations


import pytest

from tests.apptest_helpers import FIXTURE, PAGE_FILES, frames, no_exception, open_app, open_menu, warnings
from ui.state import session, url_values


@pytest.fixture(autouse=True)
def _env(monkeypatch):
    monkeypatch.setenv("MME_SNAPSHOT_DIR", str(FIXTURE))


# ----- pure helpers ---------------------------------------------------------------------------


def test_invalid_params_reports_bad_values_unknown_names_and_excess():
    spec = {
        "license": url_values.one_of(["mit", "llama3"]),
        "fits": url_values.number(0.1, 100),
        "open": url_values.boolean,
    }
    problems = url_values.invalid_params(
        {"license": ["mit", "bogus"], "fits": ["-3"], "open": ["maybe"], "zzz": ["1"], "present": ["1"]}, spec
    )
    assert ("license", "bogus", "not a valid value here") in problems
    assert ("fits", "-3", "not a valid value here") in problems
    assert ("open", "maybe", "not a valid value here") in problems
    assert ("zzz", "1", "not a setting of this page") in problems
    assert all(p[0] != "present" for p in problems)
    assert url_values.invalid_params({"m": list("abcdefg")}, {"m": url_values.one_of("abcdefg")}, {"m": 6}) == [
        ("m", "g", "at most 6 allowed")
    ]


def test_notice_text_cannot_inject_markup():
    text = url_values.notice_text([("q", "`<script>`[x](javascript:1)", "not a valid value here")])
    assert "`q='<script>'[x](javascript:1)`" in text


@pytest.mark.parametrize(
    "values,expected", [(["1"], True), (["true"], True), (["0"], False), (["nope"], None), (None, None)]
)
def test_parse_bool(values, expected):
    assert url_values.parse_bool(values) is expected


def test_theme_round_trip():
    assert url_values.parse_theme(["dark_theme"]) == "dark" and url_values.parse_theme(["x"]) is None
    assert "embed_options=dark_theme" in url_values.share_query({}, False, "dark")


def test_share_url_uses_the_real_page_url_and_root_for_the_default_page():
    pages = ["overview", "episodes", "models"]
    assert url_values.page_url("http://h:8501/episodes", "models", False, pages) == "http://h:8501/models"
    assert url_values.page_url("http://h:8501/episodes", "overview", True, pages) == "http://h:8501/"
    assert url_values.page_url("http://h:8501/", "episodes", False, pages) == "http://h:8501/episodes"
    assert url_values.page_url("https://x.io/app/models", "data", False, pages) == "https://x.io/app/data"
    url = url_values.share_url(
        "http://h:8501/",
        "compare",
        False,
        pages,
        {"models": ["microsoft/phi-4", "meta-llama/Llama-3.1-8B-Instruct"], "present": ["1"]},
        present=True,
        theme=None,
    )
    assert url == ("http://h:8501/compare?models=microsoft%2Fphi-4&models=meta-llama%2FLlama-3.1-8B-Instruct&present=1")


# ----- through the app --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "page,params,bad",
    [
        ("app_pages/episodes.py", {"episode": "s9e99"}, "episode=s9e99"),
        ("app_pages/models.py", {"license": ["permissive", "nope"]}, "license=nope"),
        ("app_pages/models.py", {"size": "huge"}, "size=huge"),
        ("app_pages/models.py", {"fits": "lots"}, "fits=lots"),
        ("app_pages/models.py", {"bits": "3"}, "bits=3"),
        ("app_pages/models.py", {"open": "perhaps"}, "open=perhaps"),
        ("app_pages/models.py", {"bench": "nope|nope"}, "bench=nope|nope"),
        ("app_pages/compare.py", {"models": ["microsoft/phi-4", "no/such-model"]}, "models=no/such-model"),
        ("app_pages/licenses.py", {"want": "sell-it"}, "want=sell-it"),
        ("app_pages/data.py", {"table": "secrets"}, "table=secrets"),
    ],
)
def test_bad_values_are_dropped_with_a_visible_notice(page, params, bad):
    at = open_app(FIXTURE, page, params)
    no_exception(at)
    notes = warnings(at)
    assert notes and bad in notes[0]


def test_bad_values_keep_the_good_ones():
    at = open_app(FIXTURE, "app_pages/models.py", {"license": ["permissive", "nope"]})
    assert at.multiselect(key="license").value == ["permissive"]
    at = open_app(FIXTURE, "app_pages/episodes.py", {"episode": "s9e99"})
    assert at.header[0].value.startswith("S3E3")  # an unknown episode opens the latest aired one


def test_unknown_parameter_on_first_load_is_reported():
    at = open_app(FIXTURE, None, {"colour": "purple"})
    no_exception(at)
    assert "colour=purple" in warnings(at)[0]


def test_too_many_compare_models_are_truncated_with_notice():
    ids = [
        "microsoft/phi-4",
        "meta-llama/Llama-3.1-8B-Instruct",
        "Qwen/Qwen2.5-7B-Instruct",
        "google/gemma-2-9b-it",
        "microsoft/Phi-4-mini-instruct",
        "deepseek-ai/DeepSeek-R1",
        "closed/gpt-4o",
    ]
    at = open_app(FIXTURE, "app_pages/compare.py", {"models": ids})
    no_exception(at)
    assert "at most 6" in warnings(at)[0]
    assert len(at.multiselect(key="models").value) == 6


def test_garbage_everywhere_never_raises():
    junk = {
        "q": "x" * 500,
        "episodes": ["'; drop table", "<script>"],
        "params": ["abc", "-1"],
        "season": "ninety",
        "sort": "../../etc",
        "present": "banana",
        "embed_options": "??",
    }
    for page in ["app_pages/models.py", "app_pages/episodes.py", "app_pages/compare.py"]:
        no_exception(open_app(FIXTURE, page, junk))


def test_selector_state_round_trips_through_the_url():
    """Selectors that keep ids in the URL themselves (seed/publish): change, read the URL, reopen.

    Widget-bound parameters are written by the browser, so their round trip is in tests/e2e.
    """
    at = open_app(FIXTURE, "app_pages/models.py", {"license": "permissive"})
    at.multiselect(key="size").set_value(["mid"]).run()
    at.multiselect(key="episodes").set_value(["s2e3"]).run()
    url_params = dict(at.query_params)
    assert url_params["size"] in ("mid", ["mid"]) and url_params["episodes"] in ("s2e3", ["s2e3"])
    shown = list(frames(at)[0]["Model"])
    again = open_app(FIXTURE, "app_pages/models.py", url_params)
    assert list(frames(again)[0]["Model"]) == shown == ["Phi-4", "Phi-4-reasoning", "Phi-4-reasoning-plus ONNX"]


def test_highlight_comes_from_the_link_and_theme_goes_into_share_links():
    at = open_app(FIXTURE, None, {"highlight": "microsoft/phi-4"})
    no_exception(at)
    assert open_menu(at).selectbox(key="highlight").value == "microsoft/phi-4"
    assert not warnings(at)
    at.radio(key="theme_choice").set_value("dark").run()
    links = [m.value for m in at.markdown]
    assert any("(http://localhost:8501/?highlight=microsoft%2Fphi-4&embed_options=dark_theme)" in m for m in links)


def _drawn_keys(at) -> set[str]:
    """The user keys of every element this run drew (widgets and keyed containers)."""
    found, todo = set(), [at.main, at.sidebar]
    while todo:
        node = todo.pop()
        if getattr(node, "key", None):
            found.add(node.key)
        children = getattr(node, "children", None)
        todo.extend(children.values() if isinstance(children, dict) else [])
    return found


@pytest.mark.parametrize("page", sorted(PAGE_FILES.values()))
def test_the_app_keeps_its_own_state_under_one_session_key(page):
    """Besides its widgets' values (which Streamlit keeps under the widgets' keys), everything the app
    remembers between runs is the one object of ui/state/session.py: a new loose key fails here."""
    at = open_app(FIXTURE, page)
    open_menu(at)  # the settings' widgets are drawn only while the menu is open
    state = at.session_state[session.KEY]
    assert isinstance(state, session.SessionState) and state.written is not None and state.runs >= 2
    widgets = _drawn_keys(at) | set(state.spec)
    assert set(at.session_state.keys()) - widgets == {session.KEY}
