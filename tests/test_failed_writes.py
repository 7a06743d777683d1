"""A write that fails (a full disk) says honestly what happened and leaves no half copy behind (issue 25)."""

from __future__ import annotations

import errno
import os
import shutil
from pathlib import Path

import pytest

from model_data.__main__ import main
from model_data.store import snapshot, writer

ROOT = Path(__file__).resolve().parents[1]
FIX = ROOT / "tests" / "fixtures"
TABLES = ["--aliases", str(FIX / "aliases.csv"), "--not-models", str(FIX / "not_models.csv")]


@pytest.fixture
def snap(tmp_path) -> Path:
    folder = tmp_path / "snap"
    shutil.copytree(FIX / "snapshot", folder)
    return folder


def _full_disk_after(n: int, monkeypatch) -> None:
    """os.replace of staged files fails with ENOSPC after `n` have gone in."""
    real, done = os.replace, []

    def replace(src, dst, *a, **k):
        if snapshot.STAGING in Path(os.fsdecode(src)).parts:
            if len(done) >= n:
                raise OSError(errno.ENOSPC, "No space left on device")
            done.append(dst)
        return real(src, dst, *a, **k)

    monkeypatch.setattr(os, "replace", replace)


def test_a_full_disk_at_the_swap_is_not_reported_as_nothing_changed(snap, monkeypatch, capsys):
    with monkeypatch.context() as m:
        _full_disk_after(1, m)
        code = main(["ingest", "--corpus", str(FIX / "corpus"), "--out", str(snap), *TABLES])
    err = capsys.readouterr().err
    assert code == 1
    assert "unchanged" not in err and "nothing was changed" not in err
    assert "half-way" in err and "No space left on device" in err
    assert main(["validate", "--snapshot", str(snap)]) in (0, 1)  # completes the swap
    assert not snapshot.swap_pending(snap)
    assert snapshot.verify(snap) == []


def test_a_full_disk_while_keeping_the_previous_generation_leaves_no_half_copy(snap, monkeypatch):
    real = Path.write_bytes

    def write_bytes(self, data):
        if self.parent.name == snapshot.PREVIOUS + ".new" and self.name == "scores.csv":
            raise OSError(errno.ENOSPC, "No space left on device")
        return real(self, data)

    monkeypatch.setattr(Path, "write_bytes", write_bytes)
    models = snapshot.read_table(snap, "models")
    models.loc[0, "likes"] = 12345
    before = {p.name: p.read_bytes() for p in snap.iterdir() if p.is_file()}
    with pytest.raises(snapshot.SnapshotError, match="nothing was changed"):
        writer.write_snapshot(snap, {"models": models})
    assert not (snap / (snapshot.PREVIOUS + ".new")).exists()
    assert not (snap / snapshot.STAGING).exists()
    assert {p.name: p.read_bytes() for p in snap.iterdir() if p.is_file()} == before


def test_update_with_the_hub_unreachable_takes_its_ingest_back(snap, tmp_path):
    """The ingest alone (new mentions, old models) is never left served as a complete snapshot."""
    import subprocess
    import sys

    from model_data.store.snapshot_files import fingerprint

    started = fingerprint(snap)
    proc = subprocess.run(
        [sys.executable, "-m", "model_data", "update", "--corpus", str(FIX / "corpus"), "--snapshot", str(snap)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "HF_ENDPOINT": "http://127.0.0.1:9", "HF_HUB_OFFLINE": "0", "HF_HOME": str(tmp_path / "hf")},
    )
    assert proc.returncode == 1 and "Traceback" not in proc.stderr, proc.stderr[-2000:]
    assert "refresh failed" in proc.stderr
    assert "back to the one this update started from" in proc.stderr, proc.stderr[-2000:]
    assert fingerprint(snap) == started
    assert main(["validate", "--snapshot", str(snap)]) == 0
