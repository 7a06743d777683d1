"""A live refresh under every fault we expect in the field, injected where it really happens.

Hub faults come through the real `huggingface_hub` client and a mock HTTP transport (the
ScriptedHub); disk faults and interrupts at the OS call that would fail. Each test checks three
things: the previous snapshot is byte-identical (every file, manifest.json included) or the new
one is complete and valid; the exit code and the message say what happened; and a rerun with the
fault gone succeeds. The snapshot is always a temporary copy of the shipped one.
"""

from __future__ import annotations

import builtins
import email.utils
import errno
import io
import os
import pathlib
import shutil
import signal
import time
from pathlib import Path

import datasets
import huggingface_hub
import pandas as pd
import pytest

from model_data.sources import leaderboard, refresh
from model_data.store import snapshot, validate
from tests.fixtures.hub.mock_hub import ScriptedHub
from tests.helpers import PHI, cli, tree_bytes

pytestmark = pytest.mark.slow  # tens of seconds: scheduled before the quick modules (tests/conftest.py)

NOT_CHANGED = "the snapshot was not changed"


def assert_unchanged(run) -> None:
    assert tree_bytes(run.folder) == run.before, "the previous snapshot must stay byte-identical"


def assert_rerun_succeeds(run) -> str:
    code, out, err = run()
    assert code == 0, err
    assert "FAILED" not in out + err
    assert validate.check_folder(run.folder) == []
    assert not snapshot.swap_pending(run.folder) and not (run.folder / snapshot.STAGING).exists()
    return out


def hub_row(run, model_id: str) -> pd.Series:
    return snapshot.read_table(run.folder, "models").set_index("model_id").loc[model_id]


# ---- Hub faults that abort: nothing written ----------------------------------------------------


@pytest.mark.parametrize(
    "step,reason,sleeps",
    [
        ("timeout", "timeout after 4 tries", [2.0, 4.0, 8.0]),
        ("reset", "network error (ReadError) after 4 tries", [2.0, 4.0, 8.0]),
        (500, "HTTP 500 after 4 tries", [2.0, 4.0, 8.0]),
        (503, "HTTP 503 after 4 tries", [2.0, 4.0, 8.0]),
        ((429, {"Retry-After": "3"}), "HTTP 429 after 4 tries", [3.0, 3.0, 3.0]),
        (
            ("body", b'{"id": "microsoft/phi-4", "author": "micro'),
            "invalid response body from the Hub (JSONDecodeError: truncated or not JSON) after 4 tries",
            [2.0, 4.0, 8.0],
        ),
        (
            ("body", b"<html><body>502 Bad Gateway</body></html>"),
            "invalid response body from the Hub (JSONDecodeError: truncated or not JSON) after 4 tries",
            [2.0, 4.0, 8.0],
        ),
    ],
    ids=["timeout", "connection-reset", "500", "503", "429-forever", "truncated-json", "invalid-json"],
)
def test_a_hub_fault_that_outlasts_the_retries_changes_nothing_and_a_rerun_resumes(hubrun, step, reason, sleeps):
    code, out, err = hubrun({PHI: [step]})
    assert code == 1
    assert f"FAILED {PHI}: {reason}" in err
    assert f"could not be fetched; {NOT_CHANGED}" in err
    assert hubrun.sleeps == sleeps  # bounded: 4 tries, 3 waits, as asked
    assert hubrun.hub.paths().count(f"/api/models/{PHI}") == 4
    assert_unchanged(hubrun)
    assert_rerun_succeeds(hubrun)


@pytest.mark.parametrize("retry_after,expected", [("7", 7.0), ("http-date", 30.0)])
def test_429_waits_as_long_as_retry_after_says_then_completes(hubrun, retry_after, expected):
    written = time.time()
    if retry_after == "http-date":  # a date 30 s ahead, in whole seconds: the wait is 30 s less the time gone by
        retry_after = email.utils.formatdate(written + 30, usegmt=True)
    code, out, err = hubrun({PHI: [(429, {"Retry-After": retry_after}), "ok"]})
    assert code == 0, err
    gone = time.time() - written  # a loaded machine (parallel tests) may take seconds to get there
    low = expected - 1 - gone if isinstance(retry_after, str) and not retry_after.isdigit() else expected
    assert len(hubrun.sleeps) == 1 and low - 0.1 <= hubrun.sleeps[0] <= expected + 0.1, (hubrun.sleeps, gone)
    assert "failed 0" in out and "wrote models.csv" in out
    assert validate.check_folder(hubrun.folder) == []
    assert hub_row(hubrun, PHI)["metadata_source"] == "hub api"


def test_a_transient_500_then_503_is_retried_and_the_refresh_completes(hubrun):
    code, out, err = hubrun({PHI: [500, 503, "ok"]})
    assert code == 0, err
    assert hubrun.sleeps == [2.0, 4.0]
    assert validate.check_folder(hubrun.folder) == []


# ---- Hub answers that keep the row: new snapshot, complete and valid ----------------------------


@pytest.mark.parametrize(
    "step,status,said",
    [
        (401, "gated", "gated: the Hub answered 401: a token with access is needed"),
        (403, "gated", "gated: the Hub answered 403: a token with access is needed"),
        (
            (403, {"X-Error-Code": "GatedRepo", "X-Error-Message": "Access to model is restricted"}),
            "gated",
            "gated: gated repo: the Hub needs a token whose account accepted the licence",
        ),
        (404, "removed", "removed: not found on the Hub (404)"),
    ],
    ids=["401", "403", "403-gated-repo", "404-deleted"],
)
def test_gated_or_deleted_keeps_the_previous_row_says_so_and_a_rerun_restores_it(hubrun, step, status, said):
    before = hub_row(hubrun, PHI)
    code, out, err = hubrun({PHI: [step]})
    assert code == 0, err
    assert f"NOTE {PHI}: {said}" in out and "(row kept)" in out
    assert validate.check_folder(hubrun.folder) == []
    row = hub_row(hubrun, PHI)
    assert row["hub_status"] == status
    assert row["metadata_source"].startswith("kept from the previous snapshot; Hub:")
    for col in ("license_id", "license_family", "commercial_use", "params_b", "params_source"):
        assert row[col] == before[col] or (pd.isna(row[col]) and pd.isna(before[col])), col
    assert_rerun_succeeds(hubrun)
    assert hub_row(hubrun, PHI)["hub_status"] == "ok"


def test_a_307_rename_records_the_new_id(hubrun, tmp_path):
    mentions = pd.read_csv(hubrun.folder / "mentions.csv", dtype=str, keep_default_na=False)
    models = tmp_path / "models.csv"
    extra = pd.DataFrame({"model_id": ["bert-base-uncased"], "open_weights": ["true"]})
    pd.concat([mentions[["model_id", "open_weights"]], extra]).to_csv(models, index=False)
    code, out, err = hubrun(None, "--models", models)  # the recorded 307 for bert-base-uncased
    assert code == 0, err
    assert "NOTE bert-base-uncased: renamed on the Hub to google-bert/bert-base-uncased" in out
    row = hub_row(hubrun, "bert-base-uncased")
    assert (row["hub_status"], row["renamed_to"]) == ("renamed", "google-bert/bert-base-uncased")
    assert "/api/models/google-bert/bert-base-uncased" in hubrun.hub.paths()
    assert validate.check_folder(hubrun.folder) == []


# ---- the leaderboard dataset ---------------------------------------------------------------------


def test_leaderboard_dataset_unavailable_changes_nothing_and_says_so(hubrun, monkeypatch):
    def unavailable(*args, **kwargs):
        raise ConnectionError("Couldn't reach 'open-llm-leaderboard/contents' on the Hub (LocalEntryNotFoundError)")

    with monkeypatch.context() as m:
        m.setattr(datasets, "load_dataset", unavailable)
        code, out, err = hubrun()
    assert code == 1
    assert "the Open LLM Leaderboard (open-llm-leaderboard/contents) could not be loaded: ConnectionError" in err
    assert NOT_CHANGED in err and "Traceback" not in err
    assert hubrun.hub.requests == []  # failed before asking the Hub about any model
    assert_unchanged(hubrun)
    assert_rerun_succeeds(hubrun)


def test_leaderboard_dataset_missing_on_the_hub_over_http_changes_nothing(
    hubrun, monkeypatch, tmp_path, contents_parquet
):
    monkeypatch.setattr(refresh, "CONTENTS_SOURCE", leaderboard.CONTENTS_REPO)  # the real Hub path
    monkeypatch.chdir(tmp_path)
    code, out, err = hubrun()  # ScriptedHub answers 404 to the dataset's files
    assert code == 1
    assert "could not be loaded" in err and NOT_CHANGED in err
    assert_unchanged(hubrun)
    monkeypatch.setattr(refresh, "CONTENTS_SOURCE", contents_parquet)
    assert_rerun_succeeds(hubrun)


# ---- disk faults at the OS call --------------------------------------------------------------


def _inside(path, folder: Path) -> bool:
    try:
        return Path(os.fsdecode(path)).resolve().is_relative_to(folder.resolve())
    except (TypeError, ValueError):
        return False


def test_disk_full_while_writing_the_staged_snapshot_changes_nothing(hubrun, monkeypatch):
    real = pathlib.Path.write_bytes
    hits = []

    def enospc(self, data):
        if snapshot.STAGING in self.parts:
            hits.append(self.name)
            with open(self, "wb") as fh:  # half a file, as a full disk leaves it
                fh.write(data[: len(data) // 2])
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(self))
        return real(self, data)

    with monkeypatch.context() as m:
        m.setattr(pathlib.Path, "write_bytes", enospc)
        code, out, err = hubrun()
    assert hits, "the fault was never reached"
    assert code == 1
    assert "cannot write the snapshot" in err and "No space left on device" in err and "nothing was changed" in err
    assert "Traceback" not in err
    assert_unchanged(hubrun)
    assert_rerun_succeeds(hubrun)


@pytest.mark.parametrize("code_", [errno.EROFS, errno.EACCES], ids=["EROFS", "EACCES"])
def test_read_only_snapshot_folder_changes_nothing(hubrun, monkeypatch, code_):
    """chmod does not stop root, so every call that would create, write, rename or delete inside
    the folder fails as a read-only mount (or a folder without write permission) makes it fail."""
    folder = hubrun.folder
    refused = []

    def deny(path):
        refused.append(os.fsdecode(path))
        raise OSError(code_, os.strerror(code_), os.fsdecode(path))

    real_mkdir, real_open, real_io_open = os.mkdir, os.open, io.open
    real_replace, real_unlink, real_rename = os.replace, os.unlink, os.rename

    def mkdir(path, *a, **k):
        if _inside(path, folder) and not os.path.exists(path):
            deny(path)
        return real_mkdir(path, *a, **k)

    def os_open(path, flags, *a, **k):
        if _inside(path, folder) and flags & (os.O_WRONLY | os.O_RDWR | os.O_CREAT):
            deny(path)
        return real_open(path, flags, *a, **k)

    def open_(file, mode="r", *a, **k):
        if not isinstance(file, int) and _inside(file, folder) and any(c in mode for c in "wax+"):
            deny(file)
        return real_io_open(file, mode, *a, **k)

    def two_paths(real):
        def call(src, dst, *a, **k):
            if _inside(src, folder) or _inside(dst, folder):
                deny(dst)
            return real(src, dst, *a, **k)

        return call

    def unlink(path, *a, **k):
        if _inside(path, folder):
            deny(path)
        return real_unlink(path, *a, **k)

    with monkeypatch.context() as m:
        m.setattr(os, "mkdir", mkdir)
        m.setattr(os, "open", os_open)
        m.setattr(io, "open", open_)
        m.setattr(builtins, "open", open_)
        m.setattr(os, "replace", two_paths(real_replace))
        m.setattr(os, "rename", two_paths(real_rename))
        m.setattr(os, "unlink", unlink)
        code, out, err = hubrun()
    assert refused, "the fault was never reached"
    assert code == 1
    assert "cannot write the snapshot" in err and os.strerror(code_) in err and "nothing was changed" in err
    assert_unchanged(hubrun)
    assert_rerun_succeeds(hubrun)


def test_a_disk_error_half_way_through_the_swap_is_reported_and_the_rerun_completes_it(hubrun, monkeypatch):
    real = os.replace
    moved = []

    def fail_on_second(src, dst, *a, **k):
        if snapshot.STAGING in Path(os.fsdecode(src)).parts:
            moved.append(Path(os.fsdecode(dst)).name)
            if len(moved) == 2:
                raise OSError(errno.EIO, os.strerror(errno.EIO), os.fsdecode(dst))
        return real(src, dst, *a, **k)

    with monkeypatch.context() as m:
        m.setattr(os, "replace", fail_on_second)
        code, out, err = hubrun()
    assert code == 1
    assert "stopped half-way (Input/output error)" in err and "python -m model_data validate" in err
    assert snapshot.swap_pending(hubrun.folder)
    out = assert_rerun_succeeds(hubrun)  # rolled forward, then up to date
    assert "nothing (snapshot already up to date)" in out


# ---- SIGINT in the middle of writing ---------------------------------------------------------


def _sigint() -> None:
    """A real SIGINT to this process: Python's handler turns it into KeyboardInterrupt."""
    signal.raise_signal(signal.SIGINT)
    time.sleep(0.1)  # the handler runs between bytecodes; this gives it one


@pytest.fixture
def ctrl_c():
    """Python's own SIGINT handler, as at a terminal where a person presses Ctrl-C. A process started in
    the background without job control inherits SIGINT ignored, and Python then installs no handler."""
    before = signal.signal(signal.SIGINT, signal.default_int_handler)
    yield
    signal.signal(signal.SIGINT, before)


def test_sigint_while_staging_changes_nothing_and_a_rerun_completes(hubrun, monkeypatch, ctrl_c):
    real = pathlib.Path.write_bytes
    staged = []

    def interrupt_on_second(self, data):
        if snapshot.STAGING in self.parts:
            staged.append(self.name)
            if len(staged) == 2:
                real(self, data[: len(data) // 2])
                _sigint()
        return real(self, data)

    with monkeypatch.context() as m:
        m.setattr(pathlib.Path, "write_bytes", interrupt_on_second)
        code, out, err = hubrun()
    assert len(staged) == 2
    assert code == 130
    assert f"refresh: interrupted; the snapshot in {hubrun.folder} was not changed" in err
    assert_unchanged(hubrun)  # staging removed, nothing swapped
    assert_rerun_succeeds(hubrun)


@pytest.fixture
def interrupted_swap(hubrun, monkeypatch, ctrl_c):
    """A refresh stopped by SIGINT after the first file was renamed in, before the others."""
    real = os.replace
    moved = []

    def interrupt_on_second(src, dst, *a, **k):
        if snapshot.STAGING in Path(os.fsdecode(src)).parts:
            moved.append(Path(os.fsdecode(dst)).name)
            if len(moved) == 2:
                _sigint()
        return real(src, dst, *a, **k)

    with monkeypatch.context() as m:
        m.setattr(os, "replace", interrupt_on_second)
        code, out, err = hubrun()
    assert code == 130
    assert "interrupted while swapping the new files" in err and "python -m model_data validate" in err
    assert moved == ["models.csv", "scores.csv"]
    assert snapshot.swap_pending(hubrun.folder)
    assert validate.check_folder(hubrun.folder) != []  # half-swapped: models new, manifest old
    return hubrun


def _expected_after_clean_run(hubrun, tmp_path) -> dict[str, bytes]:
    clean = tmp_path / "clean"
    shutil.copytree(snapshot.DEFAULT_DIR, clean)
    huggingface_hub.set_client_factory(ScriptedHub().client)
    assert cli("--snapshot", clean) == 0
    return {k: v for k, v in tree_bytes(clean).items() if k.endswith(".csv")}


def test_sigint_half_way_through_the_swap_is_completed_by_validate(interrupted_swap, tmp_path, capsys):
    from tests.helpers import run_validate

    assert run_validate(interrupted_swap.folder) == 0
    assert "completed an interrupted swap (scores.csv, overview.json, manifest.json)" in capsys.readouterr().err
    assert not snapshot.swap_pending(interrupted_swap.folder)
    assert validate.check_folder(interrupted_swap.folder) == []
    after = {k: v for k, v in tree_bytes(interrupted_swap.folder).items() if k.endswith(".csv")}
    assert after == _expected_after_clean_run(interrupted_swap, tmp_path)


def test_sigint_half_way_through_the_swap_is_completed_by_the_next_refresh(interrupted_swap, tmp_path):
    out = assert_rerun_succeeds(interrupted_swap)
    assert "nothing (snapshot already up to date)" in out  # the roll-forward already wrote this run's result
    after = {k: v for k, v in tree_bytes(interrupted_swap.folder).items() if k.endswith(".csv")}
    assert after == _expected_after_clean_run(interrupted_swap, tmp_path)
