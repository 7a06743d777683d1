"""`update` skips a step only when the same inputs, code and snapshot were seen to change nothing
(model_data.unchanged); one changed byte of an input, or a damaged record, runs it in full."""

from __future__ import annotations

import argparse
import shutil
from pathlib import Path

import pytest

from model_data import unchanged, update
from tests.helpers import REF

FIX = Path(__file__).parent / "fixtures"
SKIPPED = "same inputs, code and snapshot as a run that changed nothing"


@pytest.fixture
def setup(tmp_path, monkeypatch):
    monkeypatch.setenv("MME_CACHE_DIR", str(tmp_path / "cache"))
    corpus = tmp_path / "corpus"
    shutil.copytree(FIX / "corpus", corpus)
    snap = tmp_path / "snap"
    snap.mkdir()

    def run(capsys) -> tuple[str, dict[str, bytes]]:
        parser = argparse.ArgumentParser()
        update.add_arguments(parser)
        argv = ["--offline", "--reference", str(REF), "--corpus", str(corpus), "--snapshot", str(snap)]
        assert update.run(parser.parse_args(argv)) == 0
        out = capsys.readouterr()
        files = [p for p in sorted(snap.rglob("*")) if p.is_file() and p.name != ".lock"]
        return out.out + out.err, {str(p.relative_to(snap)): p.read_bytes() for p in files}

    return run, corpus, tmp_path / "cache"


def test_an_update_with_nothing_new_skips_every_step_and_keeps_the_bytes(setup, capsys):
    run, _, _ = setup
    run(capsys)  # builds the snapshot: the ingest and refresh wrote, nothing to record for them
    # the ingest rewrites its tables, so `.previous/` (part of the state) settles one run later
    for _ in range(2):
        text, built = run(capsys)
        assert f"update: ingest: {SKIPPED}" not in text
    text, again = run(capsys)
    assert again == built
    for step in ("ingest", "refresh", "validate"):
        assert f"update: {step}: {SKIPPED}" in text
    assert "is valid" in text  # the recorded report is shown again


@pytest.fixture
def step(tmp_path, monkeypatch):
    """A stand-in step over a small snapshot folder and one input file, counting its runs."""
    monkeypatch.setenv("MME_CACHE_DIR", str(tmp_path / "cache"))
    folder, source = tmp_path / "snap", tmp_path / "input.md"
    folder.mkdir()
    (folder / "episodes.csv").write_text("episode_id\ns1e1\n")
    source.write_text("page\n")
    calls = []

    def run(code: int = 0, write: str | None = None) -> int:
        def body() -> int:
            calls.append(1)
            print("step report")
            if write is not None:
                (folder / "episodes.csv").write_text(write)
            return code

        return unchanged.run_step("ingest", ["--out", str(folder)], [source], folder, body)

    return run, calls, folder, source, tmp_path / "cache"


def test_a_step_that_changed_nothing_is_skipped_next_time_with_its_report(step, capsys):
    run, calls, *_ = step
    assert run() == 0 and run() == 0
    assert len(calls) == 1
    assert capsys.readouterr().out.count("step report") == 2


def test_a_step_that_wrote_or_failed_is_not_recorded(step):
    run, calls, *_ = step
    run(write="episode_id\ns1e2\n")
    run(code=1)
    run(code=1)
    assert len(calls) == 3


@pytest.mark.parametrize("change", ["input", "snapshot", "previous"])
def test_any_changed_byte_runs_the_step_again(step, change):
    run, calls, folder, source, _ = step
    run()
    if change == "input":
        source.write_text("page edited\n")
    elif change == "snapshot":
        (folder / "episodes.csv").write_text("episode_id\ns1e1\ns1e2\n")
    else:
        (folder / ".previous").mkdir()
        (folder / ".previous" / "episodes.csv").write_text("episode_id\n")
    run()
    assert len(calls) == 2


def test_another_command_line_or_package_byte_is_another_key(tmp_path, monkeypatch):
    source = tmp_path / "input.md"
    source.write_text("page\n")
    key = unchanged.step_key("ingest", ["--out", "a"], [source], "state")
    assert unchanged.step_key("ingest", ["--out", "b"], [source], "state") != key
    assert unchanged.step_key("refresh", ["--out", "a"], [source], "state") != key
    package = tmp_path / "package"
    package.mkdir()
    (package / "code.py").write_text("x = 1\n")
    monkeypatch.setattr(unchanged, "PACKAGE", package)
    before = unchanged.step_key("ingest", ["--out", "a"], [source], "state")
    (package / "code.py").write_text("x = 2\n")
    assert unchanged.step_key("ingest", ["--out", "a"], [source], "state") != before


def test_a_damaged_record_is_not_trusted(step):
    run, calls, _, _, store = step
    run()
    for entry in (store / "unchanged-step").glob("*.json"):
        entry.write_text('{"kind": "unchanged-step", "value": {"stdout": "", "stderr": ""}}')
    run()
    assert len(calls) == 2


def test_a_half_way_swap_is_never_skipped(step):
    run, calls, folder, *_ = step
    run()
    (folder / ".swap.json").write_text("{}")
    run()
    assert len(calls) == 2
