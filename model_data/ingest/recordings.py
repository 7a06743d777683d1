"""YouTube chapter files: each published recording is given the official episode it is the
recording of (model_data.ingest.recording_match decides, from the official links and titles),
then read; whatever the rule sets aside is listed for review."""

from __future__ import annotations

from model_data.ingest import episode_sources, recording_match
from model_data.ingest.episodes import EpisodeFacts
from model_data.ingest.job import Evidence, Ingest
from model_data.ingest.markdown_doc import section_of


def _air(f: EpisodeFacts) -> str:
    return f.body_date or f.page_date


def match_recordings(job: Ingest, fmt: Evidence) -> None:
    """Run after every page and README was read (their recording links decide): each chapter file
    to its episode, then official slots of a covered season with no recording are marked not aired."""
    slots = [
        recording_match.Slot(
            f.episode_id,
            f.title,
            _air(f),
            recording_match.video_id(f.official_recording),
            any("HOLIDAY" in when for when in f.schedule.values()),
        )
        for f in job.facts.values()
    ]
    found = recording_match.match(job.recordings, slots)
    job.ignored.extend(found.unmatched)
    job.disagreements.extend(found.disagreements)
    for eid, (rec, how) in found.matched.items():
        attach_recording(job, fmt, rec, eid, how)
    _mark_not_aired(job)


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
    if rec.url and not f.official_recording:
        f.links["recording_url"] = recording_match.watch_url(rec.url)
    f.youtube_date = episode_sources.livestream_monday(rec.publish_date)
    if how.startswith("title"):
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
