"""Turn Model Mondays episode material into episodes.csv, mentions.csv and a review report.

    python -m model_data ingest --corpus PATH [--corpus PATH ...] [--extra [EPISODE=]FILE ...] --out DIR
        [--reference DIR | --online]

Reads every kind of episode material: episode pages, recaps, slide and blog PDFs, the community
catalogue's YouTube chapter files, transcripts and recap drafts. Mentions resolve through
model_data.ingest.mentions (alias -> repo id in text -> catalogue); the rest are proposals in review.md.

Output is sorted and stable: the same input gives byte-identical files. Files are written
atomically, so a failed run leaves what was in --out untouched.
"""

from __future__ import annotations

import hashlib
import json
import re
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from model_data.errors import UsageError
from model_data.store import schema
from model_data.ingest import safe_read
from model_data.store import snapshot, writer
from model_data.store.atomic import write_text_atomic
from model_data.ingest.corpus_json import label_lines, object_episode
from model_data.ingest import catalogue as catalogue_mod
from model_data.ingest import episode_sources as sources
from model_data.ingest.corpus_layout import (
    attribute,
    classify,
    document_episode,
    episode_id,
    find_episode_ref,
    parse_text_date,
    schedule_dates,
    segment_episodes,
)
from model_data.ingest import recordings
from model_data.ingest.episodes import EpisodeFacts, date_note, links_in, page_body_date, page_title, settle_links
from model_data.ingest.mentions import Hit
from model_data.ingest.markdown_doc import Document, line_sections, read_bytes, read_document, section_of
from model_data.ingest.mentions import (
    ALIASES,
    EXCLUDED,
    NOT_MODELS,
    Matcher,
    load_corrections,
    load_exclusions,
    normalise,
)

TEXT_SUFFIXES = {".md", ".markdown", ".json", ".txt", ".yaml", ".yml", ".pdf", ".vtt", ".srt"}
EVIDENCE = {
    "episode_page": "episode page",
    "recap_post": "recap",
    "summary": "recap",
    "archive_page": "recap",
    "devto_post": "recap",
    "slides": "slides",
    "blog_pdf": "blog",
    "chapters": "chapter",
    "transcript": "transcript",
    "draft_recap": "draft recap",
    "extra": "recap",
    "lab": "lab",
    "lab_file": "lab",
    "overview_page": "overview",
    "episodes_json": "data",
    "resources_json": "data",
}
MAX_CANDIDATES_PER_FILE = 200  # past this a file is generated text, not an episode page
SCAN_SECONDS_PER_FILE = 20.0  # a hard stop so no single file can hang the ingest
EPISODE_ARG = re.compile(r"^s0?(\d+)[-_:]?e0?(\d+)$", re.IGNORECASE)
SOURCE_RANK = {
    "episode_page": 0,
    "recap_post": 1,
    "summary": 2,
    "archive_page": 3,
    "devto_post": 4,
    "episodes_json": 5,
    "extra": 6,
    "lab": 7,
    "lab_file": 7,
    "overview_page": 8,
    "resources_json": 9,
    "slides": 2,
    "blog_pdf": 3,
    "chapters": 4,
    "transcript": 6,
    "draft_recap": 7,
}


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
class IngestResult:
    episodes: pd.DataFrame
    mentions: pd.DataFrame
    candidates: pd.DataFrame
    problems: list[tuple[str, str]] = field(default_factory=list)
    ignored: list[tuple[str, str]] = field(default_factory=list)
    files_read: int = 0
    excluded: list[tuple[str, str]] = field(default_factory=list)
    unused_extras: list[tuple[str, str]] = field(default_factory=list)
    disagreements: list[tuple[str, str]] = field(default_factory=list)  # episode facts sources disagree on


class CorpusError(UsageError):
    """A problem with the command line itself (exit code 2)."""


def _walk(root: Path) -> list[Path]:
    """Files under `root` that may be read; see `safe_read.walk` for what is refused and why."""
    return safe_read.walk(root)[0]


LIST_LINE = re.compile(r"^\s*(?:[-*+]|\d+\.)\s+")  # an overview's list item under an episode heading


def _paragraphs(lines: list[str]) -> list[str]:
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
        self.disagreements: list[tuple[str, str]] = []
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
    def scan(self, doc: Document, episodes: list[str | None], kind: str, sections: list[str] | None = None) -> None:
        sections = sections or line_sections(doc)
        paragraphs = _paragraphs(doc.lines)
        rank = SOURCE_RANK.get(kind, 9)
        evidence = EVIDENCE.get(kind, kind)
        rel = self.rel_of.get(doc.path, doc.path)
        deadline = time.monotonic() + SCAN_SECONDS_PER_FILE
        n_candidates = 0
        carry = 0
        for i in range(doc.body_start, len(doc.lines)):
            eid = episodes[i]
            if not eid or sections[i] == "teaser":
                continue
            if i % 256 == 0 and time.monotonic() > deadline:
                self.problems.append(
                    (
                        doc.path,
                        f"scan stopped at line {i + 1}: over {SCAN_SECONDS_PER_FILE:.0f} s "
                        f"for one file; the rest of it was not read",
                    )
                )
                break
            line = doc.lines[i]
            limit = doc.limits[i] if doc.limits else len(line)
            location = doc.locations[i] if doc.locations else f"line {i + 1}"
            secs = doc.seconds[i] if doc.seconds else None
            hits, unresolved = self.matcher.scan(line, paragraphs[i] if not doc.limits else line)
            if doc.limits:  # joined captions: a name read across the join is not read again in the next pair
                skip, carry = carry, 0
                hits = [h for h in hits if h.start >= skip]
                unresolved = [u for u in unresolved if u.start >= skip]
                for found in [*hits, *unresolved]:
                    if found.start < limit:
                        carry = max(carry, found.start + len(found.surface) - (limit + 1))
            for hit in hits:
                if hit.start >= limit:
                    continue
                fix = self.corrections.get((rel, i + 1, normalise(hit.surface)))
                if fix:
                    hit = Hit(fix[0], hit.surface, hit.start, fix[1], "correction")
                    self.notes[(eid, fix[0])] = fix[2]
                why = self.exclusions.get((rel, i + 1, hit.model_id)) or self.exclusions.get((rel, 0, hit.model_id))
                if why:
                    self.excluded.append((f"{doc.path}:{i + 1}", f"{hit.surface} ({hit.model_id}): {why}"))
                    continue
                self.found.append(
                    Found(
                        eid,
                        hit.model_id,
                        hit.surface,
                        sections[i],
                        doc.path,
                        i + 1,
                        hit.open_weights,
                        rank,
                        evidence,
                        location,
                        secs,
                        hit.resolved_by,
                    )
                )
            for u in unresolved:
                if u.start >= limit:
                    continue
                confirmed = (
                    self.hub_search.exists(u.surface) if self.hub_search is not None and "/" in u.surface else None
                )
                if confirmed:  # online: a repo id the Hub knows is a mention
                    self.found.append(
                        Found(
                            eid,
                            confirmed,
                            u.surface,
                            sections[i],
                            doc.path,
                            i + 1,
                            "true",
                            rank,
                            evidence,
                            location,
                            secs,
                            "repo id in text",
                        )
                    )
                    continue
                n_candidates += 1
                if n_candidates > MAX_CANDIDATES_PER_FILE:
                    continue
                proposals = list(u.proposals)
                if not proposals and self.hub_search is not None:
                    proposals = self.hub_search.near(u.surface)
                self.candidates.append(
                    {
                        "surface": u.surface,
                        "source_path": doc.path,
                        "line": i + 1,
                        "episode_id": eid,
                        "context": line[:limit].strip()[:160],
                        "evidence": evidence,
                        "location": location,
                        "proposals": "; ".join(f"{r} ({score:.0f}: {why})" for r, score, why in proposals[:5]),
                    }
                )
            self.facts[eid].source_paths.add(doc.path)
        if n_candidates > MAX_CANDIDATES_PER_FILE:
            self.problems.append(
                (
                    doc.path,
                    f"{n_candidates:,} unresolved model-like names; only the first "
                    f"{MAX_CANDIDATES_PER_FILE} are in the review report",
                )
            )

    def attach(self, doc: Document, eid: str | None, kind: str, why: str) -> None:
        if not eid:
            self.ignored.append((doc.path, f"{why}; names no episode"))
            return
        if eid not in self.facts:
            self.problems.append((doc.path, f"names episode {eid}, which has no livestream page; skipped"))
            return
        sections = None
        if kind in ("lab", "lab_file"):  # a lab is the episode's hands-on demo
            sections = [s if s != "overview" else "demo" for s in line_sections(doc)]
        self.scan(doc, [eid] * len(doc.lines), kind, sections)
        facts = self.facts[eid]
        facts.offer_links(links_in(doc.lines))
        when = parse_text_date(doc.front_matter.get("date.created", "") or doc.front_matter.get("date", ""))
        if when and kind in ("recap_post", "extra", "draft_recap"):
            facts.other_dates[f"recap {doc.path}"] = when

    # -- YouTube chapter files -------------------------------------------------------------------
    def match_recordings(self) -> None:
        """Each chapter file to the episode whose official recording it is (recordings.match), then
        mark official slots of a covered season that have no recording as not aired."""

        def air(f: EpisodeFacts) -> str:
            return f.body_date or f.page_date

        slots = [
            recordings.Slot(
                f.episode_id,
                f.title,
                air(f),
                recordings.video_id(f.official_recording),
                any("HOLIDAY" in when for when in f.schedule.values()),
            )
            for f in self.facts.values()
        ]
        found = recordings.match(self.recordings, slots)
        self.ignored.extend(found.unmatched)
        self.disagreements.extend(found.disagreements)
        for eid, (rec, how) in found.matched.items():
            self._attach_recording(rec, eid, how)
        covered = {}
        for f in self.facts.values():
            if f.recording:
                covered.setdefault(f.season, []).append(air(f))
        for f in self.facts.values():
            dates = covered.get(f.season)
            if f.recording or not dates or not (min(dates) < air(f) < max(dates)):
                continue
            f.aired = "false"
            f.aired_note = (
                "no recording in the YouTube catalogue although it covers this season around "
                f"{air(f)}: a week that did not air (holiday); the page is a plan"
            )

    def _attach_recording(self, rec, eid: str, how: str) -> None:
        f = self.facts[eid]
        f.recording = rec
        if rec.url and not f.official_recording:
            f.links["recording_url"] = recordings.watch_url(rec.url)
        f.youtube_date = sources.livestream_monday(rec.publish_date)
        if how.startswith("title"):
            f.aired_note = f"recording {rec.path} matched by {how}"
        doc = sources.chapters_document(rec)
        if doc.lines:
            self.scan(doc, [eid] * len(doc.lines), "chapters", chapter_sections(doc.lines))
        f.source_paths.add(rec.path)

    def note_ama_week(self, shown: str, match) -> None:
        """A Friday AMA page named `YYYY-MM-DD-sNN-eNN...`: its episode aired that week's Monday."""
        if match is None or not match.lastindex or not match.group(1):
            return
        self.ama_weeks.append((shown, episode_id(match.group(2), match.group(3)), sources.week_monday(match.group(1))))

    def settle_episode_facts(self) -> None:
        """After every file: AMA weeks onto their episodes, shared slide / recap / blog links to their owner."""
        for shown, eid, monday in self.ama_weeks:
            if eid in self.facts and monday:
                self.facts[eid].ama[shown] = monday
        self.disagreements.extend(settle_links(self.facts))

    def add_overview(self, doc: Document) -> None:
        episodes = segment_episodes(doc, self.by_date)
        episodes = [e if e in self.facts else None for e in episodes]
        if not any(episodes):
            self.ignored.append((doc.path, "overview page naming no episode"))
            return
        self.scan(doc, episodes, "overview_page")
        year_of = {eid: f.page_date for eid, f in self.facts.items()}
        for eid, when in schedule_dates(doc, episodes, year_of).items():
            self.facts[eid].schedule[doc.path] = when
        for eid in sorted({e for e in episodes if e}):
            block = [doc.lines[i] for i, e in enumerate(episodes) if e == eid and doc.lines[i].lstrip().startswith("|")]
            self.facts[eid].offer_links(links_in(block), official=True)
            items = [doc.lines[i] for i, e in enumerate(episodes) if e == eid and LIST_LINE.match(doc.lines[i])]
            self.facts[eid].offer_links(links_in(items), spare=True)

    def add_json(self, doc: Document, kind: str) -> None:
        try:
            episodes, sections = label_lines(doc.lines, "resources" if kind == "resources_json" else None)
        except ValueError as exc:
            self.problems.append((doc.path, f"invalid JSON ({exc}); skipped"))
            return
        episodes = [e if e in self.facts else None for e in episodes]
        if kind == "episodes_json":
            self._note_json_dates(doc)
        doc.body_start = 0
        self.scan(doc, episodes, kind, sections)

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

    # -- results ---------------------------------------------------------------------------------
    def episodes_frame(self) -> pd.DataFrame:
        rows = []
        for f in self.facts.values():
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
                }
            )
        frame = pd.DataFrame(rows, columns=schema.EPISODES)
        return frame.sort_values(["season", "episode"], kind="stable").reset_index(drop=True)

    def mentions_frame(self) -> pd.DataFrame:
        best: dict[tuple[str, str], Found] = {}
        sources: dict[tuple[str, str], set[str]] = {}
        for f in self.found:
            key = (f.episode_id, f.model_id)
            sources.setdefault(key, set()).add(f.source_path)
            current = best.get(key)
            if current is None or (f.rank, f.source_path, f.line) < (current.rank, current.source_path, current.line):
                best[key] = f
        watch: dict[tuple[str, str], int] = {}
        for f in self.found:
            if f.seconds is not None:
                key = (f.episode_id, f.model_id)
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
                "note": self.notes.get(k, "")
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

    def candidates_frame(self) -> pd.DataFrame:
        frame = pd.DataFrame(self.candidates, columns=schema.CANDIDATES).drop_duplicates(
            ["surface", "source_path", "line"]
        )
        frame = frame.sort_values(
            ["surface", "source_path", "line"],
            key=lambda s: s.astype(str).str.lower() if s.name != "line" else s,
            kind="stable",
        )
        return frame.reset_index(drop=True)


def chapter_sections(labels: list[str]) -> list[str]:
    """A chapter's segment: named by its own label ("Weekly News Highlights"), else the running one."""
    current, out = "overview", []
    for label in labels:
        current = section_of(label) or current
        out.append(current if current != "teaser" else "overview")
    return out


def _sort_by_episode(frame: pd.DataFrame, then: list[str]) -> pd.DataFrame:
    order = frame["episode_id"].str.extract(r"s(\d+)e(\d+)").astype(int)
    frame = frame.assign(_s=order[0], _e=order[1]).sort_values(["_s", "_e", *then], kind="stable")
    return frame.drop(columns=["_s", "_e"]).reset_index(drop=True)


def _shown_path(root: Path, path: Path, many_roots: bool) -> str:
    rel = path.relative_to(root).as_posix()
    return f"{root.name}/{rel}" if many_roots else rel


def parse_extra(value: str) -> tuple[str | None, Path]:
    """`--extra s2e1=talk.txt` -> ("s2e1", talk.txt); a plain path -> (None, path)."""
    head, sep, tail = str(value).partition("=")
    if sep and EPISODE_ARG.match(head.strip()):
        m = EPISODE_ARG.match(head.strip())
        return episode_id(m.group(1), m.group(2)), Path(tail)
    return None, Path(value)


def _read_any(path: Path, shown: str, root: Path | None = None) -> Document:
    """`root`: the corpus the file must stay inside; None for an --extra file the user named."""
    if path.suffix.lower() == ".pdf":
        return sources.pdf_document(path, shown, root)
    return read_document(path, shown, root)


def run_ingest(
    corpora: list[Path],
    extras: list,
    matcher: Matcher | None = None,
    exclusions: dict[tuple[str, int, str], str] | None = None,
    hub_search=None,
) -> IngestResult:
    extras = [e if isinstance(e, tuple) else parse_extra(str(e)) for e in extras]
    for root in corpora:
        if not root.is_dir():
            raise CorpusError(f"--corpus {root}: no such folder")
    for _, extra in extras:
        if not extra.exists():
            raise CorpusError(f"--extra {extra}: no such file")
        why = safe_read.check_file(extra, None)
        if why:
            raise CorpusError(f"--extra {extra}: {why}")
    job = Ingest(matcher or Matcher.from_files(), load_exclusions() if exclusions is None else exclusions, hub_search)
    docs: list[tuple[Document, object, object]] = []
    many = len(corpora) > 1
    schema_of: dict[Path, dict | None] = {}
    for root in corpora:
        files, refused = safe_read.walk(root)
        job.problems.extend((_shown_path(root, path, many), why) for path, why in refused)
        for path in files:
            shown = _shown_path(root, path, many)
            rel = path.relative_to(root).as_posix()
            if path.suffix.lower() not in TEXT_SUFFIXES:
                job.ignored.append((shown, f"'{path.suffix or 'no suffix'}' file: not text, YAML or PDF material"))
                continue
            rule, match = classify(rel)
            if rule is None:
                job.problems.append(
                    (
                        shown,
                        "unknown layout: not a kind of Model Mondays file this ingest "
                        "knows (see model_data/ingest/corpus_layout.py); skipped",
                    )
                )
                continue
            if rule.kind == "ama_page":
                job.note_ama_week(shown, match)
            if not rule.counts:
                job.ignored.append((shown, rule.why))
                continue
            job.rel_of[shown] = rel
            job.files_read += 1
            if rule.kind == "chapters":
                if root not in schema_of:
                    schema_path = root / "data" / "schema" / "episode.schema.json"
                    schema_of[root], problem = (
                        sources.load_schema(schema_path, root) if schema_path.exists() else (None, None)
                    )
                    if problem:
                        job.problems.append((_shown_path(root, schema_path, many), problem))
                rec, problems = sources.read_recording(path, shown, schema_of[root], root)
                job.problems.extend((shown, p) for p in problems)
                if rec:
                    job.recordings.append(rec)
                continue
            doc = _read_any(path, shown, root)
            job.problems.extend((shown, p) for p in doc.problems)
            if not doc.readable:
                continue
            docs.append((doc, rule, match))
            if rule.kind == "episode_page":
                job.add_episode_page(doc, match)
    for doc, rule, match in docs:
        if rule.kind == "episode_page":
            eid = episode_id(match.group(2), match.group(3))
            if doc.path in job.facts[eid].source_paths:
                job.scan(doc, [eid] * len(doc.lines), "episode_page")
        elif rule.kind == "overview_page":
            job.add_overview(doc)
        elif rule.kind in ("episodes_json", "resources_json"):
            job.add_json(doc, rule.kind)
        elif rule.kind == "lab_file":
            readme = next(
                (d for d, r, _ in docs if r.kind == "lab" and Path(d.path).parent == Path(doc.path).parent), None
            )
            eid = find_episode_ref("\n".join(readme.lines)) if readme else None
            job.attach(doc, eid, rule.kind, rule.why)
        else:
            job.attach(doc, document_episode(doc, rule, match, job.by_date), rule.kind, rule.why)
    job.match_recordings()  # after the pages and READMEs: their recording links decide
    near_dates = _dates_around(job)
    for given, extra in extras:
        shown = f"{extra.parent.name}/{extra.name}" if extra.parent.name else extra.name
        doc = _read_any(extra, shown)
        job.files_read += 1
        job.problems.extend((shown, p) for p in doc.problems)
        if not doc.readable:
            job.unused_extras.append((shown, "; ".join(doc.problems) or "nothing readable in it"))
            continue
        eid, how = (given, "--extra EPISODE=PATH") if given else attribute(doc, extra.name, near_dates)
        if not eid:
            job.unused_extras.append((shown, how))
            continue
        if eid not in job.facts:
            job.unused_extras.append((shown, f"attributed to {eid} ({how}), which has no episode page"))
            continue
        kind = "extra"
        if (
            extra.suffix.lower() in (".txt", ".vtt", ".srt")
            or "transcript" in extra.name.lower()
            or "transcript" in doc.front_matter.get("title", "").lower()
        ):
            if sources.looks_like_captions(doc.lines[doc.body_start :]):
                doc, kind = sources.transcript_document(doc), "transcript"
        if kind == "extra" and doc.front_matter.get("draft", "").lower() == "true":
            kind = "draft_recap"
        if kind == "extra" and extra.suffix.lower() == ".pdf":
            kind = "slides"
        job.attach(doc, eid, kind, f"extra file ({how})")
    job.settle_episode_facts()
    return IngestResult(
        job.episodes_frame(),
        job.mentions_frame(),
        job.candidates_frame(),
        sorted(set(job.problems)),
        sorted(set(job.ignored)),
        job.files_read,
        sorted(set(job.excluded)),
        job.unused_extras,
        sorted(set(job.disagreements)),
    )


def _dates_around(job: Ingest) -> dict[str, str]:
    """Air date (and the days up to a week after it) -> episode, for attributing a dated file."""
    from datetime import date as _d, timedelta

    out: dict[str, str] = {}
    for f in sorted(job.facts.values(), key=lambda f: (f.season, f.episode)):
        if f.aired == "false":
            continue
        for when in {f.youtube_date, f.body_date, f.page_date} - {""}:
            try:
                day = _d.fromisoformat(when)
            except ValueError:
                continue
            for k in range(0, 7):
                out.setdefault((day + timedelta(days=k)).isoformat(), f.episode_id)
    return out


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
    lines += [f"- `{p}`: {m}" for p, m in result.problems] or ["- none"]
    lines += ["", "## Files given on the command line and not used", ""]
    lines += [f"- `{p}`: {m}" for p, m in result.unused_extras] or ["- none"]
    lines += [
        "",
        "## Proposals: names no table or catalogue decides",
        "",
        "Accept with `python -m model_data review accept NAME REPO_ID`, or reject with "
        "`python -m model_data review reject NAME` (a product or a non-model).",
        "",
    ]
    for surface, group in result.candidates.groupby("surface", sort=True):
        where = ", ".join(f"{r.source_path}:{r.location} ({r.evidence}, {r.episode_id})" for r in group.itertuples())
        proposals = next((p for p in group["proposals"] if p), "")
        lines.append(
            f"- `{surface}`: {where}"
            + (f"\n  - proposed: {proposals}" if proposals else "\n  - no catalogue model is close")
        )
    if result.candidates.empty:
        lines.append("- none")
    lines += [
        "",
        "## Episode facts the sources disagree on",
        "",
        "Recordings, dates and links one source gives and the rule set aside (the official page wins); "
        "nothing here was applied.",
        "",
    ]
    lines += [f"- `{p}`: {m}" for p, m in result.disagreements] or ["- none"]
    lines += ["", "## Reviewed non-mentions (excluded_mentions.csv)", ""]
    lines += [f"- `{p}`: {m}" for p, m in result.excluded] or ["- none"]
    lines += ["", "## Files not used", ""]
    lines += [f"- `{p}`: {m}" for p, m in result.ignored] or ["- none"]
    return "\n".join(lines) + "\n"


def write_outputs(result: IngestResult, out: Path, inputs_digest: str) -> list[str]:
    """Write the three tables through the snapshot's staged, validated, locked swap, then review.md.

    Sharing `write_snapshot` with the refresh means an ingest and a refresh never interleave
    their writes, and a failure leaves every previous file byte-identical.
    """
    tables = {"episodes": result.episodes, "mentions": result.mentions, "candidates": result.candidates}
    updates = {"tables": {name: {"built_by": "ingest", "inputs_sha256": inputs_digest} for name in tables}}
    changed = writer.write_snapshot(out, tables, updates)
    write_text_atomic(out / "review.md", review_report(result))
    return changed


def inputs_digest(corpora: list[Path], extras: list[Path]) -> str:
    h = hashlib.sha256()
    for root in corpora:
        for path in _walk(root):
            if path.suffix.lower() in TEXT_SUFFIXES:
                h.update(path.relative_to(root).as_posix().encode())
                data, _ = read_bytes(path, root)
                h.update(hashlib.sha256(data or b"").digest())
    for extra in extras:
        h.update(extra.name.encode())
        data, _ = read_bytes(extra)
        h.update(hashlib.sha256(data or b"").digest())
    return h.hexdigest()


def add_arguments(parser) -> None:
    parser.add_argument(
        "--corpus",
        action="append",
        type=Path,
        required=True,
        help="a checkout laid out like the Model Mondays repository (repeatable)",
    )
    parser.add_argument(
        "--extra",
        action="append",
        default=[],
        metavar="[EPISODE=]FILE",
        help="one more file (recap, draft, transcript, slides PDF); EPISODE=FILE says which "
        "episode it belongs to (e.g. s2e1=talk.txt), else its front matter, title, file "
        "name or date decide (repeatable)",
    )
    parser.add_argument(
        "--allow-unused", action="store_true", help="an --extra file that cannot be used is a warning, not an error"
    )
    parser.add_argument(
        "--reference",
        type=Path,
        default=None,
        help="reference-data folder: its hub-facts (and the other tables' repo ids) are the "
        "model catalogue names resolve against",
    )
    parser.add_argument(
        "--online",
        action="store_true",
        help="also search the Hub (huggingface_hub) for proposals the offline catalogue cannot make",
    )
    parser.add_argument("--out", type=Path, required=True, help="folder for episodes.csv, mentions.csv, ...")
    parser.add_argument("--aliases", type=Path, default=ALIASES, help="alias table (default: the curated one)")
    parser.add_argument("--not-models", type=Path, default=NOT_MODELS, help="explicit non-model names")
    parser.add_argument(
        "--exclusions", type=Path, default=EXCLUDED, help="reviewed places where a model name is not a mention"
    )


def run(args) -> int:
    try:
        return _run(args)
    except KeyboardInterrupt:
        pending = snapshot.swap_pending(args.out) if args.out.is_dir() else False
        print(
            "ingest: interrupted; "
            + (
                "the swap into {0} was half-way: run the ingest again or "
                "`python -m model_data validate` to complete it".format(args.out)
                if pending
                else f"nothing in {args.out} was changed"
            ),
            file=sys.stderr,
        )
        return 130


def _run(args) -> int:
    started = time.perf_counter()
    try:
        extras = [parse_extra(e) for e in args.extra]
        cat = None
        reference = getattr(args, "reference", None)
        if reference is not None:
            if not (reference / catalogue_mod.HUB_FACTS).exists():
                raise CorpusError(f"--reference {reference}: no {catalogue_mod.HUB_FACTS} there")
            cat = catalogue_mod.load(reference)
        else:
            print(
                "warning: no --reference: names resolve through aliases.csv and repo ids only; the rest "
                "become proposals",
                file=sys.stderr,
            )
        matcher = Matcher.from_files(args.aliases, args.not_models, cat)
        result = run_ingest(
            args.corpus,
            extras,
            matcher,
            load_exclusions(args.exclusions),
            catalogue_mod.HubSearch() if getattr(args, "online", False) else None,
        )
    except CorpusError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except (OSError, ValueError) as exc:
        print(f"error: ingest failed, nothing written: {exc}", file=sys.stderr)
        return 1
    for path, problem in result.problems:
        print(f"warning: {path}: {problem}", file=sys.stderr)
    for path, why in result.unused_extras:
        allow = getattr(args, "allow_unused", False)
        print(f"{'warning' if allow else 'error'}: --extra {path} was not used: {why}", file=sys.stderr)
    if result.unused_extras and not getattr(args, "allow_unused", False):
        print(
            "error: nothing written; give the episode as --extra EPISODE=PATH, or pass --allow-unused", file=sys.stderr
        )
        return 1
    if result.episodes.empty:
        print(
            "error: no episode pages found (docs/model-mondays/YYYY-MM-DD-sNN-eNN.md); nothing written", file=sys.stderr
        )
        return 1
    try:
        write_outputs(result, args.out, inputs_digest(args.corpus, [p for _, p in extras]))
    except (OSError, snapshot.SnapshotError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else exc
        print(f"error: cannot write to {args.out}: {reason}; previous files are unchanged", file=sys.stderr)
        return 1
    m = result.mentions
    open_n = int((m["open_weights"] == "true").sum())
    print(
        f"ingest: {result.files_read} files read, {len(result.episodes)} episodes, {len(m)} mentions "
        f"({open_n} open-weights, {int((m['open_weights'] == 'false').sum())} closed, "
        f"{int((m['open_weights'] == 'unknown').sum())} unknown), {m['model_id'].nunique()} distinct models, "
        f"{result.candidates['surface'].nunique()} names to review, {len(result.problems)} file problems "
        f"in {time.perf_counter() - started:.2f} s -> {args.out}"
    )
    return 0
