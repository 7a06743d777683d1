"""Several writers and readers on one snapshot folder: real processes racing for the lock, a
writer that gives up cleanly, readers that never see half a swap, and the cache key the app
uses to notice a new snapshot."""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

import pandas as pd
import pytest

from model_data.ingest import command as ingest
from model_data.store import schema, snapshot, validate, writer
from tests.helpers import OFFLINE_MODELS, REF, cli, model_row, score_row, tables, tree_bytes

pytestmark = pytest.mark.slow  # tens of seconds: scheduled before the quick modules (tests/conftest.py)

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "reference-data"
CORPUS = ROOT / "tests" / "fixtures" / "corpus"
PY = sys.executable


def csvs(folder: Path) -> dict[str, bytes]:
    return {k: v for k, v in tree_bytes(folder).items() if not k.startswith(".") and k != snapshot.MANIFEST}


def manifest_without_times(folder: Path) -> dict:
    manifest = snapshot.read_manifest(folder)
    for entry in manifest.get("tables", {}).values():
        entry.pop("built_at", None)
    return manifest


def start(*argv: str | Path) -> subprocess.Popen:
    return subprocess.Popen(
        [PY, "-m", "model_data", *map(str, argv)], cwd=ROOT, text=True, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )


def run_ingest(out: Path) -> int:
    parser = argparse.ArgumentParser()
    ingest.add_arguments(parser)
    return ingest.run(parser.parse_args(["--corpus", str(CORPUS), "--out", str(out)]))


def finish(proc: subprocess.Popen) -> tuple[int, str, str]:
    out, err = proc.communicate(timeout=120)
    return proc.returncode, out, err


# ---- writers -------------------------------------------------------------------------------


@pytest.mark.skipif(not SHARED.is_dir(), reason=f"reference data not available at {SHARED}")
def test_two_refresh_processes_at_once_give_exactly_one_runs_result(tmp_path):
    stale = tmp_path / "stale"
    shutil.copytree(snapshot.DEFAULT_DIR, stale)
    (stale / "models.csv").unlink()
    (stale / "scores.csv").unlink()
    single, both = tmp_path / "single", tmp_path / "both"
    shutil.copytree(stale, single)
    shutil.copytree(stale, both)
    argv = ("refresh", "--offline", "--reference", "../shared/reference-data")
    procs = [start(*argv, "--snapshot", both) for _ in range(2)]
    assert cli("--offline", "--reference", SHARED, "--snapshot", single) == 0  # meanwhile, one run alone
    results = [finish(p) for p in procs]
    assert [code for code, _, _ in results] == [0, 0], [err for _, _, err in results]
    wrote = [out for _, out, _ in results if "wrote models.csv, scores.csv" in out]
    assert len(wrote) == 1, "the lock serialises them: the second finds the first's result already there"
    assert validate.check_folder(both) == []
    assert csvs(both) == csvs(single)
    assert manifest_without_times(both) == manifest_without_times(single)
    assert not snapshot.swap_pending(both) and not (both / snapshot.STAGING).exists()


def test_a_refresh_and_an_ingest_at_once_give_the_same_tables_as_one_after_the_other(tmp_path):
    single, both = tmp_path / "single", tmp_path / "both"
    assert run_ingest(single) == 0
    models = tmp_path / "model-list.csv"
    shutil.copy(single / "mentions.csv", models)  # what this ingest will mention
    assert cli("--offline", "--reference", REF, "--models", models, "--snapshot", single) == 0
    refresh_argv = ("refresh", "--offline", "--reference", REF, "--models", models)

    procs = [start("ingest", "--corpus", CORPUS, "--out", both), start(*refresh_argv, "--snapshot", both)]
    results = [finish(p) for p in procs]
    assert [code for code, _, _ in results] == [0, 0], [err for _, _, err in results]
    assert validate.check_folder(both) == []
    assert csvs(both) == csvs(single)
    assert manifest_without_times(both) == manifest_without_times(single)


@pytest.fixture
def built(tmp_path) -> Path:
    models = tmp_path / "mentions.csv"
    models.write_text(OFFLINE_MODELS)
    folder = tmp_path / "snap"
    assert cli("--offline", "--reference", REF, "--models", models, "--snapshot", folder) == 0
    return folder


@pytest.fixture
def lock_holder(built):
    """Another process holding the snapshot's lock (as a long refresh would)."""
    code = (
        "import sys, time; from model_data.store import snapshot\n"
        f"with snapshot.locked({str(built)!r}):\n    print('locked', flush=True); time.sleep(30)"
    )
    proc = subprocess.Popen([PY, "-c", code], cwd=ROOT, stdout=subprocess.PIPE, text=True)
    assert proc.stdout.readline().strip() == "locked"
    yield proc
    proc.kill()
    proc.wait()


def test_a_refresh_waiting_past_the_lock_timeout_gives_up_clearly_and_touches_nothing(
    built, lock_holder, monkeypatch, capsys, tmp_path
):
    monkeypatch.setattr(snapshot, "LOCK_TIMEOUT", 0.3)
    before = tree_bytes(built)
    (tmp_path / "other.csv").write_text("model_id,open_weights\nmicrosoft/phi-4,true\nclosed/gpt-5,false\n")
    capsys.readouterr()
    started = time.monotonic()
    code = cli("--offline", "--reference", REF, "--models", tmp_path / "other.csv", "--snapshot", built)
    waited = time.monotonic() - started
    err = capsys.readouterr().err
    assert code == 1
    assert (
        f"refresh: another refresh or ingest is writing {built} (the lock is held by process {lock_holder.pid} (" in err
    )
    assert "waited 0.3 s); run this again when it has finished" in err
    assert 0.3 <= waited < 10
    assert tree_bytes(built) == before


def test_an_ingest_waiting_past_the_lock_timeout_gives_up_clearly_and_touches_nothing(
    built, lock_holder, monkeypatch, capsys
):
    monkeypatch.setattr(snapshot, "LOCK_TIMEOUT", 0.3)
    before = tree_bytes(built)
    code = run_ingest(built)
    err = capsys.readouterr().err
    assert code == 1
    assert "another refresh or ingest is writing" in err and "previous files are unchanged" in err
    assert tree_bytes(built) == before


# ---- readers -------------------------------------------------------------------------------


def versions(n: int) -> list[dict[str, pd.DataFrame]]:
    """Snapshot contents that say which version they are in both tables: likes == score == k."""
    ingest_tables = {n: pd.DataFrame(columns=schema.TABLES[n]) for n in ("episodes", "mentions", "candidates")}
    return [
        {
            **tables(
                [model_row("a/one", likes=k), model_row("b/two")],
                [score_row("a/one", score=float(k)), score_row("b/two")],
            ),
            **ingest_tables,
        }
        for k in range(1, n + 1)
    ]


def version_of(snap: snapshot.Snapshot) -> tuple[int, int]:
    models = snap.models.set_index("model_id")
    scores = snap.scores.set_index("model_id")
    return int(models.loc["a/one", "likes"]), int(scores.loc["a/one", "score"])


@pytest.fixture
def half_swapped(tmp_path, monkeypatch):
    """models.csv already new, scores.csv and manifest.json still old: a swap stopped by a crash."""
    old, new = versions(2)
    writer.write_snapshot(tmp_path, old, {})
    real = os.replace

    def crash_after_first(src, dst):
        if Path(dst).name == "scores.csv":
            raise KeyboardInterrupt("power cut")
        real(src, dst)

    with monkeypatch.context() as m:
        m.setattr(os, "replace", crash_after_first)
        with pytest.raises(KeyboardInterrupt):
            writer.write_snapshot(tmp_path, new, {})
    return tmp_path


def test_a_plain_read_during_a_swap_can_mix_versions(half_swapped):
    """Why `read_consistent` exists: files are renamed in one by one."""
    assert version_of(snapshot.read_snapshot(half_swapped)) == (2, 1)


def test_read_consistent_refuses_a_mixed_view_with_a_clear_error_or_keeps_the_previous(half_swapped):
    with pytest.raises(
        snapshot.SnapshotError,
        match=r"models\.csv in .* do not match manifest\.json: a write was "
        r"interrupted; run `python -m model_data validate` as the folder's owner",
    ):
        snapshot.read_consistent(half_swapped, timeout=0.05)
    previous = snapshot.Snapshot(half_swapped, {"marker": True})
    assert snapshot.read_consistent(half_swapped, timeout=0.05, previous=previous) is previous
    snapshot.recover(half_swapped)
    assert version_of(snapshot.read_consistent(half_swapped, timeout=0.05)) == (2, 2)


def test_read_consistent_waits_out_a_swap_in_progress(half_swapped):
    finisher = threading.Timer(0.15, snapshot.recover, args=(half_swapped,))
    finisher.start()
    try:
        assert version_of(snapshot.read_consistent(half_swapped, timeout=2.0)) == (2, 2)
    finally:
        finisher.join()


def test_readers_looping_during_many_swaps_always_get_a_self_consistent_set(tmp_path, monkeypatch):
    variants = versions(6)
    shas = {
        hashlib.sha256(snapshot.table_bytes("models", v["models"])).hexdigest(): k + 1 for k, v in enumerate(variants)
    }
    writer.write_snapshot(tmp_path, variants[0], {})
    real = os.replace

    def slow_replace(src, dst, *a, **k):  # widen the window between renames, as a slow disk would
        real(src, dst, *a, **k)
        if snapshot.STAGING in Path(os.fsdecode(src)).parts:
            time.sleep(0.02)

    monkeypatch.setattr(os, "replace", slow_replace)

    done = threading.Event()
    seen, mixed_plain, errors = [], [], []

    def reader():
        try:
            while not done.is_set():
                snap = snapshot.read_consistent(tmp_path, timeout=2.0)
                likes, score = version_of(snap)
                seen.append((likes, score, shas[snap.manifest["tables"]["models"]["sha256"]]))
                plain = version_of(snapshot.read_snapshot(tmp_path))
                if plain[0] != plain[1]:
                    mixed_plain.append(plain)
        except Exception as err:  # reported below, not lost in the thread
            errors.append(err)

    threads = [threading.Thread(target=reader) for _ in range(2)]
    for t in threads:
        t.start()
    for _ in range(4):  # until a plain read has been caught mixing versions (usually the first round)
        for v in variants[1:] + variants[:1]:
            writer.write_snapshot(tmp_path, v, {})
        if mixed_plain or errors:
            break
    done.set()
    for t in threads:
        t.join()
    assert errors == []
    assert mixed_plain, "no plain read ever overlapped a swap: the test would prove nothing"
    assert len({s[0] for s in seen}) > 1
    assert all(likes == score == manifest_version for likes, score, manifest_version in seen), [
        s for s in seen if len(set(s)) > 1
    ][:5]


# ---- the app's cache key -----------------------------------------------------------------------


def test_fingerprint_changes_when_a_write_lands_and_only_then(tmp_path):
    assert snapshot.fingerprint(tmp_path) == "no-manifest"
    first, second = versions(2)
    writer.write_snapshot(tmp_path, first, {})
    key = snapshot.fingerprint(tmp_path)
    assert writer.write_snapshot(tmp_path, first, {}) == []  # same input: nothing written
    assert snapshot.fingerprint(tmp_path) == key
    copy = tmp_path.parent / "copy"
    shutil.copytree(tmp_path, copy)
    assert snapshot.fingerprint(copy) == key  # content, not path or mtime
    writer.write_snapshot(tmp_path, second, {})
    assert snapshot.fingerprint(tmp_path) != key
    assert snapshot.fingerprint(tmp_path) == hashlib.sha256((tmp_path / "manifest.json").read_bytes()).hexdigest()


def test_the_apps_cache_picks_up_a_new_snapshot_without_a_restart(tmp_path, monkeypatch):
    """ui.store.data.load, the app's own cache (st.cache_resource keyed on the manifest's fingerprint): one read per
    snapshot, shared between reruns, and a new snapshot is read at the next rerun without a restart."""
    from ui.store import data as ui_data

    monkeypatch.setenv("MME_SNAPSHOT_DIR", str(tmp_path))
    first, second = versions(2)
    writer.write_snapshot(tmp_path, first, {})
    loaded = ui_data.load()
    assert version_of(loaded) == (1, 1)
    assert ui_data.load() is loaded  # cached between reruns: the same object
    writer.write_snapshot(tmp_path, second, {})
    fresh = ui_data.load()
    assert fresh is not loaded and version_of(fresh) == (2, 2)  # new snapshot, no restart
    assert ui_data.load() is fresh


def test_fingerprint_is_cheap_enough_to_call_on_every_rerun():
    if not (snapshot.DEFAULT_DIR / snapshot.MANIFEST).exists():
        pytest.skip("shipped snapshot not built yet")
    started = time.perf_counter()
    for _ in range(200):
        snapshot.fingerprint(snapshot.DEFAULT_DIR)
    assert (time.perf_counter() - started) / 200 < 0.002
    json.loads((snapshot.DEFAULT_DIR / snapshot.MANIFEST).read_text())  # and the key is of a real manifest
