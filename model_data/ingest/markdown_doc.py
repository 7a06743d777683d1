"""Read one corpus file defensively: decode, split front matter, and name each line's section.

Every problem becomes a `problems` entry (file + what is wrong) instead of an exception, so one
broken file never stops the ingest of the others.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from model_data.ingest.safe_read import Refused, read_bytes_safely

MAX_BYTES = 20_000_000  # larger files are reported and skipped: no episode page is near this
MAX_LINE = 20_000  # longer lines are cut for scanning (a minified blob, not prose)

SECTION_RULES = [  # first match on the lower-cased heading wins
    (re.compile(r"coming up|up next|next week|next episode|upcoming"), "teaser"),  # about another episode
    (re.compile(r"customer|case stud|partner story"), "customer story"),
    (re.compile(r"\bdemo"), "demo"),
    (re.compile(r"spotlight|deep dive|featured|guest"), "spotlight"),
    (re.compile(r"news|highlight|headline|weekly|what'?s new|announc|updates"), "news"),
    (re.compile(r"\bq ?& ?a\b|question|\bama\b|discussion"), "qa"),
    (re.compile(r"resource|links|related|study corner|further|learn more|read more"), "resources"),
    (re.compile(r"summary|abstract|overview|takeaway|recap|core topics|introduc|about|welcome"), "overview"),
]
HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")


@dataclass
class Document:
    path: str  # as reported (corpus-relative)
    lines: list[str] = field(default_factory=list)
    front_matter: dict[str, str] = field(default_factory=dict)
    body_start: int = 0  # index of the first line after front matter
    problems: list[str] = field(default_factory=list)
    locations: list[str] | None = None  # per line: "page 3", "12:34" (None: the line number)
    seconds: list[int | None] | None = None  # per line: offset into the recording, when known
    limits: list[int] | None = None  # per line: a hit must start before this column

    @property
    def readable(self) -> bool:
        return bool(self.lines)


def decode(data: bytes) -> tuple[str | None, str | None]:
    """Text and a problem. UTF-8 (BOM allowed) first; cp1252 is accepted but reported."""
    if b"\x00" in data[:8192] or data.count(b"\x00") > len(data) // 100:
        return None, "binary content (NUL bytes), not a text file"
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8"), None
    except UnicodeDecodeError as exc:
        text = data.decode("cp1252", errors="replace")
        return text, f"not valid UTF-8 (byte {exc.start}); read as cp1252, check the characters"


def parse_front_matter(lines: list[str]) -> tuple[dict[str, str], int, str | None]:
    """Flat `key: value` pairs of a `---` block; nested values are joined as `key.sub`.

    A YAML library is not needed for the few keys we read (date, title, draft) and a
    hand parser cannot be made to execute anything by a hostile file.
    """
    if not lines or lines[0].strip() != "---":
        return {}, 0, None
    end = next((i for i in range(1, min(len(lines), 200)) if lines[i].strip() in ("---", "...")), None)
    if end is None:
        return {}, 0, "front matter opened with '---' on line 1 is never closed; read as plain markdown"
    data: dict[str, str] = {}
    parent = None
    for raw in lines[1:end]:
        if not raw.strip() or raw.lstrip().startswith("#"):
            continue
        indented = raw[:1] in (" ", "\t")
        if raw.lstrip().startswith("- "):
            key = parent or ""
            data[key] = (data.get(key, "") + ";" + raw.strip()[2:].strip()).strip(";")
            continue
        if ":" not in raw:
            if indented and parent:
                data[parent] = (data.get(parent, "") + " " + raw.strip()).strip()
            continue
        key, _, value = raw.strip().partition(":")
        key, value = key.strip(), value.strip().strip("'\"")
        if indented and parent:
            data[f"{parent}.{key}"] = value
            data.setdefault(parent, value)
        else:
            parent = key
            data[key] = value
    return data, end + 1, None


def read_bytes(path: Path, root: Path | None = None) -> tuple[bytes | None, str | None]:
    """The one place every ingest input (text, YAML, PDF) is read from disk: (bytes, problem).

    `root` is the corpus the file must stay inside (None: an --extra file the user named). Reading
    goes through safe_read: regular files only, resolved inside the root, at most MAX_BYTES bytes read.
    """
    try:
        return read_bytes_safely(path, root, MAX_BYTES), None
    except Refused as exc:
        return None, exc.reason
    except OSError as exc:
        return None, f"cannot read: {exc.strerror or exc}"


def read_document(path: Path, shown_as: str, root: Path | None = None) -> Document:
    doc = Document(path=shown_as)
    data, problem = read_bytes(path, root)
    if data is None:
        doc.problems.append(problem)
        return doc
    return document_from_bytes(data, shown_as)


def document_from_bytes(data: bytes, shown_as: str) -> Document:
    doc = Document(path=shown_as)
    if not data.strip():
        doc.problems.append("empty file")
        return doc
    text, problem = decode(data)
    if problem:
        doc.problems.append(problem)
    if text is None:
        return doc
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    doc.lines = [line[:MAX_LINE] for line in lines]
    if any(len(line) > MAX_LINE for line in lines):
        doc.problems.append(f"lines over {MAX_LINE:,} characters were cut for scanning")
    doc.front_matter, doc.body_start, problem = parse_front_matter(doc.lines)
    if problem:
        doc.problems.append(problem)
    return doc


def section_of(heading: str) -> str | None:
    text = heading.lower()
    for pattern, name in SECTION_RULES:
        if pattern.search(text):
            return name
    return None


def headings(doc: Document) -> list[tuple[int, int, str]]:
    """(line index, level, text) of each ATX heading outside fenced code."""
    found, fenced = [], False
    for i in range(doc.body_start, len(doc.lines)):
        line = doc.lines[i]
        if line.lstrip().startswith(("```", "~~~")):
            fenced = not fenced
            continue
        if fenced:
            continue
        m = HEADING.match(line)
        if m:
            found.append((i, len(m.group(1)), m.group(2)))
    return found


def line_sections(doc: Document) -> list[str]:
    """Section name for every line: the nearest enclosing heading that maps to one.

    A heading that names no section (a speaker's name, an episode title) inherits its
    parent's, so "### Speaker 1" under "## Tech Spotlight" stays in the spotlight.
    """
    result = ["overview"] * len(doc.lines)
    stack: list[tuple[int, str]] = []  # (level, section)
    marks = {i: (level, text) for i, level, text in headings(doc)}
    current = "overview"
    for i in range(len(doc.lines)):
        if i in marks:
            level, text = marks[i]
            while stack and stack[-1][0] >= level:
                stack.pop()
            inherited = stack[-1][1] if stack else "overview"
            current = section_of(text) or inherited
            stack.append((level, current))
        result[i] = current
    return result
