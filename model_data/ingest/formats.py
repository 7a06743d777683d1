"""Every kind of episode material the ingest knows, declared once: how it is recognised, read and used.

`FORMATS` is ordered: a corpus file is the first entry whose `path` pattern matches its path inside
the checkout (the public Model Mondays repository mixes episode pages, recaps, Friday AMA pages
that are not episodes, archives and overviews, so a reviewer sees in one place why a file counts
or not); an --extra file is the first entry whose `claims_extra` accepts it. Adding a format is
one entry here plus its own reader.

Entries without `evidence` are recognised layouts that are not episode material: they are listed
in the review report's "files not used" with their `why`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from model_data.ingest import episode_sources, recordings, spoken
from model_data.ingest.corpus_layout import episode_id, find_episode_ref, title_episode
from model_data.ingest.job import Ingest
from model_data.ingest.markdown_doc import Document, read_document

MARKDOWN = (".md", ".markdown")
CAPTIONS = (".txt", ".vtt", ".srt")


@dataclass(frozen=True)
class CorpusFile:
    """A file as the ingest met it: where it is, how it is shown, which format it is."""

    path: Path
    shown: str  # as reported: its path inside the corpus (prefixed by the corpus name if several)
    root: Path | None  # the corpus it must stay inside; None for an --extra file the user named
    fmt: Format
    match: re.Match | None = None  # the format's path pattern on it (groups name episode or date)

    def sibling(self, rel: str) -> tuple[Path, str]:
        """(path, shown) of another file of the same corpus, given its path inside it."""
        prefix = self.shown[: len(self.shown) - len(self.path.relative_to(self.root).as_posix())]
        return self.root / rel, prefix + rel


def read_file(path: Path, shown: str, root: Path | None) -> Document:
    """A text file (markdown, plain text, captions) or, by its suffix, a PDF."""
    if path.suffix.lower() == ".pdf":
        return episode_sources.pdf_document(path, shown, root)
    return read_document(path, shown, root)


def read_chapters(job: Ingest, file: CorpusFile) -> None:
    """A chapter file becomes a recording; it is read once the episodes it may belong to are known."""
    root = file.root
    if root not in job.chapter_schemas:
        schema_path, shown = file.sibling("data/schema/episode.schema.json")
        job.chapter_schemas[root], problem = (
            episode_sources.load_schema(schema_path, root) if schema_path.exists() else (None, None)
        )
        if problem:
            job.problems.append((shown, problem))
    rec, problems = episode_sources.read_recording(file.path, file.shown, job.chapter_schemas[root], root)
    job.problems.extend((file.shown, p) for p in problems)
    if rec:
        job.recordings.append(rec)


Docs = list[tuple[Document, CorpusFile]]  # every readable document of the corpora, in reading order


def attach_one_episode(job: Ingest, doc: Document, file: CorpusFile, docs: Docs) -> None:
    """A file about one episode: its format says which (from its path, title or date)."""
    job.attach(doc, file.fmt.episode(doc, file.match, job.by_date), file.fmt, file.fmt.why)


def scan_episode_page(job: Ingest, doc: Document, file: CorpusFile, docs: Docs) -> None:
    eid = episode_id(file.match.group(2), file.match.group(3))
    if doc.path in job.facts[eid].source_paths:  # not a second page of an episode (reported in pass 1)
        job.scan(doc, [eid] * len(doc.lines), file.fmt)


def attach_lab_page(job: Ingest, doc: Document, file: CorpusFile, docs: Docs) -> None:
    """A lab page belongs to the episode the README of its folder names."""
    folder = Path(doc.path).parent
    readme = next((d for d, f in docs if f.fmt.kind == "lab" and Path(d.path).parent == folder), None)
    job.attach(doc, find_episode_ref("\n".join(readme.lines)) if readme else None, file.fmt, file.fmt.why)


def read_overview(job: Ingest, doc: Document, file: CorpusFile, docs: Docs) -> None:
    job.add_overview(doc, file.fmt)


def read_episodes_json(job: Ingest, doc: Document, file: CorpusFile, docs: Docs) -> None:
    job.add_json(doc, file.fmt, dated=True)


def read_resources_json(job: Ingest, doc: Document, file: CorpusFile, docs: Docs) -> None:
    job.add_json(doc, file.fmt, section="resources")


def _no_claim(path: Path, doc: Document) -> bool:
    return False


def _is_transcript(path: Path, doc: Document) -> bool:
    """Captions by name and shape, or any file whose lines are mostly time-stamped or spoken by
    labelled speakers ("**[00:01:05]** Host: ...", "Jane: ..."), whatever it is called."""
    body = [ln for ln in doc.lines[doc.body_start :] if ln.strip()]
    named = path.suffix.lower() in CAPTIONS or "transcript" in path.name.lower()
    named = named or "transcript" in doc.front_matter.get("title", "").lower()
    if named and episode_sources.looks_like_captions(body):
        return True
    stamped = sum(1 for ln in body if episode_sources.STAMP.match(ln))
    spoken = sum(1 for ln in body if episode_sources.SPEAKER.match(episode_sources.STAMP.sub("", ln, count=1)))
    return len(body) >= 3 and (stamped >= len(body) / 2 or spoken >= len(body) * 0.6)


def _is_draft(path: Path, doc: Document) -> bool:
    return doc.front_matter.get("draft", "").lower() == "true"


def _is_pdf(path: Path, doc: Document) -> bool:
    return path.suffix.lower() == ".pdf"


def _any_file(path: Path, doc: Document) -> bool:
    return True


def _same(doc: Document) -> Document:
    return doc


def _spoken_transcript(doc: Document) -> Document:
    """Captions joined in pairs, then written as names are written (model_data.ingest.spoken)."""
    return spoken.spoken_document(episode_sources.transcript_document(doc))


def _by_title(doc: Document, match: re.Match | None, by_date: dict[str, str]) -> str | None:
    return title_episode(doc)


def _groups(season: int | None = None) -> Callable:
    """Episode from the path pattern's groups: (season, episode), or (episode) of a fixed season."""

    def episode(doc: Document, match: re.Match, by_date: dict[str, str]) -> str | None:
        return episode_id(season, match.group(1)) if season else episode_id(match.group(1), match.group(2))

    return episode


def _air_date(doc: Document, match: re.Match, by_date: dict[str, str]) -> str | None:
    return by_date.get(match.group(1))


def _named_in_text(doc: Document, match: re.Match | None, by_date: dict[str, str]) -> str | None:
    return find_episode_ref("\n".join(doc.lines))


@dataclass(frozen=True)
class Format:
    kind: str
    why: str  # what the file is, and how it finds its episode (shown for files not used)
    path: re.Pattern | None = None  # where a corpus checkout keeps it; None: only ever an --extra file
    suffixes: tuple[str, ...] = MARKDOWN  # the file types it comes as (others are never opened)
    evidence: str = ""  # how a mention from it is described; "" for files that are not episode material
    rank: int = 9  # lower wins when several files mention the same model for an episode
    read: Callable[[Path, str, Path | None], Document] = read_file  # (path, shown, corpus root)
    # pass 1, before any mention is read: chapter files become recordings (read by `collect`
    # instead of `read`), episode pages `define` which episodes exist
    collect: Callable[[Ingest, CorpusFile], None] | None = None
    define: Callable[[Ingest, Document, re.Match], None] | None = None
    after_pass_one: Callable[[Ingest, Format], None] | None = None
    take: Callable[[Ingest, Document, CorpusFile, Docs], None] = attach_one_episode  # pass 2: its mentions
    episode: Callable[[Document, re.Match | None, dict[str, str]], str | None] = _by_title
    claims_extra: Callable[[Path, Document], bool] = _no_claim  # an --extra file of this format?
    prepare: Callable[[Document], Document] = _same  # the document as the scanner reads it
    demo_lab: bool = False
    dated_recap: bool = False
    spoken: bool = False  # speech-to-text: names are read without capitals (model_data.ingest.detection)

    @property
    def is_material(self) -> bool:
        return bool(self.evidence)


def _skip(pattern: str, kind: str, why: str, suffixes: tuple[str, ...] = MARKDOWN) -> Format:
    return Format(kind, why, re.compile(pattern), suffixes)


FORMATS: list[Format] = [
    # --extra files only: recognised by their content, first match wins
    Format(
        "transcript",
        "captions of the recording",
        suffixes=CAPTIONS,
        evidence="transcript",
        rank=6,
        claims_extra=_is_transcript,
        prepare=_spoken_transcript,
        spoken=True,
    ),
    Format(
        "draft_recap",
        "a recap marked draft: true",
        evidence="draft recap",
        rank=7,
        claims_extra=_is_draft,
        dated_recap=True,
    ),
    # model-mondays-hub (community catalogue of the YouTube playlist)
    Format(
        "chapters",
        "YouTube chapter file; matched to its official episode by air date (its numbers are shifted)",
        re.compile(r"^data/episodes/[^/]+\.ya?ml$"),
        (".yaml", ".yml"),
        evidence="chapter",
        rank=4,
        collect=read_chapters,
        after_pass_one=recordings.match_recordings,
    ),
    _skip(
        r"^data/schema/[^/]+\.schema\.json$", "schema", "JSON Schema the chapter files are checked against", (".json",)
    ),
    _skip(
        r"^data/(seasons|models|speakers|tags)/[^/]+\.ya?ml$",
        "catalogue_yaml",
        "the community site's own season / model catalogue (its own slugs, not Hub repo ids); no episode material",
        (".yaml", ".yml"),
    ),
    _skip(
        r"(^|/)(PROVENANCE\.md|LICENSE)$|^docs/blog/\.authors\.yml$",
        "other",
        "provenance / licence of the copy, or the blog's author list",
    ),
    # slide decks and blog PDFs of the official repository
    Format(
        "slides",
        "slide deck; the file name names its episode",
        re.compile(r"^\.2025/pdf/S(\d+)-E(\d+)[^/]*\.pdf$", re.IGNORECASE),
        (".pdf",),
        evidence="slides",
        rank=2,
        episode=_groups(),
        claims_extra=_is_pdf,
    ),
    Format(
        "blog_pdf",
        "This Week On Hugging Face blog post; belongs to the episode aired that day",
        re.compile(r"^docs/hugging-face/posts/(\d{4}-\d\d-\d\d)\.pdf$"),
        (".pdf",),
        evidence="blog",
        rank=3,
        episode=_air_date,
    ),
    Format(
        "episode_page",
        "one page per livestream episode",
        re.compile(r"^docs/model-mondays/(\d{4}-\d\d-\d\d)-s(\d+)-e(\d+)\.md$"),
        evidence="episode page",
        rank=0,
        define=Ingest.add_episode_page,
        take=scan_episode_page,
    ),
    _skip(
        r"^docs/foundry-fridays/",
        "ama_page",
        "Friday AMA page: not an episode (s02-e14..e22 never aired as livestreams)",
    ),
    Format(
        "recap_post",
        "weekly recap, names its episode in the title",
        re.compile(r"^docs/blog/posts/[^/]+\.md$"),
        evidence="recap",
        rank=1,
        dated_recap=True,
    ),
    Format(
        "archive_page",
        "season 1 episode archive",
        re.compile(r"^\.2025/season-01/ep-(\d+)\.md$"),
        evidence="recap",
        rank=3,
        episode=_groups(season=1),
    ),
    Format(
        "summary",
        "season 2 episode summary",
        re.compile(r"^\.2025/season-02/summaries/e(\d+)-summary\.md$"),
        evidence="recap",
        rank=2,
        episode=_groups(season=2),
    ),
    _skip(
        r"^\.2025/season-02/recaps/e(\d+)-recap\.md$",
        "ama_recap",
        "recap of the Friday AMA (attendees, questions), not of the livestream",
    ),
    _skip(r"^\.2025/season-02/announcements/", "ama_announcement", "Friday AMA announcement"),
    _skip(r"^\.2025/forum/recaps/", "ama_thread", "Friday AMA discussion thread"),
    Format(
        "devto_post",
        "dev.to post written right after the livestream (its highlights and spotlight)",
        re.compile(r"^\.2025/forum/devto/S(\d+)-(\d+)\.md$"),
        evidence="recap",
        rank=4,
        episode=_groups(),
    ),
    Format(
        "episodes_json",
        "structured data for a few episodes",
        re.compile(r"^data/livestreams\.json$"),
        (".json",),
        evidence="data",
        rank=5,
        take=read_episodes_json,
    ),
    Format(
        "resources_json",
        "resources, each listing the episodes it belongs to",
        re.compile(r"^data/resources\.json$"),
        (".json",),
        evidence="data",
        rank=9,
        take=read_resources_json,
    ),
    Format(
        "lab",
        "hands-on lab; belongs to the episode its README names (banner, title or recording)",
        re.compile(r"^labs/[^/]+(/[^/]+)?/README\.md$"),
        evidence="lab",
        rank=7,
        episode=_named_in_text,
        demo_lab=True,
    ),
    Format(
        "lab_file",
        "lab page; follows the README of its folder",
        re.compile(r"^labs/.+\.md$"),
        evidence="lab",
        rank=7,
        take=attach_lab_page,
        demo_lab=True,
    ),
    Format(
        "overview_page",
        "overview: only headings, table rows and list items that name one episode (or its air date) count",
        re.compile(r"^\.2025/newsletter/|(^|/)README\.md$|^docs/index\.md$|^\.2025/Customer-Stories\.md$"),
        evidence="overview",
        rank=8,
        take=read_overview,
    ),
    _skip(
        r"^docs/README\.ai\.md$|^\.2025/CHANGELOG\.md$|^docs/blog/(index|tags)\.md$|^data/",
        "other",
        "not episode material",
    ),
    # --extra: what no other format claims is a recap
    Format(
        "extra",
        "a recap or other text about one episode",
        evidence="recap",
        rank=6,
        claims_extra=_any_file,
        dated_recap=True,
    ),
]

# every suffix a format comes as: other files are never opened (and do not change the inputs digest)
TEXT_SUFFIXES = frozenset(s for f in FORMATS for s in f.suffixes)


def classify(rel_path: str) -> tuple[Format | None, re.Match | None]:
    """The format of a corpus file, from its path inside the corpus; (None, None) if no layout knows it."""
    for fmt in FORMATS:
        m = fmt.path.search(rel_path) if fmt.path is not None else None
        if m:
            return fmt, m
    return None, None


def extra_format(path: Path, doc: Document) -> Format:
    """The format of an --extra file: the first whose `claims_extra` accepts it (the last takes any)."""
    return next(f for f in FORMATS if f.claims_extra(path, doc))
