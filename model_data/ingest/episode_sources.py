"""Episode material that is not markdown: slide / blog PDFs, YouTube chapter files, transcripts.

Each reader turns its file into a `Document` whose lines the mention scanner reads like any page,
with a location per line (a PDF page, a recording offset) so a mention can say where it was seen
and link to that moment of the recording. All bytes come through markdown_doc.read_bytes.
"""

from __future__ import annotations

import io
import json
import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

import yaml
from importlib.metadata import version

from model_data import cache
from model_data.ingest.markdown_doc import Document, decode, read_bytes

STAMP = re.compile(r"^\s*(?:[-*]\s+)?\**\[?((?:\d{1,2}:)?\d{1,2}:\d{2})(?:[.,]\d+)?\]?\**\s*(?:-->\s*\S+\s*)?[-–:]?\s*")
SPEAKER = re.compile(
    r"^(?:\*\*)?[A-Z][A-Za-z.'-]*(?: [A-Z][A-Za-z.'-]*){0,2}(?:\*\*)?:\s+"
)  # "Host: ", "**Jane Doe**: "
CUE_NUMBER = re.compile(r"^\s*\d+\s*$")
VTT_HEADER = re.compile(r"^\s*WEBVTT", re.IGNORECASE)
CHAPTER_DASH = re.compile(r"^[\s\-–—]+")


def seconds_of(stamp: str) -> int | None:
    """'12:34' or '1:02:03' -> seconds."""
    parts = str(stamp).strip().split(":")
    if not 2 <= len(parts) <= 3 or not all(p.isdigit() for p in parts):
        return None
    total = 0
    for p in parts:
        total = total * 60 + int(p)
    return total


def clock(seconds: int) -> str:
    h, rest = divmod(int(seconds), 3600)
    m, s = divmod(rest, 60)
    return f"{h}:{m:02d}:{s:02d}" if h else f"{m}:{s:02d}"


# -- PDF -------------------------------------------------------------------------------------------
def pdf_document(path: Path, shown_as: str, root: Path | None = None) -> Document:
    """Text of every page (pypdf), one document line per text line, located by page number."""
    doc = Document(path=shown_as)
    data, problem = read_bytes(path, root)
    if data is None:
        doc.problems.append(problem)
        return doc
    try:
        key = cache.key_of(data, f"{PDF_READER} {MAX_PDF_PAGES} {MAX_PDF_TEXT}", version("pypdf"))
        lines, where, title, *notes = cache.through("pdf-text", key, lambda: _pdf_text(data))
        doc.problems.extend(notes)
    except Exception as exc:  # a broken PDF is reported, the rest goes on
        doc.problems.append(f"unreadable PDF ({type(exc).__name__}: {exc}); skipped")
        return doc
    if not any(line.strip() for line in lines):
        doc.problems.append("PDF has no extractable text (scanned images?); nothing read")
        return doc
    doc.lines, doc.locations = lines, where
    if title:
        doc.front_matter["title"] = title
    return doc


MAX_PDF_PAGES = 300  # slide decks and blog PDFs of the show run to about 60 pages
MAX_PDF_TEXT = 2_000_000  # characters of extracted text (a long blog PDF is about 100,000)
PDF_READER = "pdf_document 2"  # bump when _pdf_text changes what it returns: old cache entries stop matching


def _pdf_text(data: bytes) -> list:
    """[lines, page of each line, title] of a PDF: the slow part (pypdf), cached by content."""
    from pypdf import PdfReader
    import logging

    logging.getLogger("pypdf").setLevel(logging.ERROR)  # repaired xref warnings are not ours to show
    reader = PdfReader(io.BytesIO(data))
    lines, where, notes, size = [], [], [], 0
    pages = len(reader.pages)
    for number, page in enumerate(reader.pages, start=1):
        if number > MAX_PDF_PAGES or size > MAX_PDF_TEXT:  # limits by count, not by time: same result anywhere
            notes.append(
                f"PDF read up to page {number - 1} of {pages} (at most {MAX_PDF_PAGES} pages and "
                f"{MAX_PDF_TEXT:,} characters of text are read)"
            )
            break
        text = page.extract_text() or ""
        size += len(text)
        for line in text.splitlines():
            lines.append(line.replace("\u2011", "-"))
            where.append(f"page {number}")
    return [lines, where, str((reader.metadata or {}).get("/Title") or ""), *notes]


# -- YouTube chapter files (model-mondays-hub data/episodes/*.yaml) -----------------------------
MAX_ALIASES = 20  # chapter files use none; nine levels of nine aliases would expand to 9**9 nodes


# libyaml's parser (C) when PyYAML was built with it: the chapter files were ~40 % of a cold ingest
# in the pure-Python one. Same documents, same values; only the wording of a syntax error differs.
_SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _StringDates(_SafeLoader):
    """YAML without implicit timestamps: `publishDate: 2026-08-10` stays the string the schema wants."""


_StringDates.yaml_implicit_resolvers = {
    k: [(tag, rx) for tag, rx in v if tag != "tag:yaml.org,2002:timestamp"]
    for k, v in yaml.SafeLoader.yaml_implicit_resolvers.copy().items()
}


def _aliases_checked(node: yaml.Node) -> yaml.Node:
    """The composed document, refused past MAX_ALIASES aliases (`*name`): a few hundred bytes must not
    expand to millions of values when the record is built, validated or shown in an error. An alias
    is the same node met again; nodes met before are not walked again (no expansion, no cycle)."""
    seen: set[int] = set()
    aliases, todo = 0, [node]
    while todo:
        n = todo.pop()
        if id(n) in seen:
            aliases += 1
            if aliases > MAX_ALIASES:
                raise yaml.composer.ComposerError(None, None, f"more than {MAX_ALIASES} aliases (*name)", n.start_mark)
            continue
        seen.add(id(n))
        if isinstance(n, yaml.MappingNode):
            todo.extend(part for pair in n.value for part in pair)
        elif isinstance(n, yaml.SequenceNode):
            todo.extend(n.value)
    return node


def load_yaml(text: str):
    """One YAML document as Python values (None when empty), dates as strings, aliases bounded."""
    loader = _StringDates(text)
    try:
        node = loader.get_single_node()
        return None if node is None else loader.construct_document(_aliases_checked(node))
    finally:
        loader.dispose()


YAML_READER = f"{_SafeLoader.__name__} _StringDates {yaml.__version__} aliases<={MAX_ALIASES}"  # the parse a cached chapter file stands for


@dataclass
class Recording:
    path: str
    episode_ref: str  # the catalogue's own id (its numbering, not the official one)
    title: str
    publish_date: str
    status: str
    video_id: str = ""
    url: str = ""
    duration_s: int | None = None
    views: int | None = None
    views_as_of: str = ""
    chapters: list[tuple[int, str]] = field(default_factory=list)


def load_schema(path: Path, root: Path | None = None) -> tuple[dict | None, str | None]:
    data, problem = read_bytes(path, root)
    if data is None:
        return None, problem
    try:
        return json.loads(data.decode("utf-8")), None
    except (ValueError, UnicodeDecodeError) as exc:
        return None, f"schema is not valid JSON: {exc}"


def read_recording(
    path: Path, shown_as: str, schema: dict | None, root: Path | None = None
) -> tuple[Recording | None, list[str]]:
    """One chapter file, validated against the schema its repository ships. (None, problems) if bad."""
    data, problem = read_bytes(path, root)
    if data is None:
        return None, [problem]
    text, problem = decode(data)
    if text is None:
        return None, [problem]
    try:
        record = cache.through("chapter-yaml", cache.key_of(data, YAML_READER), lambda: load_yaml(text))
    except yaml.YAMLError as exc:
        return None, [f"invalid YAML ({str(exc).splitlines()[0]}); skipped"]
    if not isinstance(record, dict):
        return None, ["not a YAML mapping; skipped"]
    if schema is not None:
        import jsonschema

        errors = sorted(jsonschema.Draft7Validator(schema).iter_errors(record), key=lambda e: list(e.path))
        if errors:
            first = errors[0]
            where = "/".join(str(p) for p in first.path) or "(top level)"
            return None, [
                f"fails episode.schema.json at {where}: {first.message[:160]}"
                + (f" (and {len(errors) - 1} more)" if len(errors) > 1 else "")
                + "; skipped"
            ]
    metrics = record.get("metrics") or {}
    rec = Recording(
        shown_as,
        str(record.get("id", "")),
        str(record.get("title", "")),
        str(record.get("publishDate", ""))[:10],
        str(record.get("status", "placeholder")),
        str(record.get("youtubeVideoId") or ""),
        str(record.get("youtubeUrl") or ""),
        record.get("duration") if isinstance(record.get("duration"), int) else None,
        metrics.get("views") if isinstance(metrics.get("views"), int) else None,
        str(metrics.get("updatedAt") or "")[:10],
    )
    for chapter in record.get("chapters") or []:
        if isinstance(chapter, dict):
            secs = seconds_of(str(chapter.get("time", "")))
            label = CHAPTER_DASH.sub("", str(chapter.get("label", ""))).strip()
            if secs is not None and label:
                rec.chapters.append((secs, label))
    return rec, []


def chapters_document(rec: Recording) -> Document:
    lines = [label for _, label in rec.chapters]
    return Document(
        path=rec.path, lines=lines, locations=[clock(s) for s, _ in rec.chapters], seconds=[s for s, _ in rec.chapters]
    )


def livestream_monday(published: str) -> str:
    """A recording published on a Tuesday or Wednesday went out live on that week's Monday."""
    try:
        day = date.fromisoformat(published)
    except ValueError:
        return published
    return (day - timedelta(days=day.weekday())).isoformat() if day.weekday() in (1, 2) else published


def week_monday(day: str) -> str:
    """The Monday of a date's week ('' if it is no date): a Friday AMA follows its Monday show."""
    try:
        when = date.fromisoformat(day)
    except ValueError:
        return ""
    return (when - timedelta(days=when.weekday())).isoformat()


# -- transcripts ---------------------------------------------------------------------------------
def looks_like_captions(lines: list[str]) -> bool:
    text = [ln for ln in lines if ln.strip()]
    if not text:
        return False
    stamped = sum(1 for ln in text if STAMP.match(ln))
    short = sum(1 for ln in text if len(ln) <= 90)
    return (
        bool(VTT_HEADER.match(text[0]))
        or stamped >= max(2, len(text) // 4)
        or (len(text) >= 8 and short / len(text) > 0.9 and not any(ln.lstrip().startswith("#") for ln in text))
    )


def transcript_document(doc: Document) -> Document:
    """Captions joined in pairs (a name split over two caption lines is read whole); each line keeps
    its own time stamp (the last one seen) and a hit counts only if it starts in that line."""
    captions: list[tuple[str, int | None, int]] = []  # (text, seconds, source line)
    current: int | None = None
    for number, raw in enumerate(doc.lines[doc.body_start :], start=doc.body_start + 1):
        if not raw.strip() or VTT_HEADER.match(raw) or CUE_NUMBER.match(raw):
            continue
        m = STAMP.match(raw)
        if m:
            current = seconds_of(m.group(1))
            raw = raw[m.end() :]
            if not raw.strip():
                continue
        raw = SPEAKER.sub("", raw.strip())
        if raw:
            captions.append((raw, current, number))
    out = Document(path=doc.path, front_matter=doc.front_matter, problems=list(doc.problems))
    out.lines, out.locations, out.seconds, out.limits = [], [], [], []
    for i, (text, secs, number) in enumerate(captions):
        following = captions[i + 1][0] if i + 1 < len(captions) else ""
        out.lines.append((text + " " + following).rstrip())
        out.limits.append(len(text))
        out.seconds.append(secs)
        out.locations.append(clock(secs) if secs is not None else f"line {number}")
    return out
