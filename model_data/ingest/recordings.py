"""YouTube chapter files: each published recording is given its official episode, then read.

The community catalogue numbers recordings its own way (shifted against the official pages),
so a recording is matched by air date, or, for a rescheduled episode, by title.
"""

from __future__ import annotations

from datetime import date

from rapidfuzz import fuzz

from model_data.ingest import episode_sources
from model_data.ingest.episodes import EpisodeFacts
from model_data.ingest.job import Evidence, Ingest
from model_data.ingest.markdown_doc import section_of

DATE_WINDOW_DAYS = 3  # a YouTube publish date may trail the Monday livestream by a day or two
TITLE_WINDOW_DAYS = 21  # a rescheduled episode is looked for by title within three weeks
TITLE_MATCH = 60  # rapidfuzz token-set ratio from which a title names the same episode


def _air(f: EpisodeFacts) -> str:
    return f.body_date or f.page_date


def _days(a: str, b: str) -> int:
    try:
        return abs((date.fromisoformat(a) - date.fromisoformat(b)).days)
    except ValueError:
        return 999


def match_recordings(job: Ingest, fmt: Evidence) -> None:
    """Give each published recording its official episode by air date (the catalogue's own
    numbers are shifted), and mark official slots of a covered season with no recording."""
    taken: set[str] = set()
    pending = []
    for rec in sorted(job.recordings, key=lambda r: r.publish_date):
        if rec.status != "published":
            job.ignored.append((rec.path, f"status '{rec.status}': an episode that has not aired; names nothing"))
            continue
        near = sorted(
            (_days(_air(f), rec.publish_date), f.episode_id)
            for f in job.facts.values()
            if f.episode_id not in taken and _days(_air(f), rec.publish_date) <= DATE_WINDOW_DAYS
        )
        if near:
            attach_recording(job, fmt, rec, near[0][1])
            taken.add(near[0][1])
        else:
            pending.append(rec)
    for rec in pending:  # no slot within a few days: a rescheduled episode, matched by title
        _match_by_title(job, fmt, rec, taken)
    _mark_not_aired(job)


def _match_by_title(job: Ingest, fmt: Evidence, rec, taken: set[str]) -> None:
    scored = sorted(
        (
            (fuzz.token_set_ratio(rec.title.lower(), f.title.lower()), f.episode_id)
            for f in job.facts.values()
            if f.episode_id not in taken and _days(_air(f), rec.publish_date) <= TITLE_WINDOW_DAYS
        ),
        reverse=True,
    )
    if scored and scored[0][0] >= TITLE_MATCH:
        attach_recording(job, fmt, rec, scored[0][1], f"title match ({scored[0][0]:.0f}) within three weeks")
        taken.add(scored[0][1])
    else:
        job.ignored.append(
            (
                rec.path,
                f"recording of {rec.publish_date} ('{rec.title}') matches no "
                f"official episode page by air date or title",
            )
        )


def _mark_not_aired(job: Ingest) -> None:
    """An official slot inside the weeks a season's recordings cover, with no recording, did not air."""
    covered: dict[int, list[str]] = {}
    for f in job.facts.values():
        if f.recording:
            covered.setdefault(f.season, []).append(_air(f))
    for f in job.facts.values():
        dates = covered.get(f.season)
        if f.recording or not dates or not (min(dates) < _air(f) < max(dates)):
            continue
        f.aired = "false"
        f.aired_note = (
            "no recording in the YouTube catalogue although it covers this season around "
            f"{_air(f)}: a week that did not air (holiday); the page is a plan"
        )


def attach_recording(job: Ingest, fmt: Evidence, rec, eid: str, how: str = "") -> None:
    f = job.facts[eid]
    f.recording = rec
    if rec.url:
        f.links["recording_url"] = rec.url
    f.youtube_date = episode_sources.livestream_monday(rec.publish_date)
    if how:
        f.aired_note = f"recording {rec.path} matched by {how}"
    doc = episode_sources.chapters_document(rec)
    if doc.lines:
        job.scan(doc, [eid] * len(doc.lines), fmt, chapter_sections(doc.lines))
    f.source_paths.add(rec.path)


def chapter_sections(labels: list[str]) -> list[str]:
    """A chapter's segment: named by its own label ("Weekly News Highlights"), else the running one."""
    current, out = "overview", []
    for label in labels:
        current = section_of(label) or current
        out.append(current if current != "teaser" else "overview")
    return out
