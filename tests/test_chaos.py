"""Chaos, bounded (issue 25): random SIGKILLs during `update`, `review accept` and `restore` while a
reader keeps reading the snapshot. Afterwards `validate` passes or names the command that brings
the snapshot back (which then does), no read ever paired tables of two generations, and no row of
a curated table was lost."""

from __future__ import annotations

import csv
import os
import random
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

from model_data.store import snapshot
from tests.helpers import REF, py

ROOT = Path(__file__).resolve().parents[1]
FIX = ROOT / "tests" / "fixtures"
ROUNDS = 12  # about a minute on a busy 2-core machine


def _rows(path: Path) -> set[tuple[str, ...]]:
    with open(path, encoding="utf-8", newline="") as fh:
        return {tuple(r) for r in csv.reader(fh)}


def test_random_kills_leave_a_valid_or_restorable_snapshot_and_lose_no_decision(tmp_path):
    rng = random.Random(25)
    snap = tmp_path / "snap"
    shutil.copytree(FIX / "snapshot", snap)
    aliases, not_models = tmp_path / "aliases.csv", tmp_path / "not_models.csv"
    shutil.copy(FIX / "aliases.csv", aliases)
    shutil.copy(FIX / "not_models.csv", not_models)
    curated = ["--aliases", str(aliases), "--not-models", str(not_models)]
    original = _rows(aliases) | _rows(not_models)
    assert py("refresh", "--offline", "--reference", REF, "--snapshot", snap).returncode == 0  # a restore point

    stop, mixed, reads = threading.Event(), [], [0]

    def reader():
        last = None
        while not stop.is_set():
            try:
                got = snapshot.read_consistent(snap, timeout=0.5, previous=last)
            except snapshot.SnapshotError:
                continue
            for name, frame in got.tables.items():
                if got.manifest["tables"][name].get("rows") not in (None, len(frame)):
                    mixed.append(name)
            last, reads[0] = got, reads[0] + 1

    thread = threading.Thread(target=reader, daemon=True)
    thread.start()
    accepted, killed = [], []
    try:
        for i in range(ROUNDS):
            kind = rng.choice(["update", "accept", "restore"])
            if kind == "update":
                argv = ["update", "--offline", "--reference", REF, "--corpus", FIX / "corpus", "--snapshot", snap]
            elif kind == "accept":
                name = f"Chaos Model {i}"
                argv = ["review", "accept", name, "deepseek-ai/DeepSeek-R1", "--force", "--snapshot", snap, *curated]
            else:
                argv = ["restore", "--snapshot", snap]
            proc = subprocess.Popen(
                [sys.executable, "-m", "model_data", *map(str, argv)],
                cwd=ROOT,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            time.sleep(rng.uniform(0.05, 2.5))
            if proc.poll() is None:
                os.kill(proc.pid, signal.SIGKILL)
                killed.append(kind)
            code = proc.wait(timeout=60)
            if kind == "accept" and code == 0:
                accepted.append(name)
    finally:
        stop.set()
        thread.join(timeout=10)

    assert killed, "no command was killed mid-way: the test did not test anything"
    assert reads[0] > 0 and not mixed, f"reads paired tables of two generations: {mixed[:5]}"
    check = py("validate", "--snapshot", snap)
    if check.returncode != 0:
        assert "python -m model_data" in check.stderr, check.stderr[-1500:]
        assert py("restore", "--snapshot", snap).returncode == 0
        assert py("validate", "--snapshot", snap).returncode == 0
    after = _rows(aliases) | _rows(not_models)
    assert original <= after, "a curated row was lost"
    assert {n for n in accepted} <= {r[0] for r in _rows(aliases)}, "an accepted decision was lost"
    leftovers = {p.name for p in snap.iterdir()} & {snapshot.STAGING, snapshot.JOURNAL, snapshot.PREVIOUS + ".new"}
    assert not leftovers or py("validate", "--snapshot", snap).returncode == 0
