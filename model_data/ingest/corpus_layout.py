"""Which lines of a corpus file talk about which episode: episode references, dates, schedules.

Which file is what is declared in model_data.ingest.formats.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from model_data.ingest.markdown_doc import Document, headings

# "S2E13", "S2:E3", "S2E01", "S3:E01", "S1:E1", "S2-E03", "Season 2 Episode 13"
EPISODE_REF = re.compile(
    r"(?<![A-Za-z0-9])S(?:eason)?\s?0?([1-9])\s?[:\-·.]?\s?E(?:p(?:isode)?)?\s?0?([1-9][0-9]?)(?![0-9])",
    re.IGNORECASE,
)
MONTHS = {
    m: i
    for i, m in enumerate(["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], start=1)
}
TEXT_DATE = re.compile(
    r"\b(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(20\d\d)\b",
    re.IGNORECASE,
)
SEASON_HEADING = re.compile(r"\bSeason\s+([1-9])\b", re.IGNORECASE)
SHORT_REF = re.compile(r"^(?:(?:E|#)\s?0?([1-9][0-9]?)\b|0?([1-9][0-9]?)$)")  # "E03 · ..", "#03 - ..", "05"
SCHEDULE_HEADER = re.compile(r"^(date|live|livestream|monday livestream|air date)$", re.IGNORECASE)
SHORT_DATE = re.compile(r"\b(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+(\d{1,2})\b", re.IGNORECASE)
LIST_ITEM = re.compile(r"^(?:[-*+]|\d+\.)\s+")
ISO_DATE = re.compile(r"\b(20\d\d)-(\d\d)-(\d\d)\b")


# an episode id as people and data files write it: "s2e1", "S02E01", "s2-e01", "s2_e1", "s2:e1"
WRITTEN_ID = re.compile(r"^s0?(\d+)[-_:]?e0?(\d+)$", re.IGNORECASE)


def episode_id(season: int | str, episode: int | str) -> str:
    """The snapshot's id (schema.EPISODE_ID) of an episode."""
    return f"s{int(season)}e{int(episode)}"


def written_id(text: str) -> str | None:
    """The episode id a written one ("S02-E01") stands for, or None if the text is not one."""
    m = WRITTEN_ID.match(text.strip())
    return episode_id(m.group(1), m.group(2)) if m else None


def find_episode_ref(text: str) -> str | None:
    m = EPISODE_REF.search(text)
    return episode_id(m.group(1), m.group(2)) if m else None


def parse_text_date(text: str) -> str | None:
    m = TEXT_DATE.search(text)
    if m:
        try:
            return date(int(m.group(3)), MONTHS[m.group(1).lower()[:3]], int(m.group(2))).isoformat()
        except ValueError:
            return None
    m = ISO_DATE.search(text)
    if m:
        try:
            return date(int(m.group(1)), int(m.group(2)), int(m.group(3))).isoformat()
        except ValueError:
            return None
    return None


def _ref_or_date(text: str, by_date: dict[str, str]) -> str | None:
    ref = find_episode_ref(text)
    if ref:
        return ref
    when = parse_text_date(text)
    return by_date.get(when) if when else None


def segment_episodes(doc: Document, by_date: dict[str, str]) -> list[str | None]:
    """Episode id for each line of an overview page, or None for lines about no single episode.

    A heading that names an episode (or an air date) opens that episode's block until the next
    heading of the same or a higher level; a table row that starts with an episode id counts
    for that episode alone.
    """
    result: list[str | None] = [None] * len(doc.lines)
    marks = headings(doc)
    season_at: dict[int, int] = {}
    for n, (i, level, text) in enumerate(marks):
        season = SEASON_HEADING.search(text)
        if season:
            end = next((j for j, lv, _ in marks[n + 1 :] if lv <= level), len(doc.lines))
            season_at.update({k: int(season.group(1)) for k in range(i, end)})
        ref = _ref_or_date(text, by_date)
        if not ref:
            continue
        end = next((j for j, lv, _ in marks[n + 1 :] if lv <= level), len(doc.lines))
        for k in range(i, end):
            result[k] = ref
    for k, line in enumerate(doc.lines):
        stripped = line.strip()
        if stripped.startswith("|"):
            first = stripped.strip("|").split("|")[0].strip()
            short = SHORT_REF.match(first)
            ref = (
                find_episode_ref(first)
                or (episode_id(season_at[k], short.group(1) or short.group(2)) if short and k in season_at else None)
                or by_date.get(parse_text_date(first) or "")
            )
            if ref:
                result[k] = ref
        elif LIST_ITEM.match(stripped):
            ref = find_episode_ref(LIST_ITEM.sub("", stripped).lstrip("*_[ ")[:12])
            if ref:
                result[k] = ref
    return result


COMMUNITY_NAME = re.compile(r"s\d+-e\d+-\d{4}-\d\d-\d\d", re.IGNORECASE)  # the playlist catalogue's names
FILE_REF = re.compile(r"(?<![A-Za-z0-9])s0?([1-9])[-_ ]?e(?:p)?0?([1-9][0-9]?)(?![0-9])", re.IGNORECASE)


def attribute(doc: Document, file_name: str, by_date: dict[str, str]) -> tuple[str | None, str]:
    """(episode, how) for a file nobody said the episode of: front matter, title, file name, dates.

    `by_date` maps an air date (and the days around it) to its episode. Every reading is taken;
    when two name different episodes the file is not attributed and both readings are named (a
    file named for one episode and dated on another's air date is not silently either). A
    community file name ("s3-e13-2026-03-30": the playlist's own, shifted numbering next to the
    publish date) is read by its date, as the chapter files are.
    """
    readings = _readings(doc, file_name, by_date)
    if not readings:
        return None, "names no episode (no --extra EPISODE=PATH, front matter, title, file name or air date)"
    eid, how, _ = readings[0]
    # a date that falls in the days after an air date only supports; an air date itself disagrees
    other = next(((e, h) for e, h, firm in readings[1:] if e != eid and firm), None)
    if other:
        return None, (
            f"its {how} says {eid} but its {other[1]} says {other[0]}; give the episode as --extra EPISODE=PATH"
        )
    return eid, how


def _readings(doc: Document, file_name: str, by_date: dict[str, str]) -> list[tuple[str, str, bool]]:
    """(episode, how, firm) for every reading of a file; `firm`: named, or dated on an air date."""
    fm = doc.front_matter
    out: list[tuple[str, str, bool]] = []

    def on_air_date(when: str) -> bool:
        before = (date.fromisoformat(when) - timedelta(days=1)).isoformat()
        return by_date.get(before) != by_date[when]

    for key in ("episode", "episode_id"):
        ref = find_episode_ref(fm.get(key, "")) or (
            FILE_REF.search(fm.get(key, "")) and episode_id(*FILE_REF.search(fm[key]).groups())
        )
        if ref:
            out.append((ref, f"front matter {key}", True))
    ref = title_episode(doc)
    if ref:
        out.append((ref, "title", True))
    community = COMMUNITY_NAME.search(file_name)
    when = parse_text_date(file_name)
    if community and when:
        if when in by_date:
            out.append((by_date[when], "air date in the (community-numbered) file name", True))
    else:
        m = FILE_REF.search(file_name)
        if m:
            out.append((episode_id(m.group(1), m.group(2)), "file name", True))
        if when and when in by_date:
            out.append((by_date[when], "date in the file name", on_air_date(when)))
    for key in ("date", "date.created"):
        when = parse_text_date(fm.get(key, ""))
        if when and when in by_date:
            out.append((by_date[when], f"front matter {key}", on_air_date(when)))
            break
    return out


def title_episode(doc: Document) -> str | None:
    """Episode named by the front matter title or the first H1 (recap posts, --extra files)."""
    title = doc.front_matter.get("title", "")
    ref = find_episode_ref(title)
    if ref:
        return ref
    for _, level, text in headings(doc)[:3]:
        if level == 1:
            return find_episode_ref(text)
    return None


def _cells(line: str) -> list[str]:
    return [c.strip() for c in line.strip().strip("|").split("|")]


def schedule_dates(doc: Document, episodes: list[str | None], year_of: dict[str, str]) -> dict[str, str]:
    """Episode -> the date a schedule table gives it ("| #04 - ... | Mar 31 | ..."), as ISO.

    Only columns headed Date / Live / Livestream count (not AMA or office-hours columns); the
    year, which schedules leave out, is the page date's. A row that says HOLIDAY is marked.
    """
    found: dict[str, str] = {}
    column = None
    for k, line in enumerate(doc.lines):
        if not line.lstrip().startswith("|"):
            column = None if not line.strip() else column
            continue
        cells = _cells(line)
        if k + 1 < len(doc.lines) and re.match(r"^\|?\s*:?-{3,}", doc.lines[k + 1].strip()):
            column = next((i for i, c in enumerate(cells) if SCHEDULE_HEADER.match(c)), None)
            continue
        eid = episodes[k]
        if column is None or not eid or eid not in year_of or column >= len(cells):
            continue
        m = SHORT_DATE.search(cells[column])
        if not m:
            continue
        try:
            when = date(int(year_of[eid][:4]), MONTHS[m.group(1).lower()[:3]], int(m.group(2))).isoformat()
        except ValueError:
            continue
        found[eid] = when + (" (marked HOLIDAY there)" if "HOLIDAY" in line.upper() else "")
    return found
