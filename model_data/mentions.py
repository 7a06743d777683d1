"""Find model mentions in text with the curated alias table, and flag what it cannot resolve.

Resolution is exact (case-insensitive, spaces / hyphens / underscores interchangeable) against
`aliases.csv`; there is no fuzzy matching. A name that looks like a model but matches neither an
alias nor `not_models.csv` becomes a review candidate with its file and line.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
ALIASES = HERE / "aliases.csv"
NOT_MODELS = HERE / "not_models.csv"
EXCLUDED = HERE / "excluded_mentions.csv"

SEPARATOR = r"[\s\-_]+"
LEFT = r"(?<![\w./-])"
RIGHT = r"(?![\w]|[-./]\w)"
MD_LINK = re.compile(r"(!?)\[([^\]\n]*)\]\(([^)\s]*)(?:\s+\"[^\"]*\")?\)")
BARE_URL = re.compile(r"https?://[^\s)>\]]+")
HF_REPO_URL = re.compile(r"huggingface\.co/(?!spaces/|datasets/|docs/|blog/|learn/|papers/|collections/|models\b)"
                         r"([A-Za-z0-9][\w.-]*/[A-Za-z0-9][\w.-]*)")
EMPHASIS = re.compile(r"(?<![A-Za-z0-9])[_*]+|[_*]+(?![A-Za-z0-9])")     # _x_ and **x**, not gpt_4o
HTML_TAG = re.compile(r"<[^>\n]{0,300}>|\{%[^%\n]{0,300}%\}")

# Model-like names for the review report: a capitalised or known-lowercase word with a version,
# a size suffix, or a letter-digit series name (o1, R1, V3).
CANDIDATE = re.compile(
    r"(?<![\w./-])("
    r"[A-Z][A-Za-z]{1,20}(?:[\s-][A-Z][A-Za-z]{1,20})?[\s-]?v?\d+(?:\.\d+)*(?:[A-Za-z]{0,3})?"
    r"(?:-[A-Za-z0-9.]+){0,4}"
    r"|[a-z]{1,3}\d(?:-(?:mini|pro|preview|high|nano))?"
    r"|[A-Z]\d(?:-\d{2,5})?"
    r")(?![\w])"
)
NOT_CANDIDATE = re.compile(
    r"^(?:s\d+e\d+|s\d+|e\d+|ep\d+|[a-z]\d\d|season|episode|part|day|step|lab|level|module|issue|build|"
    r"ignite|windows|python|version|top|week|chapter|phase|wave|series|tier|n\d+|q\d|h\d|l\d|"
    r"iteration|suggest|option|example|scenario|task|question|round|slide|figure|table|item|"
    r"jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|january|february|march|april|june|july|"
    r"august|september|october|november|december|monday|friday|page|section|number|no|"
    r"agent factory|web|covid|x\d|e\d\d|fy\d+|cy\d+|w\d|v\d|a\d|b\d|rtx|gtx|mi|snapdragon|core|"
    r"ryzen|intel|apple|ios|android|net|http|https|utf|iso|gdpr|iso\d+|soc|sha|md|cve|ipv)"
    r"(?:[\s-]?v?[\d.]+.*)?$",
    re.IGNORECASE,
)


# Sentence words that the candidate pattern glues onto a following version ("In 2018", "Try Lab 331").
GENERIC_FIRST_WORDS = {
    "in", "the", "a", "an", "try", "see", "with", "and", "or", "on", "for", "from", "to", "by", "of", "at",
    "mondays", "monday", "friday", "session", "summit", "fortune", "speaker", "model", "models", "beginners",
    "world", "fair", "microsoft", "azure", "new", "our", "this", "its", "using", "use", "via", "like", "top",
}
YEAR_OR_COUNT = re.compile(r"(^|\s|-)(19|20)\d\d$|^\d|\b\d{5,}\b")


def normalise(text: str) -> str:
    return re.sub(SEPARATOR, " ", text.strip().lower())


@dataclass(frozen=True)
class Alias:
    surface: str
    model_id: str
    open_weights: str
    requires_context: str


@dataclass(frozen=True)
class Hit:
    model_id: str
    surface: str          # as written in the text
    start: int
    open_weights: str


def _pattern_for(surface: str) -> str:
    parts = re.split(SEPARATOR, surface.strip())
    return SEPARATOR.join(re.escape(p) for p in parts if p)


def load_aliases(path: Path = ALIASES) -> list[Alias]:
    with open(path, encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    aliases = []
    for row in rows:
        surface = (row.get("surface") or "").strip()
        model_id = (row.get("model_id") or "").strip()
        if not surface or not model_id:
            raise ValueError(f"{path.name}: a row needs surface and model_id: {row}")
        aliases.append(Alias(surface, model_id, (row.get("open_weights") or "unknown").strip().lower(),
                             (row.get("requires_context") or "").strip()))
    return aliases


def load_exclusions(path: Path = EXCLUDED) -> dict[tuple[str, int, str], str]:
    """Reviewed places where a known model name is not a mention (source_path, line, model_id) -> why."""
    if not Path(path).exists():
        return {}
    with open(path, encoding="utf-8", newline="") as fh:
        return {(r["source_path"], int(r["line"]), r["model_id"]): r["reason"] for r in csv.DictReader(fh)}


def load_not_models(path: Path = NOT_MODELS) -> list[str]:
    with open(path, encoding="utf-8", newline="") as fh:
        return [r["surface"].strip() for r in csv.DictReader(fh) if (r.get("surface") or "").strip()]


def scannable(line: str) -> str:
    """The line with URLs, image links and HTML tags blanked out (same length, same offsets).

    Link text is kept (it often names the model); link targets are slugs that would double count.
    """
    def blank(m: re.Match) -> str:
        return " " * len(m.group(0))

    def keep_text(m: re.Match) -> str:
        if m.group(1):                       # an image: alt text is decoration
            return " " * len(m.group(0))
        return " " + m.group(2) + " " * (len(m.group(0)) - len(m.group(2)) - 1)

    line = MD_LINK.sub(keep_text, line)
    line = BARE_URL.sub(blank, line)
    line = HTML_TAG.sub(blank, line)
    return EMPHASIS.sub(blank, line)


class Matcher:
    """Compiled alias and non-model tables; one instance serves a whole ingest."""

    def __init__(self, aliases: list[Alias], not_models: list[str]):
        self.by_norm: dict[str, Alias] = {}
        for alias in aliases:
            self.by_norm.setdefault(normalise(alias.surface), alias)
        self.known_ids = {a.model_id.lower(): a for a in aliases}
        ordered = sorted(self.by_norm.values(), key=lambda a: (-len(a.surface), a.surface.lower()))
        self.alias_re = re.compile(
            LEFT + "(" + "|".join(_pattern_for(a.surface) for a in ordered) + ")" + RIGHT, re.IGNORECASE
        ) if ordered else None
        ordered_nm = sorted({normalise(s) for s in not_models}, key=lambda s: -len(s))
        self.not_model_norms = set(ordered_nm)
        self.not_model_re = re.compile(
            LEFT + "(" + "|".join(_pattern_for(s) for s in ordered_nm) + ")" + RIGHT, re.IGNORECASE
        ) if ordered_nm else None

    @classmethod
    def from_files(cls, aliases: Path = ALIASES, not_models: Path = NOT_MODELS) -> "Matcher":
        return cls(load_aliases(aliases), load_not_models(not_models))

    def scan_line(self, line: str, paragraph: str) -> tuple[list[Hit], list[tuple[str, int]]]:
        """Alias hits in one line, and the model-like names in it that nothing resolves."""
        text = scannable(line)
        hits, covered = self._hits(line, text, paragraph)
        return hits, self._candidates(text, covered)

    def _hits(self, line: str, text: str, paragraph: str) -> tuple[list[Hit], list[tuple[int, int]]]:
        found: list[Hit] = []
        covered: list[tuple[int, int]] = []
        if self.alias_re:
            for m in self.alias_re.finditer(text):
                alias = self.by_norm.get(normalise(m.group(1)))
                if alias is None:
                    continue
                covered.append(m.span(1))
                if alias.requires_context and alias.requires_context.lower() not in paragraph.lower():
                    continue
                found.append(Hit(alias.model_id, m.group(1), m.start(1), alias.open_weights))
        for m in HF_REPO_URL.finditer(line):
            repo = m.group(1).rstrip(".")
            alias = self.known_ids.get(repo.lower())
            if alias:
                found.append(Hit(alias.model_id, repo, m.start(1), alias.open_weights))
        if self.not_model_re:
            covered.extend(m.span(1) for m in self.not_model_re.finditer(text))
        return found, covered

    def _candidates(self, text: str, covered: list[tuple[int, int]]) -> list[tuple[str, int]]:
        out = []
        for m in CANDIDATE.finditer(text):
            start, end = m.span(1)
            if any(s <= start < e or s < end <= e for s, e in covered):
                continue
            name = m.group(1).strip(" -.")
            if len(name) < 2 or NOT_CANDIDATE.match(name) or normalise(name) in self.not_model_norms:
                continue
            words = name.split()
            if len(words) > 1 and words[0].lower() in GENERIC_FIRST_WORDS:
                name = " ".join(words[1:])
                start = text.index(name, start)
            if not re.search(r"\d", name) or YEAR_OR_COUNT.search(name) or NOT_CANDIDATE.match(name):
                continue
            if normalise(name) in self.not_model_norms:
                continue
            out.append((name, start))
        return out
