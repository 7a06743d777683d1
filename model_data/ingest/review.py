"""Decide the names the ingest could not: list them, accept one as a repo id, reject it, or undo.

    python -m model_data review                          # pending names, proposals, evidence
    python -m model_data review accept NAME REPO_ID [--episode ID] [--online | --force]
    python -m model_data review reject NAME [--reason TEXT]
    python -m model_data review undo [NAME]              # take back the last (or NAME's) decision

Accepting writes a row to aliases.csv, rejecting one to not_models.csv, each with who and when,
so the decision is a reviewable line in a diff. Every typed value goes through
model_data.ingest.decision_input first; an accepted id must be known (the snapshot, the pending
proposals, aliases.csv, --reference's catalogue, or the Hub with --online), else `--force`.
Run `python -m model_data update` afterwards.
"""

from __future__ import annotations

import csv
import datetime as dt
import getpass
import io
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from model_data.errors import UsageError
from model_data.ingest import decision_input as check
from model_data.ingest.decision_input import shown
from model_data.ingest.name_tables import ALIASES, NOT_MODELS, normalise
from model_data.store import snapshot
from model_data.store.atomic import write_text_atomic

REVIEW_MARK = re.compile(r"(?:accepted|rejected) in review by .*? on (\d{4}-\d{2}-\d{2})(?: (\d\d:\d\d:\d\d) UTC)?")


ReviewError = check.DecisionInputError  # a name, id or episode the review cannot take as given (exit 2)


def _who() -> str:
    try:
        return check.comparable(getpass.getuser()) or "unknown user"
    except Exception:  # no login name in a container: still say when
        return "unknown user"


def _stamp() -> str:
    now = dt.datetime.now(dt.timezone.utc)
    return f"{_who()} on {now:%Y-%m-%d %H:%M:%S} UTC"


def _rows(path: Path) -> tuple[list[str], list[dict]]:
    with open(path, encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        return list(reader.fieldnames or []), list(reader)


def _append(path: Path, row: dict) -> None:
    """Add one row at the end, leaving every existing byte as it was (a one-line diff)."""
    fields, _ = _rows(path)
    text = path.read_text(encoding="utf-8")
    out = io.StringIO()
    cells = {k: check.text_cell(str(row.get(k, ""))) for k in fields}
    csv.DictWriter(out, fieldnames=fields, lineterminator="\n").writerow(cells)
    write_text_atomic(path, text + ("" if text.endswith("\n") or not text else "\n") + out.getvalue())


def _key(name: str) -> str:
    return normalise(check.comparable(name))


def _known(path: Path, name: str) -> dict | None:
    _, rows = _rows(path)
    return next((r for r in rows if _key(r.get("surface") or "") == _key(name)), None)


@dataclass
class Known:
    """What an accepted id and episode are checked against; built from the snapshot by `load`."""

    ids: set[str] = field(default_factory=set)
    episodes: set[str] | None = None  # None: no episodes table to check against
    proposals: dict[str, dict[str, list[str]]] = field(default_factory=dict)  # name key -> episode -> ids
    hub: object | None = None  # HubSearch when --online

    @classmethod
    def load(cls, folder: Path, aliases: Path = ALIASES, reference: Path | None = None, hub=None) -> "Known":
        known = cls(hub=hub)
        models = _table(folder, "models")
        if models is not None:
            for col in ("model_id", "variant_of"):
                if col in models:
                    known.ids |= {v for v in models[col].astype(str) if v.count("/") == 1}
        episodes = _table(folder, "episodes")
        if episodes is not None and "episode_id" in episodes:
            known.episodes = set(episodes["episode_id"].astype(str))
        candidates = _table(folder, "candidates")
        if candidates is not None and {"surface", "episode_id", "proposals"} <= set(candidates):
            for r in candidates.itertuples():
                ids = [p.split(" (")[0].strip() for p in str(r.proposals).split("; ") if p.strip()]
                slot = known.proposals.setdefault(_key(r.surface), {}).setdefault(str(r.episode_id), [])
                slot.extend(i for i in ids if i not in slot)
                known.ids |= set(ids)
        if aliases.exists():
            known.ids |= {r["model_id"].strip() for r in _rows(aliases)[1] if (r.get("model_id") or "").strip()}
        if reference is not None:
            from model_data.ingest import catalogue

            known.ids |= {e.repo_id for e in catalogue.load(reference).entries.values()}
        return known

    def exists(self, repo_id: str) -> bool:
        if repo_id in self.ids or repo_id.lower() in {i.lower() for i in self.ids}:
            return True
        return self.hub is not None and self.hub.exists(repo_id) is not None


def _table(folder: Path, name: str) -> pd.DataFrame | None:
    try:
        frame = snapshot.read_table(folder, name)
    except Exception:  # a missing or broken snapshot: nothing to check against, validate says why
        return None
    return frame.fillna("") if frame is not None else None


def accept(
    name: str,
    repo_id: str,
    episode: str | None = None,
    aliases: Path = ALIASES,
    not_models: Path = NOT_MODELS,
    *,
    known: Known | None = None,
    force: bool = False,
    warn=None,
) -> dict:
    """Write NAME -> REPO_ID to aliases.csv after checking both (and the episode) as input."""
    name, repo_id = check.name(name), check.repo_id(repo_id)
    known = known if known is not None else Known.load(snapshot.DEFAULT_DIR, aliases)
    if episode is not None:
        episode = check.name(episode, "--episode")
        if known.episodes is not None and episode not in known.episodes:
            raise ReviewError(f"--episode {shown(episode)} is not an episode of the snapshot (e.g. s3e15)")
    if not repo_id.startswith("closed/") and not force and not known.exists(repo_id):
        raise ReviewError(
            f"{repo_id} is not in the catalogue (snapshot, proposals, aliases.csv"
            f"{', the Hub' if known.hub is not None else ''}); check the spelling, give --reference DIR"
            f"{'' if known.hub is not None else ' or --online'}, or --force to accept it anyway"
        )
    existing = _known(aliases, name)
    if existing:
        raise ReviewError(f"'{name}' is already in {aliases.name} (-> {existing['model_id']}); edit that row instead")
    if _known(not_models, name):
        raise ReviewError(f"'{name}' is listed in {not_models.name} as not a model; remove it there first")
    proposed = known.proposals.get(_key(name))
    if warn is not None and proposed is not None:
        ids = proposed.get(episode, []) if episode else [i for ids in proposed.values() for i in ids]
        if repo_id not in ids and not repo_id.startswith("closed/"):
            where = f" in {episode}" if episode else ""
            warn(f"{repo_id} is not among the proposals for '{name}'{where} ({', '.join(ids) or 'none'})")
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
    name = check.name(name)
    reason = check.free_text(reason) if reason else ""
    if _known(aliases, name):
        raise ReviewError(f"'{name}' is an alias in {aliases.name}; remove it there first")
    if _known(not_models, name):
        raise ReviewError(f"'{name}' is already in {not_models.name}")
    row = {"surface": name, "reason": f"{reason or 'not a model'} (rejected in review by {_stamp()})"}
    _append(not_models, row)
    return row


def _decisions(path: Path) -> list[tuple[str, int, int, dict]]:
    """(stamp, first line, last line, row) of every row the review wrote, in file order."""
    text = path.read_text(encoding="utf-8")
    reader = csv.DictReader(io.StringIO(text, newline=""))
    out, start = [], 2
    for row in reader:
        end = reader.line_num
        mark = REVIEW_MARK.search(" ".join(str(v) for v in row.values() if v))
        if mark:
            out.append((f"{mark.group(1)} {mark.group(2) or '00:00:00'}", start, end, row))
        start = end + 1
    return out


def undo(name: str | None = None, aliases: Path = ALIASES, not_models: Path = NOT_MODELS) -> tuple[Path, dict]:
    """Remove the last decision the review wrote (or NAME's), leaving every other line as it was."""
    found = [(stamp, path, a, b, row) for path in (aliases, not_models) for stamp, a, b, row in _decisions(path)]
    if name is not None:
        key = _key(check.name(name))
        found = [f for f in found if _key(f[4].get("surface") or "") == key]
        if not found:
            raise ReviewError(f"no review decision for {shown(name)} in {aliases.name} or {not_models.name}")
    if not found:
        raise ReviewError(f"no review decision to undo in {aliases.name} or {not_models.name}")
    stamp, path, first, last, row = max(found, key=lambda f: (f[0], f[1] == aliases, f[2]))
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    write_text_atomic(path, "".join(lines[: first - 1] + lines[last:]))
    return path, row


def pending(folder: Path) -> pd.DataFrame:
    frame = snapshot.read_table(folder, "candidates")
    return frame.fillna("") if frame is not None else pd.DataFrame()


def listing(frame: pd.DataFrame) -> str:
    if frame.empty:
        return "review: nothing pending; every model-like name resolved or is a known non-model."
    lines = [f"{frame['surface'].nunique()} names to decide (accept NAME REPO_ID, or reject NAME):", ""]
    for surface, group in frame.groupby("surface", sort=True):
        episodes = ", ".join(sorted(set(group["episode_id"].astype(str))))
        lines.append(f"{shown(surface)[1:-1]}  [{episodes}]")
        for r in group.head(3).itertuples():
            lines.append(f"    seen: {shown(r.source_path)[1:-1]} {r.location} ({r.evidence}): {str(r.context)[:100]}")
        props = next((p for p in group["proposals"] if p), "")
        for p in props.split("; ") if props else []:
            lines.append(f"    proposed: {p}")
        if not props and set(group["evidence"]) == {"transcript"}:
            lines.append(
                "    heard, matched nothing: no catalogue model sounds like it (accept NAME REPO_ID, or reject)"
            )
        elif not props:
            lines.append("    proposed: nothing close in the catalogue (a closed model? accept it as closed/<name>)")
    return "\n".join(lines)


def add_arguments(parser) -> None:
    parser.add_argument("action", nargs="?", choices=["list", "accept", "reject", "undo"], default="list")
    parser.add_argument("name", nargs="?", help="the name as the review lists it (undo: optional)")
    parser.add_argument("repo_id", nargs="?", help="accept: the Hub repo id (or closed/<name>)")
    parser.add_argument("--episode", help="accept: the episode the name was seen in (kept in the note)")
    parser.add_argument("--reason", default="", help="reject: why it is not a model (kept in the note)")
    parser.add_argument("--snapshot", type=Path, default=snapshot.DEFAULT_DIR, help="snapshot with candidates.csv")
    parser.add_argument("--aliases", type=Path, default=ALIASES)
    parser.add_argument("--not-models", type=Path, default=NOT_MODELS)
    parser.add_argument("--reference", type=Path, help="accept: reference-data folder whose catalogue knows the id")
    parser.add_argument("--online", action="store_true", help="accept: ask the Hub whether the repo id exists")
    parser.add_argument("--force", action="store_true", help="accept: an id no catalogue knows (checked by hand)")


def run(args) -> int:
    try:
        if args.action == "list":
            print(listing(pending(args.snapshot)))
            return 0
        if args.action == "undo":
            path, row = undo(args.name, args.aliases, args.not_models)
            print(f"review: the decision on '{row['surface']}' removed from {path}; run `python -m model_data update`")
            return 0
        if not args.name or (args.action == "accept" and not args.repo_id):
            raise ReviewError("usage: review accept NAME REPO_ID [--episode ID] | review reject NAME [--reason TEXT]")
        if args.action == "accept":
            hub = None
            if args.online:
                from model_data.ingest.catalogue import HubSearch

                hub = HubSearch()
            known = Known.load(args.snapshot, args.aliases, args.reference, hub)
            row = accept(
                args.name,
                args.repo_id,
                args.episode,
                args.aliases,
                args.not_models,
                known=known,
                force=args.force,
                warn=lambda text: print(f"review: warning: {text}", file=sys.stderr),
            )
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
    except UsageError as exc:
        print(f"review: {exc}", file=sys.stderr)
        return 2
    except (OSError, UnicodeDecodeError, csv.Error) as exc:  # a curated table missing, unreadable or not UTF-8
        where = getattr(exc, "filename", None) or f"{args.aliases} / {args.not_models}"
        reason = getattr(exc, "strerror", None) or type(exc).__name__
        print(f"review: cannot use {shown(str(where))}: {reason}; nothing was written", file=sys.stderr)
        return 1
