"""Writing the snapshot: stable bytes, all-or-nothing swaps, recovery, and a lock."""

from __future__ import annotations

import json
import os
import threading

import pandas as pd
import pytest

from model_data.store import schema, snapshot, validate, writer
from tests.helpers import model_row, score_row, tables


def folder_bytes(folder) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


def test_csv_bytes_are_sorted_fixed_format_and_keep_zero_and_unknown_apart():
    frame = tables(
        [
            model_row("b/two", likes=0, params_b=None, params_source="unknown", params_note="why"),
            model_row("a/one", params_b=14.659999999999),
        ]
    )["models"]
    text = snapshot.table_bytes("models", frame).decode()
    assert "\r" not in text
    lines = text.splitlines()
    assert lines[0] == ",".join(schema.MODELS)
    assert lines[1].startswith("a/one,") and lines[2].startswith("b/two,")
    row = pd.read_csv(pd.io.common.StringIO(text), dtype=str, keep_default_na=False).set_index("model_id")
    assert row.loc["b/two", "likes"] == "0"  # a real zero stays 0
    assert row.loc["b/two", "params_b"] == ""  # unknown stays empty
    assert row.loc["a/one", "params_b"] == "14.66"  # fixed float formatting
    assert row.loc["a/one", "downloads"] == "0"


def test_columns_must_match_the_schema_exactly():
    frame = tables()["models"].drop(columns=["likes"])
    with pytest.raises(snapshot.SnapshotError, match="missing \\['likes'\\]"):
        snapshot.table_bytes("models", frame)


def test_write_read_round_trip_and_manifest(tmp_path):
    written = writer.write_snapshot(tmp_path, tables(), {"tables": {"models": {"sources": {"x": {"file": "f"}}}}})
    assert written == ["models.csv", "scores.csv", "manifest.json"]
    snap = snapshot.read_snapshot(tmp_path)
    assert snap.models["model_id"].tolist() == ["a/one", "b/two"]
    assert snap.models["params_b"].tolist() == [7.248, 7.248]
    entry = snap.manifest["tables"]["models"]
    assert entry["rows"] == 2 and entry["schema_version"] == schema.SCHEMA_VERSION
    assert entry["sources"] == {"x": {"file": "f"}}
    assert {"built_at", "sha256"} <= set(entry)
    assert not (tmp_path / snapshot.STAGING).exists() and not (tmp_path / snapshot.JOURNAL).exists()


def test_same_input_twice_changes_nothing_not_even_the_manifest(tmp_path):
    writer.write_snapshot(tmp_path, tables(), {})
    before = folder_bytes(tmp_path)
    assert writer.write_snapshot(tmp_path, tables(), {}) == []
    assert folder_bytes(tmp_path) == before


def test_tables_written_by_others_are_kept(tmp_path):
    (tmp_path / "mentions.csv").write_text(",".join(schema.MENTIONS) + "\n" + "s1e1,a/one,One,news,p.md,3,true,p.md\n")
    writer.write_snapshot(tmp_path, tables(), {})
    assert (tmp_path / "mentions.csv").read_text().count("\n") == 2


@pytest.mark.parametrize(
    "bad",
    [
        {"models": [model_row("a/one", params_b=0)]},  # unknown coerced to 0
        {"models": [model_row("a/one"), model_row("a/one")]},  # duplicate key
        {"scores": [score_row("a/one", score=140.0)]},  # out of range
        {"scores": [score_row("ghost/model")]},  # orphan score
    ],
)
def test_a_candidate_that_fails_validation_leaves_the_old_snapshot_byte_identical(tmp_path, bad):
    writer.write_snapshot(tmp_path, tables(), {})
    before = folder_bytes(tmp_path)
    with pytest.raises(snapshot.SnapshotError, match="failed validation"):
        writer.write_snapshot(tmp_path, tables(bad.get("models"), bad.get("scores")), {})
    assert folder_bytes(tmp_path) == before
    assert not (tmp_path / snapshot.STAGING).exists()


def test_an_interrupted_swap_is_rolled_forward(tmp_path, monkeypatch):
    writer.write_snapshot(tmp_path, tables(), {})
    new = tables([model_row("a/one", likes=99), model_row("b/two")])
    real_replace = os.replace

    def crash_before_manifest(src, dst):
        if str(dst).endswith("manifest.json"):
            raise KeyboardInterrupt("power cut")
        real_replace(src, dst)

    monkeypatch.setattr(snapshot.os, "replace", crash_before_manifest)
    with pytest.raises(KeyboardInterrupt):
        writer.write_snapshot(tmp_path, new, {})
    monkeypatch.setattr(snapshot.os, "replace", real_replace)
    assert (tmp_path / snapshot.JOURNAL).exists()  # half-swapped: models new, manifest old
    assert validate.check_folder(tmp_path) != []
    assert snapshot.recover(tmp_path) == ["manifest.json"]
    assert validate.check_folder(tmp_path) == []
    assert snapshot.read_table(tmp_path, "models").set_index("model_id").loc["a/one", "likes"] == 99


def test_a_staging_left_before_validation_is_discarded(tmp_path):
    writer.write_snapshot(tmp_path, tables(), {})
    before = folder_bytes(tmp_path)
    (tmp_path / snapshot.STAGING).mkdir()
    (tmp_path / snapshot.STAGING / "models.csv").write_text("half written")
    assert snapshot.recover(tmp_path) == []
    assert folder_bytes(tmp_path) == before and not (tmp_path / snapshot.STAGING).exists()


def test_a_held_lock_makes_a_second_writer_wait_then_give_up_clearly(tmp_path):
    writer.write_snapshot(tmp_path, tables(), {})
    with snapshot.locked(tmp_path):
        with pytest.raises(snapshot.SnapshotError, match="another refresh or ingest is writing"):
            writer.write_snapshot(tmp_path, tables([model_row("a/one")], [score_row("a/one")]), {}, lock_timeout=0.2)


def test_concurrent_writers_never_corrupt_the_snapshot(tmp_path):
    variants = [tables([model_row("a/one", likes=n), model_row("b/two")]) for n in range(6)]
    errors = []

    def write(t):
        try:
            writer.write_snapshot(tmp_path, t, {})
        except Exception as err:  # pragma: no cover - reported below
            errors.append(err)

    threads = [threading.Thread(target=write, args=(t,)) for t in variants]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert validate.check_folder(tmp_path) == []
    manifest = json.loads((tmp_path / "manifest.json").read_text())
    assert manifest["tables"]["models"]["rows"] == 2
