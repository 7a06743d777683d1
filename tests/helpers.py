"""Helpers shared by several test modules (refresh runs, snapshot rows); fixtures are in conftest.py."""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

import pandas as pd

from model_data.sources import refresh_command
from model_data.store import schema, validate

ROOT = Path(__file__).resolve().parents[1]
FIX = ROOT / "tests" / "fixtures" / "leaderboard"
REF = FIX / "reference"

OFFLINE_MODELS = """model_id,open_weights
microsoft/phi-4,true
meta-llama/Meta-Llama-3-8B-Instruct,true
mistralai/Mistral-7B-Instruct-v0.3,true
google/gemma-7b-it,true
deepseek-ai/DeepSeek-V3,true
deepseek-ai/DeepSeek-R1-Distill-Llama-70B,true
meta-llama/Llama-4-Scout-17B-16E-Instruct,true
openai/gpt-oss-20b,true
stabilityai/stable-diffusion-xl-base-1.0,true
microsoft/TRELLIS-image-large,true
unsloth/Phi-4-reasoning-plus-GGUF,true
Qwen/Qwen2.5-72B-Instruct,true
JungZoona/T3Q-Qwen2.5-14B-Instruct-1M-e3,true
nobody/not-a-model,unknown
bartowski/Meta-Llama-3-8B-Instruct-GGUF,true
newlab/Llama-3-Distill-8B,true
zai-org/GLM-5,true
acme/ReportedOnly-7B,true
deepseek-ai/DeepSeek-R1,true
closed/o1-mini,false
closed/gpt-5,false
"""
PHI = "microsoft/phi-4"  # in the shipped mentions, and recorded in tests/fixtures/hub


_ENV: list = []  # the running test's monkeypatch, pushed by tests/conftest.py's _test_env


def use_snapshot(folder: Path) -> None:
    """Point the app (MME_SNAPSHOT_DIR) at `folder` for the running test only: its monkeypatch undoes it."""
    if not _ENV:
        raise RuntimeError("use_snapshot is for tests: tests/conftest.py's _test_env fixture is not active")
    _ENV[-1].setenv("MME_SNAPSHOT_DIR", str(folder))


def cli(*argv: str) -> int:
    parser = argparse.ArgumentParser()
    refresh_command.add_arguments(parser)
    return refresh_command.run(parser.parse_args([str(a) for a in argv]))


def tree_bytes(folder: Path) -> dict[str, bytes]:
    """Every file under the folder, hidden staging and journal included, by relative path."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def model_row(model_id: str, **changes) -> dict:
    row = {c: "" for c in schema.MODELS}
    row.update(
        model_id=model_id,
        display_name=model_id.split("/")[-1],
        organization=model_id.split("/")[0],
        open_weights="true",
        hub_status="ok",
        params_b=7.248,
        params_source="model-facts",
        params_note="curated",
        license_id="apache-2.0",
        license_name="Apache License 2.0",
        license_url="https://www.apache.org/licenses/LICENSE-2.0",
        license_family="permissive",
        commercial_use="yes",
        class_project="Yes.",
        research_paper="Yes.",
        startup_product="Yes.",
        gated="false",
        downloads=0,
        likes=12,
        hub_url=f"https://huggingface.co/{model_id}",
        metadata_source="test",
        metadata_as_of="2026-11-26",
    )
    row.update(changes)
    return row


def score_row(model_id: str, benchmark: str = "Average", score: float = 25.5, **changes) -> dict:
    row = {c: "" for c in schema.SCORES}
    row.update(
        model_id=model_id,
        source="open_llm_leaderboard_v2",
        benchmark=benchmark,
        score=score,
        unit="normalised score (0-100)",
        as_of="2025-03-13",
        source_url="https://example.org/x",
        rank=3,
        percentile=80.5,
        n_models=10,
        comparable_group="open_llm_leaderboard_v2",
        self_reported="false",
        reported_by="independent",
        decimals=2,
    )
    row.update(changes)
    return row


def tables(models: list[dict] | None = None, scores: list[dict] | None = None) -> dict[str, pd.DataFrame]:
    models = models if models is not None else [model_row("b/two"), model_row("a/one")]
    scores = scores if scores is not None else [score_row("b/two", "IFEval"), score_row("a/one"), score_row("b/two")]
    return {
        "models": pd.DataFrame(models, columns=schema.MODELS),
        "scores": pd.DataFrame(scores, columns=schema.SCORES),
    }


def py(*argv, user: str | None = None, timeout: float = 180) -> subprocess.CompletedProcess:
    """`python -m model_data ARGV` in a fresh process (as `user` when given)."""
    cmd = [sys.executable, "-m", "model_data", *map(str, argv)]
    if user:
        cmd = ["setpriv", "--reuid", str(user), "--regid", str(user), "--clear-groups", *cmd]
    return subprocess.run(
        cmd,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=timeout,
        env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"},
    )


def run_validate(folder: Path) -> int:
    parser = argparse.ArgumentParser()
    validate.add_arguments(parser)
    return validate.run(parser.parse_args(["--snapshot", str(folder)]))
