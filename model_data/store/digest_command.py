"""`python -m model_data digest`: (re)write the Overview digest (overview.json) for the tables in a snapshot.

The digest itself (what it holds, how it is read and checked) is store/digest.py; this is its command,
apart so that the digest never imports the writer that calls it.
"""

from __future__ import annotations

import sys
from pathlib import Path

from model_data.store import digest, snapshot, writer
from model_data.store.snapshot_files import DEFAULT_DIR


def add_arguments(parser) -> None:
    parser.add_argument(
        "--snapshot", type=Path, default=DEFAULT_DIR, help="snapshot folder (default: the shipped model_data/snapshot)"
    )


def run(args) -> int:
    """`python -m model_data digest`: (re)write overview.json for the tables there, validated like any write."""
    folder = Path(args.snapshot)
    if not (folder / snapshot.MANIFEST).exists():
        print(f"digest: no snapshot at {folder}", file=sys.stderr)
        return 1
    try:
        changed = writer.write_snapshot(folder, {}, complete="all")
        listed = (snapshot.read_manifest(folder).get("derived") or {}).get(digest.FILE)
    except snapshot.SnapshotError as err:
        print(f"digest: {err}", file=sys.stderr)
        return 1
    if not listed:
        print(
            f"digest: {folder} has no digest (a table it needs is missing); the app computes the Overview itself",
            file=sys.stderr,
        )
        return 1
    print(f"digest: {digest.FILE} {'written' if changed else 'already up to date'} in {folder}")
    return 0
