"""Which snapshot the app serves (MME_SNAPSHOT_DIR or the shipped one) and what is wrong with it, if anything.

ui/store/data.py records a problem when it serves a last good snapshot instead of a broken one; the
landing page and dashboard.py read it. Apart from both so that neither imports the other for it.
"""

from __future__ import annotations

import os
from pathlib import Path

from model_data.store.snapshot_files import DEFAULT_DIR


def snapshot_dir() -> Path:
    """The snapshot the app reads: MME_SNAPSHOT_DIR, else the shipped model_data/snapshot."""
    return Path(os.environ.get("MME_SNAPSHOT_DIR") or DEFAULT_DIR)


_problems: dict[str, tuple[str, str]] = {}  # folder -> (why the snapshot on disk is not served, date served)


def set_snapshot_problem(folder: Path, problem: str | None, served_date: str = "") -> None:
    """Recorded by ui/store/data.py when it serves a last good snapshot instead of a broken one."""
    if problem is None:
        _problems.pop(str(folder), None)
    else:
        _problems[str(folder)] = (problem, served_date)


def snapshot_problem() -> tuple[str, str] | None:
    """(what is wrong with the snapshot on disk, date of the one served instead), or None when all is well."""
    return _problems.get(str(snapshot_dir()))
