"""The curated name tables the matcher reads (model_data/tables): aliases, names that are not models,
reviewed exclusions and corrections, each loaded once per ingest; and the one name normalisation
they are keyed by.

Split from model_data/ingest/mentions.py (which re-exports these); review and the ingest command
write the same files.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from pathlib import Path

from model_data import TABLES
from model_data.errors import ModelDataError

HERE = TABLES
ALIASES = HERE / "aliases.csv"
NOT_MODELS = HERE / "not_models.csv"
EXCLUDED = HERE / "excluded_mentions.csv"
CORRECTIONS = HERE / "corrections.csv"

SEPARATOR = r"[\s\-_]+"


def normalise(text: str) -> str:
    return re.sub(SEPARATOR, " ", text.strip().lower())


@dataclass(frozen=True)
class Alias:
    surface: str
    model_id: str
    open_weights: str
    requires_context: str
    note: str = ""


def load_aliases(path: Path = ALIASES) -> list[Alias]:
    with open(path, encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    aliases = []
    for row in rows:
        surface = (row.get("surface") or "").strip()
        model_id = (row.get("model_id") or "").strip()
        if not surface or not model_id:
            raise ValueError(f"{path.name}: a row needs surface and model_id: {row}")
        if not any(ch.isalnum() for ch in surface):  # "-" would match between any two words
            raise ModelDataError(
                f"{path.name}: the surface {surface!r} has no letter or digit; remove that row "
                "(`python -m model_data review undo NAME` if the review wrote it)"
            )
        aliases.append(
            Alias(
                surface,
                model_id,
                (row.get("open_weights") or "unknown").strip().lower(),
                (row.get("requires_context") or "").strip(),
                (row.get("note") or "").strip(),
            )
        )
    return aliases


def load_exclusions(path: Path = EXCLUDED) -> dict[tuple[str, int, str], str]:
    """Reviewed places where a known model name is not a mention (source_path, line, model_id) -> why.

    `source_path` is relative to its corpus (so it matches however many --corpus are given);
    line `*` means every line of that file (stored as 0).
    """
    if not Path(path).exists():
        return {}
    with open(path, encoding="utf-8", newline="") as fh:
        return {
            (r["source_path"], 0 if r["line"].strip() == "*" else int(r["line"]), r["model_id"]): r["reason"]
            for r in csv.DictReader(fh)
        }


def load_corrections(path: Path = CORRECTIONS) -> dict[tuple[str, int, str], tuple[str, str, str]]:
    """Known errors of the corpus fixed at their place: (source_path, line, name) -> (model_id, open_weights, note)."""
    if not Path(path).exists():
        return {}
    with open(path, encoding="utf-8", newline="") as fh:
        return {
            (r["source_path"], int(r["line"]), normalise(r["surface"])): (
                r["model_id"],
                r.get("open_weights") or "unknown",
                r["note"],
            )
            for r in csv.DictReader(fh)
        }


def load_not_models(path: Path = NOT_MODELS) -> list[str]:
    with open(path, encoding="utf-8", newline="") as fh:
        return [r["surface"].strip() for r in csv.DictReader(fh) if any(ch.isalnum() for ch in r.get("surface") or "")]
