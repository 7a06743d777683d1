"""model_data.views on the fixture snapshot: joins, search, filters, frontier, estimates."""

from pathlib import Path


import math

import pandas as pd
import pytest

from model_data import filters, views
from ui.text import labels
from model_data.store.snapshot import read_snapshot

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "snapshot"


@pytest.fixture(scope="module")
def tables():
    return dict(read_snapshot(FIXTURE).tables)


@pytest.fixture(scope="module")
def models(tables):
    return views.model_table(tables)


def ids(frame):
    return set(frame["model_id"])


def test_model_table_keeps_every_model_and_unknowns_stay_nan(models, tables):
    assert len(models) == len(tables["models"])
    trellis = models.set_index("model_id").loc["microsoft/TRELLIS-image-large"]
    assert math.isnan(trellis["params_b"]) and trellis["size_class"] == "unknown"
    assert math.isnan(trellis["mem_4bit_gb"])


def test_model_table_joins_episodes_and_keeps_each_source_in_its_own_unit(models, tables):
    phi = models.set_index("model_id").loc["microsoft/phi-4"]
    assert phi["episode_ids"] == ["s1e1", "s2e3"] and phi["episodes"] == "S1E1, S2E3"
    # Phi-4 has scores on two scales (arena Elo, leaderboard 0-100) and self-reported ones: never one number.
    heads = {h["source"]: h for h in phi["score_headlines"]}
    scores = tables["scores"]
    own = scores[scores["model_id"] == "microsoft/phi-4"]
    assert set(heads) == set(own["source"])
    board = own[(own["source"] == "open_llm_leaderboard_v2") & (own["benchmark"] == "Average")].iloc[0]
    assert heads["open_llm_leaderboard_v2"]["benchmark"] == "Average"
    assert heads["open_llm_leaderboard_v2"]["score"] == board["score"]
    assert (
        heads["open_llm_leaderboard_v2"]["unit"] == board["unit"]
        and not heads["open_llm_leaderboard_v2"]["self_reported"]
    )
    arena = heads["lmarena_text"]
    assert arena["unit"] == "elo" and arena["ci_lower"] < arena["score"] < arena["ci_upper"]
    n_stats = int((own["source"] == "llm_stats").sum())
    assert heads["llm_stats"]["benchmark"] is None and heads["llm_stats"]["benchmarks"] == n_stats
    assert heads["llm_stats"]["self_reported"]
    assert phi["has_score"] and "headline_score" not in models.columns and "score_summary" not in models.columns


def test_a_baseline_has_no_episodes_and_no_display_words(tables):
    extra = tables["models"].iloc[[0]].assign(model_id="example/baseline-1b", display_name="Baseline 1B")
    models = views.model_table({**tables, "models": pd.concat([tables["models"], extra], ignore_index=True)})
    base = models.set_index("model_id").loc["example/baseline-1b"]
    assert base["episodes"] == "" and base["episode_ids"] == [] and base["mentions"] == 0


def test_repackagings_are_one_model_with_their_variants_listed(models, tables):
    m = models.set_index("model_id")
    assert m.loc["microsoft/Phi-4-reasoning", "repackagings"] == "microsoft/Phi-4-reasoning-onnx"
    here = views.episode_models(models, tables["mentions"], "s2e3")
    # phi-4, Phi-4-reasoning (its ONNX named too: counted as it) and a Phi-4-reasoning-plus ONNX whose
    # original is not listed
    assert views.count_models_and_repos(here) == (3, 3)
    assert "microsoft/Phi-4-reasoning-onnx" not in set(here["model_id"])
    stats = views.overview_stats(models, tables["episodes"], tables["mentions"])
    assert stats["models"] == len(set(tables["mentions"]["model_id"])) - 2  # two repackagings of listed models


def test_benchmark_column_is_one_source_one_unit_with_ci_and_self_reported_flag(tables):
    col = views.benchmark_column(tables["scores"], "lmarena_text", "Arena Elo (text)").set_index("model_id")
    assert set(col["unit"]) == {"elo"} and set(col["source"]) == {"lmarena_text"}
    assert (col["ci_lower"] < col["score"]).all()
    rep = views.benchmark_column(tables["scores"], "llm_stats", "GPQA").set_index("model_id")
    assert set(rep["self_reported"]) == {"true"} and set(rep["unit"]) == {"fraction (0-1)"}


def test_the_default_benchmark_is_the_one_most_shown_models_have(tables):
    choices = views.score_choices(tables["scores"])
    shown = ["openai/gpt-oss-20b", "deepseek-ai/DeepSeek-R1-Distill-Llama-70B", "microsoft/phi-4"]
    assert views.most_covered(tables["scores"], shown, choices) == ("llm_stats", "GPQA")


def test_coverage_by_episode_counts_models_per_source_and_lists_the_rest(models, tables):
    cov = views.coverage_by_episode(models, tables["mentions"], tables["episodes"], tables["scores"]).set_index(
        "episode"
    )
    s2e3 = cov.loc["S2E3"]
    assert (s2e3["models"], s2e3["repos"]) == (3, 4)
    s3e3 = cov.loc["S3E3"]
    assert s3e3["llm_stats"] >= 1  # gpt-oss-20b's self-reported numbers
    assert "nvidia/parakeet-tdt-0.6b-v3" in s3e3["unscored"]
    scored = set(tables["scores"]["model_id"])
    assert not set(s3e3["unscored"]) & scored
    assert s3e3["any_score"] + len(s3e3["unscored"]) == s3e3["models"]


def test_missing_scores_say_why_as_codes_including_non_llm(models):
    m = models.set_index("model_id")
    assert m.loc["nvidia/parakeet-tdt-0.6b-v3", "no_score_reason"] == "note"  # its scores note says why
    assert m.loc["nvidia/parakeet-tdt-0.6b-v3", "non_llm"]
    assert m.loc["closed/o3-mini", "no_score_reason"] in views.NO_SCORE_REASONS
    assert m.loc["microsoft/phi-4", "no_score_reason"] == ""
    assert set(m["no_score_reason"]) <= {"", *views.NO_SCORE_REASONS}


@pytest.mark.parametrize(
    "has,note,non_llm,open_,code",
    [
        (True, "a note", True, False, ""),
        (False, "  a note ", True, False, "note"),
        (False, "  ", True, True, "not_llm"),
        (False, None, False, False, "closed"),
        (False, None, False, True, "not_in_sources"),
    ],
)
def test_no_score_reason_codes(has, note, non_llm, open_, code):
    assert views.no_score_reason(has, note, non_llm, open_) == code


@pytest.mark.parametrize(
    "params,expected",
    [
        (0.0, "edge"),
        (0.6, "edge"),
        (3.0, "edge"),
        (3.01, "consumer"),
        (3.836, "consumer"),
        (8.0, "consumer"),
        (8.03, "mid"),
        (70.0, "mid"),
        (70.1, "large"),
        (70.554, "large"),
        (671, "large"),
        (1e6, "large"),
        (float("nan"), "unknown"),
    ],
)
def test_size_presets(params, expected):
    assert views.size_class(params) == expected


def test_memory_estimate_is_params_times_bits_with_overhead():
    assert views.memory_gb(8.0, 4) == pytest.approx(4.8)
    assert views.memory_gb(8.0, 16) == pytest.approx(19.2)
    assert math.isnan(views.memory_gb(float("nan"), 4))


def test_search_matches_name_org_alias_and_episode_title(models):
    assert "microsoft/phi-4" in ids(models[views.search_mask(models, "PHI")])
    assert ids(models[views.search_mask(models, "nvidia")]) == {"nvidia/parakeet-tdt-0.6b-v3"}
    assert "meta-llama/Llama-3.1-8B-Instruct" in ids(models[views.search_mask(models, "Llama-3.1-8B")])
    assert ids(models[views.search_mask(models, "SLMs and Reasoning")]) == {
        "microsoft/phi-4",
        "microsoft/Phi-4-reasoning",
        "microsoft/Phi-4-reasoning-plus-onnx",
        "microsoft/Phi-4-reasoning-onnx",
    }


def test_filters_combine(models):
    got = filters.apply(models, {"license": ["permissive"], "size": ["mid"], "open": True})
    assert set(got["license_family"]) == {"permissive"} and set(got["size_class"]) == {"mid"}
    assert "microsoft/phi-4" in ids(got)
    by_episode = filters.apply(models, {"episodes": ["s2e3"]})
    assert len(by_episode) == 4 and len(views.collapse_variants(by_episode)) == 3  # 3 models in 4 repos
    by_season = filters.apply(models, {"season": [3]})
    assert "openai/gpt-oss-20b" in ids(by_season) and "microsoft/phi-4" not in ids(by_season)


def test_unknown_size_never_fits_and_never_passes_a_range(models):
    fits = filters.apply(models, {"fits": 12, "bits": 4})
    assert "microsoft/TRELLIS-image-large" not in ids(fits) and "closed/gpt-4o" not in ids(fits)
    assert "microsoft/phi-4" in ids(fits) and "deepseek-ai/DeepSeek-R1" not in ids(fits)
    ranged = filters.apply(models, {"params": (0, 10)})
    assert "microsoft/TRELLIS-image-large" not in ids(ranged)


def test_startup_filter_keeps_yes_and_conditions(models):
    got = filters.apply(models, {"startup": ["yes", "conditions"]})
    assert set(got["startup_product_class"]) <= {"yes", "conditions"}
    assert "meta-llama/Llama-3.1-8B-Instruct" in ids(got)


@pytest.mark.parametrize(
    "text,expected",
    [
        ("Yes.", "yes"),
        ("Yes; keep the copyright and licence notice.", "yes"),
        ("Yes unless you exceed 700 million monthly active users.", "conditions"),
        ("Yes, but your product's terms must carry the same use restrictions.", "conditions"),
        ("No, not without a commercial licence from Mistral AI.", "no"),
        ("Probably, but the publisher added conditions.", "conditions"),
        (None, "unknown"),
        ("", "unknown"),
        ("Unknown: check the licence on the model page first.", "unknown"),
    ],
)
def test_answer_classes(text, expected):
    assert views.answer_class(text) == expected


def test_episode_models_and_neighbours(models, tables):
    here = views.episode_models(models, tables["mentions"], "s2e3")
    assert ids(here) == {
        "microsoft/phi-4",
        "microsoft/Phi-4-reasoning",
        "microsoft/Phi-4-reasoning-plus-onnx",  # its original is not in the table: it stands for itself
    }  # Phi-4-reasoning-onnx, named too, is Phi-4-reasoning's row
    assert views.neighbours(tables["episodes"], "s2e3") == ("s2e1", "s3e3")
    assert views.neighbours(tables["episodes"], "s1e1") == (None, "s1e2")
    assert views.neighbours(tables["episodes"], "nope") == (None, None)


def test_pareto_frontier_marks_undominated_points():
    frame = pd.DataFrame({"params_b": [1, 2, 3, 4, float("nan")], "score": [10, 9, 20, 15, 99]})
    assert list(views.pareto_frontier(frame)) == [True, False, True, False, False]


def test_score_vs_size_uses_one_comparable_group(models, tables):
    frame = views.score_vs_size(models, tables["scores"], "open_llm_leaderboard_v2", "Average")
    assert len(frame) == 5
    top = frame.loc[frame["score"].idxmax()]
    assert top["model_id"] == "Qwen/Qwen2.5-7B-Instruct" and top["frontier"]
    assert views.score_choices(tables["scores"])[0] == ("lmarena_text", "Arena Elo (text)")  # most models


def test_compare_table_marks_differences(models):
    table = views.compare_table(models, ["microsoft/phi-4", "meta-llama/Llama-3.1-8B-Instruct"])
    assert list(table.columns[:2]) == ["Phi-4", "Llama 3.1 8B Instruct"]
    assert table.loc["license_family", "differs"] and not table.loc["open_weights", "differs"]
    assert table.loc["params_active_b", "Phi-4"] is None
    assert list(table.index) == list(views.COMPARE_FIELDS) == list(labels.COMPARE_LABELS)  # every row worded


def test_missing_score_reasons(models, tables):
    reasons = views.missing_score_reasons(
        models, tables["scores"], ["microsoft/phi-4", "nvidia/parakeet-tdt-0.6b-v3"], "open_llm_leaderboard_v2"
    )
    note = models.set_index("model_id").loc["nvidia/parakeet-tdt-0.6b-v3", "scores_note"]
    assert reasons == {"nvidia/parakeet-tdt-0.6b-v3": ("note", note.strip())} and "Speech" in note
    no_note = models.assign(scores_note="")
    task = models.set_index("model_id").loc["nvidia/parakeet-tdt-0.6b-v3", "task"]
    assert views.missing_score_reasons(no_note, tables["scores"], ["nvidia/parakeet-tdt-0.6b-v3"], "x") == {
        "nvidia/parakeet-tdt-0.6b-v3": ("not_llm", task)
    }
    other = views.missing_score_reasons(models, tables["scores"], ["closed/o3-mini"], "open_llm_leaderboard_v2")
    note = models.set_index("model_id").loc["closed/o3-mini", "scores_note"]
    expected = (
        ("note", note.strip())
        if isinstance(note, str) and note.strip()
        else ("not_in_group", "open_llm_leaderboard_v2")
    )
    assert other == {"closed/o3-mini": expected}


def test_coverage_matrix_and_overview(models, tables):
    cov = views.coverage_matrix(models, tables["scores"]).set_index("model_id")
    assert cov.loc["microsoft/phi-4", "open_llm_leaderboard_v2"] == 7
    assert cov.loc["microsoft/phi-4", "lmarena_text"] == 1 and not cov.loc["closed/o3-mini", "any"]
    stats = views.overview_stats(models, tables["episodes"], tables["mentions"])
    # 19 repos named, two of them repackagings of a listed model: 17 models
    assert stats == {
        "episodes": 6,
        "seasons": 3,
        "models": 17,
        "open": 15,
        "closed": 2,
        "mentions": 25,
        "license_families": 4,
    }
    seasons = views.per_season(models, tables["episodes"], tables["mentions"])
    assert list(seasons["episodes"]) == [3, 2, 1]


def test_named_only_leaves_out_comparison_baselines():
    models = pd.DataFrame({"model_id": ["a/x", "b/y"], "mentions": [2, 0], "open": [True, True]})
    kept = filters.apply(models, {"named": True}, pd.Series(["a/x", "b/y"]))
    assert list(kept["model_id"]) == ["a/x"]


def test_a_group_with_many_benchmarks_is_cut_to_the_most_shared_ones():
    rows = pd.DataFrame(
        {"model_id": ["a", "b", "a"] + ["a"] * 9, "benchmark": ["GPQA", "GPQA", "MMLU"] + [f"B{i}" for i in range(9)]}
    )
    kept, omitted = views.top_benchmarks(rows, limit=3)
    assert list(dict.fromkeys(kept["benchmark"]))[0] == "GPQA" and len(set(kept["benchmark"])) == 3
    assert len(omitted) == 8 and "GPQA" not in omitted
    same, none = views.top_benchmarks(rows.head(3), limit=3)
    assert none == [] and len(same) == 3


def test_every_code_the_pages_show_is_worded_in_ui_labels():
    assert set(labels.SIZE_LABELS) == set(views.SIZE_PRESETS) | {"unknown"}
    assert list(labels.WANTS) == list(views.STUDENT_QUESTIONS)
    assert not hasattr(views, "SIZE_LABELS") and not isinstance(views.STUDENT_QUESTIONS, dict)


def expected_license_page_ids(models, families, baselines):
    """Worked out from the models table alone: episode models (unless baselines), one per model, then the families."""
    rows = models if baselines else models[models["mentions"] > 0]
    rows = rows[~rows["variant_of"].isin(set(rows["model_id"]))]
    return set(rows[rows["license_family"].isin(families)]["model_id"]) if families else set(rows["model_id"])


@pytest.mark.parametrize("baselines", [False, True])
def test_license_page_models_filter_by_family_named_and_repackagings(models, baselines):
    counted = models["license_family"].value_counts()
    family = counted.index[0]
    everything = views.license_page_models(models, [], baselines)
    assert ids(everything) == expected_license_page_ids(models, [], baselines)
    one = views.license_page_models(models, [family], baselines)
    assert set(one["license_family"]) == {family} and 0 < len(one) < len(everything)  # the family filter bites
    assert ids(one) == expected_license_page_ids(models, [family], baselines)
    two = views.license_page_models(models, list(counted.index[:2]), baselines)
    assert ids(two) == expected_license_page_ids(models, list(counted.index[:2]), baselines)
    baseline = models.iloc[[0]].assign(model_id="baseline/never-named", mentions=0, variant_of="")
    with_one = views.license_page_models(pd.concat([models, baseline], ignore_index=True), [], baselines)
    assert ("baseline/never-named" in ids(with_one)) == baselines


@pytest.mark.parametrize("want", list(views.STUDENT_QUESTIONS))
def test_answer_counts_add_up_and_match_the_answer_classes(models, want):
    n = views.answer_counts(models, want)
    assert n["yes"] == (models[f"{want}_class"] == "yes").sum() > 0
    assert n["conditions"] == (models[f"{want}_class"] == "conditions").sum()
    assert n["other"] == (~models[f"{want}_class"].isin(["yes", "conditions"])).sum()
    assert n["yes"] + n["conditions"] + n["other"] == len(models)


def test_search_with_the_whole_snapshots_haystack_on_a_part_of_it(models):
    """A page may filter rows of the models frame with the haystack kept for all of it: each row is
    matched against its own text (by index), every word of the query anywhere in it."""
    hay = views.search_haystack(models)
    part = models.iloc[::2]
    for query in ("phi", "PHI mini", "llama 8b", "zzz-not-there"):
        assert views.search_mask(part, query, hay).equals(views.search_mask(part, query))
        whole = views.search_mask(models, query, hay)
        assert views.search_mask(part, query, hay).equals(whole.loc[part.index])
    assert views.search_mask(models, "phi", hay).any() and not views.search_mask(models, "zzz-not-there", hay).any()
    assert views.search_mask(models, "phi mini", hay).sum() < views.search_mask(models, "phi", hay).sum()
    odd = hay.copy()
    odd.iloc[0] = None  # a haystack built elsewhere with a missing text: no match there, no error
    assert not views.search_mask(models, "phi", odd).iloc[0]
