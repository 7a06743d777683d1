"""The snapshot folder is input too: a swap journal, a table or the manifest may have been planted by
someone else. Nothing outside the folder is ever written, no read blocks or runs without bound,
and every odd leftover gets one sentence naming the command that clears it (issue 25)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from model_data.store import snapshot, writer
from tests.helpers import py

pytestmark = pytest.mark.slow  # tens of seconds: scheduled before the quick modules (tests/conftest.py)

ROOT = Path(__file__).resolve().parents[1]
FIXTURE = ROOT / "tests" / "fixtures" / "snapshot"


@pytest.fixture
def snap(tmp_path) -> Path:
    folder = tmp_path / "snap"
    shutil.copytree(FIXTURE, folder)
    shutil.copytree(FIXTURE, folder / snapshot.PREVIOUS)
    return folder


def _one_sentence(proc: subprocess.CompletedProcess) -> str:
    assert "Traceback" not in proc.stderr, proc.stderr[-1500:]
    return proc.stderr


def _plant_journal(folder: Path, files) -> None:
    (folder / snapshot.STAGING).mkdir(exist_ok=True)
    (folder / snapshot.JOURNAL).write_text(json.dumps({"files": files}))


def test_a_journal_naming_a_path_outside_the_folder_is_never_followed(snap, tmp_path):
    victim = tmp_path / "victim.txt"
    victim.write_text("precious")
    (snap / snapshot.STAGING).mkdir()
    (snap / snapshot.STAGING / "x.csv").write_text("evil")
    (snap / snapshot.STAGING / "victim.txt").write_text("evil")
    _plant_journal(snap, ["../victim.txt", "../../" + victim.name, str(victim), "x.csv"])
    for command in ("validate", "restore"):
        proc = py(command, "--snapshot", snap)
        assert ".swap.json" in _one_sentence(proc)
        assert victim.read_text() == "precious"
    assert not (snap / "x.csv").exists(), "a file the journal names that no write produces is not moved in"


@pytest.mark.parametrize(
    "journal",
    [b"{not json", b"[]", b'{"files": "manifest.json"}', b'{"files": [1, 2]}', b"\xff\xfe", b'{"files": null}'],
    ids=["broken JSON", "a list", "files a string", "files numbers", "not UTF-8", "files null"],
)
def test_a_corrupt_journal_is_a_sentence_naming_restore_which_clears_it(snap, journal):
    (snap / snapshot.STAGING).mkdir()
    (snap / snapshot.JOURNAL).write_bytes(journal)
    proc = py("validate", "--snapshot", snap)
    assert proc.returncode == 1
    err = _one_sentence(proc)
    assert ".swap.json" in err and "python -m model_data restore" in err
    done = py("restore", "--snapshot", snap)
    assert done.returncode == 0, done.stderr
    assert not (snap / snapshot.JOURNAL).exists()
    assert py("validate", "--snapshot", snap).returncode == 0


def _make_fifo(path: Path) -> None:
    path.unlink()
    os.mkfifo(path)


def _link_dev_zero(path: Path) -> None:
    path.unlink()
    path.symlink_to("/dev/zero")


ODD_FILES = {
    "scores.csv a link to /dev/zero": ("scores.csv", _link_dev_zero),
    "scores.csv a FIFO": ("scores.csv", _make_fifo),
    "manifest.json a link to /dev/zero": ("manifest.json", _link_dev_zero),
    "manifest.json a FIFO": ("manifest.json", _make_fifo),
}


@pytest.mark.parametrize("case", ODD_FILES.values(), ids=ODD_FILES.keys())
def test_a_device_or_fifo_in_place_of_a_file_is_refused_quickly(snap, case):
    name, plant = case
    plant(snap / name)
    for command in ("validate", "restore"):
        proc = py(command, "--snapshot", snap, timeout=30)
        _one_sentence(proc)
    assert name in py("validate", "--snapshot", snap, timeout=30).stderr or (snap / name).is_file()


@pytest.mark.parametrize("case", ODD_FILES.values(), ids=ODD_FILES.keys())
def test_a_fresh_app_falls_back_to_the_kept_generation(snap, case):
    name, plant = case
    plant(snap / name)
    code = (
        "import sys; from ui.store import data; from model_data.store import snapshot;"
        "import ui.store.data as d; d.snapshot_dir = lambda: sys.argv[1];"
        "got = d.load(); print(len(got.models), flush=True)"
    )
    proc = subprocess.run([sys.executable, "-c", code, str(snap)], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr[-1500:]
    assert int(proc.stdout.strip()) > 0


def test_a_staging_file_leftover_is_cleared_by_the_next_write(snap):
    shutil.rmtree(snap / snapshot.PREVIOUS)
    (snap / snapshot.STAGING).write_text("not a folder")
    proc = py("validate", "--snapshot", snap)
    err = _one_sentence(proc)
    assert proc.returncode == 0 or "python -m model_data" in err
    assert py("digest", "--snapshot", snap).returncode == 0
    assert not (snap / snapshot.STAGING).exists()


def _forge(folder: Path, table: str, edit) -> None:
    """Change a table and re-sign it in the manifest: self-consistent, so only a schema check sees it."""
    path = folder / f"{table}.csv"
    path.write_bytes(edit(path.read_bytes()))
    manifest = json.loads((folder / snapshot.MANIFEST).read_text())
    manifest["tables"][table]["sha256"] = snapshot._sha256(path.read_bytes())
    manifest.pop("derived", None)
    (folder / snapshot.MANIFEST).write_bytes(snapshot.manifest_bytes(manifest))
    (folder / "overview.json").unlink(missing_ok=True)


def _set_first_params(value: bytes):
    def edit(data: bytes) -> bytes:
        lines = data.split(b"\n")
        header = lines[0].split(b",")
        col = header.index(b"params_b")
        for i in range(1, len(lines)):
            cells = lines[i].split(b",")
            if len(cells) == len(header) and cells[col]:
                cells[col] = value
                lines[i] = b",".join(cells)
                break
        return b"\n".join(lines)

    return edit


FORGED = {
    "params_b inf": ("models", _set_first_params(b"inf"), "params_b"),
    "params_b NaN": ("models", _set_first_params(b"NaN"), "params_b"),
    "params_b -1e400": ("models", _set_first_params(b"-1e400"), "params_b"),
    "renamed column": ("scores", lambda d: d.replace(b"benchmark", b"benchmarq", 1), "benchmarq"),
}


@pytest.mark.parametrize("case", FORGED.values(), ids=FORGED.keys())
def test_a_forged_but_self_consistent_table_is_refused_by_validate_and_the_app(snap, case):
    table, edit, column = case
    _forge(snap, table, edit)
    proc = py("validate", "--snapshot", snap)
    assert proc.returncode == 1
    assert column in _one_sentence(proc)
    with pytest.raises(snapshot.SnapshotError, match=column):
        snapshot.read_consistent(snap)


def test_the_writers_refuse_a_journal_outside_the_folder_too(snap, tmp_path):
    victim = tmp_path / "victim.txt"
    victim.write_text("precious")
    _plant_journal(snap, ["../victim.txt"])
    with pytest.raises(snapshot.SnapshotError, match="swap.json"):
        writer.write_snapshot(snap, {})
    assert victim.read_text() == "precious"


# -- every command, from the one declaration (model_data/__main__.py: COMMANDS) -------------------
FIX = ROOT / "tests" / "fixtures"
CURATED = ["--aliases", FIX / "aliases.csv", "--not-models", FIX / "not_models.csv"]
REF = FIX / "leaderboard" / "reference"
ARGUMENTS = {  # the least each command needs to run against the folder
    "ingest": lambda s: ["--corpus", FIX / "corpus", "--out", s, *CURATED],
    "refresh": lambda s: ["--offline", "--reference", REF, "--snapshot", s],
    "validate": lambda s: ["--snapshot", s],
    "digest": lambda s: ["--snapshot", s],
    "update": lambda s: ["--offline", "--reference", REF, "--corpus", FIX / "corpus", "--snapshot", s],
    "review": lambda s: ["--snapshot", s],
    "restore": lambda s: ["--snapshot", s],
    "dataset": lambda s: ["--snapshot", s, "--out", s.parent / "dataset"],  # never --push: no network here
}


def test_every_declared_command_is_attacked():
    from model_data.__main__ import COMMANDS

    assert set(ARGUMENTS) == set(COMMANDS), "give the new command's arguments in ARGUMENTS"


def _journal_outside(snap: Path, victim: Path) -> None:
    (snap / snapshot.STAGING).mkdir()
    (snap / snapshot.STAGING / victim.name).write_text("evil")
    _plant_journal(snap, [f"../{victim.name}"])


def _fifo_manifest(snap: Path, victim: Path) -> None:
    _make_fifo(snap / snapshot.MANIFEST)


@pytest.mark.parametrize("attack", [_journal_outside, _fifo_manifest], ids=["journal outside", "FIFO manifest"])
@pytest.mark.parametrize("command", list(ARGUMENTS))
def test_no_command_follows_a_hostile_folder_outside_or_hangs_on_it(snap, tmp_path, attack, command):
    victim = snap.parent / "victim.txt"
    victim.write_text("precious")
    attack(snap, victim)
    proc = py(command, *ARGUMENTS[command](snap), timeout=120)
    assert "Traceback" not in proc.stderr, proc.stderr[-1500:]
    assert victim.read_text() == "precious"


@pytest.mark.skipif(os.geteuid() != 0, reason="needs root to run a command as another user")
@pytest.mark.parametrize("command", ["validate", "restore", "digest"])
def test_a_folder_another_user_cannot_read_is_one_sentence(command):
    import tempfile

    parent = Path(tempfile.mkdtemp(prefix="mme-perm-", dir="/tmp"))
    parent.chmod(0o755)
    snap = parent / "snap"
    shutil.copytree(FIXTURE, snap)
    snap.chmod(0o000)
    try:
        proc = py(command, "--snapshot", snap, user="65534")
    finally:
        snap.chmod(0o755)
        shutil.rmtree(parent)
    assert proc.returncode != 0 and "Traceback" not in proc.stderr, proc.stderr[-1500:]
    assert str(snap) in proc.stderr


def test_leftovers_of_an_interrupted_write_are_cleared_by_validate(snap):
    for name in (".previous.new", ".previous.old"):
        (snap / name).mkdir()
        (snap / name / "models.csv").write_text("half")
    (snap / snapshot.STAGING).mkdir()
    assert py("validate", "--snapshot", snap).returncode == 0
    assert not {".previous.new", ".previous.old", snapshot.STAGING} & {p.name for p in snap.iterdir()}
