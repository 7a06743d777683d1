"""End to end: both shipped corpora (the official repository and the community chapter catalogue)
plus the seed draft, resolved against the reference catalogue, compared with a careful human reading.

`tests/data/expected_corpus_mentions.csv` is that reading (one row per episode, model and file;
paths as the ingest shows them with two corpora); the ingest must reproduce it exactly, with
nothing from the non-model list.
"""

from __future__ import annotations

import csv
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from model_data.ingest import catalogue
from model_data.ingest.pipeline import run_ingest
from model_data.ingest.mentions import Matcher
from model_data.ingest.name_tables import load_aliases, load_not_models, normalise

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus" / "model-mondays"
HUB_CORPUS = ROOT.parent / "shared" / "corpus" / "model-mondays-hub"
REFERENCE = ROOT.parent / "shared" / "reference-data"
SEED = ROOT.parent / "shared" / "seeds" / "000_0883c29c66085aa5.txt"
EXPECTED = ROOT / "tests" / "data" / "expected_corpus_mentions.csv"

pytestmark = pytest.mark.skipif(
    not CORPUS.is_dir() or not HUB_CORPUS.is_dir() or not SEED.is_file() or not REFERENCE.is_dir(),
    reason="../shared (corpora, reference) is not beside this checkout",
)


@pytest.fixture(scope="module")
def result():
    return run_ingest([CORPUS, HUB_CORPUS], [SEED], Matcher.from_files(catalogue=catalogue.load(REFERENCE)))


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


def test_air_date_follows_the_recording_and_keeps_the_page_dates_in_the_note(result):
    s3e17 = result.episodes.set_index("episode_id").loc["s3e17"]
    # page file 2026-04-06, page body April 13, YouTube recording published Tuesday 2026-04-21
    assert (s3e17.page_date, s3e17.date) == ("2026-04-06", "2026-04-20")
    assert "2026-04-13" in s3e17.date_note and "2026-04-21" in s3e17.date_note


def test_hub_recordings_are_matched_by_air_date_not_by_their_shifted_numbers(result):
    eps = result.episodes.set_index("episode_id")
    # the community catalogue's s3-e06-2026-02-02 is the official S3E7 (TVAOBnR49r0)
    assert eps.loc["s3e7", "youtube_id"] == "TVAOBnR49r0"
    assert eps.loc["s3e7", "recording_url"].endswith("TVAOBnR49r0")
    assert int(eps.loc["s3e7", "duration_s"]) > 0 and int(eps.loc["s3e7", "views"]) >= 0
    # holiday weeks (2026-01-19, 2026-02-16) have pages but no recording: not aired
    assert eps.loc["s3e5", "aired"] == "false" and eps.loc["s3e9", "aired"] == "false"
    assert eps.loc["s3e6", "aired"] == "true"
    # season 4 placeholders are not episodes and name nothing
    assert not any(p.endswith(".yaml") and "/s4-" in p for p in result.mentions.source_path)
    assert any("/s4-e01" in p and "placeholder" in why for p, why in result.ignored)


def test_chapter_mentions_keep_their_offset_and_evidence(result):
    m = result.mentions.set_index(["episode_id", "model_id"])
    kimi = m.loc[("s3e8", "moonshotai/Kimi-K2.5")]
    assert (kimi.evidence, kimi.location, int(kimi.watch_s)) == ("chapter", "10:35", 635)
    assert kimi.resolved_by == "catalogue"
    slides = m.loc[("s2e3", "deepseek-ai/DeepSeek-R1")]
    assert "slides" in set(result.mentions[result.mentions.source_path.str.endswith(".pdf")].evidence)
    assert slides.open_weights == "true"


def test_known_corpus_errors_are_fixed_with_a_note(result):
    m = result.mentions.set_index(["episode_id", "model_id"])
    o4 = m.loc[("s2e13", "closed/o4-mini")]
    assert o4.surface == "O1 Mini" and "o4-mini" in o4.note
    assert ("s2e13", "closed/o1-mini") not in m.index
    draft = result.mentions[result.mentions.evidence == "draft recap"]
    assert not draft.empty and draft.note.str.contains("draft recap").all()


def test_episode_model_pairs_match_the_human_reading(result, expected):
    got = set(zip(result.mentions.episode_id, result.mentions.model_id))
    want = set(zip(expected.episode_id, expected.model_id))
    assert sorted(want - got) == [], "missed mentions"
    assert sorted(got - want) == [], "mentions a careful reader would not list"


def test_every_file_the_reader_cited_is_among_the_sources(result, expected):
    sources = {(r.episode_id, r.model_id): set(r.all_sources.split(";")) for r in result.mentions.itertuples()}
    seed_name = f"{SEED.parent.name}/{SEED.name}"
    assert {(r.episode_id, r.model_id) for r in expected.itertuples()} <= set(sources)
    missing = []
    for r in expected.itertuples():
        path = seed_name if r.source_path.startswith("seeds/") else r.source_path
        if path not in sources.get((r.episode_id, r.model_id), set()):
            missing.append((r.episode_id, r.model_id, r.source_path, r.line))
    assert missing == []


@pytest.mark.parametrize(
    "episode, model",
    [
        ("s1e1", "deepseek-ai/DeepSeek-V3"),
        ("s2e1", "deepseek-ai/DeepSeek-R1"),
        ("s2e13", "HuggingFaceTB/SmolLM3-3B"),
        ("s2e13", "Qwen/Qwen3-Coder-480B-A35B-Instruct"),
        ("s2e13", "nvidia/parakeet-tdt-0.6b-v3"),
        ("s2e13", "microsoft/Magma-8B"),
        ("s2e13", "meta-llama/Meta-Llama-3-8B-Instruct"),
    ],
)
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
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "model_data",
            "ingest",
            "--corpus",
            str(CORPUS),
            "--corpus",
            str(HUB_CORPUS),
            "--extra",
            str(SEED),
            "--reference",
            str(REFERENCE),
            "--out",
            str(tmp_path),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stderr
    assert "38 episodes" in proc.stdout
    shipped = ROOT / "model_data" / "snapshot"
    for name in ("episodes.csv", "mentions.csv", "candidates.csv"):
        assert (tmp_path / name).read_bytes() == (shipped / name).read_bytes(), (
            f"the shipped {name} is stale: re-run the ingest into model_data/snapshot"
        )
    with open(tmp_path / "mentions.csv", newline="", encoding="utf-8") as fh:
        assert next(csv.reader(fh))[:7] == [
            "episode_id",
            "model_id",
            "surface",
            "section",
            "source_path",
            "line",
            "open_weights",
        ]


def test_every_shipped_recording_is_the_one_its_official_page_links():
    """Independent of the ingest's code path: read each episode page's own Recording link."""
    from model_data.ingest.episodes import links_in
    from model_data.ingest.markdown_doc import read_document
    from model_data.ingest.recording_match import video_id

    shipped = pd.read_csv(ROOT / "model_data" / "snapshot" / "episodes.csv", dtype=str, keep_default_na=False)
    shipped = shipped.set_index("episode_id")
    checked = 0
    for page in sorted((CORPUS / "docs" / "model-mondays").glob("*-s0*-e*.md")):
        season, episode = page.stem.split("-s")[1].split("-e")
        eid = f"s{int(season)}e{int(episode)}"
        official = video_id(links_in(read_document(page, page.name).lines).get("recording_url", ""))
        if not official:
            continue
        checked += 1
        assert video_id(shipped.loc[eid, "recording_url"]) == official, eid
        assert shipped.loc[eid, "youtube_id"] in ("", official), f"{eid}: duration / views of another video"
    assert checked, "no page links a recording: the corpus layout changed"


def test_the_episodes_the_issue_found_wrong_have_their_recording_and_air_date(result):
    eps = result.episodes.set_index("episode_id")
    right = {
        "s1e1": ("dohvGc7eyqU", "2025-03-10"),
        "s1e4": ("kDR09m_cUKs", "2025-03-31"),
        "s1e5": ("iCPl693s3dA", "2025-04-07"),
        "s1e6": ("MgIfvEEZN7o", "2025-04-14"),
        "s1e7": ("2E842zOGIyI", "2025-04-21"),
        "s1e8": ("_I6qDdp5Vo4", "2025-04-28"),
        "s2e2": ("cPS3cWRZTps", "2025-06-23"),
    }
    for eid, (video, aired) in right.items():
        assert (eps.loc[eid, "recording_url"].split("v=")[1], eps.loc[eid, "date"]) == (video, aired), eid
    assert eps.loc["s2e3", "slides_url"].endswith("s2e03-slms-and-reasoning")
    assert any("oW7Vku9MjAQ" in why for _, why in result.disagreements), "the trailer is listed for review"
