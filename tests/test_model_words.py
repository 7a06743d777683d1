"""The UI side words the frames' codes (ui/text/format.word_models, score_summary, coverage_display;
ui/text/labels' reasons): the data layer hands over codes and numbers, never sentences."""

from __future__ import annotations

import pandas as pd
import pytest

from model_data import views
from model_data.store.snapshot import read_snapshot
from tests.apptest_helpers import FIXTURE
from ui.text import format as fmt
from ui.text import labels


@pytest.fixture(scope="module")
def tables():
    return dict(read_snapshot(FIXTURE).tables)


@pytest.fixture(scope="module")
def worded(tables):
    return fmt.word_models(views.model_table(tables)).set_index("model_id")


def test_each_source_is_worded_in_its_own_unit_never_merged(worded):
    parts = worded.loc["microsoft/phi-4", "score_summary"].split("; ")
    assert any(p.startswith("open_llm_leaderboard_v2 Average 30.36 [normalised score (0-100)") for p in parts)
    assert any(p.startswith("lmarena_text Arena Elo (text) ") and "[elo," in p and "±" in p for p in parts)
    assert any(p.startswith("llm_stats: 1 benchmark†") for p in parts)
    assert len(parts) == len(worded.loc["microsoft/phi-4", "score_headlines"])
    assert worded.loc["closed/gpt-4o", "score_summary"].startswith("lmarena_text Arena Elo (text) 1285 ±")


def test_a_headline_keeps_its_decimals_ci_caveat_and_self_reported_mark():
    head = {
        "source": "s",
        "benchmark": "Average",
        "score": 71.234,
        "decimals": 1,
        "ci_lower": 70.0,
        "ci_upper": 72.0,
        "unit": "pct",
        "as_of": "2026-01-02",
        "self_reported": True,
        "caveat": True,
        "benchmarks": 1,
    }
    many = {"source": "m", "benchmark": None, "benchmarks": 3, "self_reported": False}
    assert fmt.score_summary([head, many]) == "s Average 71.2 ±1.0† [pct, 2026-01-02] (caveat); m: 3 benchmarks"
    assert fmt.score_brief([head, many]) == "Average 71.2 ±1.0† pct (+1 more)"
    assert fmt.score_brief([many]) == "m: 3 benchmarks" and fmt.score_brief([]) == "" and fmt.score_summary([]) == ""


def test_why_no_score_in_words(worded):
    assert "Speech recognition" in worded.loc["nvidia/parakeet-tdt-0.6b-v3", "scores_why"]
    assert worded.loc["closed/o3-mini", "scores_why"]
    assert worded.loc["microsoft/phi-4", "scores_why"] == ""
    assert labels.no_score_text("not_llm", None, "text-to-image") == (
        "Not an LLM (text-to-image): LLM leaderboards do not apply."
    )
    assert labels.no_score_text("closed") == "Closed model without a score in the sources used."
    assert labels.no_score_text("note", "  Too large to evaluate. ") == "Too large to evaluate."
    assert labels.no_score_text("") == ""
    for code in views.NO_SCORE_REASONS:  # every code the data layer can give has words
        assert labels.no_score_text(code, "a note", "a task")


def test_missing_in_a_group_in_words():
    assert labels.missing_score_text(("not_in_group", "lmarena_text")) == "Not listed in lmarena_text."
    assert (
        labels.missing_score_text(("not_llm", "image-to-3d"))
        == "Not an LLM (image-to-3d): this leaderboard does not apply."
    )
    assert labels.missing_score_text(("note", "Gated repo.")) == "Gated repo."


def test_a_baseline_says_it_is_one(tables):
    extra = tables["models"].iloc[[0]].assign(model_id="example/baseline-1b", display_name="Baseline 1B")
    models = views.model_table({**tables, "models": pd.concat([tables["models"], extra], ignore_index=True)})
    worded = fmt.word_models(models).set_index("model_id")
    assert worded.loc["example/baseline-1b", "episodes"] == labels.BASELINE_EPISODES
    assert worded.loc["microsoft/phi-4", "episodes"] == "S1E1, S2E3"


def test_coverage_names_each_unscored_model_with_why(tables, worded):
    models = worded.reset_index()
    cov = views.coverage_by_episode(models, tables["mentions"], tables["episodes"], tables["scores"])
    shown = fmt.coverage_display(cov, models).set_index("Episode")
    why = shown.loc["S3E3", "No score: why"]
    assert "Parakeet TDT 0.6B v3: " in why and "Speech recognition" in why
    assert list(shown.columns[-2:]) == ["Any score", "No score: why"]
    by_id = cov.set_index("episode")
    for ep, text in shown["No score: why"].items():  # never empty: the grid would call it unknown
        n, ids = by_id.at[ep, "models"], by_id.at[ep, "unscored"]
        if n == 0:
            assert text == "no model named"
        elif not ids:
            assert text == "every model has a score"
        else:
            assert text.count(": ") >= len(ids)
    none = pd.DataFrame({"episode": ["S9E1", "S9E2"], "models": [0, 2], "any_score": [0, 2], "unscored": [(), ()]})
    assert list(fmt.coverage_display(none, models)["No score: why"]) == ["no model named", "every model has a score"]
    assert shown.loc["S2E3", "No score: why"] == "; ".join(
        f"{worded.loc[m, 'display_name']}: {worded.loc[m, 'scores_why']}"
        for m in cov.set_index("episode").loc["S2E3", "unscored"]
    )
