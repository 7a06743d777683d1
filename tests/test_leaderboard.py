"""Scores: the live `contents` shape and the flattened reference CSV give the same rows; one
evaluation per model, chosen deterministically; arena names only through the reviewed map."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from model_data.sources import leaderboard

FIX = Path(__file__).resolve().parent / "fixtures" / "leaderboard"
REF = FIX / "reference"
CONTENTS = FIX / "contents_sample.csv"
FLAT = REF / "open-llm-leaderboard-v2" / "huggingface_v2.csv"


def contents() -> pd.DataFrame:
    return pd.read_csv(CONTENTS, keep_default_na=False, na_values=[""])


def test_flat_reference_maps_onto_the_contents_columns_value_for_value():
    flat = leaderboard.contents_from_flat_v2(FLAT).sort_values(["fullname", "Precision"]).reset_index(drop=True)
    real = contents().sort_values(["fullname", "Precision"]).reset_index(drop=True)
    assert len(flat) == len(real) == 15
    for col in leaderboard.FLAT_TO_CONTENTS.values():
        a, b = flat[col], real[col]
        if pd.api.types.is_float_dtype(b):
            assert a.to_numpy() == pytest.approx(b.to_numpy(), rel=1e-12, nan_ok=True), col
        else:
            assert a.fillna("").astype(str).tolist() == b.fillna("").astype(str).tolist(), col
    assert flat["eval_name"].tolist() == real["eval_name"].tolist()


def test_live_and_offline_paths_give_identical_scores(tmp_path):
    parquet = tmp_path / "contents.parquet"
    contents().to_parquet(parquet)
    live = leaderboard.load_contents(parquet, cache_dir=str(tmp_path / "cache"))
    live_scores, _ = leaderboard.scores_from_contents(live, "2025-03-21")
    flat_scores, _ = leaderboard.scores_from_contents(leaderboard.contents_from_flat_v2(FLAT), "2025-03-21")
    key = ["model_id", "benchmark"]
    a = live_scores.sort_values(key).reset_index(drop=True)
    b = flat_scores.sort_values(key).reset_index(drop=True)
    pd.testing.assert_frame_equal(a.drop(columns="score"), b.drop(columns="score"), check_dtype=False)
    assert a["score"].to_numpy() == pytest.approx(b["score"].to_numpy(), rel=1e-12)


def test_one_evaluation_per_model_preferring_bfloat16_and_saying_so():
    scores, best = leaderboard.scores_from_contents(contents(), "2025-03-21")
    assert best["fullname"].is_unique and len(best) == 13
    phi = scores[(scores["model_id"] == "microsoft/phi-4")]
    assert sorted(phi["benchmark"]) == sorted(leaderboard.V2_BENCHMARKS.values())
    assert phi["note"].iloc[0].startswith("precision bfloat16 (also evaluated: float16")
    assert set(phi["comparable_group"]) == {"open_llm_leaderboard_v2"}
    avg = phi.loc[phi["benchmark"] == "Average", "score"].iloc[0]
    assert avg == pytest.approx(
        contents().query("fullname == 'microsoft/phi-4' and Precision == 'bfloat16'")["Average ⬆️"].iloc[0]
    )
    assert phi["source_url"].iloc[0] == "https://huggingface.co/datasets/open-llm-leaderboard/microsoft__phi-4-details"


def test_choice_does_not_depend_on_row_order():
    a, _ = leaderboard.scores_from_contents(contents(), "2025-03-21")
    b, _ = leaderboard.scores_from_contents(contents().sample(frac=1, random_state=7), "2025-03-21")
    key = ["model_id", "benchmark"]
    pd.testing.assert_frame_equal(a.sort_values(key).reset_index(drop=True), b.sort_values(key).reset_index(drop=True))


def test_rank_and_percentile_are_within_the_source():
    scores, _ = leaderboard.scores_from_contents(contents(), "2025-03-21")
    avg = scores[scores["benchmark"] == "Average"].set_index("model_id")
    top = avg.loc["MaziyarPanahi/calme-3.2-instruct-78b"]
    assert (top["rank"], top["percentile"], top["n_models"]) == (1, 100, 13)
    assert avg["rank"].max() <= 13 and avg["percentile"].min() > 0


def test_as_of_is_the_submission_date_or_the_snapshot_date():
    scores, _ = leaderboard.scores_from_contents(contents(), "2025-03-21")
    by_model = scores.groupby("model_id")["as_of"].first()
    assert by_model["microsoft/phi-4"] == "2025-01-08"
    # JungZoona's row has no Submission Date: the dataset date stands in.
    assert by_model["JungZoona/T3Q-Qwen2.5-14B-Instruct-1M-e3"] == "2025-03-21"


def test_v1_rows_are_marked_as_a_different_benchmark_set():
    best = leaderboard.read_v1(REF / "open-llm-leaderboard-v1" / "huggingface_v1.csv")
    scores = leaderboard.scores_from_v1(best, "2024-07-13")
    phi2 = scores[scores["model_id"] == "microsoft/phi-2"]
    assert len(phi2) == 7 and set(phi2["comparable_group"]) == {"open_llm_leaderboard_v1"}
    assert "not comparable with v2" in phi2["note"].iloc[0]
    assert phi2["note"].iloc[0].startswith("precision bfloat16 (also evaluated: float16")
    assert set(scores["as_of"].str.len()) == {10}


def arena(kind: str) -> pd.DataFrame:
    return leaderboard.read_arena(REF / "lmarena" / f"lmarena_{kind}_2025-08-04.csv")


def test_arena_elo_keeps_its_confidence_interval():
    scores = leaderboard.scores_from_arena(arena("text"), "text", "2025-08-04", leaderboard.arena_name_map())
    phi = scores[scores["model_id"] == "microsoft/phi-4"].iloc[0]
    assert (phi["score"], phi["ci_lower"], phi["ci_upper"]) == (1222, 1218, 1226)
    assert phi["benchmark"] == "Arena Elo (text)" and phi["unit"] == "elo"
    assert phi["n_models"] == len(arena("text"))  # ranked among every arena row, mapped or not


def test_arena_names_map_only_reviewed_exact_names():
    names = {("text", "Mistral-7B-Instruct-v0.2"): "mistralai/Mistral-7B-Instruct-v0.2"}
    scores = leaderboard.scores_from_arena(arena("text"), "text", "2025-08-04", names)
    assert scores["model_id"].tolist() == ["mistralai/Mistral-7B-Instruct-v0.2"]
    # A near miss (v0.3) never inherits v0.2's score, and unmapped rows (Gemini) are dropped.
    assert "mistralai/Mistral-7B-Instruct-v0.3" not in scores["model_id"].tolist()


def test_the_reviewed_name_map_is_one_to_one_per_arena():
    table = pd.read_csv(leaderboard.ARENA_NAMES, dtype=str, keep_default_na=False)
    assert not table.duplicated(["arena", "arena_name"]).any()
    assert not table.duplicated(["arena", "model_id"]).any()
    assert set(table["arena"]) <= {"text", "vision"}
    assert table["model_id"].str.match(r"^[^/\s]+/[^/\s]+$").all()
    assert (table["evidence"] != "").all()


def test_importing_the_data_package_does_not_import_datasets():
    code = (
        "import sys, model_data.sources.leaderboard, model_data.sources.refresh, model_data.store.snapshot, model_data.sources.hub; "
        "print(sorted(m for m in ('datasets', 'huggingface_hub.hf_api', 'httpx2') if m in sys.modules))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        cwd=Path(__file__).resolve().parents[1],
    )
    assert out.stdout.strip() == "[]"
