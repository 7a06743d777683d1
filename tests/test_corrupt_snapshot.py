"""Every corrupt snapshot gets one sentence naming the file and the problem, a non-zero exit and
no traceback, from validate / refresh / digest / ingest and the app; a manifest that does not
vouch for every table is never served or declared valid; `restore` brings back the last good
snapshot without git (issue 15: the outside test's eight corruption cases, and the lost / [] manifest)."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pandas as pd
import pytest

from model_data.store import snapshot, writer
from tests.apptest_helpers import FIXTURE, open_app
from tests.helpers import REF, py

pytestmark = pytest.mark.slow  # tens of seconds: scheduled before the quick modules (tests/conftest.py)

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "tests" / "fixtures" / "corpus"
FIX = ROOT / "tests" / "fixtures"
NOBODY = 65534  # a user who does not own the snapshot (the read-only deployment of docs/DEPLOY.md)


@pytest.fixture(scope="module")
def good(tmp_path_factory) -> Path:
    """A complete snapshot built by the real commands (ingest, then an offline refresh) with a
    previous generation kept."""
    folder = tmp_path_factory.mktemp("good") / "snap"
    aliases = ["--aliases", FIX / "aliases.csv", "--not-models", FIX / "not_models.csv"]
    assert py("ingest", "--corpus", CORPUS, "--out", folder, *aliases).returncode == 0
    for _ in range(2):  # the second one changes nothing, but keeps a restore point (.previous/)
        done = py("refresh", "--offline", "--reference", REF, "--snapshot", folder)
        assert done.returncode == 0, done.stderr
    assert not snapshot.verify(folder / snapshot.PREVIOUS)
    assert py("validate", "--snapshot", folder).returncode == 0
    return folder


@pytest.fixture
def snap(good, tmp_path) -> Path:
    folder = tmp_path / "snap"
    shutil.copytree(good, folder)
    return folder


def cut_inside_quoted_field(folder):
    data = (folder / "models.csv").read_bytes()
    quote = data.index(b'"', data.index(b"\n"))  # the first quoted cell after the header
    (folder / "models.csv").write_bytes(data[: quote + 5])


CORRUPTIONS = {
    "models.csv cut inside a quoted field": (cut_inside_quoted_field, "models.csv"),
    "empty models.csv": (lambda f: (f / "models.csv").write_bytes(b""), "models.csv is empty"),
    "binary models.csv": (
        lambda f: (f / "models.csv").write_bytes(os.urandom(64) + b"\x00" * 64),
        "models.csv holds binary data",
    ),
    "non-UTF-8 manifest": (
        lambda f: (f / "manifest.json").write_bytes(
            (f / "manifest.json").read_bytes().replace(b'"schema_version"', b'"sch\xe9ma"')
        ),
        "manifest.json is not UTF-8",
    ),
    "manifest is []": (lambda f: (f / "manifest.json").write_text("[]"), "manifest.json holds a JSON list"),
    "manifest tables is a list": (
        lambda f: (f / "manifest.json").write_text(json.dumps({"tables": []})),
        "'tables' is a JSON list",
    ),
    "manifest is invalid JSON": (
        lambda f: (f / "manifest.json").write_text('{"tables": '),
        "manifest.json is not valid JSON",
    ),
    "manifest missing, models.csv halved": (
        lambda f: (
            (f / "manifest.json").unlink(),
            (f / "models.csv").write_bytes(b"".join((f / "models.csv").read_bytes().splitlines(keepends=True)[:5])),
        ),
        "manifest.json is missing",
    ),
}


@pytest.mark.parametrize("case", list(CORRUPTIONS))
def test_validate_names_the_file_and_problem_without_a_traceback(snap, case):
    damage, expected = CORRUPTIONS[case]
    damage(snap)
    proc = py("validate", "--snapshot", snap)
    assert proc.returncode == 1 and "Traceback" not in proc.stderr, proc.stderr
    assert expected in proc.stderr
    assert "python -m model_data restore" in proc.stderr  # one command back to the last good snapshot


@pytest.mark.parametrize("case", list(CORRUPTIONS))
def test_refresh_digest_and_ingest_never_crash_and_never_vouch_for_unchecked_tables(snap, case):
    damage, _ = CORRUPTIONS[case]
    damage(snap)
    for argv in (
        ("refresh", "--offline", "--reference", REF, "--snapshot", snap),
        ("digest", "--snapshot", snap),
        ("ingest", "--corpus", CORPUS, "--out", snap),
    ):
        proc = py(*argv)
        assert "Traceback" not in proc.stderr, (argv[0], proc.stderr)
        if proc.returncode == 0:  # a rebuild from the sources: what it wrote is checked, and says so
            assert not [p for p in snapshot.verify(snap) if "does not match" in p], argv[0]
        else:
            assert proc.stderr.strip().count("\n") < 8, proc.stderr
    if not snapshot.verify(snap):
        assert py("validate", "--snapshot", snap).returncode == 0
    manifest = snapshot.read_manifest(snap) if (snap / "manifest.json").exists() else {}
    listed = set((manifest.get("tables") or {}))
    assert listed == set() or listed >= {"models", "scores"} or listed >= {"episodes", "mentions", "candidates"}


def test_ingest_then_refresh_rebuild_a_snapshot_whose_manifest_was_lost(snap):
    (snap / "manifest.json").unlink()
    refresh = py("refresh", "--offline", "--reference", REF, "--snapshot", snap)
    assert refresh.returncode == 1 and "not listed in manifest.json" in refresh.stderr
    assert not (snap / "manifest.json").exists(), "refresh wrote a manifest vouching for only its own tables"
    assert (
        py(
            "ingest",
            "--corpus",
            CORPUS,
            "--out",
            snap,
            "--aliases",
            FIX / "aliases.csv",
            "--not-models",
            FIX / "not_models.csv",
        ).returncode
        == 0
    )
    assert py("refresh", "--offline", "--reference", REF, "--snapshot", snap).returncode == 0
    assert py("validate", "--snapshot", snap).returncode == 0


def test_digest_on_an_empty_list_manifest_writes_nothing_and_validate_does_not_say_valid(snap):
    (snap / "manifest.json").write_text("[]")
    lines = (snap / "scores.csv").read_bytes().splitlines(keepends=True)
    (snap / "scores.csv").write_bytes(b"".join(lines[: len(lines) // 4]))
    proc = py("digest", "--snapshot", snap)
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
    assert (snap / "manifest.json").read_text() == "[]"
    assert py("validate", "--snapshot", snap).returncode == 1


def test_a_manifest_listing_fewer_tables_is_not_valid(snap):
    manifest = json.loads((snap / "manifest.json").read_text())
    del manifest["tables"]["scores"]
    (snap / "manifest.json").write_text(json.dumps(manifest))
    proc = py("validate", "--snapshot", snap)
    assert proc.returncode == 1 and "does not list scores.csv" in proc.stderr


@pytest.fixture
def public_snap(good):
    """A copy other users can reach (pytest's tmp folders are private to their owner)."""
    base = Path(tempfile.mkdtemp(prefix="mme-public-"))
    os.chmod(base, 0o755)
    shutil.copytree(good, base / "snap")
    for path in [base / "snap", *(base / "snap").rglob("*")]:
        os.chmod(path, 0o755 if path.is_dir() else 0o644)
    yield base / "snap"
    shutil.rmtree(base, ignore_errors=True)


@pytest.mark.skipif(os.geteuid() != 0, reason="needs root to run a command as another user")
def test_unreadable_file_and_folder_are_findings_not_tracebacks(public_snap):
    snap = public_snap
    os.chmod(snap / "models.csv", 0o600)  # readable by its owner (root) only
    proc = py("validate", "--snapshot", snap, user=NOBODY)
    assert proc.returncode == 1 and "Traceback" not in proc.stderr, proc.stderr
    assert "models.csv" in proc.stderr and "Permission denied" in proc.stderr
    for argv in (
        ("refresh", "--offline", "--reference", REF, "--snapshot", snap),
        ("digest", "--snapshot", snap),
        ("ingest", "--corpus", CORPUS, "--out", snap),
    ):
        other = py(*argv, user=NOBODY)
        assert other.returncode != 0 and "Traceback" not in other.stderr, (argv[0], other.stderr)
    os.chmod(snap / "models.csv", 0o644)
    os.chmod(snap, 0o711)  # the folder cannot be listed
    proc = py("validate", "--snapshot", snap, user=NOBODY)
    assert proc.returncode == 1 and "Traceback" not in proc.stderr, proc.stderr
    assert "cannot be read: Permission denied" in proc.stderr


def test_restore_brings_back_the_last_complete_snapshot_without_git(snap):
    assert py("refresh", "--offline", "--reference", REF, "--snapshot", snap).returncode == 0
    good_bytes = {p.name: p.read_bytes() for p in snap.iterdir() if p.is_file()}
    models = json.loads((snap / "manifest.json").read_text())["tables"]["models"]["sha256"]
    (snap / "models.csv").write_bytes(b"")
    (snap / "manifest.json").write_text("[]")
    proc = py("restore", "--snapshot", snap)
    assert proc.returncode == 0, proc.stderr
    assert py("validate", "--snapshot", snap).returncode == 0
    assert json.loads((snap / "manifest.json").read_text())["tables"]["models"]["sha256"] == models
    assert {p.name: p.read_bytes() for p in snap.iterdir() if p.is_file()}.keys() >= good_bytes.keys() - {
        "overview.json"
    }


def test_restore_without_a_kept_generation_says_what_to_do(tmp_path):
    folder = tmp_path / "snap"
    shutil.copytree(FIXTURE, folder)
    proc = py("restore", "--snapshot", folder)
    assert proc.returncode == 1 and "Traceback" not in proc.stderr and "no usable previous snapshot" in proc.stderr


# ---- the app ----------------------------------------------------------------------------------


def _texts(at) -> str:
    return " ".join(str(e.value) for e in [*at.error, *at.warning]).replace("\\", "")  # markdown escapes off


def test_the_app_refuses_a_snapshot_without_manifest_and_names_the_command(tmp_path):
    folder = tmp_path / "snap"
    shutil.copytree(FIXTURE, folder)
    (folder / "manifest.json").unlink()
    lines = (folder / "models.csv").read_bytes().splitlines(keepends=True)
    (folder / "models.csv").write_bytes(b"".join(lines[: len(lines) // 2]))
    at = open_app(folder)
    assert not at.exception
    text = _texts(at)
    assert "manifest.json is missing" in text and "check it out again from git" in text
    assert not at.metric and not [s for s in at.subheader if s.value.isdigit()], "no unchecked numbers are shown"


@pytest.mark.parametrize("case", list(CORRUPTIONS))
def test_a_running_app_keeps_serving_the_last_good_snapshot_and_a_restarted_one_names_the_problem(tmp_path, case):
    import streamlit as st

    from ui.store import data as ui_data

    folder = tmp_path / "snap"
    shutil.copytree(FIXTURE, folder)
    at = open_app(folder, "app_pages/models.py")
    assert not at.exception and not at.warning
    rows = len(at.dataframe[0].value)
    damage, expected = CORRUPTIONS[case]
    damage(folder)
    at.run()
    assert not at.exception
    assert len(at.dataframe[0].value) == rows, "the last good tables, never the damaged ones"
    if at.warning:  # the manifest changed: the app noticed and says what it serves instead
        assert "last good snapshot" in _texts(at) and expected.split()[0] in _texts(at)
    st.cache_resource.clear()  # a restarted server: nothing good in memory, no kept generation
    ui_data._good.clear()
    fresh = open_app(folder)
    assert not fresh.exception and fresh.error
    assert expected.split()[0] in _texts(fresh) and "Traceback" not in _texts(fresh)
    assert "python -m model_data" in _texts(fresh)  # the command that brings it back, or rebuilds it


def test_a_restarted_app_serves_the_kept_previous_generation(snap):
    assert py("refresh", "--offline", "--reference", REF, "--snapshot", snap).returncode == 0
    (snap / "models.csv").write_bytes(b"")
    from ui.store import data as ui_data

    ui_data._good.clear()
    at = open_app(snap, "app_pages/models.py")
    assert not at.exception
    assert "last good snapshot" in _texts(at)
    assert at.dataframe, "the kept generation's models are shown"


# ---- validate and the lock ----------------------------------------------------------------------


def _interrupt_a_write(folder: Path, monkeypatch) -> None:
    models = snapshot.read_table(folder, "models")
    models.loc[0, "likes"] = (0 if pd.isna(models.loc[0, "likes"]) else models.loc[0, "likes"]) + 1
    real = os.replace

    def power_cut(src, dst, *a, **k):
        if Path(os.fsdecode(dst)).name == snapshot.MANIFEST and snapshot.STAGING in Path(os.fsdecode(src)).parts:
            raise KeyboardInterrupt("power cut")
        return real(src, dst, *a, **k)

    with monkeypatch.context() as m:
        m.setattr(os, "replace", power_cut)
        with pytest.raises(KeyboardInterrupt):
            writer.write_snapshot(folder, {"models": models})
    assert snapshot.swap_pending(folder)


@pytest.mark.skipif(os.geteuid() != 0, reason="needs root to run a command as another user")
def test_validate_as_a_read_only_user_after_an_interrupted_write_says_so(public_snap, monkeypatch):
    _interrupt_a_write(public_snap, monkeypatch)
    proc = py("validate", "--snapshot", public_snap, user=NOBODY)
    assert proc.returncode == 1 and "Traceback" not in proc.stderr, proc.stderr
    assert (
        "an interrupted write is pending" in proc.stderr and "the app serves the last complete snapshot" in proc.stderr
    )
    assert "as root" in proc.stderr  # who can complete it
    assert snapshot.swap_pending(public_snap), "nothing was changed by the read-only run"
    done = py("validate", "--snapshot", public_snap)  # the owner completes it
    assert done.returncode == 0 and "completed an interrupted swap" in done.stderr


def test_validate_behind_a_stopped_writer_waits_a_bounded_time_and_names_it(snap):
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import time; from model_data.store import snapshot\n"
            f"with snapshot.locked({str(snap)!r}):\n    print('locked', flush=True); time.sleep(60)",
        ],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "locked"
        os.kill(holder.pid, signal.SIGSTOP)  # a writer stopped with ^Z
        started = time.monotonic()
        proc = py("validate", "--snapshot", snap, "--wait", "1")
        assert time.monotonic() - started < 20
        assert proc.returncode == 1 and "Traceback" not in proc.stderr, proc.stderr
        assert f"the lock is held by process {holder.pid}" in proc.stderr and "it is stopped" in proc.stderr
        assert f"kill -CONT {holder.pid}" in proc.stderr
        env_wait = subprocess.run(
            [sys.executable, "-m", "model_data", "validate", "--snapshot", str(snap)],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=60,
            env={**os.environ, "MME_LOCK_WAIT": "0.5"},
        )
        assert env_wait.returncode == 1 and "waited 0.5 s" in env_wait.stderr
    finally:
        os.kill(holder.pid, signal.SIGCONT)
        holder.kill()
        holder.wait()
