"""Review decisions are input: every name, id, episode and reason typed into `review` is checked
before it reaches a curated table, a refusal is one sentence with exit 2 and the tables unchanged,
and a decision can be taken back (`review undo`)."""

from __future__ import annotations

import csv
import os
import shutil
import stat
from pathlib import Path

import pytest

from model_data import TABLES
from model_data.__main__ import main
from model_data.errors import ModelDataError
from model_data.ingest import decision_input, review
from model_data.ingest.mentions import Matcher

ROOT = Path(__file__).resolve().parents[1]
FIX = ROOT / "tests" / "fixtures"
SNAP = FIX / "snapshot"  # episodes s1e1.., models deepseek-ai/DeepSeek-R1, Qwen/Qwen2.5-7B-Instruct ...


@pytest.fixture
def tables(tmp_path):
    aliases, not_models = tmp_path / "aliases.csv", tmp_path / "not_models.csv"
    shutil.copy(FIX / "aliases.csv", aliases)
    shutil.copy(FIX / "not_models.csv", not_models)
    aliases.chmod(0o644)
    not_models.chmod(0o644)
    return aliases, not_models


def review_cli(tables, *argv: str) -> int:
    aliases, not_models = tables
    return main(["review", *argv, "--snapshot", str(SNAP), "--aliases", str(aliases), "--not-models", str(not_models)])


HOSTILE_NAMES = {
    "only a dash": "-",
    "only a zero-width space": "\u200b",
    "right-to-left override": "Phi\u202e4-ih",
    "newline": "Phi-4\nInjected line",
    "spreadsheet formula": '=HYPERLINK("http://x","Phi")',
    "at-sign formula": "@SUM(A1)",
    "control character": "Phi\x07-4",
    "undecodable byte": "Phi-\udcff4",
    "too long": "Phi " * 100,
}


@pytest.mark.parametrize("name", HOSTILE_NAMES.values(), ids=HOSTILE_NAMES.keys())
def test_a_hostile_name_is_refused_in_one_sentence_and_nothing_is_written(tables, name, capsys):
    before = [p.read_bytes() for p in tables]
    for argv in (["accept", name, "deepseek-ai/DeepSeek-R1"], ["reject", name]):
        assert review_cli(tables, *argv) == 2
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and err.startswith("review: "), err
        assert "\n" not in name or "Injected line\n" not in err
        assert "\u202e" not in err and "\u200b" not in err
    assert [p.read_bytes() for p in tables] == before


def test_review_accept_dash_no_longer_breaks_later_ingests(tables):
    aliases, not_models = tables
    assert review_cli(tables, "accept", "-", "deepseek-ai/DeepSeek-R1") == 2
    hits, _ = Matcher.from_files(aliases, not_models).scan("We tried DeepSeek-R1 today.", "")
    assert [h.model_id for h in hits] == ["deepseek-ai/DeepSeek-R1"]
    with open(aliases, "a", encoding="utf-8") as fh:  # written by hand: a sentence, not an IndexError
        fh.write("-,microsoft/phi-4,true,,by hand\n")
    with pytest.raises(ModelDataError, match="no letter or digit"):
        Matcher.from_files(aliases, not_models)


def test_a_look_alike_letter_in_the_repo_id_is_named(tables, capsys):
    assert review_cli(tables, "accept", "Deep Seek R1", "deepseek-ai/D\u0435epSeek-R1") == 2
    err = capsys.readouterr().err
    assert "CYRILLIC SMALL LETTER IE" in err and "position 14" in err


@pytest.mark.parametrize("repo", ["not a repo id", "org/name/extra", "org--x/name", "-org/name", "org/na..me", ""])
def test_a_repo_id_outside_the_hub_grammar_is_refused(repo):
    with pytest.raises(decision_input.DecisionInputError):
        decision_input.repo_id(repo)


def test_an_id_no_catalogue_knows_needs_force(tables, capsys):
    aliases, _ = tables
    assert review_cli(tables, "accept", "Phi Four", "microsoft/phi-44") == 2
    assert "--force" in capsys.readouterr().err and "phi-44" not in aliases.read_text()
    assert review_cli(tables, "accept", "Phi Four", "microsoft/phi-44", "--force") == 0
    assert "microsoft/phi-44" in aliases.read_text()


def test_an_unknown_episode_is_refused(tables, capsys):
    assert review_cli(tables, "accept", "R1 model", "deepseek-ai/DeepSeek-R1", "--episode", "s9e99") == 2
    assert "s9e99" in capsys.readouterr().err
    assert review_cli(tables, "accept", "R1 model", "deepseek-ai/DeepSeek-R1", "--episode", "s1e1") == 0


def test_accept_warns_when_the_id_is_not_among_the_episodes_proposals(tables, capsys):
    known = review.Known(ids={"a/one", "a/two"}, episodes={"s1e1"}, proposals={"nova 3 mini": {"s1e1": ["a/one"]}})
    warnings: list[str] = []
    review.accept("Nova 3 Mini", "a/two", "s1e1", *tables, known=known, warn=warnings.append)
    assert warnings and "a/two is not among the proposals" in warnings[0] and "a/one" in warnings[0]


def test_a_reason_that_looks_like_a_formula_is_stored_as_text_and_the_file_mode_is_kept(tables):
    aliases, not_models = tables
    review.reject("Agent Thing", '=cmd|" /C calc"!A0', aliases, not_models)
    row = list(csv.DictReader(open(not_models, encoding="utf-8", newline="")))[-1]
    assert row["reason"].startswith("'=cmd")
    assert stat.S_IMODE(not_models.stat().st_mode) == 0o644
    review.accept(
        "R1 again", "deepseek-ai/DeepSeek-R1", None, aliases, not_models, known=review.Known(ids=set()), force=True
    )
    assert stat.S_IMODE(aliases.stat().st_mode) == 0o644


def test_names_compare_after_nfkc_and_without_zero_width_characters(tables):
    aliases, not_models = tables
    with open(aliases, "a", encoding="utf-8") as fh:  # a row written by hand, with a stray zero-width space
        fh.write("GLM\u200b Flash,zai-org/GLM-4.7-Flash,true,,by hand\n")
    for same in ("\uff27\uff2c\uff2d Flash", "GLM Flash"):  # full-width letters; the plain name
        with pytest.raises(review.ReviewError, match="already in aliases.csv"):
            review.accept(same, "zai-org/GLM-4.7-Flash", None, aliases, not_models, known=review.Known(), force=True)
        with pytest.raises(review.ReviewError, match="is an alias"):
            review.reject(same, "", aliases, not_models)


def test_undo_takes_back_the_last_decision_or_a_named_one(tables, capsys):
    aliases, not_models = tables
    original = [p.read_bytes() for p in tables]
    assert review_cli(tables, "accept", "R1 model", "deepseek-ai/DeepSeek-R1") == 0
    assert review_cli(tables, "reject", "Agent Thing", "--reason", "a product") == 0
    assert review_cli(tables, "accept", "Qwen 7B", "Qwen/Qwen2.5-7B-Instruct") == 0
    assert review_cli(tables, "undo", "R1 model") == 0
    assert "R1 model" not in aliases.read_text() and "Qwen 7B" in aliases.read_text()
    assert review_cli(tables, "undo") == 0  # the last one: Qwen 7B
    assert review_cli(tables, "undo") == 0  # then the reject
    assert [p.read_bytes() for p in tables] == original
    assert review_cli(tables, "undo") == 2
    assert "no review decision" in capsys.readouterr().err


def test_an_undo_never_removes_a_row_a_person_wrote(tables, capsys):
    before = [p.read_bytes() for p in tables]
    assert review_cli(tables, "undo", "DeepSeek-R1") == 2  # a curated fixture row, not a review decision
    assert [p.read_bytes() for p in tables] == before


def test_the_curated_tables_hold_no_hidden_character_and_no_live_formula():
    for path in sorted(TABLES.glob("*.csv")):
        with open(path, encoding="utf-8", newline="") as fh:
            for n, row in enumerate(csv.reader(fh), start=1):
                for cell in row:
                    assert not decision_input.hostile_chars(cell), f"{path.name} row {n}: {cell!r}"
                    assert not cell.startswith(decision_input.FORMULA_LEAD), f"{path.name} row {n}: {cell!r}"


def test_the_review_listing_shows_a_hostile_surface_escaped(tmp_path):
    import pandas as pd

    frame = pd.DataFrame(
        [
            {
                "surface": "Evil\n[click](http://x)\u202e",
                "source_path": "a\nb.md",
                "episode_id": "s1e1",
                "location": "1",
                "evidence": "",
                "context": "",
                "proposals": "",
            }
        ]
    )
    text = review.listing(frame)
    assert not any(line.startswith("[click]") for line in text.splitlines())
    assert "\u202e" not in text and "\\u000a" in text


def test_a_new_file_gets_the_usual_mode(tmp_path):
    from model_data.store.atomic import write_text_atomic

    umask = os.umask(0o022)
    try:
        write_text_atomic(tmp_path / "new.csv", "a\n")
    finally:
        os.umask(umask)
    assert stat.S_IMODE((tmp_path / "new.csv").stat().st_mode) == 0o644


def test_a_missing_curated_table_is_one_sentence(tmp_path, capsys):
    missing = tmp_path / "nowhere.csv"
    assert review_cli((missing, missing), "accept", "R1 model", "deepseek-ai/DeepSeek-R1") == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "nowhere.csv" in err and "nothing was written" in err
