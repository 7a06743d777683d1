"""Hostile links: every page, every parameter it reads, set to garbage, repeated, huge, out of range,
unknown ids, control characters and HTML. The page renders, says which values it ignored (a visible
warning naming the parameter), drops them from the URL, and keeps the valid values next to them.

Each run opens the page as a pasted link does (first script run of a fresh session). Cases are grouped:
one run sets several parameters at once to `[valid, hostile]`, then every one is checked.
"""

from __future__ import annotations

import tomllib


import pytest
from streamlit.testing.v1 import AppTest

from tests.apptest_helpers import FIXTURE, PAGE_FILES, ROOT, no_exception
from tests.apptest_helpers import open_link as _open_link, open_menu, warnings

pytestmark = pytest.mark.slow  # tens of seconds: scheduled before the quick modules (tests/conftest.py)


# Every parameter each page reads (the url.state specs in app_pages/*.py), with a valid, non-default value.
VALID = {
    "overview": {},
    "episodes": {"episode": "s2e3"},
    "models": {
        "q": "phi",
        "license": "permissive",
        "commercial": "yes",
        "size": "mid",
        "params": ["1.0", "14.0"],
        "task": "text-generation",
        "org": "Microsoft",
        "season": "2",
        "episodes": "s2e3",
        "open": "true",
        "fits": "12",
        "bits": "8",
        "sort": "size",
        "bench": "open_llm_leaderboard_v2|Average",
        "class": "yes",
        "paper": "yes",
        "startup": "conditions",
        "named": "true",
    },
    "compare": {"models": "microsoft/phi-4", "only_diff": "true"},
    "licences": {"want": "research_paper", "license": "permissive", "params": ["1.0", "14.0"], "size": "mid"},
    "data": {"table": "scores"},
}
NUMERIC = {"params", "fits", "bits", "season"}
FREE_TEXT = {"q"}  # any printable text is a valid search; only size and hidden characters are refused
IDS = {
    "episode": "s9e99",
    "episodes": "s9e99",
    "models": "no-such-org/no-such-model",
    "bench": "nope|nope",
    "org": "No Such Org",
    "task": "no-such-task",
    "license": "no-such-licence",
    "family": "no-such-family",
    "table": "secrets",
    "want": "sell-it",
    "sort": "price",
    "commercial": "maybe",
    "size": "gigantic",
    "class": "maybe-ish",
    "paper": "maybe-ish",
    "startup": "maybe-ish",
}

HOSTILE = {
    "garbage": "zz-not-a-value",
    "html": "<script>alert(1)</script><img src=x onerror=alert(1)>",
    "markdown": "[click](javascript:alert(1)) ![x](http://127.0.0.1:9/track.png) **bold**",
    "template": "{{7*7}}${7*7}",
    "traversal": "../../etc/passwd' OR 1=1--",
    "huge": "x" * 100_000,
    "control": "a\x00b\x07c\x1b[31m\u202eevil",
    "bidi": "safe\u202egnp.exe",
    "empty_spaces": " \t ",
}
OUT_OF_RANGE = ["-5", "1e99", "-1", "NaN", "nan", "inf", "-inf", "0x10", "1e400", "99999999999"]


def hostile_values(param: str) -> dict[str, str]:
    """Every hostile value this parameter must refuse, by kind."""
    kinds = dict(HOSTILE)
    if param in FREE_TEXT:  # these are searches a person could type; they must stay text (test_injection)
        kinds = {k: v for k, v in kinds.items() if k in {"huge", "control", "bidi"}}
    if param in NUMERIC:
        kinds.update({f"range{i}": v for i, v in enumerate(OUT_OF_RANGE)})
    if param in IDS:
        kinds["unknown_id"] = IDS[param]
    if param in ("only_diff", "open", "named"):
        kinds["not_bool"] = "maybe"
    return kinds


def open_link(page: str, params: dict) -> AppTest:
    return _open_link(FIXTURE, page, params)


def url_values(at: AppTest, key: str) -> list[str]:
    v = at.query_params.get(key)
    return [] if v is None else ([v] if isinstance(v, str) else list(v))


def _as_list(v) -> list[str]:
    return list(v) if isinstance(v, list) else [v]


def _chunks(items, n):
    return [items[i : i + n] for i in range(0, len(items), n)]


def _cases():
    """(page, kind, params) groups: at most 6 parameters per run, so the notice lists each one."""
    out = []
    for page in PAGE_FILES:  # every page of ui/page_registry.py (one without parameters: none to test)
        params = list(VALID.get(page, {}))
        kinds = sorted({k for p in params for k in hostile_values(p)})
        for kind in kinds:
            with_kind = [p for p in params if kind in hostile_values(p)]
            # 100 kB values: at most 4 per run, under Streamlit's 512 KiB query-string limit (tested below)
            for i, group in enumerate(_chunks(with_kind, 4 if kind == "huge" else 6)):
                out.append(pytest.param(page, kind, group, id=f"{page}-{kind}-{i}"))
    return out


CASES = _cases()
URL_CASES = sum(len(c.values[2]) for c in CASES)  # one (page, parameter, hostile value) each


@pytest.fixture(autouse=True)
def _env(monkeypatch):
    monkeypatch.setenv("MME_SNAPSHOT_DIR", str(FIXTURE))


@pytest.mark.parametrize("page,kind,group", CASES)
def test_hostile_value_is_dropped_named_and_valid_neighbour_kept(page, kind, group):
    params = {p: _as_list(VALID[page][p]) + [hostile_values(p)[kind]] for p in group}
    at = open_link(page, params)
    no_exception(at)
    assert at.title, "page still draws"
    notes = warnings(at)
    assert len(notes) == 1, notes
    for p in group:
        bad = hostile_values(p)[kind]
        assert f"`{p}=" in notes[0], (p, notes[0][:300])
        assert bad not in url_values(at, p), f"{p}: ignored value still in the URL"
        assert url_values(at, p) == _as_list(VALID[page][p]), f"{p}: the valid value next to it was lost"


@pytest.mark.parametrize("page", list(PAGE_FILES))
def test_unknown_parameters_and_hostile_names_are_reported(page):
    at = open_link(page, {"colour": "purple", "<script>alert(1)</script>": "1", "x" * 5000: "y"})
    no_exception(at)
    note = warnings(at)[0]
    assert "`colour=purple` (not a setting of this page)" in note
    assert "`<script>alert(1)</script>=1`" in note and "x" * 61 not in note  # shown as code, cut short
    assert "colour" not in at.query_params


@pytest.mark.parametrize("page", list(PAGE_FILES))
@pytest.mark.parametrize(
    "bad", ["no-such-org/no-such-model", "<img src=x onerror=alert(1)>", "x" * 100_000, "a\u202eb"]
)
def test_unknown_highlight_is_named_and_not_highlighted(page, bad):
    at = open_link(page, {"highlight": bad})
    no_exception(at)
    assert "`highlight=" in " ".join(warnings(at))
    assert "highlight" not in at.query_params
    assert open_menu(at).selectbox(key="highlight").value is None and "highlight" not in at.query_params


def test_highlight_keeps_the_valid_model_of_a_repeated_parameter():
    at = open_link("episodes", {"highlight": ["microsoft/phi-4", "no/such"], "episode": "s2e3"})
    assert "`highlight=no/such`" in warnings(at)[0]
    assert open_menu(at).selectbox(key="highlight").value == "microsoft/phi-4"


def test_a_repeated_highlight_names_the_model_it_drops():
    at = open_link("episodes", {"highlight": ["deepseek-ai/DeepSeek-R1", "microsoft/phi-4"], "episode": "s2e3"})
    notice = " ".join(warnings(at))
    assert "`highlight=deepseek-ai/DeepSeek-R1`" in notice and "only one value is used: microsoft/phi-4" in notice
    assert open_menu(at).selectbox(key="highlight").value == "microsoft/phi-4"


def test_unreadable_presenter_flag_is_named():
    at = open_link("models", {"present": "banana"})
    assert "`present=banana`" in " ".join(warnings(at))


@pytest.mark.parametrize("value", ["banana", "<script>alert(1)</script>", "x" * 100_000, "2"])
def test_unreadable_presenter_flag_or_theme_never_breaks_a_page(value):
    at = open_link(
        "compare",
        {
            "present": value,
            "embed_options": value,
            "embed": value,
            "models": ["microsoft/phi-4", "meta-llama/Llama-3.1-8B-Instruct"],
        },
    )
    no_exception(at)
    assert at.table and open_menu(at).toggle(key="present_toggle").value is False  # Compare's table is static


def test_a_value_repeated_a_thousand_times_gets_one_short_notice_and_the_valid_one_is_kept():
    # 999 + 1 = 1,000 query parameters: Streamlit's limit (beyond it the whole query string is ignored).
    at = open_link("episodes", {"episode": ["s2e3"] + ["zz"] * 998 + ["s2e3"]})
    no_exception(at)
    note = warnings(at)[0]
    assert "`episode=zz`" in note and "and 986 more" in note and len(note) < 2_000
    assert at.header[0].value.startswith("S2E3")
    at = open_link("models", {"license": ["permissive"] * 500 + ["nope"] * 499, "q": "phi"})
    assert at.multiselect(key="license").value == ["permissive"]
    assert "`license=nope`" in warnings(at)[0]


@pytest.mark.parametrize("page", ["models", "compare"])
def test_more_than_a_thousand_parameters_render_the_default_view(page):
    """Streamlit drops a query string over 1,000 parameters before the app sees it: default view, no error."""
    at = open_link(page, {"models" if page == "compare" else "license": ["nope"] * 1_500})
    no_exception(at)
    assert at.title


def test_a_query_string_over_512_kib_renders_the_default_view():
    at = open_link("models", {"q": "x" * 300_000, "license": "y" * 300_000})
    no_exception(at)
    assert at.text_input(key="q").value == "" and at.multiselect(key="license").value == []


def test_seven_compare_models_keep_six_with_a_notice_and_duplicates_collapse():
    ids = [
        "microsoft/phi-4",
        "meta-llama/Llama-3.1-8B-Instruct",
        "Qwen/Qwen2.5-7B-Instruct",
        "google/gemma-2-9b-it",
        "microsoft/Phi-4-mini-instruct",
        "deepseek-ai/DeepSeek-R1",
        "closed/gpt-4o",
    ]
    at = open_link("compare", {"models": ids + ["microsoft/phi-4"] * 20})
    no_exception(at)
    assert "at most 6" in warnings(at)[0]
    assert at.multiselect(key="models").value == ids[:6]


def test_huge_search_never_reaches_the_share_link_or_the_qr_code():
    at = open_link("models", {"q": "x" * 100_000, "present": "1"})
    no_exception(at)
    assert at.text_input(key="q").value == ""
    shares = [m.value for m in at.markdown if "localhost:8501" in m.value]
    assert shares and all(len(m) < 2_000 for m in shares)


def test_tracebacks_are_never_shown_to_a_viewer():
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["client"]["showErrorDetails"] == "none"


def test_a_failing_page_shows_one_sentence_and_logs_the_error(monkeypatch, caplog):
    from ui.draw import svg_charts

    def boom(*a, **k):
        raise RuntimeError("boom from a test: /secret/path/to/file.py")

    monkeypatch.setattr(svg_charts, "hbars", boom)
    with caplog.at_level("ERROR", logger="mme.app"):
        at = open_link("overview", {})
    assert not at.exception
    assert [e.value for e in at.error] == ["Something went wrong on this page; it has been logged."]
    assert "/secret/path" not in str([m.value for m in at.markdown] + [e.value for e in at.error])
    assert any("boom from a test" in (r.exc_text or str(r.exc_info)) for r in caplog.records)
    # The rest of the app still works: the settings and the share link of this view are there.
    open_menu(at)
    assert at.toggle(key="present_toggle") is not None and at.selectbox(key="highlight") is not None
    assert any("(http://localhost:8501/)" in m.value for m in at.markdown)
