"""Decide the names the ingest could not: list them, accept one as a repo id, or reject it.

    python -m model_data review                          # pending names, proposals, evidence
    python -m model_data review accept NAME REPO_ID [--episode ID]
    python -m model_data review reject NAME [--reason TEXT]

Accepting writes a row to aliases.csv, rejecting one to not_models.csv, each with who and when,
so the decision is a reviewable line in a diff. Run `python -m model_data update` afterwards.
"""

from __future__ import annotations

import csv
import datetime as dt
import getpass
import io
import re
import sys
from pathlib import Path

import pandas as pd

from model_data.errors import UsageError
from model_data.store import snapshot
from model_data.store.atomic import write_text_atomic
from model_data.ingest.mentions import ALIASES, NOT_MODELS, normalise

REPO_ID = re.compile(r"^(?:[A-Za-z0-9][\w.-]{0,95}/[A-Za-z0-9][\w.-]{0,95}|closed/[a-z0-9][\w.-]{0,95})$")


class ReviewError(UsageError):
    """A name or repo id the review cannot accept or reject as given (exit code 2)."""


def _who() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no login name in a container: still say when
        return "unknown user"


def _stamp() -> str:
    return f"{_who()} on {dt.date.today().isoformat()}"


def _rows(path: Path) -> tuple[list[str], list[dict]]:
    with open(path, encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        return list(reader.fieldnames or []), list(reader)


def _append(path: Path, row: dict) -> None:
    """Add one row at the end, leaving every existing byte as it was (a one-line diff)."""
    fields, _ = _rows(path)
    text = path.read_text(encoding="utf-8")
    out = io.StringIO()
    csv.DictWriter(out, fieldnames=fields, lineterminator="\n").writerow({k: row.get(k, "") for k in fields})
    write_text_atomic(path, text + ("" if text.endswith("\n") or not text else "\n") + out.getvalue())


def _known(path: Path, name: str) -> dict | None:
    _, rows = _rows(path)
    return next((r for r in rows if normalise(r.get("surface", "")) == normalise(name)), None)


def accept(
    name: str, repo_id: str, episode: str | None = None, aliases: Path = ALIASES, not_models: Path = NOT_MODELS
) -> dict:
    name, repo_id = name.strip(), repo_id.strip()
    if not name:
        raise ReviewError("NAME is empty")
    if not REPO_ID.match(repo_id):
        raise ReviewError(f"'{repo_id}' is not a Hub repo id (org/name) or closed/<name>")
    existing = _known(aliases, name)
    if existing:
        raise ReviewError(f"'{name}' is already in {aliases.name} (-> {existing['model_id']}); edit that row instead")
    if _known(not_models, name):
        raise ReviewError(f"'{name}' is listed in {not_models.name} as not a model; remove it there first")
    row = {
        "surface": name,
        "model_id": repo_id,
        "open_weights": "false" if repo_id.startswith("closed/") else "true",
        "requires_context": "",
        "note": f"accepted in review by {_stamp()}" + (f" (seen in {episode})" if episode else ""),
    }
    _append(aliases, row)
    return row


def reject(name: str, reason: str = "", aliases: Path = ALIASES, not_models: Path = NOT_MODELS) -> dict:
    name = name.strip()
    if not name:
        raise ReviewError("NAME is empty")
    if _known(aliases, name):
        raise ReviewError(f"'{name}' is an alias in {aliases.name}; remove it there first")
    if _known(not_models, name):
        raise ReviewError(f"'{name}' is already in {not_models.name}")
    row = {"surface": name, "reason": f"{reason or 'not a model'} (rejected in review by {_stamp()})"}
    _append(not_models, row)
    return row


def pending(folder: Path) -> pd.DataFrame:
    frame = snapshot.read_table(folder, "candidates")
    return frame.fillna("") if frame is not None else pd.DataFrame()


def listing(frame: pd.DataFrame) -> str:
    if frame.empty:
        return "review: nothing pending; every model-like name resolved or is a known non-model."
    lines = [f"{frame['surface'].nunique()} names to decide (accept NAME REPO_ID, or reject NAME):", ""]
    for surface, group in frame.groupby("surface", sort=True):
        episodes = ", ".join(sorted(set(group["episode_id"].astype(str))))
        lines.append(f"{surface}  [{episodes}]")
        for r in group.head(3).itertuples():
            lines.append(f"    seen: {r.source_path} {r.location} ({r.evidence}): {str(r.context)[:100]}")
        props = next((p for p in group["proposals"] if p), "")
        for p in props.split("; ") if props else []:
            lines.append(f"    proposed: {p}")
        if not props:
            lines.append("    proposed: nothing close in the catalogue (a closed model? accept it as closed/<name>)")
    return "\n".join(lines)


def add_arguments(parser) -> None:
    parser.add_argument("action", nargs="?", choices=["list", "accept", "reject"], default="list")
    parser.add_argument("name", nargs="?", help="the name as the review lists it")
    parser.add_argument("repo_id", nargs="?", help="accept: the Hub repo id (or closed/<name>)")
    parser.add_argument("--episode", help="accept: the episode the name was seen in (kept in the note)")
    parser.add_argument("--reason", default="", help="reject: why it is not a model (kept in the note)")
    parser.add_argument("--snapshot", type=Path, default=snapshot.DEFAULT_DIR, help="snapshot with candidates.csv")
    parser.add_argument("--aliases", type=Path, default=ALIASES)
    parser.add_argument("--not-models", type=Path, default=NOT_MODELS)


def run(args) -> int:
    try:
        if args.action == "list":
            print(listing(pending(args.snapshot)))
            return 0
        if not args.name or (args.action == "accept" and not args.repo_id):
            raise ReviewError("usage: review accept NAME REPO_ID [--episode ID] | review reject NAME [--reason TEXT]")
        if args.action == "accept":
            row = accept(args.name, args.repo_id, args.episode, args.aliases, args.not_models)
            print(
                f"review: '{row['surface']}' -> {row['model_id']} added to {args.aliases}; "
                "run `python -m model_data update` to apply it"
            )
        else:
            row = reject(args.name, args.reason, args.aliases, args.not_models)
            print(
                f"review: '{row['surface']}' added to {args.not_models} as not a model; "
                "run `python -m model_data update` to apply it"
            )
        return 0
    except ReviewError as exc:
        print(f"review: {exc}", file=sys.stderr)
        return 2
