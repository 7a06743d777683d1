"""An ingest run's findings as the three tidy tables: episodes, mentions (one per episode and
model, from the most authoritative file) and candidates (names for a reviewer)."""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from model_data.ingest.episodes import date_note
from model_data.ingest.job import Found, Ingest
from model_data.store import schema


@dataclass
class IngestResult:
    episodes: pd.DataFrame
    mentions: pd.DataFrame
    candidates: pd.DataFrame
    problems: list[tuple[str, str]] = field(default_factory=list)
    ignored: list[tuple[str, str]] = field(default_factory=list)
    files_read: int = 0
    excluded: list[tuple[str, str]] = field(default_factory=list)
    unused_extras: list[tuple[str, str]] = field(default_factory=list)


def result_of(job: Ingest) -> IngestResult:
    return IngestResult(
        episodes_frame(job),
        mentions_frame(job),
        candidates_frame(job),
        sorted(set(job.problems)),
        sorted(set(job.ignored)),
        job.files_read,
        sorted(set(job.excluded)),
        job.unused_extras,
    )


def episodes_frame(job: Ingest) -> pd.DataFrame:
    rows = []
    for f in job.facts.values():
        air, note = date_note(f)
        rec = f.recording
        rows.append(
            {
                "episode_id": f.episode_id,
                "season": f.season,
                "episode": f.episode,
                "date": air,
                "page_date": f.page_date,
                "date_note": note,
                "title": f.title,
                "kind": "livestream",
                "recording_url": f.links.get("recording_url", ""),
                "blog_url": f.links.get("blog_url", ""),
                "recap_url": f.links.get("recap_url", ""),
                "slides_url": f.links.get("slides_url", ""),
                "source_paths": ";".join(sorted(f.source_paths)),
                "aired": f.aired,
                "aired_note": f.aired_note,
                "youtube_id": rec.video_id if rec else "",
                "duration_s": rec.duration_s if rec else None,
                "views": rec.views if rec else None,
                "views_as_of": rec.views_as_of if rec else "",
                "topics": "; ".join(label for _, label in rec.chapters) if rec else "",
            }
        )
    frame = pd.DataFrame(rows, columns=schema.EPISODES)
    return frame.sort_values(["season", "episode"], kind="stable").reset_index(drop=True)


def mentions_frame(job: Ingest) -> pd.DataFrame:
    best: dict[tuple[str, str], Found] = {}
    sources: dict[tuple[str, str], set[str]] = {}
    watch: dict[tuple[str, str], int] = {}
    for f in job.found:
        key = (f.episode_id, f.model_id)
        sources.setdefault(key, set()).add(f.source_path)
        current = best.get(key)
        if current is None or (f.rank, f.source_path, f.line) < (current.rank, current.source_path, current.line):
            best[key] = f
        if f.seconds is not None:
            watch[key] = min(watch.get(key, f.seconds), f.seconds)
    rows = [
        {
            "episode_id": f.episode_id,
            "model_id": f.model_id,
            "surface": f.surface,
            "section": f.section,
            "source_path": f.source_path,
            "line": f.line,
            "open_weights": f.open_weights,
            "all_sources": ";".join(sorted(sources[k])),
            "evidence": f.evidence,
            "location": f.location,
            "watch_s": watch.get(k),
            "resolved_by": f.resolved_by,
            "note": job.notes.get(k, "")
            or (
                f"only in a draft recap ({f.source_path}), not in the published one"
                if f.evidence == "draft recap"
                else ""
            ),
        }
        for k, f in best.items()
    ]
    frame = pd.DataFrame(rows, columns=schema.MENTIONS)
    return _sort_by_episode(frame, ["model_id"])


def candidates_frame(job: Ingest) -> pd.DataFrame:
    frame = pd.DataFrame(job.candidates, columns=schema.CANDIDATES).drop_duplicates(["surface", "source_path", "line"])
    frame = frame.sort_values(
        ["surface", "source_path", "line"],
        key=lambda s: s.astype(str).str.lower() if s.name != "line" else s,
        kind="stable",
    )
    return frame.reset_index(drop=True)


def _sort_by_episode(frame: pd.DataFrame, then: list[str]) -> pd.DataFrame:
    order = frame["episode_id"].str.extract(schema.EPISODE_ID.pattern).astype(int)
    frame = frame.assign(_s=order[0], _e=order[1]).sort_values(["_s", "_e", *then], kind="stable")
    return frame.drop(columns=["_s", "_e"]).reset_index(drop=True)
