"""Write the snapshot, all or nothing: stage, validate, keep the previous generation, swap (and restore it).

snapshot.py reads and locks; this module is the only writer. It validates every candidate with
validate.py and adds the Overview digest (digest.py) before the swap, so neither of those imports it.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import shutil
from pathlib import Path

import pandas as pd

from model_data.store import digest, schema, snapshot, validate
from model_data.store.atomic import write_bytes_atomic
from model_data.store.regular_file import read_regular
from model_data.store.snapshot import (
    JOURNAL,
    JOURNAL_NAMES,
    MANIFEST,
    PREVIOUS,
    REBUILD,
    STAGING,
    SnapshotError,
    _frame,
    _fsync_dir,
    _read_file,
    _sha256,
    locked,
    manifest_bytes,
    parse_manifest,
    recover,
    table_bytes,
    unlisted,
    verify,
    what_to_run,
)


def _merge_manifest(old: dict, payloads: dict[str, bytes], rows: dict[str, int], updates: dict, now: str) -> dict:
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
        same = {k: v for k, v in previous.items() if k != "built_at"} == {
            k: v for k, v in entry.items() if k != "built_at"
        }
        tables[name] = previous if same else entry
    for key, value in updates.items():
        if key != "tables":
            manifest[key] = value
    return manifest


def write_snapshot(
    folder: Path | str,
    tables: dict[str, pd.DataFrame],
    manifest_updates: dict | None = None,
    *,
    lock_timeout: float | None = None,
    complete: bool | str = False,
) -> list[str]:
    """Replace some tables of the snapshot, all or nothing.

    The candidate (every current file its manifest vouches for, plus the new tables and manifest)
    is staged in a hidden sub-folder and validated as a whole; only then are the changed files
    renamed in, manifest last, following a journal so an interrupted swap can be rolled forward.
    Any failure before the journal leaves the previous snapshot byte-identical. Returns the files
    that changed. An OSError (full disk, read-only folder) becomes a SnapshotError that says so.

    A current file that is unreadable or does not match the manifest (or a manifest that cannot
    be read) is not carried into the new manifest: the write rebuilds from its sources and never
    vouches for a table it did not check. `complete=True` (refresh) refuses to write a manifest
    that leaves a table on disk unlisted; `complete="all"` (digest) one that does not list every
    schema table. Before the swap, the current snapshot, when
    complete and intact, is kept in `.previous/` for `restore`.
    """
    folder = Path(folder)
    with locked(folder, snapshot.LOCK_TIMEOUT if lock_timeout is None else lock_timeout):
        try:
            order = _stage(folder, tables, manifest_updates or {}, complete)
        except OSError as err:
            raise SnapshotError(
                f"cannot write the snapshot in {folder}: {err.strerror or err}; nothing was changed"
            ) from err
        if not order:
            return []
        try:
            _swap_files(folder, order)
        except OSError as err:
            raise SnapshotError(
                f"the swap into {folder} stopped half-way ({err.strerror or err}); run the "
                "command again, or `python -m model_data validate`, to complete it"
            ) from err
        return order


def _vouched(folder: Path) -> tuple[dict, dict[str, bytes], bytes | None]:
    """(current manifest with only the table entries whose files match, those files' bytes, the
    manifest's raw bytes). An unreadable manifest counts as none: nothing is vouched for."""
    try:
        raw = _read_file(folder / MANIFEST)
        manifest = parse_manifest(raw) if raw is not None else {}
    except SnapshotError as err:
        logging.getLogger(__name__).warning("%s; writing a new one from what this command builds", err)
        return {}, {}, None
    entries = manifest.get("tables", {})
    trusted: dict[str, bytes] = {}
    for name, entry in entries.items():
        if name not in schema.TABLES:
            continue
        try:
            data = _read_file(folder / f"{name}.csv")
        except SnapshotError:
            data = None
        if data is not None and entry.get("sha256") == _sha256(data):
            trusted[name] = data
    manifest["tables"] = {n: e for n, e in entries.items() if n in trusted}
    return manifest, trusted, raw


def _stage(folder: Path, tables: dict[str, pd.DataFrame], manifest_updates: dict, complete: bool | str) -> list[str]:
    """Recover, build and validate the candidate in the staging folder, keep the previous
    generation, write the journal. Returns the files to swap in (manifest last), or []."""
    now = dt.datetime.now(dt.timezone.utc).replace(microsecond=0).isoformat()
    recover(folder)
    old, trusted, old_raw = _vouched(folder)
    was_complete = old_raw is not None and not unlisted(old)
    payloads = {name: table_bytes(name, frame) for name, frame in tables.items()}
    rows = {name: int(len(frame)) for name, frame in tables.items()}
    manifest = _merge_manifest(old, payloads, rows, manifest_updates, now)
    # A folder being built (its other tables do not exist yet) may get them one command at a time;
    # a table that exists is never left beside a new manifest that does not vouch for it.
    missing = [n for n in unlisted(manifest) if complete == "all" or (folder / f"{n}.csv").exists()]
    if complete and missing:
        raise _unvouched(folder, missing)
    files = {f"{name}.csv": data for name, data in payloads.items()}
    _add_digest({**trusted, **payloads}, manifest, files)
    files[MANIFEST] = manifest_bytes(manifest)
    changed = [n for n, data in files.items() if _read_or_none(folder / n) != data]
    # Only a generation that passes every check (tables agree with each other) is a restore point:
    # the state between an ingest and its refresh is not one.
    keep = was_complete and len(trusted) == len(schema.TABLES) and not validate.check_folder(folder)
    if not changed:
        if keep and verify(folder / PREVIOUS):  # nothing to write, but no restore point yet: make one
            _keep_previous(folder, old_raw, trusted, old)
        return []
    staging = folder / STAGING
    try:
        staging.mkdir()
        for name, data in {**{f"{n}.csv": b for n, b in trusted.items()}, **files}.items():
            (staging / name).write_bytes(data)
        errors = validate.check_folder(
            staging, cross_tables="models" in tables or "scores" in tables, complete=complete == "all"
        )
        if errors:
            raise SnapshotError(
                "candidate snapshot failed validation; nothing was changed:\n  - " + "\n  - ".join(errors)
            )
        for name in changed:
            with open(staging / name, "rb+") as fh:
                os.fsync(fh.fileno())
        if keep:
            _keep_previous(folder, old_raw, trusted, old)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return _journal(folder, changed)


def _journal(folder: Path, changed: list[str]) -> list[str]:
    """Record the swap about to happen: the changed files, manifest last, are all that stays staged.

    Once the journal exists, `recover` rolls the swap forward (and only these files), so a crash
    between any two renames leaves a snapshot that the next reader completes."""
    order = [n for n in changed if n != MANIFEST] + ([MANIFEST] if MANIFEST in changed else [])
    for path in (folder / STAGING).iterdir():
        if path.name not in order:
            path.unlink()
    write_bytes_atomic(folder / JOURNAL, json.dumps({"files": order}).encode("utf-8"))
    return order


def _unvouched(folder: Path, missing: list[str]) -> SnapshotError:
    """A table the new manifest could not vouch for, and what to run."""
    fix = what_to_run(folder)
    fix = f"{fix}, or rebuild" if fix.startswith("run") else "rebuild"
    return SnapshotError(
        f"{', '.join(f'{n}.csv' for n in missing)} in {folder}: not listed in manifest.json, unreadable, or "
        f"changed since it was written, so the new manifest could not vouch for it; nothing was changed. "
        f"{fix[0].upper()}{fix[1:]} with `python -m model_data ingest` first"
    )


def _read_or_none(path: Path) -> bytes | None:
    try:
        return _read_file(path)
    except SnapshotError:
        return None


def _keep_previous(folder: Path, manifest_raw: bytes, trusted: dict[str, bytes], manifest: dict) -> None:
    """Copy the current complete snapshot to `.previous/` (replacing the one kept before), so
    `restore` can bring it back without git. Built aside and renamed in: never half a generation."""
    fresh, old = folder / (PREVIOUS + ".new"), folder / (PREVIOUS + ".old")
    shutil.rmtree(fresh, ignore_errors=True)
    shutil.rmtree(old, ignore_errors=True)
    fresh.mkdir()
    try:  # a full disk here must not leave a half copy behind on it
        for name, data in trusted.items():
            (fresh / f"{name}.csv").write_bytes(data)
        listed = (manifest.get("derived") or {}).get(digest.FILE)
        blob = _read_or_none(folder / digest.FILE)
        if listed and blob is not None and _sha256(blob) == listed.get("sha256"):
            (fresh / digest.FILE).write_bytes(blob)
        (fresh / MANIFEST).write_bytes(manifest_raw)
        _fsync_dir(fresh)
    except BaseException:
        shutil.rmtree(fresh, ignore_errors=True)
        raise
    if (folder / PREVIOUS).exists():
        os.replace(folder / PREVIOUS, old)
    os.replace(fresh, folder / PREVIOUS)
    shutil.rmtree(old, ignore_errors=True)


def restore(folder: Path | str, *, lock_timeout: float | None = None) -> list[str]:
    """Bring back the previous complete generation kept in `.previous/`, through the same journal
    and swap as any write. The current snapshot, if complete and intact, becomes the previous one
    (so a second restore undoes the first). Returns the files that changed."""
    folder = Path(folder)
    with locked(folder, snapshot.LOCK_TIMEOUT if lock_timeout is None else lock_timeout):
        try:
            recover(folder)
        except SnapshotError as err:  # restore is the command that clears a journal it cannot trust
            logging.getLogger(__name__).warning("restore: dropped %s", str(err).split("; run `")[0])
            recover(folder, discard_bad=True)
        kept = folder / PREVIOUS
        files = _previous_files(kept)
        changed = [n for n, data in files.items() if _read_or_none(folder / n) != data]
        if not changed:
            return []
        staging = folder / STAGING
        try:
            staging.mkdir()
            for name, data in files.items():
                (staging / name).write_bytes(data)
            errors = validate.check_folder(staging)
            if errors:
                raise SnapshotError(
                    f"the previous snapshot in {kept} does not pass validation ({errors[0]}); nothing was changed"
                )
            if not verify(folder):
                current, _, raw = _vouched(folder)
                trusted = {n: _read_file(folder / f"{n}.csv") for n in schema.TABLES}
                _keep_previous(folder, raw, trusted, current)
        except OSError as err:
            shutil.rmtree(staging, ignore_errors=True)
            raise SnapshotError(f"cannot restore into {folder}: {err.strerror or err}; nothing was changed") from err
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise
        order = _journal(folder, changed)
        try:
            _swap_files(folder, order)
        except OSError as err:
            raise SnapshotError(
                f"the restore into {folder} stopped half-way ({err.strerror or err}); run "
                "`python -m model_data validate` to complete it"
            ) from err
        return order


def _previous_files(kept: Path) -> dict[str, bytes]:
    """The kept generation's files (name -> bytes), refused unless it verifies whole."""
    problems = verify(kept)
    if problems:
        raise SnapshotError(
            f"no usable previous snapshot in {kept} ({problems[0]}); rebuild it ({REBUILD}) or check it out again from git"
        )
    return {p.name: read_regular(p) for p in sorted(kept.iterdir()) if p.name in JOURNAL_NAMES}


def _add_digest(blobs: dict[str, bytes], manifest: dict, files: dict[str, bytes]) -> None:
    """Put the Overview digest of the candidate tables into `files` and list it in `manifest`.

    `blobs` are the candidate's table bytes (written now, or vouched for by the current manifest).
    Skipped (and unlisted) while a table it needs is not among them, e.g. an ingest before the
    first refresh; a digest that cannot be built is logged and left out, never a failed write:
    the app then computes the Overview itself.
    """
    derived = manifest.get("derived") or {}
    derived.pop(digest.FILE, None)
    if all(name in blobs for name in digest.NEEDS):
        try:
            built = digest.build({n: _frame(n, blobs.get(n)) for n in schema.TABLES}, manifest)
            files[digest.FILE] = digest.to_bytes(built)
            derived[digest.FILE] = digest.manifest_entry(files[digest.FILE])
        except Exception:  # noqa: BLE001  (derived data: the tables are still written)
            logging.getLogger(__name__).warning(
                "the Overview digest could not be built; the app will compute the Overview itself", exc_info=True
            )
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
