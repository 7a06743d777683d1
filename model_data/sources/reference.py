"""The reference data, declared once: each source's file, the date of its data, how it is read, what it supplies.

`REFERENCE` is read by the refresh (every entry with a `load`, in this order: the arena boards
are named through the hub-facts read before them) and by the ingest's offline model catalogue
(every entry with `names`, in this order: the first table naming a repo id describes it).
Adding a score source is one entry here plus its reader in model_data.sources.leaderboard.
Dates come from each folder's PROVENANCE.md; a glob's date is the one in the newest file's name.
"""

from __future__ import annotations

import hashlib
import io
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import pandas as pd

from model_data.sources import leaderboard
from model_data.sources.model_rows import Sources, _is_repackaging

FILE_DATE = re.compile(r"(\d{4}-\d{2}-\d{2})")


@dataclass(frozen=True)
class Names:
    """The columns the ingest's catalogue reads from a table: a repo id and what it is called."""

    repo_id: str
    name: str = ""
    family: str = ""
    base_model: str = ""
    base_relation: str = ""
    kind: str = ""  # a leaderboard's submission type ("merges", "fine-tuned"): not the maker's model


@dataclass(frozen=True)
class Reading:
    """One refresh's reading of the sources: where from, and (live) how to get the leaderboard.

    Each reference file is read from disk once: parsed and hashed from the same bytes."""

    reference: Path | None
    offline: bool
    live_contents: Callable[[], pd.DataFrame] | None = None  # the live Open LLM Leaderboard `contents`
    today: str = ""
    data: dict[Path, bytes] = field(default_factory=dict)

    def bytes(self, path: Path) -> bytes:
        if path not in self.data:
            self.data[path] = path.read_bytes()
        return self.data[path]

    def open(self, path: Path) -> io.BytesIO:
        return io.BytesIO(self.bytes(path))


@dataclass(frozen=True)
class Source:
    id: str  # the key of what it supplied in the manifest (and of its scores' `source`)
    file: str  # path inside the reference folder, or a glob (the newest file wins)
    date: str  # date of its data ("" for a glob: the date in the chosen file's name)
    supplies: tuple[str, ...]  # what the refresh uses it for (the manifest's used_for)
    load: Callable[[Sources, Reading, Source, Path | None], dict | None] | None = None  # refresh: read it
    required: bool = False  # a refresh with --reference refuses a folder without it
    newer: str = ""  # a glob of a newer edition that replaces `file` when the folder has it
    names: Names | None = None  # the ingest catalogue's model names
    live: bool = False  # read live (not from the folder) unless --offline
    describes_models: bool = False  # the models table's values (metadata, sizes) come from it too
    terms: str = ""  # the data's terms, from its PROVENANCE.md (the dataset card shows them)

    def find(self, reference: Path) -> Path | None:
        """The file this source reads in `reference`, or None."""
        for pattern in (self.newer, self.file):
            if not pattern:
                continue
            found = sorted(reference.glob(pattern)) if "*" in pattern else [reference / pattern]
            if found and found[-1].exists():
                return found[-1]
        return None

    def date_of(self, path: Path) -> str:
        if self.date:
            return self.date
        match = FILE_DATE.search(path.name)
        return match.group(1) if match else ""

    def entry(self, reading: Reading, path: Path) -> dict:
        """What the manifest records of the file read: which, of when, its hash, what it was used for."""
        return {
            "file": path.relative_to(reading.reference).as_posix(),
            "date": self.date_of(path),
            "sha256": hashlib.sha256(reading.bytes(path)).hexdigest(),
            "used_for": list(self.supplies),
        }


def records(frame: pd.DataFrame) -> list[dict]:
    """`frame.to_dict("records")`, the same values, column by column (5x faster on Arrow strings)."""
    columns = list(frame.columns)
    return [dict(zip(columns, row)) for row in zip(*(frame[c].tolist() for c in columns))]


def _by_id(reading: Reading, path: Path, column: str) -> dict[str, dict]:
    rows = pd.read_csv(reading.open(path), dtype=str, keep_default_na=False)
    return {r[column].lower(): r for r in records(rows)}


def _hub_facts(src: Sources, reading: Reading, source: Source, path: Path) -> None:
    src.hub_facts = _by_id(reading, path, "repo_id")


def _model_facts(src: Sources, reading: Reading, source: Source, path: Path) -> None:
    src.facts = _by_id(reading, path, "hub_id")


def _open_llm_v2(src: Sources, reading: Reading, source: Source, path: Path | None) -> dict | None:
    if reading.offline:
        contents, as_of, entry = leaderboard.contents_from_flat_v2(reading.open(path)), source.date, None
    else:
        contents, as_of = reading.live_contents(), reading.today
        entry = {"url": leaderboard.CONTENTS_URL, "fetched_at": as_of, "used_for": list(source.supplies)}
    scores, best = leaderboard.scores_from_contents(contents, as_of)
    src.v2_best = {k: r for k, r in zip(best["_key"], records(best))}
    src.scores.append(scores)
    return entry


def _open_llm_v1(src: Sources, reading: Reading, source: Source, path: Path) -> None:
    best = leaderboard.read_v1(reading.open(path))
    src.v1_best = {k: r for k, r in zip(best["_key"], records(best))}
    src.scores.append(leaderboard.scores_from_v1(best, source.date))


def _arena(kind: str):
    def load(src: Sources, reading: Reading, source: Source, path: Path) -> dict:
        newer = bool(source.newer) and path.match(source.newer)
        frame = (leaderboard.read_arena_2026 if newer else leaderboard.read_arena)(reading.open(path))
        catalogue = [r["repo_id"] for r in src.hub_facts.values() if not _is_repackaging(r)]
        ids = leaderboard.arena_ids(list(frame["model"]), kind, leaderboard.arena_name_map(), catalogue)
        names = {(kind, n): m for n, m in ids.items()}
        src.scores.append(leaderboard.scores_from_arena(frame, kind, source.date_of(path), names))
        entry = source.entry(reading, path)
        entry["name_map"] = "model_data/tables/arena_names.csv, then exact repo names in hub-facts"
        return entry

    return load


def _llm_stats(src: Sources, reading: Reading, source: Source, path: Path) -> dict:
    src.scores.append(leaderboard.scores_from_llm_stats(reading.open(path), source.date))
    entry = source.entry(reading, path)
    entry.update(license="CC-BY-4.0", attribution=leaderboard.LLM_STATS_ATTRIBUTION)
    return entry


def _model_cards(src: Sources, reading: Reading, source: Source, path: Path) -> None:
    src.scores.append(leaderboard.scores_from_model_cards(reading.open(path)))


HUB_FACTS = "hub-facts"
MODEL_FACTS = "model-facts"

REFERENCE: list[Source] = [
    Source(
        HUB_FACTS,
        "hub-facts/hub_facts.csv",
        "2026-11-30",
        ("hub metadata offline", "base model and relation", "variants", "params_b fallback", "confidence"),
        _hub_facts,
        names=Names("repo_id", "display_name", "family", "base_model", "base_relation"),
        terms="facts read from Hugging Face Hub pages and makers' pages, curated by this project",
        describes_models=True,
    ),
    Source(
        MODEL_FACTS,
        "model-facts/model_facts.csv",
        "2026-11-26",
        ("hub metadata offline", "params_b fallback", "params_active_b", "display_name", "family"),
        _model_facts,
        required=True,
        names=Names("hub_id", "display_name"),
        terms="facts read from Hugging Face Hub pages and makers' pages, curated by this project",
        describes_models=True,
    ),
    Source(
        leaderboard.V2_SOURCE,
        "open-llm-leaderboard-v2/huggingface_v2.csv",
        "2025-03-21",
        ("scores", "params_b fallback"),
        _open_llm_v2,
        required=True,
        live=True,
        names=Names("model_name", base_model="metadata_base_model", kind="model_type"),
        terms="Open LLM Leaderboard results (open-llm-leaderboard/contents); no separate data licence stated",
        describes_models=True,
    ),
    Source(
        leaderboard.V1_SOURCE,
        "open-llm-leaderboard-v1/huggingface_v1.csv",
        "2024-07-13",
        ("scores where no v2 row", "params_b fallback"),
        _open_llm_v1,
        required=True,
        names=Names("model", kind="type"),
        terms="Open LLM Leaderboard v1 results (archived 2024); no separate data licence stated",
        describes_models=True,
    ),
    Source(
        "lmarena_text",
        "lmarena/lmarena_text_*.csv",
        "",
        ("scores",),
        _arena("text"),
        required=True,
        newer="lmarena-2026/lmarena_text_*.csv",  # the full text board; the newest replaces the 2025 one
        terms="LMArena's public text leaderboard (lmarena.ai); licence of the compilation not stated",
    ),
    Source(
        "lmarena_vision",
        "lmarena/lmarena_vision_*.csv",
        "",
        ("scores",),
        _arena("vision"),
        required=True,
        terms="LMArena's public vision leaderboard, via github.com/fboulnois/llm-leaderboard-csv (MPL-2.0)",
    ),
    Source(
        leaderboard.LLM_STATS_SOURCE,
        "llm-stats/scores.csv",
        "2025-10-16",
        ("scores (self-reported)",),
        _llm_stats,
        names=Names("hf_repo_id"),
    ),
    Source(
        "llm_stats_models",
        "llm-stats/models.csv",
        "2025-10-16",
        ("model names for the ingest catalogue",),
        names=Names("hf_repo_id", "name"),
    ),
    Source(
        leaderboard.CARDS_SOURCE,
        "model-cards/model_card_scores.csv",
        "2026-11-30",
        ("scores (self-reported, model cards)",),
        _model_cards,
        names=Names("repo_id"),
        terms="numbers the model makers report on their model cards (facts only, no text copied)",
    ),
    Source(
        "lmarena_x_open_llm_v2",
        "lmarena/merged_hf_v2_x_lmarena_*.csv",
        "",
        ("model names for the ingest catalogue",),
        names=Names("model_name", base_model="metadata_base_model", kind="model_type"),
    ),
    Source(
        "open_llm_contents_sample",
        "open-llm-leaderboard-contents-sample/contents_sample.csv",
        "",
        ("model names for the ingest catalogue",),
        names=Names("fullname", base_model="Base Model", kind="Type"),
    ),
]
BY_ID = {s.id: s for s in REFERENCE}
DESCRIBE_MODELS = {s.id for s in REFERENCE if s.describes_models}  # the models table lists them as its sources


def missing(reference: Path) -> list[str]:
    """The required files a reference folder lacks (as their paths or globs; a newer edition does not count)."""
    return [s.file for s in REFERENCE if s.required and not _exists(reference, s.file)]


def _exists(reference: Path, pattern: str) -> bool:
    return any(reference.glob(pattern)) if "*" in pattern else (reference / pattern).exists()


def load_all(reading: Reading, progress) -> Sources:
    """Read every source available in this mode, one progress step each."""
    src = Sources()
    for source in progress([s for s in REFERENCE if s.load], desc="sources", unit="source"):
        path = source.find(reading.reference) if reading.reference is not None else None
        if path is None and not (source.live and not reading.offline):
            continue
        entry = source.load(src, reading, source, path)
        src.loaded[source.id] = entry or source.entry(reading, path)
    return src
