"""Read the shipped snapshot (model_data/snapshot/): tables plus manifest.json.

Reading is cheap and side-effect free; writing goes through `write_snapshot`, which stages,
validates and swaps files so that a failed write leaves the previous snapshot byte-identical.
"""

from __future__ import annotations

import datetime as dt
import fcntl
import hashlib
import io
import json
import logging
import os
import shutil
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from model_data import schema
from model_data.atomic import write_bytes_atomic
from model_data.snapshot_files import DEFAULT_DIR, MANIFEST, fingerprint  # noqa: F401  (re-exported)


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


def read_manifest(folder: Path | str = DEFAULT_DIR) -> dict:
    path = Path(folder) / MANIFEST
    if not path.exists():
        return {}
    return json.loads(path.read_text(encoding="utf-8"))


def read_table(folder: Path | str, name: str) -> pd.DataFrame:
    """One table as strings-or-numbers, with empty cells as NaN (unknown), never 0."""
    path = Path(folder) / f"{name}.csv"
    return _frame(name, path.read_bytes() if path.exists() else None)


def _frame(name: str, data: bytes | None) -> pd.DataFrame:
    columns = schema.TABLES[name]
    if data is None:
        return pd.DataFrame(columns=columns)
    frame = pd.read_csv(io.BytesIO(data), dtype=str, keep_default_na=False, na_values=[""])
    for col in columns:
        if col not in frame.columns:
            frame[col] = pd.NA
    for col in schema.NUMERIC.get(name, []):
        frame[col] = pd.to_numeric(frame[col], errors="coerce")
    return frame


def read_snapshot(folder: Path | str = DEFAULT_DIR) -> Snapshot:
    folder = Path(folder)
    return Snapshot(
        folder=folder,
        manifest=read_manifest(folder),
        tables={name: read_table(folder, name) for name in schema.TABLES},
    )


def read_consistent(folder: Path | str = DEFAULT_DIR, *, timeout: float = 2.0,
                    previous: Snapshot | None = None) -> Snapshot:
    """`read_snapshot`, but only ever a set of tables that belong together.

    A write renames files in one by one (manifest last), so a plain read during a swap can pair
    a new models.csv with an old scores.csv. Here each table's bytes are checked against the
    sha256 in manifest.json (read first) and the whole read is retried until they agree. If
    they never do within `timeout` (a swap that was interrupted, or a hand edit), `previous`
    is returned when given, else a SnapshotError that says what to run.
    """
    folder = Path(folder)
    deadline = time.monotonic() + timeout
    while True:
        raw = (folder / MANIFEST).read_bytes() if (folder / MANIFEST).exists() else b""
        manifest = json.loads(raw) if raw else {}
        entries = manifest.get("tables", {})
        data, stale = {}, []
        for name in schema.TABLES:
            path = folder / f"{name}.csv"
            data[name] = path.read_bytes() if path.exists() else None
            expected = entries.get(name, {}).get("sha256")
            if expected and (data[name] is None or _sha256(data[name]) != expected):
                stale.append(f"{name}.csv")
        if not stale:
            return Snapshot(folder=folder, manifest=manifest,
                            tables={name: _frame(name, blob) for name, blob in data.items()})
        if time.monotonic() >= deadline:
            if previous is not None:
                return previous
            raise SnapshotError(
                f"{', '.join(stale)} in {folder} do not match manifest.json: a refresh or ingest is "
                "writing it, or a write was interrupted; run `python -m model_data validate` to complete it")
        time.sleep(0.02)


def swap_pending(folder: Path | str) -> bool:
    """True when a validated swap was interrupted half-way (the next write or `validate` finishes it)."""
    return (Path(folder) / JOURNAL).exists()


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


class SnapshotError(Exception):
    """The snapshot could not be written; the previous snapshot is unchanged."""


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
                        f"another refresh or ingest is writing {folder} (waited {timeout:.0f}s); "
                        "run this again when it has finished") from None
                time.sleep(0.05)
        yield folder
    finally:
        os.close(fd)  # closing the descriptor releases the lock


def _fsync_dir(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def recover(folder: Path | str) -> list[str]:
    """Finish a swap that was interrupted (crash, kill) after validation; drop an unvalidated staging.

    The journal is written only once the staged snapshot passed validation, so rolling forward
    is always safe; without a journal the staging never reached the swap and the old files are
    intact. Call with the lock held. Returns the files moved.
    """
    folder = Path(folder)
    staging, journal = folder / STAGING, folder / JOURNAL
    moved: list[str] = []
    if journal.exists():
        plan = json.loads(journal.read_text(encoding="utf-8"))
        for name in plan["files"]:
            if (staging / name).exists():
                os.replace(staging / name, folder / name)
                moved.append(name)
        _fsync_dir(folder)
        journal.unlink()
    if staging.exists():
        shutil.rmtree(staging)
    return moved


def _merge_manifest(old: dict, payloads: dict[str, bytes], rows: dict[str, int], updates: dict,
                    now: str) -> dict:
    """New manifest: per written table built_at / rows / sha256 / schema_version / sources.

    An unchanged table (same bytes, same sources) keeps its previous entry, so re-running a
    refresh on the same inputs leaves the manifest byte-identical too.
    """
    manifest = json.loads(json.dumps(old)) if old else {}
    manifest["schema_version"] = schema.SCHEMA_VERSION
    tables = manifest.setdefault("tables", {})
    table_updates = updates.get("tables", {})
    for name, data in payloads.items():
        entry = {
            "built_at": now,
            "rows": rows[name],
            "sha256": _sha256(data),
            "schema_version": schema.SCHEMA_VERSION,
            **table_updates.get(name, {}),
        }
        previous = tables.get(name, {})
        same = {k: v for k, v in previous.items() if k != "built_at"} == {k: v for k, v in entry.items() if k != "built_at"}
        tables[name] = previous if same else entry
    for key, value in updates.items():
        if key != "tables":
            manifest[key] = value
    return manifest


def write_snapshot(folder: Path | str, tables: dict[str, pd.DataFrame], manifest_updates: dict | None = None,
                   *, lock_timeout: float | None = None) -> list[str]:
    """Replace some tables of the snapshot, all or nothing.

    The candidate (every current file plus the new tables and manifest) is staged in a hidden
    sub-folder and validated as a whole; only then are the changed files renamed in, manifest
    last, following a journal so an interrupted swap can be rolled forward. Any failure before
    the journal leaves the previous snapshot byte-identical. Returns the files that changed.
    An OSError (full disk, read-only folder) becomes a SnapshotError that says so.
    """
    folder = Path(folder)
    with locked(folder, LOCK_TIMEOUT if lock_timeout is None else lock_timeout):
        try:
            order = _stage(folder, tables, manifest_updates or {})
        except OSError as err:
            raise SnapshotError(f"cannot write the snapshot in {folder}: {err.strerror or err}; "
                                "nothing was changed") from err
        if not order:
            return []
        try:
            _swap_files(folder, order)
        except OSError as err:
            raise SnapshotError(f"the swap into {folder} stopped half-way ({err.strerror or err}); run the "
                                "command again, or `python -m model_data validate`, to complete it") from err
        return order


def _stage(folder: Path, tables: dict[str, pd.DataFrame], manifest_updates: dict) -> list[str]:
    """Recover, build and validate the candidate in the staging folder, write the journal.
    Returns the files to swap in (manifest last), or [] when nothing changed."""
    from model_data import validate

    now = dt.datetime.now(dt.timezone.utc).replace(microsecond=0).isoformat()
    recover(folder)
    payloads = {name: table_bytes(name, frame) for name, frame in tables.items()}
    rows = {name: int(len(frame)) for name, frame in tables.items()}
    manifest = _merge_manifest(read_manifest(folder), payloads, rows, manifest_updates, now)
    files = {f"{name}.csv": data for name, data in payloads.items()}
    _add_digest(folder, payloads, manifest, files)
    files[MANIFEST] = manifest_bytes(manifest)
    changed = [n for n, data in files.items()
               if not (folder / n).exists() or (folder / n).read_bytes() != data]
    if not changed:
        return []
    staging = folder / STAGING
    try:
        staging.mkdir()
        for path in folder.glob("*.csv"):
            shutil.copy2(path, staging / path.name)
        for name, data in files.items():
            (staging / name).write_bytes(data)
        errors = validate.check_folder(staging, cross_tables="models" in tables or "scores" in tables)
        if errors:
            raise SnapshotError("candidate snapshot failed validation; nothing was changed:\n  - "
                                + "\n  - ".join(errors))
        for name in changed:
            with open(staging / name, "rb+") as fh:
                os.fsync(fh.fileno())
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    order = [n for n in changed if n != MANIFEST] + ([MANIFEST] if MANIFEST in changed else [])
    # Keep only what will be swapped in, so the journal's roll-forward moves exactly these.
    for path in staging.iterdir():
        if path.name not in order:
            path.unlink()
    write_bytes_atomic(folder / JOURNAL, json.dumps({"files": order}).encode("utf-8"))
    return order


def _add_digest(folder: Path, payloads: dict[str, bytes], manifest: dict, files: dict[str, bytes]) -> None:
    """Put the Overview digest of the candidate tables into `files` and list it in `manifest`.

    Skipped (and unlisted) while a table it needs does not exist yet, e.g. an ingest before the
    first refresh; a digest that cannot be built is logged and left out, never a failed write:
    the app then computes the Overview itself.
    """
    from model_data import digest

    derived = manifest.get("derived") or {}
    derived.pop(digest.FILE, None)
    blobs = {}
    for name in schema.TABLES:
        path = folder / f"{name}.csv"
        blob = payloads[name] if name in payloads else (path.read_bytes() if path.exists() else None)
        if blob is not None:
            blobs[name] = blob
    if all(name in blobs for name in digest.NEEDS):
        try:
            built = digest.build({n: _frame(n, blobs.get(n)) for n in schema.TABLES}, manifest)
            files[digest.FILE] = digest.to_bytes(built)
            derived[digest.FILE] = digest.manifest_entry(files[digest.FILE])
        except Exception:  # noqa: BLE001  (derived data: the tables are still written)
            logging.getLogger(__name__).warning("the Overview digest could not be built; the app will "
                                                "compute the Overview itself", exc_info=True)
    if derived:
        manifest["derived"] = derived
    else:
        manifest.pop("derived", None)


def _swap_files(folder: Path, order: list[str]) -> None:
    """Rename staged files in (manifest last), then retire the journal. Split out so tests can
    interrupt it half-way and check that `recover` completes the swap."""
    for name in order:
        os.replace(folder / STAGING / name, folder / name)
    _fsync_dir(folder)
    (folder / JOURNAL).unlink()
    shutil.rmtree(folder / STAGING, ignore_errors=True)
