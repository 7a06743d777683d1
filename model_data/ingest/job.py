"""One ingest run's findings: which episodes exist, what each file mentions, what needs review.

The readers of model_data.ingest.formats feed an `Ingest`; the orchestration
(model_data.ingest.pipeline) decides the order, model_data.ingest.result turns it into tables.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, replace
from typing import Protocol

from model_data.ingest.corpus_json import label_lines, object_episode
from model_data.ingest.corpus_layout import episode_id, parse_text_date, schedule_dates, segment_episodes
from model_data.ingest import episode_sources, spoken
from model_data.ingest.episodes import EpisodeFacts, links_in, page_body_date, page_title, settle_links
from model_data.ingest.markdown_doc import Document, line_sections
from model_data.ingest.mentions import Hit, Matcher, Unresolved
from model_data.ingest.name_tables import load_corrections, normalise

MAX_CANDIDATES_PER_FILE = 200  # past this a file is generated text, not an episode page
# Stops by count, so the result never depends on the machine's speed: an hour of auto-captions is
# about 3,000 lines and 60,000 characters; the longest corpus file about 1,500 lines and 100,000.
SCAN_LINES_PER_FILE = 50_000
SCAN_CHARS_PER_FILE = 500_000
SAID_NAME_MIN = 90.0  # a name said in writing that resolves nothing is proposed only this close


class Evidence(Protocol):
    """What a scan needs to know of a file's format (model_data.ingest.formats.Format)."""

    evidence: str  # how a mention from it is described
    rank: int  # lower wins when several files mention the same model for an episode
    demo_lab: bool  # a hands-on lab: its overview is the episode's demo
    dated_recap: bool  # its front matter date is the date a recap was published
    spoken: bool  # speech-to-text: names are read without capitals


@dataclass
class Found:
    episode_id: str
    model_id: str
    surface: str
    section: str
    source_path: str
    line: int
    open_weights: str
    rank: int
    evidence: str = ""
    location: str = ""
    seconds: int | None = None
    resolved_by: str = "alias"


@dataclass
class _Line:
    """Where in a file a name was read, and what every finding there shares."""

    doc: Document
    index: int
    episode: str
    section: str
    limit: int
    location: str
    seconds: int | None
    fmt: Evidence

    def found(self, model_id: str, surface: str, open_weights: str, resolved_by: str) -> Found:
        return Found(
            self.episode,
            model_id,
            surface,
            self.section,
            self.doc.path,
            self.index + 1,
            open_weights,
            self.fmt.rank,
            self.fmt.evidence,
            self.location,
            self.seconds,
            resolved_by,
        )


LIST_LINE = re.compile(r"^\s*(?:[-*+]|\d+\.)\s+")  # an overview's list item under an episode heading


def paragraphs(lines: list[str]) -> list[str]:
    """For each line, the text of the paragraph (blank-line separated block) it sits in."""
    out, start = [""] * len(lines), 0
    for i in range(len(lines) + 1):
        if i == len(lines) or not lines[i].strip():
            block = "\n".join(lines[start:i])
            for k in range(start, i):
                out[k] = block
            start = i + 1
    return out


class Ingest:
    def __init__(self, matcher: Matcher, exclusions: dict[tuple[str, int, str], str] | None = None, hub_search=None):
        self.matcher = matcher
        self.hub_search = hub_search
        self.rel_of: dict[str, str] = {}  # shown path -> path inside its corpus (exclusions use it)
        self.corrections = load_corrections()
        self.recordings: list = []
        self.ama_weeks: list[tuple[str, str, str]] = []  # (AMA page, episode it names, that week's Monday)
        self.disagreements: list[tuple[str, str]] = []  # episode facts the sources disagree on (review.md)
        self.chapter_schemas: dict = {}  # corpus root -> the JSON Schema its chapter files follow
        self.unused_extras: list[tuple[str, str]] = []
        self.exclusions = exclusions or {}
        self.excluded: list[tuple[str, str]] = []
        self.facts: dict[str, EpisodeFacts] = {}
        self.by_date: dict[str, str] = {}
        self.found: list[Found] = []
        self.candidates: list[dict] = []
        self.problems: list[tuple[str, str]] = []
        self.ignored: list[tuple[str, str]] = []
        self.files_read = 0
        self.notes: dict[tuple[str, str], str] = {}  # (episode, model) -> correction note the app shows

    # -- pass 1: the episode pages define which episodes exist ---------------------------------
    def add_episode_page(self, doc: Document, match) -> None:
        eid = episode_id(match.group(2), match.group(3))
        if eid in self.facts:
            self.problems.append(
                (
                    doc.path,
                    f"a second page for {eid}; the first one ({sorted(self.facts[eid].source_paths)[0]}) is kept",
                )
            )
            return
        facts = EpisodeFacts(eid, int(match.group(2)), int(match.group(3)), page_date=match.group(1))
        facts.body_date = page_body_date(doc)
        facts.title = page_title(doc)
        facts.offer_links(links_in(doc.lines), official=True)
        facts.source_paths.add(doc.path)
        self.facts[eid] = facts
        self.by_date.setdefault(facts.body_date or facts.page_date, eid)

    # -- pass 2: every file's mentions ---------------------------------------------------------
    def scan(self, doc: Document, episodes: list[str | None], fmt: Evidence, sections: list[str] | None = None) -> None:
        sections = sections or line_sections(doc)
        blocks = paragraphs(doc.lines)
        n_candidates = 0
        carry = 0
        scanned = 0
        for i in range(doc.body_start, len(doc.lines)):
            eid = episodes[i]
            if not eid or sections[i] == "teaser":
                continue
            scanned += len(doc.lines[i])
            if i - doc.body_start >= SCAN_LINES_PER_FILE or scanned > SCAN_CHARS_PER_FILE:
                self.problems.append(
                    (
                        doc.path,
                        f"scan stopped at line {i + 1}: at most {SCAN_LINES_PER_FILE:,} lines or "
                        f"{SCAN_CHARS_PER_FILE:,} characters of one file are read; the rest of it was not read",
                    )
                )
                break
            at = _Line(
                doc,
                i,
                eid,
                sections[i],
                doc.limits[i] if doc.limits else len(doc.lines[i]),
                doc.locations[i] if doc.locations else f"line {i + 1}",
                doc.seconds[i] if doc.seconds else None,
                fmt,
            )
            hits, unresolved = self._names_in(doc.lines[i], blocks[i] if not doc.limits else doc.lines[i], fmt)
            if fmt.spoken:
                unresolved = unresolved + _heard_unmatched(doc.lines[i], [*hits, *unresolved])
            if doc.limits:  # joined captions: a name read across the join is not read again in the next pair
                hits, unresolved, carry = _after_join(hits, unresolved, carry, at.limit)
            for hit in hits:
                if hit.start < at.limit:
                    self._take_hit(at, hit)
            for u in unresolved:
                if u.start < at.limit:
                    n_candidates += self._take_unresolved(at, u, n_candidates)
            self.facts[eid].source_paths.add(doc.path)
        if n_candidates > MAX_CANDIDATES_PER_FILE:
            self.problems.append(
                (
                    doc.path,
                    f"{n_candidates:,} unresolved model-like names; only the first "
                    f"{MAX_CANDIDATES_PER_FILE} are in the review report",
                )
            )

    def _names_in(self, line: str, paragraph: str, fmt: Evidence) -> tuple[list, list]:
        """The matcher's reading of a line; a written line holding a name as it was said ("Phi four
        mini" in a Q&A) is read in its rewrite, each name reported as the original text it covers."""
        hits, unresolved = self.matcher.scan(line, paragraph, fmt.spoken)
        said = None if fmt.spoken else spoken.said_in_writing(line)
        if said is None:
            return hits, unresolved
        text, origin = said
        changed = spoken.changed_spans(line, text)
        more_hits, more_unresolved = self.matcher.scan(text, paragraph, False)
        for found in [*more_hits, *more_unresolved]:
            a, b = found.start, found.start + len(found.surface)
            if not any(s < b and a < e for s, e in changed):
                continue  # read the same in the line as written
            if isinstance(found, Hit) or any(p[1] >= SAID_NAME_MIN for p in found.proposals):
                surface, start = spoken.as_written(line, origin, a, b - a)
                end = start + len(surface)
                # "Phi" read in "Phi four mini": a part of the said name gives way to it
                hits = [h for h in hits if not _inside(h, start, end)]
                unresolved = [u for u in unresolved if not _inside(u, start, end)]
                taken = [(x.start, x.start + len(x.surface)) for x in [*hits, *unresolved]]
                if not any(s < end and start < e for s, e in taken):
                    if isinstance(found, Hit):
                        hits.append(Hit(found.model_id, surface, start, found.open_weights, found.resolved_by))
                    else:
                        unresolved.append(replace(found, surface=surface, start=start))
        return hits, unresolved

    def _take_hit(self, at: _Line, hit: Hit) -> None:
        """A resolved name: corrected if a reviewer said so, dropped if reviewed as no mention."""
        rel = self.rel_of.get(at.doc.path, at.doc.path)
        line = at.index + 1
        fix = self.corrections.get((rel, line, normalise(hit.surface)))
        if fix:
            hit = Hit(fix[0], hit.surface, hit.start, fix[1], "correction")
            self.notes[(at.episode, fix[0])] = fix[2]
        why = self.exclusions.get((rel, line, hit.model_id)) or self.exclusions.get((rel, 0, hit.model_id))
        if why:
            self.excluded.append((f"{at.doc.path}:{line}", f"{hit.surface} ({hit.model_id}): {why}"))
            return
        self.found.append(at.found(hit.model_id, hit.surface, hit.open_weights, hit.resolved_by))

    def _take_unresolved(self, at: _Line, u, n_candidates: int) -> int:
        """A name no table decides: a mention if the Hub knows the repo id (online), else a proposal.

        Returns 1 if it counted as a candidate (the caller caps how many one file may add)."""
        confirmed = self.hub_search.exists(u.surface) if self.hub_search is not None and "/" in u.surface else None
        if confirmed:  # online: a repo id the Hub knows is a mention
            self.found.append(at.found(confirmed, u.surface, "true", "repo id in text"))
            return 0
        if n_candidates + 1 > MAX_CANDIDATES_PER_FILE:
            return 1
        proposals = list(u.proposals)
        if not proposals and self.hub_search is not None:
            proposals = self.hub_search.near(u.surface)
        self.candidates.append(
            {
                "surface": u.surface,
                "source_path": at.doc.path,
                "line": at.index + 1,
                "episode_id": at.episode,
                "context": at.doc.lines[at.index][: at.limit].strip()[:160],
                "evidence": at.fmt.evidence,
                "location": at.location,
                "proposals": "; ".join(f"{r} ({score:.0f}: {why})" for r, score, why in proposals[:5]),
            }
        )
        return 1

    def attach(self, doc: Document, eid: str | None, fmt: Evidence, why: str) -> None:
        """Scan a file about one episode, and keep the links and recap date it gives that episode."""
        if not eid:
            self.ignored.append((doc.path, f"{why}; names no episode"))
            return
        if eid not in self.facts:
            self.problems.append((doc.path, f"names episode {eid}, which has no livestream page; skipped"))
            return
        sections = None
        if fmt.demo_lab:  # a lab is the episode's hands-on demo
            sections = [s if s != "overview" else "demo" for s in line_sections(doc)]
        self.scan(doc, [eid] * len(doc.lines), fmt, sections)
        facts = self.facts[eid]
        facts.offer_links(links_in(doc.lines))
        when = parse_text_date(doc.front_matter.get("date.created", "") or doc.front_matter.get("date", ""))
        if when and fmt.dated_recap:
            facts.other_dates[f"recap {doc.path}"] = when

    def add_overview(self, doc: Document, fmt: Evidence) -> None:
        """A page about many episodes: only the blocks and rows that name one of them count."""
        episodes = segment_episodes(doc, self.by_date)
        episodes = [e if e in self.facts else None for e in episodes]
        if not any(episodes):
            self.ignored.append((doc.path, "overview page naming no episode"))
            return
        self.scan(doc, episodes, fmt)
        year_of = {eid: f.page_date for eid, f in self.facts.items()}
        for eid, when in schedule_dates(doc, episodes, year_of).items():
            self.facts[eid].schedule[doc.path] = when
        for eid in sorted({e for e in episodes if e}):
            block = [doc.lines[i] for i, e in enumerate(episodes) if e == eid and doc.lines[i].lstrip().startswith("|")]
            self.facts[eid].offer_links(links_in(block), official=True)
            items = [doc.lines[i] for i, e in enumerate(episodes) if e == eid and LIST_LINE.match(doc.lines[i])]
            self.facts[eid].offer_links(links_in(items), spare=True)

    def note_ama_week(self, shown: str, match) -> None:
        """A Friday AMA page named `YYYY-MM-DD-sNN-eNN...`: its episode aired that week's Monday."""
        if match is None or not match.lastindex or not match.group(1):
            return
        monday = episode_sources.week_monday(match.group(1))
        self.ama_weeks.append((shown, episode_id(match.group(2), match.group(3)), monday))

    def settle_episode_facts(self) -> None:
        """After every file: AMA weeks onto their episodes, shared slide / recap / blog links to their owner."""
        for shown, eid, monday in self.ama_weeks:
            if eid in self.facts and monday:
                self.facts[eid].ama[shown] = monday
        self.disagreements.extend(settle_links(self.facts))

    def add_json(self, doc: Document, fmt: Evidence, section: str | None = None, dated: bool = False) -> None:
        """Structured data: each string counts for the episode of the object it sits in.

        `section`: the section every line counts in (None: named by the JSON keys); `dated`: the
        entries' `date` fields are air dates to compare."""
        try:
            episodes, sections = label_lines(doc.lines, section)
        except ValueError as exc:
            self.problems.append((doc.path, f"invalid JSON ({exc}); skipped"))
            return
        episodes = [e if e in self.facts else None for e in episodes]
        if dated:
            self._note_json_dates(doc)
        doc.body_start = 0
        self.scan(doc, episodes, fmt, sections)

    def _note_json_dates(self, doc: Document) -> None:
        entries = json.loads("\n".join(doc.lines))
        if not isinstance(entries, list):
            self.problems.append((doc.path, "expected a list of episodes at the top level; dates not read"))
            return
        for entry in entries:
            if isinstance(entry, dict):
                eid = object_episode(entry)
                if eid in self.facts and entry.get("date"):
                    self.facts[eid].other_dates[doc.path] = str(entry["date"])


# A letter and a version said in a transcript ("k 2" -> "K2", "r one" -> "R1", "m two point one"):
# a model's name part. Left over when nothing around it named a model, it is listed for review as
# heard, matched nothing (no proposal), never dropped.
HEARD_VERSION = re.compile(r"(?<![\w.-])[A-Za-z]{1,2}\d+(?:\.\d+)?(?![\w-])")


HEARD_HEAD = re.compile(r"([A-Za-z][\w.-]*) $")  # the word said before it: "zork" in "zork Z9"


def _heard_unmatched(line: str, found: list) -> list[Unresolved]:
    from model_data.ingest.detection import NOT_HEADS

    taken = [(x.start, x.start + len(x.surface)) for x in found]
    out = []
    for m in HEARD_VERSION.finditer(line):
        if any(s < m.end() and m.start() < e for s, e in taken):
            continue
        start = m.start()
        head = HEARD_HEAD.search(line, 0, start)
        if (
            head
            and head.group(1).lower() not in NOT_HEADS
            and not any(s < start and head.start(1) < e for s, e in taken)
        ):
            start = head.start(1)
        out.append(Unresolved(line[start : m.end()], start, ()))
    return out


def _inside(found, start: int, end: int) -> bool:
    """Strictly inside: a reading of the whole span as written stands."""
    a, b = found.start, found.start + len(found.surface)
    return start <= a and b <= end and (a, b) != (start, end)


def _after_join(hits, unresolved, carry: int, limit: int):
    """Drop what the previous caption pair already read across its join; say how far this one reads."""
    skip, carry = carry, 0
    hits = [h for h in hits if h.start >= skip]
    unresolved = [u for u in unresolved if u.start >= skip]
    for found in [*hits, *unresolved]:
        if found.start < limit:
            carry = max(carry, found.start + len(found.surface) - (limit + 1))
    return hits, unresolved, carry
