"""The ingest's order of work: recognise every file, learn the episodes, then read the mentions.

Each kind of material is an entry of model_data.ingest.formats.FORMATS; this module only walks
the corpora and the --extra files and hands each file to its format, in two passes (episode
pages define the episodes, chapter files are matched to them; then every file's mentions are
read). Mentions resolve through model_data.ingest.mentions (alias -> repo id in text ->
catalogue); the rest are proposals for review. The command line is model_data.ingest.command.
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from model_data.errors import UsageError
from model_data.ingest import episode_sources, safe_read
from model_data.ingest.corpus_layout import attribute, parse_text_date, written_id
from model_data.ingest.episodes import EpisodeFacts, page_body_date, page_title
from model_data.ingest.formats import FORMATS, TEXT_SUFFIXES, CorpusFile, Docs, classify, extra_format, read_file
from model_data.ingest.job import Ingest
from model_data.ingest.markdown_doc import Document
from model_data.ingest.episode_sources import Recording
from model_data.ingest.mentions import Matcher
from model_data.ingest.name_tables import load_exclusions
from model_data.ingest.result import IngestResult, result_of

UNKNOWN_LAYOUT = (
    "unknown layout: not a kind of Model Mondays file this ingest knows (see model_data/ingest/formats.py); skipped"
)


class CorpusError(UsageError):
    """A problem with the command line itself (exit code 2)."""


def parse_extra(value: str) -> tuple[str | None, Path]:
    """`--extra s2e1=talk.txt` -> ("s2e1", talk.txt); a plain path -> (None, path)."""
    head, sep, tail = str(value).partition("=")
    if sep and written_id(head):
        return written_id(head), Path(tail)
    return None, Path(value)


def _check_inputs(corpora: list[Path], extras: list[tuple[str | None, Path]]) -> None:
    for root in corpora:
        if not root.is_dir():
            raise CorpusError(f"--corpus {root}: no such folder")
    for _, extra in extras:
        if not extra.exists():
            raise CorpusError(f"--extra {extra}: no such file")
        why = safe_read.check_file(extra, None)
        if why:
            raise CorpusError(f"--extra {extra}: {why}")


def run_ingest(
    corpora: list[Path],
    extras: list,
    matcher: Matcher | None = None,
    exclusions: dict[tuple[str, int, str], str] | None = None,
    hub_search=None,
) -> IngestResult:
    extras = [e if isinstance(e, tuple) else parse_extra(str(e)) for e in extras]
    _check_inputs(corpora, extras)
    job = Ingest(matcher or Matcher.from_files(), load_exclusions() if exclusions is None else exclusions, hub_search)
    docs: Docs = []
    for root in corpora:
        docs += _first_pass(job, root, many=len(corpora) > 1)
    for fmt in FORMATS:
        if fmt.after_pass_one:
            fmt.after_pass_one(job, fmt)
    for doc, file in docs:
        file.fmt.take(job, doc, file, docs)
    for fmt in FORMATS:
        if fmt.after_pass_two:
            fmt.after_pass_two(job, fmt)
    near_dates = _dates_around(job)
    for given, extra in extras:
        _take_extra(job, given, extra, near_dates)
    job.settle_episode_facts()
    return result_of(job)


def _first_pass(job: Ingest, root: Path, many: bool) -> Docs:
    """Recognise and read every file of one corpus; episode pages define their episodes now."""
    docs: Docs = []
    files, refused = safe_read.walk(root)
    job.problems.extend((_shown_path(root, path, many), why) for path, why in refused)
    for path in files:
        shown = _shown_path(root, path, many)
        rel = path.relative_to(root).as_posix()
        if path.suffix.lower() not in TEXT_SUFFIXES:
            job.ignored.append((shown, f"'{path.suffix or 'no suffix'}' file: not text, YAML or PDF material"))
            continue
        fmt, match = classify(rel)
        if fmt is None:
            job.problems.append((shown, UNKNOWN_LAYOUT))
            continue
        if fmt.notes:
            fmt.notes(job, shown, match)
        if not fmt.is_material:
            job.ignored.append((shown, fmt.why))
            continue
        job.rel_of[shown] = rel
        job.files_read += 1
        file = CorpusFile(path, shown, root, fmt, match)
        if fmt.collect:
            fmt.collect(job, file)
            continue
        doc = fmt.read(path, shown, root)
        job.problems.extend((shown, p) for p in doc.problems)
        if not doc.readable:
            continue
        docs.append((doc, file))
        if fmt.define:
            fmt.define(job, doc, match)
    return docs


YAML = (".yaml", ".yml")


def _take_extra(job: Ingest, given: str | None, extra: Path, near_dates: dict[str, str]) -> None:
    """An --extra file: its episode as given, else as its content or date says; its format by content."""
    shown = f"{extra.parent.name}/{extra.name}" if extra.parent.name else extra.name
    doc = read_file(extra, shown, None)
    job.files_read += 1
    job.problems.extend((shown, p) for p in doc.problems)
    if not doc.readable:
        job.unused_extras.append((shown, "; ".join(doc.problems) or "nothing readable in it"))
        return
    eid, how = (given, "--extra EPISODE=PATH") if given else attribute(doc, extra.name, near_dates)
    if not eid:
        job.unused_extras.append((shown, how))
        return
    if eid not in job.facts:
        rec = episode_sources.read_recording(extra, shown, None)[0] if extra.suffix.lower() in YAML else None
        _new_episode(job, eid, doc, shown, rec)
    fmt = extra_format(extra, doc)
    job.attach(fmt.prepare(doc), eid, fmt, f"extra file ({how})")


def _new_episode(job: Ingest, eid: str, doc: Document, shown: str, rec: Recording | None = None) -> None:
    """An episode the corpus has no page for yet, from the one file that names it: its id, its
    title and air date from the file's front matter (or first heading; a chapter file's own
    title, publish date and video), marked as such."""
    season, episode = (int(n) for n in eid[1:].split("e"))
    facts = EpisodeFacts(eid, season, episode)
    facts.title = doc.front_matter.get("title", "") or page_title(doc)
    when = doc.front_matter.get("date", "") or doc.front_matter.get("date.created", "")
    facts.body_date = parse_text_date(when) or page_body_date(doc) or ""
    if rec is not None:  # a chapter file: its YAML gives the title, the air date and the video
        facts.title = rec.title or facts.title
        aired = episode_sources.livestream_monday(rec.publish_date)
        if rec.video_id and rec.status != "placeholder":
            facts.recording, facts.youtube_date = rec, aired
        else:
            facts.body_date = aired or facts.body_date
    facts.aired_note = f"no official page yet: read from {shown}"
    job.facts[eid] = facts


def _dates_around(job: Ingest) -> dict[str, str]:
    """Air date (and the days up to a week after it) -> episode, for attributing a dated file."""
    out: dict[str, str] = {}
    for f in sorted(job.facts.values(), key=lambda f: (f.season, f.episode)):
        if f.aired == "false":
            continue
        for when in {f.youtube_date, f.body_date, f.page_date} - {""}:
            try:
                day = date.fromisoformat(when)
            except ValueError:
                continue
            for k in range(0, 7):
                out.setdefault((day + timedelta(days=k)).isoformat(), f.episode_id)
    return out


def _shown_path(root: Path, path: Path, many_roots: bool) -> str:
    rel = path.relative_to(root).as_posix()
    return f"{root.name}/{rel}" if many_roots else rel
