"""Refresh models and scores (Hub metadata, licences, benchmarks) into the snapshot: `python -m model_data refresh`.

Reads the Hub, the leaderboards and the reference data, then writes the snapshot (validated, all or
nothing). Exit 0 ok, 1 source or write failure, 2 usage.

The command line only: refresh.py reads the sources and builds the tables, model_rows.py holds the rules.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
import time
from pathlib import Path

import pandas as pd

from model_data.errors import scrub
from model_data.sources import hub, licenses
from model_data.sources import reference as reference_data
from model_data.sources.model_rows import assign_scores, carry_over, resolve_variants_and_licenses, scores_note
from model_data.sources.refresh import (
    DEADLINE,
    REQUEST_TIMEOUT,
    SourceError,
    UsageError,
    _changed,
    _previous,
    _progress,
    build,
    check_reference,
    load_model_list,
    load_sources,
    summarise,
    with_baselines,
)
from model_data.store import schema, snapshot, writer


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--offline", action="store_true", help="build from --reference files only; never touch the network"
    )
    parser.add_argument(
        "--reference", type=Path, help="reference-data folder (model facts, leaderboard and arena CSVs)"
    )
    parser.add_argument("--models", type=Path, help="CSV with a model_id column (default: the snapshot's mentions.csv)")
    parser.add_argument(
        "--token-env",
        default="HF_TOKEN",
        help="environment variable holding a Hugging Face token (never printed or stored)",
    )
    parser.add_argument(
        "--snapshot",
        type=Path,
        default=snapshot.DEFAULT_DIR,
        help="snapshot folder to refresh (default: the shipped model_data/snapshot)",
    )
    parser.add_argument(
        "--deadline",
        type=float,
        default=DEADLINE,
        help=f"live only: give up the whole run after this many seconds (default {DEADLINE:g})",
    )
    parser.add_argument(
        "--timeout",
        type=float,
        default=REQUEST_TIMEOUT,
        help=f"live only: seconds to wait for each Hub answer, and for the first probe (default {REQUEST_TIMEOUT:g})",
    )


def run(args: argparse.Namespace) -> int:
    started = time.monotonic()
    folder = Path(args.snapshot)
    try:
        check_reference(args.reference, args.offline)
        model_list = load_model_list(args.models or folder / "mentions.csv")
        if not args.models:
            model_list = with_baselines(model_list)
    except UsageError as err:
        print(f"refresh: {err}", file=sys.stderr)
        return 2
    token = None if args.offline else (os.environ.get(args.token_env) or None)
    try:
        return _refresh(args, folder, model_list, token, started)
    except KeyboardInterrupt:
        if snapshot.swap_pending(folder):
            print(
                f"refresh: interrupted while swapping the new files into {folder}; run the refresh again, "
                "or `python -m model_data validate`, to complete it",
                file=sys.stderr,
            )
        else:
            print(f"refresh: interrupted; the snapshot in {folder} was not changed", file=sys.stderr)
        return 130
    except SourceError as err:
        print(f"refresh: {scrub(str(err), token)}; the snapshot was not changed. Run again later.", file=sys.stderr)
        return 1


def _refresh(
    args: argparse.Namespace, folder: Path, model_list: pd.DataFrame, token: str | None, started: float
) -> int:
    progress = _progress(sys.stderr)
    deadline = None if args.offline else started + getattr(args, "deadline", DEADLINE)
    timeout = getattr(args, "timeout", REQUEST_TIMEOUT)
    if not args.offline and not _hub_answers(timeout):
        return 1
    try:
        src = load_sources(args.reference, args.offline, progress, deadline)
        print(
            f"sources: {', '.join(sorted(src.loaded)) or 'none'} read in {time.monotonic() - started:.1f}s",
            file=sys.stderr,
        )
        phase = time.monotonic()
        previous, prev_scores, old_manifest = _previous(folder)
        models, failed, stats = build(
            model_list,
            src,
            offline=args.offline,
            token=token,
            previous=previous,
            progress=progress,
            deadline=deadline,
            timeout=timeout,
        )
        print(
            f"hub metadata: {len(models)} models ({stats['fetched']} fetched from the Hub) in "
            f"{time.monotonic() - phase:.1f}s",
            file=sys.stderr,
        )
        if failed:
            no_scores = pd.DataFrame(columns=schema.SCORES)
            print(
                summarise(models, no_scores, [], failed, stats, time.monotonic() - started, args.offline),
                file=sys.stderr,
            )
            print(f"refresh: {len(failed)} model(s) could not be fetched; {NOT_CHANGED_TRY_LATER}", file=sys.stderr)
            return 1
        models, scores, kept = _with_scores(models, src, prev_scores, old_manifest)
        changed = _changed(previous, models)
        updates = _manifest_updates(models, scores, src, kept, args.offline)
        written = writer.write_snapshot(folder, {"models": models, "scores": scores}, updates, complete=True)
    except snapshot.SnapshotError as err:
        print(f"refresh: {err}", file=sys.stderr)
        return 1
    print(summarise(models, scores, changed, failed, stats, time.monotonic() - started, args.offline))
    print(f"  wrote {', '.join(written) if written else 'nothing (snapshot already up to date)'} in {folder}")
    return 0


NOT_CHANGED_TRY_LATER = "the snapshot was not changed. Run again later (the Hub may be rate limiting or down)."


def _hub_answers(timeout: float) -> bool:
    """One probe before a live refresh; False (said why) when the Hub cannot be reached."""
    unreachable = hub.probe(timeout)
    if unreachable:
        print(
            f"refresh: the Hugging Face Hub is not reachable: {unreachable}; the snapshot was not changed. "
            "Check the network (or HF_ENDPOINT), or build offline with --offline --reference DIR.",
            file=sys.stderr,
        )
    return not unreachable


def _with_scores(models: pd.DataFrame, src, prev_scores: pd.DataFrame, old_manifest: dict):
    """The models with their licence answers resolved and a note on their scores; the scores (kept
    ones carried over); the sources of the kept scores."""
    rows = models.to_dict("records")
    resolve_variants_and_licenses(rows, src)
    scores = assign_scores(rows, src)
    scores, kept = carry_over(scores, prev_scores, src, old_manifest, {r["model_id"] for r in rows})
    by_model = scores.groupby("model_id")["source"].agg(set).to_dict()
    independent = set(scores.loc[scores["self_reported"].astype(str) != "true", "model_id"])
    for row in rows:
        mine = by_model.get(row["model_id"], set())
        row["scores_note"] = scores_note(row, mine, bool(mine) and row["model_id"] not in independent)
    return pd.DataFrame(rows, columns=schema.MODELS), scores, kept


def _manifest_updates(models: pd.DataFrame, scores: pd.DataFrame, src, kept: dict, offline: bool) -> dict:
    """What the manifest says of the two tables: their sources and the counts of their key values."""
    model_sources = {k: v for k, v in src.loaded.items() if k in reference_data.DESCRIBE_MODELS}
    if not offline:
        model_sources["hub api"] = {
            "url": f"{hub.HUB}/api/models/{{repo_id}}",
            "fetched_at": dt.date.today().isoformat(),
            "used_for": ["hub metadata"],
        }
    updates = {
        "tables": {
            "models": {
                "sources": model_sources,
                "values": {
                    col: models[col].value_counts().sort_index().to_dict()
                    for col in ("metadata_source", "params_source", "license_family")
                },
            },
            "scores": {
                "sources": {**kept, **src.loaded},
                "values": {"rows_by_source": scores["source"].value_counts().sort_index().to_dict()},
            },
        },
        "licenses": {"table": "model_data/tables/licenses.csv", "disclaimer": licenses.NOT_LEGAL_ADVICE},
    }
    for table in updates["tables"].values():
        table["values"] = {k: {str(a): int(b) for a, b in v.items()} for k, v in table["values"].items()}
    return updates
