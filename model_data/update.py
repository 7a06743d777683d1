"""A new episode aired: ingest every input, refresh models and scores, validate, say what changed.

    python -m model_data update [--offline --reference DIR] [--corpus PATH ...] [--extra [EPISODE=]FILE ...]

The inputs default to model_data/tables/inputs.csv (both corpora and the seed draft), so the one
command rebuilds the whole snapshot. It stops at the first step that fails; each step writes
atomically, so a failure leaves the previous snapshot usable.
"""

from __future__ import annotations

import argparse
import csv
import functools
import sys
from pathlib import Path

import pandas as pd

from model_data.ingest import command as ingest
from model_data.sources import refresh_command
from model_data.store import snapshot, validate, writer
from model_data import TABLES, unchanged

INPUTS = TABLES / "inputs.csv"
ROOT = Path(__file__).resolve().parents[1]


def default_inputs(path: Path = INPUTS) -> tuple[list[Path], list[str]]:
    """(corpora, extras) listed in inputs.csv, paths relative to the repository root."""
    corpora, extras = [], []
    with open(path, encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            target = (row.get("path") or "").strip()
            if not target:
                continue
            head, sep, tail = target.partition("=")
            resolved = str(ROOT / (tail if sep else target))
            if row.get("kind") == "corpus":
                corpora.append(Path(resolved))
            elif row.get("kind") == "extra":
                extras.append(f"{head}={resolved}" if sep else resolved)
    return corpora, extras


def _read(folder: Path, name: str) -> pd.DataFrame:
    try:
        frame = snapshot.read_table(folder, name)
    except Exception:  # a first build has no previous tables
        frame = None
    return frame if frame is not None else pd.DataFrame()


def changes(before: dict[str, pd.DataFrame], after: dict[str, pd.DataFrame]) -> list[str]:
    """What a maintainer wants to read after an update: new episodes, models, proposals."""

    def ids(frame, col):
        return set(frame[col].astype(str)) if not frame.empty and col in frame else set()

    new_eps = sorted(ids(after["episodes"], "episode_id") - ids(before["episodes"], "episode_id"))
    new_models = sorted(ids(after["mentions"], "model_id") - ids(before["mentions"], "model_id"))
    gone = sorted(ids(before["mentions"], "model_id") - ids(after["mentions"], "model_id"))
    new_props = sorted(ids(after["candidates"], "surface") - ids(before["candidates"], "surface"))
    pairs = lambda f: set(zip(f["episode_id"], f["model_id"])) if not f.empty else set()  # noqa: E731
    lines = [
        f"episodes: {len(ids(after['episodes'], 'episode_id'))}"
        + (f" (new: {', '.join(new_eps)})" if new_eps else " (none new)"),
        f"mentions: {len(pairs(after['mentions']))} episode-model pairs "
        f"(+{len(pairs(after['mentions']) - pairs(before['mentions']))}, "
        f"-{len(pairs(before['mentions']) - pairs(after['mentions']))})",
        "new models: " + (", ".join(new_models) if new_models else "none"),
        "models no longer mentioned: " + (", ".join(gone) if gone else "none"),
        f"names to review: {len(ids(after['candidates'], 'surface'))}"
        + (f" (new: {', '.join(new_props)})" if new_props else " (none new)")
        + " - see `python -m model_data review`",
    ]
    return lines


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--corpus", action="append", type=Path, help="corpus folder (default: inputs.csv)")
    parser.add_argument("--extra", action="append", metavar="[EPISODE=]FILE", help="extra file (default: inputs.csv)")
    parser.add_argument("--allow-unused", action="store_true", help="an unusable --extra file is only a warning")
    parser.add_argument(
        "--no-listed-extras",
        action="store_true",
        help="leave out the extra files listed in inputs.csv (kept by default)",
    )
    parser.add_argument("--offline", action="store_true", help="refresh from --reference only, no network")
    parser.add_argument("--reference", type=Path, help="reference-data folder (catalogue, offline Hub facts, scores)")
    parser.add_argument("--online", action="store_true", help="let the ingest search the Hub for proposals")
    parser.add_argument("--snapshot", type=Path, default=snapshot.DEFAULT_DIR, help="snapshot folder to rebuild")
    parser.add_argument("--token-env", default="HF_TOKEN", help="environment variable with a Hugging Face token")


def _undo_half_update(folder: Path, started_from: str) -> str:
    """After a failed refresh, an ingest alone must not stay served as if complete (its new mentions
    have no model rows yet): bring back the snapshot this update started from, which the ingest kept
    in .previous/. Returns the sentence that says what the snapshot is now."""
    if snapshot.fingerprint(folder) == started_from:
        return "The snapshot is unchanged."
    kept = folder / snapshot.PREVIOUS
    if snapshot.fingerprint(kept) == started_from and not snapshot.verify(kept):
        try:
            writer.restore(folder)
            return "The snapshot is back to the one this update started from (the new ingest was taken back)."
        except snapshot.SnapshotError as err:
            return f"The new ingest could not be taken back ({err}); run `python -m model_data restore`."
    return (
        "The snapshot holds the new ingest without a matching refresh: run `python -m model_data refresh` "
        "(or `python -m model_data restore`) before serving it."
    )


def extras_for(args) -> list[str]:
    """The listed extras (inputs.csv: the seed draft) stay, with or without --corpus, unless
    --no-listed-extras; each --extra is added to them."""
    listed = [] if getattr(args, "no_listed_extras", False) else default_inputs()[1]
    return listed + [e for e in (args.extra or []) if e not in listed]


def _run_module(module, parsed: argparse.Namespace) -> int:
    return int(module.run(parsed) or 0)


def run(args) -> int:
    corpora = args.corpus or default_inputs()[0]
    extras = extras_for(args)
    folder = Path(args.snapshot)
    before = {n: _read(folder, n) for n in ("episodes", "mentions", "candidates")}
    ingest_argv = [a for c in corpora for a in ("--corpus", str(c))] + [a for e in extras for a in ("--extra", str(e))]
    ingest_argv += ["--out", str(folder)] + (["--reference", str(args.reference)] if args.reference else [])
    ingest_argv += (["--online"] if args.online else []) + (["--allow-unused"] if args.allow_unused else [])
    refresh_argv = ["--snapshot", str(folder), "--token-env", args.token_env]
    refresh_argv += (["--offline"] if args.offline else []) + (
        ["--reference", str(args.reference)] if args.reference else []
    )
    # each step parses its own command line, so a step's new options keep their defaults here
    steps = [
        ("ingest", ingest, ingest_argv),
        ("refresh", refresh_command, refresh_argv),
        ("validate", validate, ["--snapshot", str(folder)]),
    ]
    # the files each step reads besides the package's own code and tables (see model_data.unchanged)
    inputs = [*corpora, *(Path(e.partition("=")[2] or e) for e in extras)]
    inputs += [args.reference] if args.reference else []
    started_from = snapshot.fingerprint(folder)
    for name, module, argv in steps:
        print(f"update: {name} ...", file=sys.stderr)
        parser = argparse.ArgumentParser(prog=f"python -m model_data {name}")
        module.add_arguments(parser)
        step = functools.partial(_run_module, module, parser.parse_args(argv))
        if args.online or (name == "refresh" and not args.offline):
            code = step()  # the network is an input no file hash describes
        else:
            code = unchanged.run_step(name, argv, inputs, folder, step)
        if code:
            print(
                f"update: {name} failed (exit {code}); later steps not run. {_undo_half_update(folder, started_from)}",
                file=sys.stderr,
            )
            return code
    after = {n: _read(folder, n) for n in ("episodes", "mentions", "candidates")}
    print("update: done\n  " + "\n  ".join(changes(before, after)))
    return 0
