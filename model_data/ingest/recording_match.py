"""Which chapter file (community catalogue) is which official episode's recording.

The official page or README link is the episode's recording. A chapter file, whose own numbering
is shifted and whose publish date can fall nearer another week's slot, contributes its video (and
duration, views, chapters) in two cases only:
- its video id is the one the official material links for an episode;
- for an episode the official material links no video for (and the schedule does not mark as a
  holiday): it went up within days after that episode's Monday and its title matches the page's,
  or no other such episode's title matches it better. A match on the date alone is listed in
  review.md with both titles, so a reviewer sees it.
Everything else (a trailer, a video another episode's page already links) is listed in review.md
as a disagreement and not applied.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from rapidfuzz import fuzz

VIDEO_ID = re.compile(r"(?:youtube\.com/watch\?(?:[^#\s]*&)?v=|youtu\.be/|img\.youtube\.com/vi/)([\w-]{6,})")
SERIES_PREFIX = re.compile(r"^\s*model mondays\s*[-–—:]\s*", re.IGNORECASE)
TITLE_MATCH = 60  # rapidfuzz token_set_ratio of the two titles, series name removed
TITLE_WINDOW_DAYS = 21  # a title match counts only this near the episode's slot
UPLOAD_DAYS = 3  # a recording goes up on the day of its Monday show or within the next few days


def video_id(url: str) -> str:
    """The YouTube video id a link opens ('' when it is not a YouTube video)."""
    m = VIDEO_ID.search(url or "")
    return m.group(1) if m else ""


def watch_url(url: str) -> str:
    """A YouTube link without its playlist / tracking parameters; other links unchanged."""
    vid = video_id(url)
    return f"https://www.youtube.com/watch?v={vid}" if vid else url


@dataclass
class Slot:
    """What the official material says about one episode, as the matcher needs it."""

    episode_id: str
    title: str
    air_date: str
    official_video: str = ""  # the video id the official page / README links; '' if none
    holiday: bool = False  # the schedule marks the slot as a holiday week


@dataclass
class Matching:
    matched: dict[str, tuple[object, str]] = field(default_factory=dict)  # episode -> (recording, how)
    disagreements: list[tuple[str, str]] = field(default_factory=list)  # (file, what disagrees)
    unmatched: list[tuple[str, str]] = field(default_factory=list)  # (file, why it is not used)


def _days(a: str, b: str) -> int:
    try:
        return abs((date.fromisoformat(a[:10]) - date.fromisoformat(b[:10])).days)
    except ValueError:
        return 10_000


def title_score(a: str, b: str) -> float:
    return fuzz.token_set_ratio(SERIES_PREFIX.sub("", a).lower(), SERIES_PREFIX.sub("", b).lower())


def match(recordings: list, slots: list[Slot]) -> Matching:
    """Each published recording to the episode whose official link is its video, else (for an
    episode with no official video) whose title it matches near its slot; see the module docstring."""
    out = Matching()
    by_video = {s.official_video: s for s in slots if s.official_video}
    published = [r for r in recordings if r.status == "published"]
    for rec in recordings:
        if rec.status != "published":
            out.unmatched.append((rec.path, f"status '{rec.status}': an episode that has not aired; names nothing"))
    pending = []
    for rec in sorted(published, key=lambda r: r.publish_date):
        slot = by_video.get(rec.video_id)
        if slot and slot.episode_id not in out.matched:
            out.matched[slot.episode_id] = (rec, "its video id is the one the official page links")
        else:
            pending.append(rec)
    for rec in pending:
        what = f"recording {rec.video_id or '(no video id)'} of {rec.publish_date} ('{rec.title}')"
        open_slots = [
            s
            for s in slots
            if not s.official_video
            and not s.holiday
            and s.episode_id not in out.matched
            and _days(s.air_date, rec.publish_date) <= TITLE_WINDOW_DAYS
        ]
        fits = [s for s in open_slots if _uploaded_after(s.air_date, rec.publish_date)]
        by_title = max(open_slots, key=lambda s: title_score(rec.title, s.title), default=None)
        best_title = title_score(rec.title, by_title.title) if by_title else 0
        slot = fits[0] if fits else None
        if slot and title_score(rec.title, slot.title) >= TITLE_MATCH:
            out.matched[slot.episode_id] = (rec, "its publish date and title")
        elif by_title and best_title >= TITLE_MATCH:
            out.matched[by_title.episode_id] = (rec, f"title match ({best_title:.0f}) within three weeks")
        elif slot:
            out.matched[slot.episode_id] = (rec, "its publish date (titles differ)")
            out.disagreements.append(
                (
                    rec.path,
                    f"{what} is used for {slot.episode_id} on its publish date alone: its title does not "
                    f"match the page's ('{slot.title}') and no other episode's does",
                )
            )
        else:
            claimed = next(
                (
                    s
                    for s in slots
                    if s.official_video
                    and title_score(rec.title, s.title) >= TITLE_MATCH
                    and _days(s.air_date, rec.publish_date) <= TITLE_WINDOW_DAYS
                ),
                None,
            )
            if claimed:
                why = (
                    f"looks like {claimed.episode_id} by its title, but the official page links video "
                    f"{claimed.official_video}; the official link is kept"
                )
            else:
                nearest = min(slots, key=lambda s: _days(s.air_date, rec.publish_date), default=None)
                why = "matches no official episode by video id or title" + (
                    f" (nearest slot by date: {nearest.episode_id}, {nearest.air_date}, which links "
                    f"{nearest.official_video or 'no video'})"
                    if nearest and _days(nearest.air_date, rec.publish_date) <= TITLE_WINDOW_DAYS
                    else ""
                )
            out.disagreements.append((rec.path, f"{what} {why}; not used"))
    return out


def _uploaded_after(air_date: str, published: str) -> bool:
    try:
        gap = (date.fromisoformat(published[:10]) - date.fromisoformat(air_date[:10])).days
    except ValueError:
        return False
    return 0 <= gap <= UPLOAD_DAYS
