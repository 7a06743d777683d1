"""Bring back the last complete snapshot (kept by every write in `<snapshot>/.previous/`), without git.

    python -m model_data restore [--snapshot DIR]

Every refresh, ingest and digest keeps the snapshot it replaces, when that one was complete and
intact; this command swaps it back in through the same validated, journalled swap as a write.
Run twice, it undoes itself (the snapshot it replaced becomes the kept one, if it was intact).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from model_data.store import snapshot, writer


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--snapshot",
        type=Path,
        default=snapshot.DEFAULT_DIR,
        help="snapshot folder to restore (default: the shipped model_data/snapshot)",
    )
    snapshot.add_wait_argument(parser)


def run(args: argparse.Namespace) -> int:
    folder = Path(args.snapshot)
    if not folder.is_dir():
        print(f"restore: no snapshot folder at {folder}", file=sys.stderr)
        return 1
    try:
        changed = writer.restore(folder, lock_timeout=args.wait)
    except snapshot.SnapshotError as err:
        print(f"restore: {err}", file=sys.stderr)
        return 1
    except OSError as err:
        print(f"restore: cannot restore {folder}: {err.strerror or err}", file=sys.stderr)
        return 1
    manifest = snapshot.read_manifest(folder)
    print(
        f"restore: {', '.join(changed) if changed else 'nothing to change (already the kept snapshot)'} in "
        f"{folder}; now the snapshot of {snapshot.snapshot_date(manifest)}"
    )
    return 0
