"""`update` skips a step only when the same inputs, code and snapshot were seen to change nothing
(model_data.unchanged); one changed byte of an input, or a damaged record, runs it in full."""

from __future__ import annotations

import argparse
import shutil
from pathlib import Path

import pytest

from model_data import update
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
        return out.out + out.err, {p.name: p.read_bytes() for p in sorted(snap.iterdir()) if p.is_file()}

    return run, corpus, tmp_path / "cache"


def test_an_update_with_nothing_new_skips_every_step_and_keeps_the_bytes(setup, capsys):
    run, _, _ = setup
    run(capsys)  # builds the snapshot: the ingest and refresh wrote, nothing to record for them
    text, built = run(capsys)  # they run in full again, write nothing, and that is recorded
    assert f"update: ingest: {SKIPPED}" not in text and f"update: refresh: {SKIPPED}" not in text
    text, again = run(capsys)
    assert again == built
    for step in ("ingest", "refresh", "validate"):
        assert f"update: {step}: {SKIPPED}" in text
    assert "is valid" in text  # the recorded report is shown again


def test_one_changed_corpus_byte_runs_the_steps_again(setup, capsys):
    run, corpus, _ = setup
    run(capsys)
    _, built = run(capsys)
    page = next((corpus / "docs").rglob("*.md"))
    page.write_text(page.read_text() + "\nAlso shown: Phi-4.\n")
    text, after = run(capsys)
    assert f"update: ingest: {SKIPPED}" not in text
    assert "ingest:" in text


def test_a_damaged_record_is_not_trusted(setup, capsys):
    run, _, store = setup
    run(capsys)
    _, built = run(capsys)
    for entry in (store / "unchanged-step").glob("*.json"):
        entry.write_text('{"kind": "unchanged-step", "value": {"stdout": "", "stderr": ""}}')
    text, again = run(capsys)
    assert SKIPPED not in text and again == built
