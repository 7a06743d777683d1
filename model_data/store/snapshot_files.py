"""Where the snapshot lives, its fingerprint and its date: what the app's first page needs, without pandas.

The landing page is drawn from these and the Overview digest (model_data/store/digest.py) alone, so a
viewer's first page does not wait for pandas to import (bench/startup.py); snapshot.py re-exports them.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from model_data.store.regular_file import read_regular

DEFAULT_DIR = Path(__file__).resolve().parents[1] / "snapshot"
MANIFEST = "manifest.json"


def fingerprint(folder: Path | str = DEFAULT_DIR) -> str:
    """A cheap key that changes whenever a write lands: the sha256 of manifest.json.

    Every write replaces the manifest last and the manifest holds each table's sha256, so equal
    fingerprints mean equal tables (for snapshots written by `write_snapshot`). Use it as the
    `st.cache_data` key so a running app picks up a new snapshot without a restart.
    """
    path = Path(folder) / MANIFEST
    try:
        return hashlib.sha256(read_regular(path)).hexdigest()
    except FileNotFoundError:
        return "no-manifest"
    except OSError:  # unreadable: the loader then reports it in words
        return "unreadable-manifest"


def snapshot_date(manifest: dict) -> str:
    """The day the snapshot was built: a date the manifest names, else its newest table's build day."""
    for key in ("snapshot_date", "built_at", "created_at", "date"):
        if manifest.get(key):
            return str(manifest[key])[:10]
    built = [
        str(t.get("built_at"))[:10]
        for t in (manifest.get("tables") or {}).values()
        if isinstance(t, dict) and t.get("built_at")
    ]
    return max(built) if built else "unknown date"
