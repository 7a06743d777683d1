"""A new episode from any one of its materials, attribution that names its doubts, transcripts
recognised by content, and the update keeping the listed extra files."""

from __future__ import annotations

import argparse
import shutil
from pathlib import Path

import pytest

from model_data import update
from model_data.ingest.catalogue import Catalogue, Entry
from model_data.ingest.mentions import Matcher
from model_data.ingest.pipeline import parse_extra, run_ingest

ROOT = Path(__file__).resolve().parents[1]
FIX = ROOT / "tests" / "fixtures"
CAT = Catalogue([Entry("moonshotai/Kimi-K2.5", "Kimi K2.5", "Kimi-K2", "hub-facts")])


@pytest.fixture
def corpus(tmp_path) -> Path:
    root = tmp_path / "corpus"
    shutil.copytree(FIX / "corpus", root)
    return root


def ingest(corpus, *extras):
    return run_ingest([corpus], list(extras), Matcher.from_files(FIX / "aliases.csv", FIX / "not_models.csv", CAT))


@pytest.mark.parametrize(
    "name, text, given",
    [
        (
            "recap.md",
            "---\ntitle: Open models roundup\ndate: 2026-04-27\n---\n\n# Roundup\n\nKimi K2.5 is here\n",
            "s3e18=",
        ),
        ("s3e18-notes.md", "---\ntitle: Open models roundup\ndate: 2026-04-27\n---\n\nKimi K2.5 is here\n", ""),
        ("captions.txt", "0:01 welcome to the roundup\n0:05 kimi k two point five\n0:09 is here today\n", "s3e18="),
    ],
)
def test_a_new_episode_is_created_from_any_one_of_its_materials(corpus, tmp_path, name, text, given):
    path = tmp_path / name
    path.write_text(text)
    result = ingest(corpus, parse_extra(f"{given}{path}"))
    assert result.unused_extras == []
    row = result.episodes.set_index("episode_id").loc["s3e18"]
    assert (row.season, row.episode) == (3, 18)
    assert "no official page yet" in row.aired_note
    if "date:" in text:
        assert row.date == "2026-04-27" and row.title == "Open models roundup"
    mentions = result.mentions[result.mentions.episode_id == "s3e18"]
    assert list(mentions.model_id) == ["moonshotai/Kimi-K2.5"]


def test_a_file_whose_name_and_air_date_disagree_is_stopped_naming_both(corpus, tmp_path):
    path = tmp_path / "s2e3-recap.md"  # named for S2E3, dated on S2E1's air date
    path.write_text("---\ndate: 2025-06-16\n---\n\n# Recap\n\nKimi K2.5\n")
    result = ingest(corpus, str(path))
    ((shown, why),) = result.unused_extras
    assert shown.endswith("s2e3-recap.md") and "s2e3" in why and "s2e1" in why
    assert result.mentions[result.mentions.all_sources.str.contains("s2e3-recap")].empty
    told = ingest(corpus, f"s2e3={path}")  # the user decides
    assert told.unused_extras == [] and "moonshotai/Kimi-K2.5" in set(told.mentions.model_id)


def test_a_community_file_name_is_read_by_its_air_date_not_its_shifted_number(corpus, tmp_path):
    path = tmp_path / "s2-e02-2025-06-30.md"  # the playlist's own numbering; S2E3 aired on 2025-06-30
    path.write_text("# Notes\n\nKimi K2.5\n")
    result = ingest(corpus, str(path))
    assert result.unused_extras == []
    assert set(result.mentions[result.mentions.model_id == "moonshotai/Kimi-K2.5"].episode_id) >= {"s2e3"}
    assert "s2e2" not in set(result.episodes.episode_id)


def test_a_markdown_transcript_is_recognised_by_its_time_stamps_whatever_its_name(corpus, tmp_path):
    path = tmp_path / "s2e3-notes.md"
    path.write_text(
        "**[00:01:05]** Host: this week we try kimi\n**[00:01:09]** Guest: k two point five on long documents\n"
        "**[00:01:15]** Host: and it reads them well\n"
    )
    result = ingest(corpus, str(path))
    row = result.mentions.set_index("model_id").loc["moonshotai/Kimi-K2.5"]
    assert (row.evidence, row.location) == ("transcript", "1:05")


def test_update_with_a_corpus_keeps_the_listed_extras_unless_told_otherwise():
    def args(*flags):
        parser = argparse.ArgumentParser()
        update.add_arguments(parser)
        return parser.parse_args(["--corpus", "somewhere", *flags])

    _, listed = update.default_inputs()
    assert listed, "inputs.csv lists the seed draft"
    assert update.extras_for(args()) == listed
    assert update.extras_for(args("--extra", "s3e18=recap.md")) == listed + ["s3e18=recap.md"]
    assert update.extras_for(args("--no-listed-extras")) == []


def test_a_chapter_file_for_a_new_episode_gives_its_title_air_date_and_video(corpus, tmp_path):
    path = tmp_path / "s3-e18-2026-04-28.yaml"
    path.write_text(
        "id: s3-e18-2026-04-28\ntitle: Model Mondays - Open Models Roundup\npublishDate: '2026-04-28'\n"
        "status: published\nyoutubeVideoId: abcDEF12345\nduration: 1800\n"
        "chapters:\n  - time: '00:05'\n    label: '- Welcome'\n  - time: '03:10'\n    label: '- Kimi K2.5 in Foundry'\n"
    )
    result = ingest(corpus, parse_extra(f"s3e18={path}"))
    row = result.episodes.set_index("episode_id").loc["s3e18"]
    assert row.title == "Model Mondays - Open Models Roundup"
    assert row.date == "2026-04-27", "published on a Tuesday: the livestream's Monday"
    assert row.youtube_id == "abcDEF12345" and "no official page yet" in row.aired_note
