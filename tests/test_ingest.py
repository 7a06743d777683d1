"""The episode ingest on small fixture files that carry every trap of the real corpus."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from model_data.store import schema
from model_data.ingest.pipeline import run_ingest
from model_data.ingest.mentions import Matcher

ROOT = Path(__file__).resolve().parents[1]
FIX = ROOT / "tests" / "fixtures"
CORPUS = FIX / "corpus"
SEED = FIX / "seed_recap.txt"


@pytest.fixture(scope="module")
def matcher() -> Matcher:
    return Matcher.from_files(FIX / "aliases.csv", FIX / "not_models.csv")


@pytest.fixture(scope="module")
def result(matcher):
    return run_ingest([CORPUS], [SEED], matcher)


def mention(result, episode, model):
    rows = result.mentions[(result.mentions.episode_id == episode) & (result.mentions.model_id == model)]
    return rows.iloc[0] if len(rows) else None


def test_only_livestream_pages_make_episodes(result):
    assert list(result.episodes.episode_id) == ["s2e1", "s2e3", "s3e1", "s3e17"]
    assert list(result.episodes.columns) == schema.EPISODES
    assert "s2e14" not in set(result.mentions.episode_id), "an AMA page is not an episode"


def test_page_date_and_air_date_difference_is_recorded(result):
    row = result.episodes.set_index("episode_id").loc["s3e17"]
    assert row.date == "2026-04-13" and row.page_date == "2026-04-06"
    assert "2026-04-06" in row.date_note and "2026-04-13" in row.date_note


def test_other_sources_dates_are_noted_not_guessed(result):
    s2e1 = result.episodes.set_index("episode_id").loc["s2e1"]
    assert s2e1.date == "2025-06-16"
    assert "data/livestreams.json gives 2025-06-17" in s2e1.date_note
    s2e3 = result.episodes.set_index("episode_id").loc["s2e3"]
    assert "recap docs/blog/posts/2025-06-30.md gives 2025-07-01" in s2e3.date_note


def test_titles_from_both_page_layouts(result):
    titles = result.episodes.set_index("episode_id").title
    assert titles["s2e1"] == "A Deep Researcher with DeepSeek R1"
    assert titles["s3e17"] == "Building Agents In VS Code (with GitHub Copilot)"


def test_links_skip_placeholders_and_fill_from_the_overview_table(result):
    ep = result.episodes.set_index("episode_id")
    assert ep.loc["s2e1", "recording_url"] == "https://www.youtube.com/watch?v=ffxUEenM4B8"
    assert ep.loc["s2e1", "blog_url"] == "https://techcommunity.microsoft.com/blog/s2e01"
    assert ep.loc["s2e1", "recap_url"] == "https://github.com/orgs/azure-ai-foundry/discussions/55"
    assert ep.loc["s2e3", "recording_url"] == "https://www.youtube.com/watch?v=AAAAAAAAAAA", "page beats README"
    assert ep.loc["s3e1", "recording_url"] == "https://www.youtube.com/watch?v=zE1tfuPGfFY", "from thumbnail"


def test_mentions_resolve_through_aliases_with_sections(result):
    grok = mention(result, "s2e1", "closed/grok-3")
    assert grok.section == "news" and grok.open_weights == "false"
    assert mention(result, "s2e1", "closed/grok-3-mini") is not None, "longest alias wins over Grok 3"
    typo = mention(result, "s2e1", "deepseek-ai/DeepSeek-R1-0528")
    assert typo.surface == "R1-10528"
    r1 = mention(result, "s2e1", "deepseek-ai/DeepSeek-R1")
    assert r1.section == "spotlight" and r1.source_path == "docs/model-mondays/2025-06-16-s02-e01.md"
    assert mention(result, "s2e1", "closed/gpt-4o").open_weights == "false", "closed models are kept"


def test_short_name_needs_its_context(result):
    assert mention(result, "s2e3", "deepseek-ai/DeepSeek-R1") is None


def test_recap_posts_and_extras_attach_to_their_episode(result):
    smol = mention(result, "s2e3", "HuggingFaceTB/SmolLM3-3B")
    assert smol.surface == "SmoLM3" and smol.source_path == "docs/blog/posts/2025-06-30.md"
    phi = mention(result, "s2e1", "microsoft/phi-4")
    assert phi.source_path == "fixtures/seed_recap.txt" and phi.section == "demo"


def test_one_row_per_episode_and_model_keeps_every_source(result):
    keys = result.mentions[["episode_id", "model_id"]]
    assert not keys.duplicated().any()
    phi = mention(result, "s2e3", "microsoft/phi-4")
    assert phi.source_path == "docs/blog/posts/2025-06-30.md"
    assert phi.all_sources == "README.md;docs/blog/posts/2025-06-30.md"


def test_hub_links_and_spelling_variants_resolve(result):
    assert mention(result, "s3e17", "microsoft/Phi-4-mini-reasoning").surface == "microsoft/Phi-4-mini-reasoning"
    assert mention(result, "s3e17", "microsoft/phi-4").surface == "phi4"


def test_non_models_never_become_mentions_or_candidates(result):
    assert not result.mentions.model_id.str.contains("router|copilot|foundry", case=False).any()
    assert not result.candidates.surface.str.contains("Router|Copilot|Foundry Local", case=False).any()


def test_unresolved_model_like_names_go_to_review_with_file_and_line(result):
    zeta = result.candidates[result.candidates.surface == "Zeta-9B-Instruct"]
    assert len(zeta) == 1
    assert zeta.iloc[0].source_path == "docs/model-mondays/2025-06-16-s02-e01.md"
    assert zeta.iloc[0].line == 15 and zeta.iloc[0].episode_id == "s2e1"
    assert "Zeta" not in " ".join(result.mentions.model_id)


@pytest.mark.parametrize(
    "path, words",
    [
        ("docs/blog/posts/2025-07-14.md", "binary"),
        (".2025/season-01/ep-05.md", "empty file"),
        ("docs/weird/page.md", "unknown layout"),
        ("docs/blog/posts/2025-07-07.md", "never closed"),
    ],
)
def test_bad_files_are_named_with_their_problem_and_the_rest_goes_on(result, path, words):
    messages = [m for p, m in result.problems if p == path]
    assert any(words in m for m in messages), messages
    assert len(result.episodes) == 4


def test_same_input_gives_identical_output(matcher, result):
    again = run_ingest([CORPUS], [SEED], matcher)
    pd.testing.assert_frame_equal(again.mentions, result.mentions)
    pd.testing.assert_frame_equal(again.episodes, result.episodes)
    pd.testing.assert_frame_equal(again.candidates, result.candidates)


def _cli(*args, cwd=ROOT):
    tables = ["--aliases", str(FIX / "aliases.csv"), "--not-models", str(FIX / "not_models.csv")]
    return subprocess.run(
        [sys.executable, "-m", "model_data", "ingest", *tables, *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_cli_missing_corpus_is_exit_2_and_touches_nothing(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / "episodes.csv").write_text("keep me\n")
    proc = _cli("--corpus", str(tmp_path / "nope"), "--out", str(out))
    assert proc.returncode == 2
    assert "no such folder" in proc.stderr and str(tmp_path / "nope") in proc.stderr
    assert (out / "episodes.csv").read_text() == "keep me\n"


def test_cli_writes_byte_identical_files_on_rerun(tmp_path):
    out = tmp_path / "out"
    first = _cli("--corpus", str(CORPUS), "--extra", str(SEED), "--out", str(out))
    assert first.returncode == 0, first.stderr
    assert "warning: docs/weird/page.md: unknown layout" in first.stderr
    snapshot = {p.name: p.read_bytes() for p in out.iterdir()}
    assert {"episodes.csv", "mentions.csv", "candidates.csv", "review.md"} <= set(snapshot)
    second = _cli("--corpus", str(CORPUS), "--extra", str(SEED), "--out", str(out))
    assert second.returncode == 0
    assert {p.name: p.read_bytes() for p in out.iterdir()} == snapshot


def test_failed_write_keeps_every_previous_file(tmp_path, monkeypatch):
    """A disk that fills up while the new snapshot is staged leaves all old files as they were."""
    import argparse
    from pathlib import Path as PathType

    from model_data.ingest import command as ingest

    out = tmp_path / "out"
    first = argparse.Namespace(
        corpus=[CORPUS],
        extra=[],
        out=out,
        aliases=FIX / "aliases.csv",
        not_models=FIX / "not_models.csv",
        exclusions=FIX / "none.csv",
    )
    assert ingest.run(first) == 0
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    real_write, calls = PathType.write_bytes, []

    def filling_disk(self, data):
        if ".staging" in self.parts:
            calls.append(self.name)
            if len(calls) == 2:
                raise OSError(28, "No space left on device")
        return real_write(self, data)

    monkeypatch.setattr(PathType, "write_bytes", filling_disk)
    second = argparse.Namespace(**{**vars(first), "extra": [SEED]})  # different input, different tables
    assert ingest.run(second) == 1
    assert calls, "the fault was injected"
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before


def test_schedule_tables_give_dates_that_are_noted(result):
    note = result.episodes.set_index("episode_id").loc["s2e1", "date_note"]
    assert "schedule in docs/index.md gives 2025-06-09" in note
    assert "Jul 04" not in note and "2025-07-04" not in result.episodes.date_note.str.cat(sep=" ")


def test_labs_follow_the_episode_their_readme_names(result):
    assert mention(result, "s2e3", "closed/o3-mini").section == "demo"
    assert mention(result, "s2e3", "closed/gpt-4o").source_path == "labs/demo-lab/walkthrough.md"


def test_overview_list_items_attach_to_the_episode_they_name_and_teasers_do_not_count(result):
    r1 = mention(result, "s2e1", "deepseek-ai/DeepSeek-R1")
    assert ".2025/newsletter/N01-2025-07-01.md" in r1.all_sources
    phi = mention(result, "s2e3", "microsoft/Phi-4-mini-reasoning")
    assert ".2025/newsletter/N01-2025-07-01.md" in phi.all_sources
    grok_mini = mention(result, "s2e1", "closed/grok-3-mini")
    assert ".2025/newsletter" not in grok_mini.all_sources, "a 'Coming up next' teaser is not a mention"


def test_interrupt_is_a_message_not_a_traceback(tmp_path, monkeypatch, capsys):
    import argparse

    from model_data.ingest import command as ingest

    def interrupted(*a, **k):
        raise KeyboardInterrupt

    monkeypatch.setattr(ingest, "run_ingest", interrupted)
    args = argparse.Namespace(
        corpus=[CORPUS],
        extra=[],
        out=tmp_path,
        aliases=FIX / "aliases.csv",
        not_models=FIX / "not_models.csv",
        exclusions=FIX / "none.csv",
    )
    assert ingest.run(args) == 130
    assert "interrupted; nothing in" in capsys.readouterr().err
