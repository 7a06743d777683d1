"""Turn Model Mondays episode material into episodes.csv, mentions.csv and a review report.

    python -m model_data ingest --corpus PATH [--corpus PATH ...] [--extra FILE ...] --out DIR

Output is sorted and stable: the same input gives byte-identical files. Files are written
atomically, so a failed run leaves what was in --out untouched.
"""

from __future__ import annotations

import hashlib
import json
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from model_data import schema
from model_data import safe_read, snapshot
from model_data.atomic import write_text_atomic
from model_data.corpus_json import label_lines, object_episode
from model_data.corpus_layout import (classify, document_episode, episode_id, find_episode_ref,
                                      parse_text_date, schedule_dates, segment_episodes,
                                      title_episode)
from model_data.episodes import EpisodeFacts, date_note, links_in, page_body_date, page_title
from model_data.markdown_doc import MAX_BYTES, Document, line_sections, read_document
from model_data.mentions import ALIASES, EXCLUDED, NOT_MODELS, Matcher, load_exclusions

TEXT_SUFFIXES = {".md", ".markdown", ".json", ".txt"}
MAX_CANDIDATES_PER_FILE = 200      # past this a file is generated text, not an episode page
SCAN_SECONDS_PER_FILE = 20.0       # a hard stop so no single file can hang the ingest
SOURCE_RANK = {"episode_page": 0, "recap_post": 1, "summary": 2, "archive_page": 3, "devto_post": 4,
               "episodes_json": 5, "extra": 6, "lab": 7, "lab_file": 7, "overview_page": 8, "resources_json": 9}


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


@dataclass
class IngestResult:
    episodes: pd.DataFrame
    mentions: pd.DataFrame
    candidates: pd.DataFrame
    problems: list[tuple[str, str]] = field(default_factory=list)
    ignored: list[tuple[str, str]] = field(default_factory=list)
    files_read: int = 0
    excluded: list[tuple[str, str]] = field(default_factory=list)


class CorpusError(Exception):
    """A problem with the command line itself (exit code 2)."""


def _walk(root: Path) -> list[Path]:
    """Files under `root` that may be read; see `safe_read.walk` for what is refused and why."""
    return safe_read.walk(root)[0]


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
    def __init__(self, matcher: Matcher, exclusions: dict[tuple[str, int, str], str] | None = None):
        self.matcher = matcher
        self.exclusions = exclusions or {}
        self.excluded: list[tuple[str, str]] = []
        self.facts: dict[str, EpisodeFacts] = {}
        self.by_date: dict[str, str] = {}
        self.found: list[Found] = []
        self.candidates: list[dict] = []
        self.problems: list[tuple[str, str]] = []
        self.ignored: list[tuple[str, str]] = []
        self.files_read = 0

    # -- pass 1: the episode pages define which episodes exist ---------------------------------
    def add_episode_page(self, doc: Document, match) -> None:
        eid = episode_id(match.group(2), match.group(3))
        if eid in self.facts:
            self.problems.append((doc.path, f"a second page for {eid}; the first one "
                                            f"({sorted(self.facts[eid].source_paths)[0]}) is kept"))
            return
        facts = EpisodeFacts(eid, int(match.group(2)), int(match.group(3)), page_date=match.group(1))
        facts.body_date = page_body_date(doc)
        facts.title = page_title(doc)
        facts.links.update(links_in(doc.lines))
        facts.source_paths.add(doc.path)
        self.facts[eid] = facts
        self.by_date.setdefault(facts.body_date or facts.page_date, eid)

    # -- pass 2: every file's mentions ---------------------------------------------------------
    def scan(self, doc: Document, episodes: list[str | None], kind: str,
             sections: list[str] | None = None) -> None:
        sections = sections or line_sections(doc)
        paragraphs = _paragraphs(doc.lines)
        rank = SOURCE_RANK.get(kind, 9)
        deadline = time.monotonic() + SCAN_SECONDS_PER_FILE
        n_candidates = 0
        for i in range(doc.body_start, len(doc.lines)):
            eid = episodes[i]
            if not eid or sections[i] == "teaser":
                continue
            if i % 256 == 0 and time.monotonic() > deadline:
                self.problems.append((doc.path, f"scan stopped at line {i + 1}: over {SCAN_SECONDS_PER_FILE:.0f} s "
                                                f"for one file; the rest of it was not read"))
                break
            line = doc.lines[i]
            hits, candidates = self.matcher.scan_line(line, paragraphs[i])
            for hit in hits:
                why = self.exclusions.get((doc.path, i + 1, hit.model_id))
                if why:
                    self.excluded.append((f"{doc.path}:{i + 1}", f"{hit.surface} ({hit.model_id}): {why}"))
                    continue
                self.found.append(Found(eid, hit.model_id, hit.surface, sections[i], doc.path, i + 1,
                                        hit.open_weights, rank))
            for name, _ in candidates:
                n_candidates += 1
                if n_candidates > MAX_CANDIDATES_PER_FILE:
                    continue
                self.candidates.append({"surface": name, "source_path": doc.path, "line": i + 1,
                                        "episode_id": eid, "context": line.strip()[:160]})
            self.facts[eid].source_paths.add(doc.path)
        if n_candidates > MAX_CANDIDATES_PER_FILE:
            self.problems.append((doc.path, f"{n_candidates:,} unresolved model-like names; only the first "
                                            f"{MAX_CANDIDATES_PER_FILE} are in the review report"))

    def attach(self, doc: Document, eid: str | None, kind: str, why: str) -> None:
        if not eid:
            self.ignored.append((doc.path, f"{why}; names no episode"))
            return
        if eid not in self.facts:
            self.problems.append((doc.path, f"names episode {eid}, which has no livestream page; skipped"))
            return
        sections = None
        if kind in ("lab", "lab_file"):            # a lab is the episode's hands-on demo
            sections = [s if s != "overview" else "demo" for s in line_sections(doc)]
        self.scan(doc, [eid] * len(doc.lines), kind, sections)
        facts = self.facts[eid]
        for column, url in links_in(doc.lines).items():
            facts.links.setdefault(column, url)
        when = parse_text_date(doc.front_matter.get("date.created", "") or doc.front_matter.get("date", ""))
        if when and kind in ("recap_post", "extra"):
            facts.other_dates[f"recap {doc.path}"] = when

    def add_overview(self, doc: Document) -> None:
        episodes = segment_episodes(doc, self.by_date)
        episodes = [e if e in self.facts else None for e in episodes]
        if not any(episodes):
            self.ignored.append((doc.path, "overview page naming no episode"))
            return
        self.scan(doc, episodes, "overview_page")
        year_of = {eid: f.page_date for eid, f in self.facts.items()}
        for eid, when in schedule_dates(doc, episodes, year_of).items():
            self.facts[eid].other_dates[f"schedule in {doc.path}"] = when
        for eid in sorted({e for e in episodes if e}):
            block = [doc.lines[i] for i, e in enumerate(episodes) if e == eid and doc.lines[i].lstrip().startswith("|")]
            for column, url in links_in(block).items():
                self.facts[eid].links.setdefault(column, url)

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
            rows.append({
                "episode_id": f.episode_id, "season": f.season, "episode": f.episode, "date": air,
                "page_date": f.page_date, "date_note": note, "title": f.title, "kind": "livestream",
                "recording_url": f.links.get("recording_url", ""), "blog_url": f.links.get("blog_url", ""),
                "recap_url": f.links.get("recap_url", ""), "slides_url": f.links.get("slides_url", ""),
                "source_paths": ";".join(sorted(f.source_paths)),
            })
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
        rows = [{"episode_id": f.episode_id, "model_id": f.model_id, "surface": f.surface, "section": f.section,
                 "source_path": f.source_path, "line": f.line, "open_weights": f.open_weights,
                 "all_sources": ";".join(sorted(sources[k]))} for k, f in best.items()]
        frame = pd.DataFrame(rows, columns=schema.MENTIONS)
        return _sort_by_episode(frame, ["model_id"])

    def candidates_frame(self) -> pd.DataFrame:
        frame = pd.DataFrame(self.candidates, columns=schema.CANDIDATES).drop_duplicates(
            ["surface", "source_path", "line"])
        frame = frame.sort_values(["surface", "source_path", "line"], key=lambda s: s.astype(str).str.lower()
                                  if s.name != "line" else s, kind="stable")
        return frame.reset_index(drop=True)


def _sort_by_episode(frame: pd.DataFrame, then: list[str]) -> pd.DataFrame:
    order = frame["episode_id"].str.extract(r"s(\d+)e(\d+)").astype(int)
    frame = frame.assign(_s=order[0], _e=order[1]).sort_values(["_s", "_e", *then], kind="stable")
    return frame.drop(columns=["_s", "_e"]).reset_index(drop=True)


def _shown_path(root: Path, path: Path, many_roots: bool) -> str:
    rel = path.relative_to(root).as_posix()
    return f"{root.name}/{rel}" if many_roots else rel


def run_ingest(corpora: list[Path], extras: list[Path], matcher: Matcher | None = None,
               exclusions: dict[tuple[str, int, str], str] | None = None) -> IngestResult:
    for root in corpora:
        if not root.is_dir():
            raise CorpusError(f"--corpus {root}: no such folder")
    for extra in extras:
        if not extra.exists():
            raise CorpusError(f"--extra {extra}: no such file")
        why = safe_read.check_file(extra, None)
        if why:
            raise CorpusError(f"--extra {extra}: {why}")
    job = Ingest(matcher or Matcher.from_files(), load_exclusions() if exclusions is None else exclusions)
    docs: list[tuple[Document, object, object]] = []
    many = len(corpora) > 1
    for root in corpora:
        files, refused = safe_read.walk(root)
        job.problems.extend((_shown_path(root, path, many), why) for path, why in refused)
        for path in files:
            if path.suffix.lower() not in TEXT_SUFFIXES:
                continue
            shown = _shown_path(root, path, many)
            rel = path.relative_to(root).as_posix()
            rule, match = classify(rel)
            if rule is None:
                job.problems.append((shown, "unknown layout: not a kind of Model Mondays file this ingest "
                                            "knows (see model_data/corpus_layout.py); skipped"))
                continue
            if not rule.counts:
                job.ignored.append((shown, rule.why))
                continue
            doc = read_document(path, shown, root)
            job.files_read += 1
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
            readme = next((d for d, r, _ in docs if r.kind == "lab" and Path(d.path).parent == Path(doc.path).parent),
                          None)
            eid = find_episode_ref("\n".join(readme.lines)) if readme else None
            job.attach(doc, eid, rule.kind, rule.why)
        else:
            job.attach(doc, document_episode(doc, rule, match, job.by_date), rule.kind, rule.why)
    for extra in extras:
        shown = f"{extra.parent.name}/{extra.name}" if extra.parent.name else extra.name
        doc = read_document(extra, shown)
        job.files_read += 1
        job.problems.extend((shown, p) for p in doc.problems)
        if doc.readable:
            job.attach(doc, title_episode(doc), "extra", "extra recap file")
    return IngestResult(job.episodes_frame(), job.mentions_frame(), job.candidates_frame(),
                        sorted(set(job.problems)), sorted(set(job.ignored)), job.files_read,
                        sorted(set(job.excluded)))


def to_csv(frame: pd.DataFrame) -> str:
    return frame.to_csv(index=False, lineterminator="\n")


def review_report(result: IngestResult) -> str:
    """Human-readable companion of candidates.csv: what a reviewer should look at."""
    lines = ["# Ingest review", "",
             f"{len(result.episodes)} episodes, {len(result.mentions)} mentions, "
             f"{result.mentions['model_id'].nunique()} distinct models, "
             f"{len(result.candidates)} unresolved candidates, {len(result.problems)} file problems.", "",
             "## File problems", ""]
    lines += [f"- `{p}`: {m}" for p, m in result.problems] or ["- none"]
    lines += ["", "## Unresolved candidates (add to aliases.csv or not_models.csv)", ""]
    for surface, group in result.candidates.groupby("surface", sort=True):
        where = ", ".join(f"{r.source_path}:{r.line}" for r in group.itertuples())
        lines.append(f"- `{surface}`: {where}")
    if result.candidates.empty:
        lines.append("- none")
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
    changed = snapshot.write_snapshot(out, tables, updates)
    write_text_atomic(out / "review.md", review_report(result))
    return changed


def inputs_digest(corpora: list[Path], extras: list[Path]) -> str:
    h = hashlib.sha256()
    for root in corpora:
        for path in _walk(root):
            if path.suffix.lower() in TEXT_SUFFIXES:
                h.update(path.relative_to(root).as_posix().encode())
                try:
                    h.update(hashlib.sha256(safe_read.read_bytes_safely(path, root, MAX_BYTES)).digest())
                except (OSError, safe_read.Refused):
                    pass
    for extra in extras:
        h.update(extra.name.encode())
        try:
            h.update(hashlib.sha256(safe_read.read_bytes_safely(extra, None, MAX_BYTES)).digest())
        except (OSError, safe_read.Refused):
            pass
    return h.hexdigest()


def add_arguments(parser) -> None:
    parser.add_argument("--corpus", action="append", type=Path, required=True,
                        help="a checkout laid out like the Model Mondays repository (repeatable)")
    parser.add_argument("--extra", action="append", type=Path, default=[],
                        help="a single recap file to add (repeatable)")
    parser.add_argument("--out", type=Path, required=True, help="folder for episodes.csv, mentions.csv, ...")
    parser.add_argument("--aliases", type=Path, default=ALIASES, help="alias table (default: the curated one)")
    parser.add_argument("--not-models", type=Path, default=NOT_MODELS, help="explicit non-model names")
    parser.add_argument("--exclusions", type=Path, default=EXCLUDED,
                        help="reviewed places where a model name is not a mention")


def run(args) -> int:
    try:
        return _run(args)
    except KeyboardInterrupt:
        pending = snapshot.swap_pending(args.out) if args.out.is_dir() else False
        print("ingest: interrupted; " + ("the swap into {0} was half-way: run the ingest again or "
                                         "`python -m model_data validate` to complete it".format(args.out)
                                         if pending else f"nothing in {args.out} was changed"), file=sys.stderr)
        return 130


def _run(args) -> int:
    started = time.perf_counter()
    try:
        matcher = Matcher.from_files(args.aliases, args.not_models)
        result = run_ingest(args.corpus, args.extra, matcher, load_exclusions(args.exclusions))
    except CorpusError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except (OSError, ValueError) as exc:
        print(f"error: ingest failed, nothing written: {exc}", file=sys.stderr)
        return 1
    for path, problem in result.problems:
        print(f"warning: {path}: {problem}", file=sys.stderr)
    if result.episodes.empty:
        print("error: no episode pages found (docs/model-mondays/YYYY-MM-DD-sNN-eNN.md); nothing written",
              file=sys.stderr)
        return 1
    try:
        write_outputs(result, args.out, inputs_digest(args.corpus, args.extra))
    except (OSError, snapshot.SnapshotError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else exc
        print(f"error: cannot write to {args.out}: {reason}; previous files are unchanged", file=sys.stderr)
        return 1
    m = result.mentions
    open_n = int((m["open_weights"] == "true").sum())
    print(f"ingest: {result.files_read} files read, {len(result.episodes)} episodes, {len(m)} mentions "
          f"({open_n} open-weights, {int((m['open_weights'] == 'false').sum())} closed, "
          f"{int((m['open_weights'] == 'unknown').sum())} unknown), {m['model_id'].nunique()} distinct models, "
          f"{len(result.candidates)} unresolved candidates, {len(result.problems)} file problems "
          f"in {time.perf_counter() - started:.2f} s -> {args.out}")
    return 0
