"""Read the shipped snapshot (model_data/snapshot/): tables plus manifest.json.

Reading is cheap and side-effect free; writing goes through `write_snapshot`, which stages,
validates and swaps files so that a failed write leaves the previous snapshot byte-identical.
"""

from __future__ import annotations

import fcntl
import hashlib
import io
import json
import os
import shutil
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from model_data.errors import ModelDataError
from model_data.store import schema
from model_data.store.regular_file import read_regular
from model_data.store.snapshot_files import DEFAULT_DIR, MANIFEST, fingerprint, snapshot_date  # noqa: F401  (re-exported)


@dataclass
class Snapshot:
    folder: Path
    manifest: dict
    tables: dict[str, pd.DataFrame] = field(default_factory=dict)

    def __getattr__(self, name: str) -> pd.DataFrame:
        tables = self.__dict__.get("tables", {})
        if name in tables:
            return tables[name]
        raise AttributeError(name)


class SnapshotError(ModelDataError):
    """The snapshot cannot be read or written; the message names the file and the problem in one sentence."""


RESTORE = "python -m model_data restore"
REBUILD = "`python -m model_data ingest --corpus ... --out DIR`, then `python -m model_data refresh`"
PREVIOUS = ".previous"  # the last complete generation, kept by every write (see `restore`)


def _read_file(path: Path) -> bytes | None:
    """The bytes of one snapshot file; None when it does not exist; SnapshotError for anything else."""
    try:
        return read_regular(path)
    except FileNotFoundError:
        return None
    except IsADirectoryError:
        raise SnapshotError(f"{path.name} in {path.parent} is a folder, not a file") from None
    except OSError as err:
        raise SnapshotError(f"{path.name} in {path.parent} cannot be read: {err.strerror or err}") from None


def parse_manifest(data: bytes) -> dict:
    """manifest.json's object, or SnapshotError saying what is wrong with it (encoding, JSON, shape)."""
    if not data.strip():
        raise SnapshotError("manifest.json is empty")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as err:
        raise SnapshotError(f"manifest.json is not UTF-8 text (bad byte at offset {err.start})") from None
    try:
        manifest = json.loads(text)
    except json.JSONDecodeError as err:
        raise SnapshotError(f"manifest.json is not valid JSON ({err.msg}, line {err.lineno})") from None
    if not isinstance(manifest, dict):
        raise SnapshotError(f"manifest.json holds a JSON {type(manifest).__name__}, not an object")
    tables = manifest.get("tables", {})
    if not isinstance(tables, dict):
        raise SnapshotError(f"manifest.json: 'tables' is a JSON {type(tables).__name__}, not an object")
    for name, entry in tables.items():
        if not isinstance(entry, dict) or not isinstance(entry.get("sha256", ""), str):
            raise SnapshotError(f"manifest.json: the entry for table {name!r} is not an object with a sha256")
    if not isinstance(manifest.get("derived") or {}, dict):
        raise SnapshotError("manifest.json: 'derived' is not an object")
    return manifest


def parse_csv(name: str, data: bytes, *, empty_as_na: bool = False) -> pd.DataFrame:
    """One table's CSV bytes as a frame of strings, or SnapshotError naming the file and the problem."""
    file = f"{name}.csv"
    if not data.strip():
        raise SnapshotError(f"{file} is empty (not even a header line)")
    if b"\x00" in data:
        raise SnapshotError(f"{file} holds binary data (NUL bytes), not CSV text")
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as err:
        raise SnapshotError(f"{file} is not UTF-8 text (bad byte at offset {err.start})") from None
    try:
        if empty_as_na:
            return pd.read_csv(io.BytesIO(data), dtype=str, keep_default_na=False, na_values=[""])
        return pd.read_csv(io.BytesIO(data), dtype=str, keep_default_na=False)
    except (pd.errors.ParserError, pd.errors.EmptyDataError, ValueError) as err:
        detail = str(err).strip().splitlines()[-1] if str(err).strip() else type(err).__name__
        raise SnapshotError(
            f"{file} cannot be read as CSV ({detail}); it may have been cut off or overwritten"
        ) from None


def read_manifest(folder: Path | str = DEFAULT_DIR) -> dict:
    """manifest.json ({} when there is none); SnapshotError when it cannot be read or has the wrong shape."""
    data = _read_file(Path(folder) / MANIFEST)
    return {} if data is None else parse_manifest(data)


def read_table(folder: Path | str, name: str) -> pd.DataFrame:
    """One table as strings-or-numbers, with empty cells as NaN (unknown), never 0."""
    return _frame(name, _read_file(Path(folder) / f"{name}.csv"))


def _frame(name: str, data: bytes | None) -> pd.DataFrame:
    columns = schema.TABLES[name]
    if data is None:
        return pd.DataFrame(columns=columns)
    frame = parse_csv(name, data, empty_as_na=True)
    for col in columns:
        if col not in frame.columns:
            frame[col] = pd.NA
    for col in schema.NUMERIC.get(name, []):
        frame[col] = pd.to_numeric(frame[col], errors="coerce")
    return frame


def served_frame(name: str, data: bytes) -> pd.DataFrame:
    """`_frame`, for a table the app serves: a manifest vouches only for bytes, not for their meaning,
    so the columns must be the schema's and every number finite (a forged `params_b=inf` is refused)."""
    frame = _frame(name, data)
    raw = parse_csv(name, data)
    if list(raw.columns) != schema.TABLES[name]:
        odd = [c for c in raw.columns if c not in schema.TABLES[name]] or [
            c for c in schema.TABLES[name] if c not in raw.columns
        ]
        raise SnapshotError(f"{name}.csv does not have the schema's columns (column {str(odd[:1])[1:-1] or 'order'})")
    for col in schema.NUMERIC.get(name, []):
        values = frame[col]
        bad = ((raw[col] != "") & values.isna()) | values.isin([float("inf"), float("-inf")])
        if bad.any():
            line = int(bad.to_numpy().nonzero()[0][0]) + 2
            raise SnapshotError(
                f"{name}.csv: column {col} holds {raw[col][bad].iloc[0][:20]!r} on line {line}, not a finite number"
            )
    return frame


def unlisted(manifest: dict) -> list[str]:
    """Schema tables manifest.json does not vouch for (no entry with a sha256): a snapshot with any
    is never served or declared valid, and refresh / digest never write such a manifest."""
    tables = manifest.get("tables") or {}
    return [n for n in schema.TABLES if not (isinstance(tables.get(n), dict) and tables[n].get("sha256"))]


def verify(folder: Path | str) -> list[str]:
    """Cheap check that `folder` holds a complete snapshot its manifest vouches for (every schema
    table listed, every file's sha256 as listed); one sentence per problem, [] when it does."""
    folder = Path(folder)
    try:
        raw = _read_file(folder / MANIFEST)
        if raw is None:
            return [f"manifest.json is missing in {folder}"]
        manifest = parse_manifest(raw)
        missing = unlisted(manifest)
        if missing:
            return [f"manifest.json does not list {', '.join(f'{n}.csv' for n in missing)}"]
        problems = []
        for name in schema.TABLES:
            data = _read_file(folder / f"{name}.csv")
            if data is None:
                problems.append(f"{name}.csv is missing")
            elif _sha256(data) != manifest["tables"][name]["sha256"]:
                problems.append(f"{name}.csv does not match its sha256 in manifest.json")
        return problems
    except SnapshotError as err:
        return [str(err)]


def what_to_run(folder: Path | str) -> str:
    """The one command that brings a broken snapshot back, worded for an operator."""
    folder = Path(folder)
    suffix = "" if folder.resolve() == DEFAULT_DIR.resolve() else f" --snapshot {folder}"
    if not verify(folder / PREVIOUS):
        return f"run `{RESTORE}{suffix}` to bring back the last complete snapshot"
    return f"no previous complete snapshot is kept in {folder}: rebuild it ({REBUILD}), or check it out again from git"


def read_snapshot(folder: Path | str = DEFAULT_DIR) -> Snapshot:
    folder = Path(folder)
    return Snapshot(
        folder=folder,
        manifest=read_manifest(folder),
        tables={name: read_table(folder, name) for name in schema.TABLES},
    )


def read_consistent(
    folder: Path | str = DEFAULT_DIR, *, timeout: float = 2.0, previous: Snapshot | None = None
) -> Snapshot:
    """`read_snapshot`, but only ever a set of tables that belong together.

    A write renames files in one by one (manifest last), so a plain read during a swap can pair
    a new models.csv with an old scores.csv. Here each table's bytes are checked against the
    sha256 in manifest.json (read first) and the whole read is retried until they agree. If
    they never do within `timeout` (a swap that was interrupted, or a hand edit), `previous`
    is returned when given, else a SnapshotError that says what to run.
    """
    folder = Path(folder)
    try:
        return _read_consistent(folder, timeout, previous)
    except SnapshotError as err:
        if "python -m model_data" in str(err):
            raise
        raise SnapshotError(f"{err}; {what_to_run(folder)}") from None


def _read_consistent(folder: Path, timeout: float, previous: Snapshot | None) -> Snapshot:
    deadline = time.monotonic() + timeout
    while True:
        raw = _read_file(folder / MANIFEST)
        if raw is None:
            raise SnapshotError(
                f"manifest.json is missing in {folder}, so its tables cannot be checked; {what_to_run(folder)}"
            )
        manifest = parse_manifest(raw)
        missing = unlisted(manifest)
        if missing:
            raise SnapshotError(
                f"manifest.json in {folder} does not list {', '.join(f'{n}.csv' for n in missing)}, "
                f"so they cannot be checked; {what_to_run(folder)}"
            )
        entries = manifest["tables"]
        data, stale = {}, []
        for name in schema.TABLES:
            path = folder / f"{name}.csv"
            data[name] = _read_file(path)
            expected = entries[name]["sha256"]
            if data[name] is None or _sha256(data[name]) != expected:
                stale.append(f"{name}.csv")
        if not stale:
            return Snapshot(
                folder=folder, manifest=manifest, tables={name: served_frame(name, blob) for name, blob in data.items()}
            )
        if time.monotonic() >= deadline:
            if previous is not None:
                return previous
            if swap_pending(folder):
                raise SnapshotError(
                    f"{', '.join(stale)} in {folder} do not match manifest.json: a write was "
                    "interrupted; run `python -m model_data validate` as the folder's owner "
                    "to complete it"
                )
            raise SnapshotError(
                f"{', '.join(stale)} in {folder} do not match manifest.json (a write in progress, or edited "
                f"or damaged); {what_to_run(folder)}"
            )
        time.sleep(0.02)


def swap_pending(folder: Path | str) -> bool:
    """True when a validated swap was interrupted half-way (the next write or `validate` finishes it)."""
    return os.path.lexists(Path(folder) / JOURNAL)  # False where this user cannot look: the reads then say so


# ---------------------------------------------------------------------------------------------
# Writing: stage -> validate -> swap, under a lock, with roll-forward of an interrupted swap.
# ---------------------------------------------------------------------------------------------

STAGING = ".staging"
JOURNAL = ".swap.json"
LOCK_TIMEOUT = 120.0

# Tables this module sorts by key; the ingest tables keep the order their writer chose.
SORT_KEYS = {
    "models": ["model_id"],
    "scores": ["model_id", "source", "benchmark"],
}


def _fmt_number(value) -> str:
    """Fixed formatting so the same numbers always give the same bytes (and 0 stays 0, NaN stays empty)."""
    if value is None or pd.isna(value):
        return ""
    value = float(value)
    if value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    return format(value, ".10g")


def table_bytes(name: str, frame: pd.DataFrame) -> bytes:
    """A table as the exact CSV bytes the snapshot stores: schema columns in order, sorted, `\\n` line ends."""
    columns = schema.TABLES[name]
    missing = [c for c in columns if c not in frame.columns]
    extra = [c for c in frame.columns if c not in columns]
    if missing or extra:
        raise SnapshotError(f"table {name}: columns differ from schema.py (missing {missing}, extra {extra})")
    out = frame[columns].copy()
    for col in columns:
        if col in schema.NUMERIC.get(name, []):
            out[col] = pd.to_numeric(out[col], errors="raise").map(_fmt_number)
        else:
            out[col] = out[col].map(lambda v: "" if v is None or (not isinstance(v, str) and pd.isna(v)) else str(v))
    keys = SORT_KEYS.get(name)
    if keys:
        out = out.sort_values(keys, kind="mergesort")
    return out.to_csv(index=False, lineterminator="\n").encode("utf-8")


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def manifest_bytes(manifest: dict) -> bytes:
    return (json.dumps(manifest, indent=2, sort_keys=True, ensure_ascii=False) + "\n").encode("utf-8")


def add_wait_argument(parser) -> None:
    """`--wait`: how long a command that needs the lock waits for a writer holding it (MME_LOCK_WAIT)."""
    parser.add_argument(
        "--wait",
        type=float,
        default=float(os.environ.get("MME_LOCK_WAIT", 30)),
        help="seconds to wait for a refresh or ingest that holds the lock (default 30, or MME_LOCK_WAIT)",
    )


@contextmanager
def locked(folder: Path | str, timeout: float = LOCK_TIMEOUT):
    """Exclusive lock on the snapshot folder itself (flock on its directory fd: no lock file to
    commit or clean up). Two refreshes, or a refresh and an ingest, then write one after the other."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    fd = os.open(folder, os.O_RDONLY)
    try:
        deadline = time.monotonic() + timeout
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise SnapshotError(
                        f"another refresh or ingest is writing {folder} (the lock is held by "
                        f"{holder_text(folder)}; waited {timeout:g} s); run this again when it has finished"
                    ) from None
                time.sleep(0.05)
        yield folder
    finally:
        os.close(fd)  # closing the descriptor releases the lock


def lock_holder(folder: Path | str) -> dict | None:
    """Who holds the flock on `folder`: {pid, user, command, stopped} from /proc (Linux), else None."""
    try:
        st = os.stat(folder)
        want = f"{os.major(st.st_dev):02x}:{os.minor(st.st_dev):02x}:{st.st_ino}"
        with open("/proc/locks", encoding="ascii", errors="replace") as fh:
            lines = fh.read().splitlines()
    except OSError:
        return None
    for line in lines:
        parts = line.split()
        if "->" in parts or len(parts) < 6 or parts[1] != "FLOCK" or parts[5] != want:
            continue
        pid = parts[4]
        info = {"pid": int(pid), "user": "?", "command": "?", "stopped": False}
        try:
            import pwd

            uid = os.stat(f"/proc/{pid}").st_uid
            info["user"] = pwd.getpwuid(uid).pw_name
        except (OSError, KeyError):
            pass
        try:
            args = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
            info["command"] = " ".join(a.decode(errors="replace") for a in args[:4] if a)[:100]
            info["stopped"] = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] in ("T", "t")
        except (OSError, IndexError):
            pass
        return info
    return None


def holder_text(folder: Path | str) -> str:
    info = lock_holder(folder)
    if info is None:
        return "another process"
    state = (
        "; it is stopped (suspended): resume it with `kill -CONT {0}` or end it".format(info["pid"])
        if info["stopped"]
        else ""
    )
    return f"process {info['pid']} ({info['command']}, user {info['user']}{state})"


def _fsync_dir(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


JOURNAL_NAMES = frozenset([MANIFEST, "overview.json", *(f"{n}.csv" for n in schema.TABLES)])


def _journal_plan(folder: Path) -> list[str]:
    """The files a swap journal names, checked: only the snapshot's own file names, never a path.

    The journal is a file in a folder others may write to; followed blindly, `../x` would move a
    staged file over anything the user can write. SnapshotError names the command that clears it."""
    journal = folder / JOURNAL
    try:
        plan = json.loads(read_regular(journal, 1 << 16).decode("utf-8"))
        files = plan["files"] if isinstance(plan, dict) else None
        if not isinstance(files, list) or not all(isinstance(f, str) for f in files):
            raise ValueError("it does not list file names")
        odd = [f for f in files if f not in JOURNAL_NAMES]
        if odd:
            raise ValueError(f"it names {str(odd[0])[:60]!r}, which is not a snapshot file")
        return files
    except OSError as err:
        why = err.strerror or str(err)
    except (ValueError, KeyError, TypeError) as err:  # JSON, UTF-8 and shape errors
        why = str(err) if isinstance(err, ValueError) and str(err).startswith("it ") else "it is not valid JSON"
    suffix = "" if folder.resolve() == DEFAULT_DIR.resolve() else f" --snapshot {folder}"
    raise SnapshotError(
        f"{JOURNAL} in {folder} is not a swap journal this program wrote ({why}); nothing was moved; "
        f"run `{RESTORE}{suffix}` to clear it and bring back the last complete snapshot"
    )


def _remove_staging(staging: Path) -> None:
    """Remove the staging folder, or whatever odd thing sits under its name (a file, a link)."""
    if staging.is_symlink() or (staging.exists() and not staging.is_dir()):
        staging.unlink()
    elif staging.exists():
        shutil.rmtree(staging)


def recover(folder: Path | str, *, discard_bad: bool = False) -> list[str]:
    """Finish a swap that was interrupted (crash, kill) after validation; drop an unvalidated staging.

    The journal is written only once the staged snapshot passed validation, so rolling forward
    is always safe; without a journal the staging never reached the swap and the old files are
    intact. A journal this program did not write is refused (SnapshotError), or with
    `discard_bad` (restore) dropped with the staging. Call with the lock held. Returns the files moved.
    """
    folder = Path(folder)
    staging, journal = folder / STAGING, folder / JOURNAL
    moved: list[str] = []
    if journal.exists() or journal.is_symlink():
        try:
            plan = _journal_plan(folder)
        except SnapshotError:
            if not discard_bad:
                raise
            plan = []
        if staging.is_dir() and not staging.is_symlink():
            for name in plan:
                if (staging / name).exists():
                    os.replace(staging / name, folder / name)
                    moved.append(name)
        _fsync_dir(folder)
        journal.unlink()
    _remove_staging(staging)
    for leftover in (PREVIOUS + ".new", PREVIOUS + ".old"):  # a copy of .previous/ cut short (full disk, kill)
        _remove_staging(folder / leftover)
    return moved
