"""What an ingest run writes: the three tables (through the snapshot's one writer), the digest of
its inputs recorded in the manifest, and review.md, the reviewer's companion of candidates.csv."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pandas as pd

from model_data.ingest import safe_read
from model_data.ingest.formats import TEXT_SUFFIXES
from model_data.ingest.markdown_doc import read_bytes
from model_data.ingest.result import IngestResult
from model_data.printable import code, escaped
from model_data.store import writer
from model_data.store.snapshot import SnapshotError
from model_data.store.atomic import write_text_atomic


def to_csv(frame: pd.DataFrame) -> str:
    return frame.to_csv(index=False, lineterminator="\n")


def review_report(result: IngestResult) -> str:
    """Human-readable companion of candidates.csv: what a reviewer should look at."""
    lines = [
        "# Ingest review",
        "",
        f"{len(result.episodes)} episodes, {len(result.mentions)} mentions, "
        f"{result.mentions['model_id'].nunique()} distinct models, "
        f"{result.candidates['surface'].nunique()} names to review, {len(result.problems)} file problems.",
        "",
        "## File problems",
        "",
    ]
    lines += [f"- {code(p)}: {escaped(m)}" for p, m in result.problems] or ["- none"]
    lines += ["", "## Files given on the command line and not used", ""]
    lines += [f"- {code(p)}: {escaped(m)}" for p, m in result.unused_extras] or ["- none"]
    lines += [
        "",
        "## Proposals: names no table or catalogue decides",
        "",
        "Accept with `python -m model_data review accept NAME REPO_ID`, or reject with "
        "`python -m model_data review reject NAME` (a product or a non-model).",
        "",
    ]
    for surface, group in result.candidates.groupby("surface", sort=True):
        where = ", ".join(
            f"{code(r.source_path)}:{r.location} ({r.evidence}, {r.episode_id})" for r in group.itertuples()
        )
        proposals = next((p for p in group["proposals"] if p), "")
        lines.append(
            f"- {code(surface)}: {where}"
            + (f"\n  - proposed: {proposals}" if proposals else "\n  - no catalogue model is close")
        )
    if result.candidates.empty:
        lines.append("- none")
    lines += [
        "",
        "## Episode facts the sources disagree on",
        "",
        "Recordings and links where the sources disagree, each with what the rule did (the official "
        "page wins; a date-only recording match is named here so a reviewer can check it).",
        "",
    ]
    lines += [f"- `{p}`: {m}" for p, m in result.disagreements] or ["- none"]
    lines += ["", "## Reviewed non-mentions (excluded_mentions.csv)", ""]
    lines += [f"- {code(p)}: {escaped(m)}" for p, m in result.excluded] or ["- none"]
    lines += ["", "## Files not used", ""]
    lines += [f"- {code(p)}: {escaped(m)}" for p, m in result.ignored] or ["- none"]
    return "\n".join(lines) + "\n"


def write_outputs(result: IngestResult, out: Path, inputs_digest: str) -> list[str]:
    """Write the three tables through the snapshot's staged, validated, locked swap, then review.md.

    Sharing `write_snapshot` with the refresh means an ingest and a refresh never interleave
    their writes, and a failure leaves every previous file byte-identical.
    """
    tables = {"episodes": result.episodes, "mentions": result.mentions, "candidates": result.candidates}
    updates = {"tables": {name: {"built_by": "ingest", "inputs_sha256": inputs_digest} for name in tables}}
    changed = writer.write_snapshot(out, tables, updates)
    try:
        write_text_atomic(out / "review.md", review_report(result))
    except OSError as err:  # the tables are in: say so rather than "nothing changed"
        raise SnapshotError(
            f"the tables in {out} were written ({', '.join(changed) or 'unchanged'}), but review.md could not be "
            f"({err.strerror or err}); free some space and run the ingest again to write it"
        ) from err
    return changed


def inputs_digest(corpora: list[Path], extras: list[Path]) -> str:
    """One hash of every file an ingest may read, so the manifest says when its inputs changed."""
    h = hashlib.sha256()
    for root in corpora:
        for path in safe_read.walk(root)[0]:
            if path.suffix.lower() in TEXT_SUFFIXES:
                h.update(os.fsencode(path.relative_to(root).as_posix()))
                data, _ = read_bytes(path, root)
                h.update(hashlib.sha256(data or b"").digest())
    for extra in extras:
        h.update(os.fsencode(extra.name))
        data, _ = read_bytes(extra)
        h.update(hashlib.sha256(data or b"").digest())
    return h.hexdigest()
