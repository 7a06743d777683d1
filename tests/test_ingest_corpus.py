"""End to end: the real Model Mondays corpus plus the seed draft against a careful human reading.

`tests/data/expected_corpus_mentions.csv` is that reading (one row per episode, model and file);
the curated tables in model_data/ must reproduce it exactly, with nothing from the non-model list.
"""

from __future__ import annotations

import csv
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from model_data.ingest import run_ingest
from model_data.mentions import Matcher, load_aliases, load_not_models, normalise

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus" / "model-mondays"
SEED = ROOT.parent / "shared" / "seeds" / "000_0883c29c66085aa5.txt"
EXPECTED = ROOT / "tests" / "data" / "expected_corpus_mentions.csv"

pytestmark = pytest.mark.skipif(not CORPUS.is_dir() or not SEED.is_file(),
                                reason="../shared/corpus/model-mondays is not beside this checkout")


@pytest.fixture(scope="module")
def result():
    return run_ingest([CORPUS], [SEED], Matcher.from_files())


@pytest.fixture(scope="module")
def expected() -> pd.DataFrame:
    return pd.read_csv(EXPECTED, dtype=str, keep_default_na=False)


def test_all_38_livestream_episodes(result):
    ids = list(result.episodes.episode_id)
    assert len(ids) == 38
    assert ids[:8] == [f"s1e{i}" for i in range(1, 9)]
    assert ids[8:21] == [f"s2e{i}" for i in range(1, 14)]
    assert ids[21:] == [f"s3e{i}" for i in range(1, 18)]
    assert result.episodes.title.str.strip().ne("").all()


def test_page_date_differences_are_recorded(result):
    s3e17 = result.episodes.set_index("episode_id").loc["s3e17"]
    assert (s3e17.page_date, s3e17.date) == ("2026-04-06", "2026-04-13")


def test_episode_model_pairs_match_the_human_reading(result, expected):
    got = set(zip(result.mentions.episode_id, result.mentions.model_id))
    want = set(zip(expected.episode_id, expected.model_id))
    assert sorted(want - got) == [], "missed mentions"
    assert sorted(got - want) == [], "mentions a careful reader would not list"


def test_every_file_the_reader_cited_is_among_the_sources(result, expected):
    sources = {(r.episode_id, r.model_id): set(r.all_sources.split(";")) for r in result.mentions.itertuples()}
    seed_name = f"{SEED.parent.name}/{SEED.name}"
    missing = []
    for r in expected.itertuples():
        path = seed_name if r.source_path.startswith("seeds/") else r.source_path
        if path not in sources.get((r.episode_id, r.model_id), set()):
            missing.append((r.episode_id, r.model_id, r.source_path, r.line))
    assert missing == []


@pytest.mark.parametrize("episode, model", [
    ("s1e1", "deepseek-ai/DeepSeek-V3"),
    ("s2e1", "deepseek-ai/DeepSeek-R1"),
    ("s2e13", "HuggingFaceTB/SmolLM3-3B"),
    ("s2e13", "Qwen/Qwen3-Coder-480B-A35B-Instruct"),
    ("s2e13", "nvidia/parakeet-tdt-0.6b-v3"),
    ("s2e13", "microsoft/Magma-8B"),
    ("s2e13", "meta-llama/Meta-Llama-3-8B-Instruct"),
])
def test_known_open_weights_mentions_carry_their_hub_id(result, episode, model):
    rows = result.mentions[(result.mentions.episode_id == episode) & (result.mentions.model_id == model)]
    assert len(rows) == 1 and rows.iloc[0].open_weights == "true"


def test_nothing_from_the_non_model_list_is_a_mention(result):
    not_models = {normalise(s) for s in load_not_models()}
    assert not {normalise(s) for s in result.mentions.surface} & not_models
    for product in ("model router", "foundry iq", "foundry local", "azure ai search", "github copilot"):
        assert product in not_models
        assert not result.mentions.surface.map(normalise).eq(product).any()


def test_alias_table_is_unambiguous_and_reviewable():
    aliases = load_aliases()
    seen: dict[str, str] = {}
    for a in aliases:
        key = normalise(a.surface)
        assert seen.setdefault(key, a.model_id) == a.model_id, f"{a.surface!r} maps to two models"
        assert a.open_weights in {"true", "false", "unknown"}
        assert a.model_id.startswith("closed/") == (a.open_weights == "false") or a.open_weights == "unknown"
    not_models = {normalise(s) for s in load_not_models()}
    assert not set(seen) & not_models, "a surface is both a model and a non-model"


def test_cli_writes_the_snapshot_tables(tmp_path):
    proc = subprocess.run([sys.executable, "-m", "model_data", "ingest", "--corpus", str(CORPUS),
                           "--extra", str(SEED), "--out", str(tmp_path)],
                          cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    assert "38 episodes" in proc.stdout
    shipped = ROOT / "model_data" / "snapshot"
    for name in ("episodes.csv", "mentions.csv", "candidates.csv"):
        assert (tmp_path / name).read_bytes() == (shipped / name).read_bytes(), \
            f"the shipped {name} is stale: re-run the ingest into model_data/snapshot"
    with open(tmp_path / "mentions.csv", newline="", encoding="utf-8") as fh:
        assert next(csv.reader(fh))[:7] == ["episode_id", "model_id", "surface", "section", "source_path",
                                            "line", "open_weights"]
