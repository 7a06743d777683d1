"""dataset: write the snapshot as a Hugging Face dataset folder (Parquet + card), or push it to the Hub."""

from __future__ import annotations

import argparse
import os
import tempfile
from pathlib import Path

from model_data.dataset import REPO_ID
from model_data.errors import ModelDataError, UsageError
from model_data.store import snapshot


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--out", type=Path, help="folder to write (replaced as a whole; a failed run leaves the old one)"
    )
    parser.add_argument(
        "--push",
        nargs="?",
        const=REPO_ID,
        metavar="REPO_ID",
        help=f"upload the dataset to this Hub dataset repository (default {REPO_ID}); needs HF_TOKEN with write access",
    )
    parser.add_argument(
        "--snapshot",
        type=Path,
        default=snapshot.DEFAULT_DIR,
        help="snapshot folder to publish (default: the shipped model_data/snapshot)",
    )
    snapshot.add_wait_argument(parser)


def build(snapshot_dir: Path, out: Path, repo_id: str, wait: float) -> tuple[str, dict[str, int]]:
    """Write the dataset folder from a valid snapshot; (snapshot date, rows per config)."""
    from model_data.dataset import arrow_tables, card, folder
    from model_data.store import validate

    if not Path(snapshot_dir).is_dir():
        raise UsageError(f"no snapshot folder at {snapshot_dir}")
    folder.check_target(out)
    with snapshot.locked(snapshot_dir, wait):  # no writer swaps tables between the check and the read
        problems = validate.check_folder(snapshot_dir, complete=True)
        if problems:
            raise ModelDataError(
                f"the snapshot in {snapshot_dir} is not valid ({len(problems)} problem(s), the first: "
                f"{problems[0]}), so no dataset was written; `python -m model_data validate` lists them"
            )
        manifest = snapshot.read_manifest(snapshot_dir)
        tables = arrow_tables.snapshot_tables(Path(snapshot_dir))
    folder.write(out, tables, card.render(tables, manifest, repo_id))
    return snapshot.snapshot_date(manifest), {name: t.num_rows for name, t in tables.items()}


def run(args: argparse.Namespace) -> int:
    if args.out is None and args.push is None:
        raise UsageError("say where the dataset goes: --out DIR, --push [REPO_ID], or both")
    token = os.environ.get("HF_TOKEN", "")
    if args.push is not None and not token:
        raise UsageError("--push needs a Hub token with write access in HF_TOKEN")
    with tempfile.TemporaryDirectory(prefix="mme-dataset-") as scratch:
        out = args.out if args.out is not None else Path(scratch) / "dataset"
        date, rows = build(args.snapshot, out, args.push or REPO_ID, args.wait)
        counts = ", ".join(f"{name} {n}" for name, n in rows.items())
        print(f"dataset: wrote {out} from the snapshot of {date} ({counts})")
        if args.push is not None:
            from model_data.dataset import push

            url = push.upload(out, args.push, date, token)
            if url is None:
                print(f"dataset: {args.push} already holds this dataset; nothing pushed")
            else:
                print(f"dataset: pushed to {args.push} as one commit ({url})")
    return 0
