"""`validate`: the committed snapshot passes, and each rule catches the mistake it exists for."""

from __future__ import annotations

import argparse
import shutil
from pathlib import Path

import pandas as pd
import pytest

from model_data.sources import refresh_command
from model_data.store import schema, snapshot, validate, writer
from tests.helpers import run_validate

ROOT = Path(__file__).resolve().parents[1]
REF = ROOT / "tests" / "fixtures" / "leaderboard" / "reference"
MODELS = """model_id,open_weights
microsoft/phi-4,true
google/gemma-7b-it,true
microsoft/TRELLIS-image-large,true
bartowski/Meta-Llama-3-8B-Instruct-GGUF,true
meta-llama/Meta-Llama-3-8B-Instruct,true
closed/o1-mini,false
"""


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    base = tmp_path_factory.mktemp("built")
    (base / "snap").mkdir()
    mentions = pd.DataFrame(
        [
            {
                "episode_id": "s1e1",
                "model_id": m,
                "surface": m,
                "section": "news",
                "source_path": "p.md",
                "line": i + 2,
                "open_weights": o,
                "all_sources": "p.md",
            }
            for i, (m, o) in enumerate(r.split(",") for r in MODELS.strip().splitlines()[1:])
        ],
        columns=schema.MENTIONS,
    )
    empty = {n: pd.DataFrame(columns=schema.TABLES[n]) for n in ("episodes", "candidates")}
    writer.write_snapshot(base / "snap", {"mentions": mentions, **empty})  # fixtures go through the real writer
    parser = argparse.ArgumentParser()
    refresh_command.add_arguments(parser)
    args = parser.parse_args(["--offline", "--reference", str(REF), "--snapshot", str(base / "snap")])
    assert refresh_command.run(args) == 0
    return base / "snap"


@pytest.fixture
def snap(built, tmp_path) -> Path:
    folder = tmp_path / "snap"
    shutil.copytree(built, folder)
    return folder


def edit(folder: Path, table: str, fn) -> None:
    path = folder / f"{table}.csv"
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    frame = fn(frame)
    path.write_bytes(frame.to_csv(index=False, lineterminator="\n").encode())


def errors_after(folder: Path, table: str, fn) -> str:
    edit(folder, table, fn)
    return "\n".join(validate.check_folder(folder))


@pytest.mark.skipif(not (snapshot.DEFAULT_DIR / "models.csv").exists(), reason="shipped snapshot not built yet")
def test_the_committed_snapshot_is_valid():
    assert validate.check_folder(snapshot.DEFAULT_DIR) == []
    assert run_validate(snapshot.DEFAULT_DIR) == 0


def test_a_fresh_build_is_valid(snap, capsys):
    assert run_validate(snap) == 0
    assert "is valid" in capsys.readouterr().out


def test_hand_edits_are_caught_by_the_manifest_checksum(snap):
    def touch(f):
        f.loc[0, "likes"] = "5"
        return f

    assert "does not match its sha256 in manifest.json" in errors_after(snap, "models", touch)


def set_cell(model: str, column: str, value: str):
    def fn(f):
        f.loc[f["model_id"] == model, column] = value
        return f

    return fn


@pytest.mark.parametrize(
    "column,value,message",
    [
        ("params_b", "0", "params_b <= 0 (unknown must be empty, never 0)"),
        ("params_b", "", "params_b and params_source disagree"),
        ("params_b", "seven", "column params_b is not numeric"),
        ("commercial_use", "maybe", "commercial_use not one of"),
        ("license_family", "open-ish", "license_family not one of"),
        ("commercial_clause", "", "commercial use not 'yes' but no clause"),
        ("startup_product", "", "no plain-language answer in startup_product"),
        ("likes", "-3", "likes must be a whole number >= 0"),
        ("created_at", "last spring", "created_at is not an ISO date"),
    ],
)
def test_model_rules(snap, column, value, message):
    model = "google/gemma-7b-it" if column not in ("commercial_clause",) else "closed/o1-mini"
    assert message in errors_after(snap, "models", set_cell(model, column, value))


def test_unknown_params_need_a_reason(snap):
    def fn(f):
        f.loc[f["model_id"] == "microsoft/TRELLIS-image-large", "params_note"] = ""
        return f

    assert "unknown parameters without a reason" in errors_after(snap, "models", fn)


def test_closed_models_must_be_marked_closed(snap):
    out = errors_after(snap, "models", set_cell("closed/o1-mini", "license_family", "permissive"))
    assert "closed model not marked closed / not open / proprietary" in out


def test_duplicate_models_and_scores(snap):
    assert "duplicate model_id" in errors_after(snap, "models", lambda f: pd.concat([f, f.iloc[[0]]]))
    assert "duplicate (model_id, source, benchmark)" in errors_after(
        snap, "scores", lambda f: pd.concat([f, f.iloc[[0]]])
    )


@pytest.mark.parametrize(
    "column,value,message",
    [
        ("score", "140", "score out of range for its unit"),
        ("score", "", "empty score"),
        ("unit", "points", "unit without a known range"),
        ("rank", "9999", "rank must be between 1 and n_models"),
        ("percentile", "0", "percentile must be in (0, 100]"),
        ("as_of", "March", "as_of is not an ISO date"),
        ("source_url", "see docs", "source_url is not a link"),
    ],
)
def test_score_rules(snap, column, value, message):
    def fn(f):
        f.loc[f["source"] == "open_llm_leaderboard_v1", column] = value
        return f

    assert message in errors_after(snap, "scores", fn)


def test_confidence_interval_must_contain_the_score(snap):
    def fn(f):
        f.loc[f["source"] == "lmarena_text", "ci_upper"] = "1"
        return f

    assert "confidence interval does not contain the score" in errors_after(snap, "scores", fn)


def test_every_mentioned_open_model_must_have_a_row(snap, capsys):
    assert "lacks 1 open-weights mentioned model(s): microsoft/phi-4" in errors_after(
        snap, "models", lambda f: f[f["model_id"] != "microsoft/phi-4"]
    )
    assert run_validate(snap) == 1
    assert "is NOT valid" in capsys.readouterr().err


def test_scores_must_belong_to_known_models_and_missing_scores_need_a_reason(snap):
    out = errors_after(snap, "models", set_cell("microsoft/TRELLIS-image-large", "scores_note", ""))
    assert "model without scores and without a reason in scores_note" in out


@pytest.mark.parametrize(
    "column,message",
    [
        ("source_url", "source_url is not a link"),
        ("unit", "unit without a known range"),
        ("as_of", "as_of is not an ISO date"),
        ("self_reported", "self_reported must be true or false"),
    ],
)
def test_a_score_needs_its_source_link_unit_date_and_who_reported_it(snap, column, message):
    def fn(f):
        f.loc[f.index[0], column] = ""
        return f

    assert message in errors_after(snap, "scores", fn)


def test_a_comparable_group_never_mixes_units_or_sources(snap):
    def fn(f):
        f.loc[f["source"] == "lmarena_text", "comparable_group"] = "open_llm_leaderboard_v2"
        f.loc[f["source"] == "lmarena_text", "benchmark"] = "Average"
        return f

    assert "comparable group mixes sources or units" in errors_after(snap, "scores", fn)


def test_a_license_answer_must_cite_the_license(snap):
    out = errors_after(snap, "models", set_cell("microsoft/phi-4", "license_url", ""))
    assert "licence answer without a cited licence" in out


def test_a_base_license_that_applies_needs_a_warning(snap):
    out = errors_after(snap, "models", set_cell("microsoft/phi-4", "base_license_id", "llama3.3"))
    assert "no license_warning says so" in out


def test_a_repackaging_without_a_size_fails_when_its_original_has_one(snap):
    gguf = "bartowski/Meta-Llama-3-8B-Instruct-GGUF"

    def fn(f):
        f.loc[f["model_id"] == gguf, ["params_b", "params_source", "params_note"]] = ["", "unknown", "unknown: none"]
        return f

    assert "repackaging without a size although its original has one" in errors_after(snap, "models", fn)


def test_columns_must_follow_the_schema(snap):
    assert "differ from schema.py" in errors_after(snap, "scores", lambda f: f[f.columns[::-1]])


def test_validate_completes_an_interrupted_swap(snap, capsys):
    (snap / snapshot.STAGING).mkdir()
    shutil.copy(snap / "models.csv", snap / snapshot.STAGING / "models.csv")
    (snap / snapshot.JOURNAL).write_text('{"files": ["models.csv"]}')
    assert run_validate(snap) == 0
    assert "completed an interrupted swap" in capsys.readouterr().err
    assert not (snap / snapshot.JOURNAL).exists()


def test_missing_folder_fails(tmp_path, capsys):
    assert run_validate(tmp_path / "nope") == 1
    assert "no snapshot folder" in capsys.readouterr().err
