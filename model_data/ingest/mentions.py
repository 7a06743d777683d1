"""Find model mentions in text and resolve each to one Hub repo id, or flag it for review.

Order (recorded per mention in `resolved_by`): the curated `aliases.csv` -> a Hugging Face link
or a plain `org/name` repo id in the text -> an exact match of the normalised name in the model
catalogue (model_data.ingest.catalogue) -> otherwise a review candidate with ranked proposals. A full
model name is read whole ("MiniMax M2.5", "Llama 3.3 70B"): a shorter alias or a family word in
`not_models.csv` inside it never decides it. "The Mistral family" and the like become family rows.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from rapidfuzz import fuzz

from model_data.ingest.catalogue import ORG_WORDS
from model_data.ingest.name_tables import (
    ALIASES,
    NOT_MODELS,
    SEPARATOR,
    Alias,
    load_aliases,
    load_not_models,
    normalise,
)
from model_data.ingest.name_words import GENERIC_FIRST_WORDS, LABEL_WORDS
from model_data.ingest.names import has_format, name_key, strip_formats

LEFT = r"(?<![\w./-])"
RIGHT = r"(?![\w]|[-./]\w)"
MD_LINK = re.compile(r"(!?)\[([^\]\n]*)\]\(([^)\s]*)(?:\s+\"[^\"]*\")?\)")
BARE_URL = re.compile(r"https?://[^\s)>\]]+")
HF_REPO_URL = re.compile(
    r"huggingface\.co/(?!spaces/|datasets/|docs/|blog/|learn/|papers/|collections/|models\b)"
    r"([A-Za-z0-9][\w.-]*/[A-Za-z0-9][\w.-]*)"
)
EMPHASIS = re.compile(r"(?<![A-Za-z0-9])[_*]+|[_*]+(?![A-Za-z0-9])")  # _x_ and **x**, not gpt_4o
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


YEAR_OR_COUNT = re.compile(r"(^|\s|-)(19|20)\d\d$|^\d|\b\d{5,}\b")


@dataclass(frozen=True)
class Hit:
    model_id: str
    surface: str  # as written in the text
    start: int
    open_weights: str
    resolved_by: str = "alias"  # alias | repo id in text | catalogue | family


@dataclass(frozen=True)
class Unresolved:
    surface: str
    start: int
    proposals: tuple = ()  # ((repo_id, score, why), ...) best first


# A model name read whole: an optional leading word (maker or series: "Meta", "Claude", "NVIDIA"),
# a head word, then versions, sizes and qualifier words ("Llama 3.3 70B", "Claude Opus 4.6",
# "GLM-4.7-Flash", "Kimi K2.5", "gpt-oss-120b", "Nemotron 3 Super").
QUALIFIERS = (
    "mini|pro|flash|large|small|medium|nano|micro|tiny|lite|max|plus|ultra|super|turbo|instruct|it|"
    "chat|coder|codex|thinking|think|reasoning|vision|vl|omni|base|preview|next|air|scout|maverick|"
    "opus|sonnet|haiku|kontext|dev|schnell|klein|speech|transcribe|guard|embed|exp|terminus|speciale|"
    "distill|zero|multimodal|flex|asr|ocr|audio|realtime|fast|moe|hd|xl|mt|docling|edge|high|low|"
    "long|code|full|beta|alpha|lightning|hybrid|instant"
)
_WORD = r"[A-Za-z][A-Za-z0-9]*(?:[.\-_][A-Za-z0-9]+)*"
# "distill" names the student's family too ("DeepSeek R1 Distill Llama 70B"): one word after it
_TAIL = (
    r"(?:(?i:distill)[\s-][A-Za-z]+(?![\w.])|\d+x\d+(?:\.\d+)?[Bb]|v?\d+(?:\.\d+)*[A-Za-z]{0,3}|[A-Za-z]{1,2}\d+(?:\.\d+)*[A-Za-z]?(?:[.\-][A-Za-z0-9]+)*|"
    r"\d+(?:\.\d+)?[BMTbmt]|(?i:(?:" + QUALIFIERS + r"))\b|[A-Z](?=\s(?i:" + QUALIFIERS + r")\b))"
)
NAME = re.compile(
    r"(?<![\w./-])(?:([A-Z][A-Za-z0-9.]*(?:'s)?|[A-Z]\.[A-Z]{1,3})\s)?("
    + _WORD
    + r")((?:(?:\s?-(?!\s)|-\s|\s)"  # " - " is a sentence's dash, not a name's hyphen
    + _TAIL
    + r"(?![\w]))*)(?![\w])"
)
LINK_SAME_NAME = 85  # rapidfuzz ratio at which a name on a line is read as the name of the line's link
QUALIFIER_SET = frozenset(QUALIFIERS.split("|"))
UNIT_TOKEN = re.compile(r"^\d+(?:\.\d+)?(?:d|k|ms|s|tb|gb|mb|x|fps|hz|th|st|nd|rd|am|pm)$", re.IGNORECASE)
EPISODE_CODE = re.compile(r"^(?:s\d+(?:[-:]?e\d+)?|e\d+|ep\d+)$", re.IGNORECASE)
DESCRIPTIVE_TAIL = {"reasoning", "multimodal", "model", "models"}
PLAIN_REPO = re.compile(r"(?<![\w./@-])([A-Za-z0-9][\w.-]{1,40}/[A-Za-z0-9][\w.-]*[A-Za-z0-9])(?![\w/])")
REPO_LIKE = re.compile(r"^[A-Za-z][\w.-]*/(?=[\w.-]*\d)[A-Za-z][\w.-]*-[\w.-]+$")  # org/Name-7B, not a/b paths
FAMILY_PHRASE = re.compile(
    r"(?<![\w-])([A-Z][A-Za-z0-9.]+)\s+(family|collection|series|model family|family of models"
    r"|models|model families)\b",
    re.IGNORECASE,
)
CLOSED_FAMILIES = {"claude": "Claude", "gpt": "GPT", "gemini": "Gemini", "grok": "Grok", "o-series": "o-series"}


def _link_wins(hits: list[Hit], unresolved: list[Unresolved]) -> tuple[list[Hit], list[Unresolved]]:
    """A link or repo id on the line decides its name: a reading of the same name that the
    catalogue resolved otherwise, or could not resolve, is dropped ("BGE-M3" beside its link)."""
    linked = [(h.model_id, name_key(h.model_id.split("/")[-1])) for h in hits if h.resolved_by == "repo id in text"]
    if not linked:
        return hits, unresolved

    def same(surface: str, model_id: str | None = None) -> bool:
        key = strip_formats(name_key(surface.split("/")[-1]))
        return any(model_id != mid and key and fuzz.ratio(key, strip_formats(k)) >= LINK_SAME_NAME for mid, k in linked)

    hits = [h for h in hits if h.resolved_by != "catalogue" or not same(h.surface, h.model_id)]
    return hits, [u for u in unresolved if not same(u.surface)]


def _pattern_for(surface: str) -> str:
    parts = re.split(SEPARATOR, surface.strip())
    return SEPARATOR.join(re.escape(p) for p in parts if p)


def _names_regex(surfaces: list[str]) -> re.Pattern:
    """One case-insensitive regex for the names, tried in the order given (the first that fits wins).

    The names are grouped under their first character (`p(?:hi 4|hi)|g(?:pt 4o|...)`): at each
    position of a line the regex then tries the few names that start with that character, not all
    of them (the not-model table was ~60 % of the mention scan). Same matches, in the same order: only
    one group can start at a position. Names starting with anything but an ASCII character stay flat.
    """
    patterns = [_pattern_for(s) for s in surfaces]
    firsts = [re.split(SEPARATOR, s.strip()) for s in surfaces]
    firsts = [next((part[0] for part in f if part), "") for f in firsts]
    if all(c.isascii() and c and pat.startswith(re.escape(c)) for c, pat in zip(firsts, patterns)):
        groups: dict[str, list[str]] = {}
        for c, pat in zip(firsts, patterns):
            groups.setdefault(c.lower(), []).append(pat[len(re.escape(c)) :])
        body = "|".join(re.escape(c) + "(?:" + "|".join(tails) + ")" for c, tails in groups.items())
    else:
        body = "|".join(patterns)
    return re.compile(LEFT + "(" + body + ")" + RIGHT, re.IGNORECASE)


def scannable(line: str) -> str:
    """The line with URLs, image links and HTML tags blanked out (same length, same offsets).

    Link text is kept (it often names the model); link targets are slugs that would double count.
    """

    def blank(m: re.Match) -> str:
        return " " * len(m.group(0))

    def keep_text(m: re.Match) -> str:
        if m.group(1):  # an image: alt text is decoration
            return " " * len(m.group(0))
        return " " + m.group(2) + " " * (len(m.group(0)) - len(m.group(2)) - 1)

    line = MD_LINK.sub(keep_text, line)
    line = BARE_URL.sub(blank, line)
    line = HTML_TAG.sub(blank, line)
    return EMPHASIS.sub(blank, line)


class Matcher:
    """Compiled alias and non-model tables (and, optionally, the model catalogue) for one ingest."""

    def __init__(self, aliases: list[Alias], not_models: list[str], catalogue=None):
        self.by_norm: dict[str, Alias] = {}
        for alias in aliases:
            self.by_norm.setdefault(normalise(alias.surface), alias)
        self.known_ids = {a.model_id.lower(): a for a in aliases}
        ordered = sorted(self.by_norm.values(), key=lambda a: (-len(a.surface), a.surface.lower()))
        self.alias_re = _names_regex([a.surface for a in ordered]) if ordered else None
        ordered_nm = sorted({normalise(s) for s in not_models}, key=lambda s: -len(s))
        self.not_model_norms = set(ordered_nm)
        self.not_model_re = _names_regex(ordered_nm) if ordered_nm else None
        self.catalogue = catalogue
        self._heads = None  # detection.Heads, built on the first spoken line
        self.model_words = {normalise(a.surface).split()[0] for a in aliases if normalise(a.surface)}
        self.model_words |= set(CLOSED_FAMILIES) | {
            "opus",
            "sonnet",
            "haiku",
            "gemini",
            "llama",
            "phi",
            "flux",
            "rerank",
            "rank",
        }
        if catalogue is not None:
            for e in catalogue.entries.values():
                for name in (e.display_name, e.family):
                    if name:
                        self.model_words.add(re.split(r"[\s\-.]", name.lower())[0].rstrip("0123456789"))

        self.model_words |= set(QUALIFIERS.split("|")) | ORG_WORDS
        self.model_words -= {
            "",
            "the",
            "a",
            "model",
            "new",
            "open",
            "it",
            "code",
            "high",
            "low",
            "long",
            "fast",
            "base",
            "next",
            "ai",
            "labs",
            "org",
            "hf",
        }
        # words with several versions in the catalogue: alone, a family (catalogue.versioned_heads)
        self.family_words = catalogue.versioned_heads() if catalogue is not None else set()
        self.families: dict[str, str] = {}
        self._seen: dict[tuple[str, str, bool], tuple[list[Hit], list[Unresolved]]] = {}
        # lower-case heads a transcript writes ("llama 3.3 70b"): series names only, not qualifiers or makers
        self.family_heads = {w for w in self.model_words if len(w) > 2} - set(QUALIFIERS.split("|"))
        if catalogue is not None:
            for fam in catalogue.families:
                head = re.split(r"[\s\-]", fam)[0].rstrip(".0123456789").lower()
                if len(head) > 2 and head not in ORG_WORDS:
                    self.families.setdefault(head, head.capitalize() if head.islower() else head)

    @classmethod
    def from_files(cls, aliases: Path = ALIASES, not_models: Path = NOT_MODELS, catalogue=None) -> "Matcher":
        return cls(load_aliases(aliases), load_not_models(not_models), catalogue)

    # -- the resolution chain ------------------------------------------------------------------
    def _alias(self, name: str) -> Alias | None:
        return self.by_norm.get(normalise(name))

    def _resolve_name(self, name: str, paragraph: str, propose: bool = False) -> Hit | Unresolved | None:
        """alias -> catalogue -> proposal, for a whole name; None when it is a known non-model."""
        name = re.sub(r"'s\b", "", name)
        if normalise(name) in self.not_model_norms:
            return None
        if normalise(name) in self.family_words:
            return self._family_hit(name)
        alias = self._alias(name)
        if alias:
            if alias.requires_context and alias.requires_context.lower() not in paragraph.lower():
                return None
            return Hit(alias.model_id, name, 0, alias.open_weights, "alias")
        if self.catalogue is not None:
            if NOT_CANDIDATE.match(name) or name.split()[0].lower() in GENERIC_FIRST_WORDS:
                return Unresolved(name, 0, ())  # "Step 3", "Part 2": a counter, not a model
            found = self.catalogue.resolve(name, propose)
            if found.repo_id:
                return Hit(found.repo_id, name, 0, "true", "catalogue")
            return Unresolved(name, 0, tuple(found.proposals))
        return Unresolved(name, 0, ())

    def scan(self, line: str, paragraph: str, spoken: bool = False) -> tuple[list[Hit], list[Unresolved]]:
        """Hits and unresolved names of one line; `spoken`: speech-to-text, read without capitals.
        The same line in the same paragraph (a recap repeating a page, ~40% of the corpus lines)
        is read once per matcher."""
        found = self._seen.get((line, paragraph, spoken))
        if found is None:
            found = self._seen[(line, paragraph, spoken)] = self._scan(line, paragraph, spoken)
        return list(found[0]), list(found[1])

    def _scan(self, line: str, paragraph: str, spoken: bool = False) -> tuple[list[Hit], list[Unresolved]]:
        text = scannable(line)
        hits: list[Hit] = []
        unresolved: list[Unresolved] = []
        taken: list[tuple[int, int]] = []  # spans already decided

        def overlaps(a: int, b: int) -> bool:
            return any(s < b and a < e for s, e in taken)

        # 1. links and repo ids written in the text
        for m in HF_REPO_URL.finditer(line):
            repo = m.group(1).rstrip(".")
            hits.append(self._repo_hit(repo, m.start(1)))
            taken.append(m.span(0))
        for m in PLAIN_REPO.finditer(text):
            repo = m.group(1)
            if overlaps(*m.span(1)):
                continue
            if self._is_repo(repo) or self._packaging_of_known(repo):
                hits.append(self._repo_hit(repo, m.start(1)))
                taken.append(m.span(1))
            elif REPO_LIKE.match(repo):  # an org/name nothing vouches for: the reviewer (or the Hub) decides
                unresolved.append(
                    Unresolved(repo, m.start(1), ((repo, 0.0, "repo id written in the text; not in the catalogue"),))
                )
                taken.append(m.span(1))
        # 2. non-model names (products) that are exactly what is written
        not_model_spans = [m.span(1) for m in self.not_model_re.finditer(text)] if self.not_model_re else []
        # 3. whole names: alias, then catalogue, then proposal (a longer curated alias covering the
        #    name, "Flux 1 Context Pro", is left to step 4)
        alias_spans = [m.span(1) for m in self.alias_re.finditer(text)] if self.alias_re else []
        for m in NAME.finditer(text):
            prefix, head, tail = m.group(1), m.group(2), m.group(3) or ""
            if prefix and re.search(r"['\u2019]s$", prefix):
                prefix = None  # "Meta's Llama 4 Scout": the maker's possessive is not part of the name
            start, end = m.start(1) if prefix else m.start(2), m.end(3) if tail else m.end(2)
            if not (
                head[0].isupper()
                or any(ch.isdigit() for ch in head)
                or (re.split(r"[-_.]", head.lower())[0] in self.family_heads and any(ch.isdigit() for ch in tail))
            ):
                if not prefix:
                    continue
                # "Phi reasoning": read from the prefix alone; "the Northern aurora" is "Northern",
                # never its lower-case last word
                prefix, head, tail, start, end = None, prefix, "", m.start(1), m.end(1)
            if overlaps(start, end) or any(s <= start and end <= e and e - s > end - start for s, e in alias_spans):
                continue
            variants = [(start, end)]
            if prefix:
                variants.append((m.start(2), end))
            elif tail.strip() and not any(ch.isdigit() for ch in head):
                variants.append((m.start(3) + len(tail) - len(tail.lstrip(" -")), end))  # "OpenAI o1"
            variants += self._shorter(text, variants[0][0], end)
            decided = None
            for a, b in variants:
                name = text[a:b].strip(" -.")
                if any(s <= a and b <= e for s, e in not_model_spans):
                    decided = "not a model"
                    break
                result = self._resolve_name(name, paragraph)
                if result is None:
                    decided = "not a model"
                    break
                if isinstance(result, Hit) and (a, b) != variants[0] and (a, b) in variants[2 if prefix else 1 :]:
                    size_dropped = re.search(r"\d+(?:\.\d+)?b$", text[variants[0][0] : variants[0][1]].lower())
                    if size_dropped and re.search(r"\d+(?:\.\d+)?b\b", result.model_id.lower()):
                        continue  # "Llama 3.1 13B" is not the 8B
                if isinstance(result, Hit):
                    hits.append(Hit(result.model_id, name, a, result.open_weights, result.resolved_by))
                    taken.append((a, b))
                    decided = "hit"
                    break
            if decided:
                continue
            # unresolved: only a name with a digit in it is model-like enough to propose
            a, b = variants[-1] if prefix and self._sentence_word(prefix) else variants[0]
            name = text[a:b].strip(" -.")
            if not re.search(r"\d", name):
                # no version: only a name the catalogue knows several models by ("IBM Granite Speech")
                if (
                    self.catalogue is None
                    or len(name.split()) < 2
                    or not name[0].isupper()
                    or not self._model_like(name, need_digit=False)
                ):
                    continue
                found = self.catalogue.resolve(name, propose=False)
                proposals = found.proposals or self.catalogue.partial(name)
                if proposals:
                    unresolved.append(Unresolved(name, a, tuple(proposals)))
                    taken.append((a, b))
                continue
            if not self._model_like(name):
                continue
            alias_inside = self._alias_inside(text, a, b, paragraph)
            result = self._resolve_name(name, paragraph, propose=True)
            proposals = tuple(result.proposals) if isinstance(result, Unresolved) else ()
            if alias_inside and normalise(alias_inside.surface) in self.family_words:
                alias_inside = None  # "gemma 3n": the family word inside names no model
            if alias_inside and all(p[0] != alias_inside.model_id for p in proposals):
                proposals = proposals + (
                    (alias_inside.model_id, 0.0, f"the curated alias '{alias_inside.surface}' is inside this name"),
                )
            unresolved.append(Unresolved(name, a, proposals))
            taken.append((a, b))
        # 4. curated aliases the name pattern does not reach ("o1" with its context word, "Doc AI")
        if self.alias_re:
            for m in self.alias_re.finditer(text):
                if overlaps(*m.span(1)):
                    continue
                alias = self.by_norm.get(normalise(m.group(1)))
                if alias is None or any(s <= m.start(1) and m.end(1) <= e for s, e in not_model_spans):
                    continue
                if alias.requires_context and alias.requires_context.lower() not in paragraph.lower():
                    continue
                hit = Hit(alias.model_id, m.group(1), m.start(1), alias.open_weights, "alias")
                if normalise(m.group(1)) in self.family_words:
                    hit = self._family_hit(m.group(1), m.start(1))
                if hit:
                    hits.append(hit)
                taken.append(m.span(1))
        # 5. family phrases ("the Mistral family", "Phi collection")
        for m in FAMILY_PHRASE.finditer(text):
            if overlaps(*m.span(1)):
                continue
            fam = self._family(m.group(1))
            if fam and m.group(2).lower() in ("models", "model families") and fam[1] == "false":
                fam = None  # "GPT models": a kind of model, not the family page
            if fam:
                slug, open_weights = fam
                hits.append(Hit(f"family/{slug}", m.group(0), m.start(1), open_weights, "family"))
                taken.append(m.span(0))
        if spoken and self.catalogue is not None:
            self._spoken_names(text, paragraph, taken, hits, unresolved)
        return _link_wins(hits, unresolved)

    def _spoken_names(self, text: str, paragraph: str, taken: list, hits: list, unresolved: list) -> None:
        """6. lower-case names heard by ear ("neotron 3 super") and sized names beyond the catalogue."""
        from model_data.ingest import detection

        if self._heads is None:
            self._heads = detection.Heads(self.family_heads - ORG_WORDS)
        for w in detection.windows(text, self._heads, QUALIFIER_SET, taken):
            if normalise(w.surface) in self.not_model_norms or NOT_CANDIDATE.match(w.surface):
                continue
            result = self._resolve_name(w.reading, paragraph, propose=True) if w.head_known else None
            if isinstance(result, Hit):
                hits.append(Hit(result.model_id, w.surface, w.start, result.open_weights, result.resolved_by))
                taken.append((w.start, w.end))
                continue
            proposals = list(result.proposals) if isinstance(result, Unresolved) else []
            proposals = [p for p in proposals if p[1] >= detection.NEAR_MIN]
            sized = any(detection.SIZE.match(t.lower()) for t in w.surface.split()[1:])
            if not proposals and sized:
                proposals = self.catalogue.near(w.surface)
            if proposals or sized:  # a model-sized name nothing knows: surfaced whole for review
                unresolved.append(Unresolved(w.surface, w.start, tuple(proposals)))
                taken.append((w.start, w.end))

    def _family_hit(self, word: str, start: int = 0) -> Hit | None:
        """A bare family word ("Gemma", "Llama") is the family's row, or nothing: never one model."""
        fam = self._family(word)
        return Hit(f"family/{fam[0]}", word, start, fam[1], "family") if fam else None

    def _family(self, word: str) -> tuple[str, str] | None:
        key = word.lower().rstrip(".")
        key = {"fi": "phi"}.get(key, key)
        if key in CLOSED_FAMILIES:
            return key, "false"
        if key in self.families:
            return key, "true"
        return None

    def _shorter(self, text: str, a: int, b: int) -> list[tuple[int, int]]:
        """The name without trailing descriptive words or a trailing size ("DeepSeek-R1 reasoning",
        "Phi-4 14B"): tried after the whole name, never before, so a version is never dropped."""
        out = []
        words = list(re.finditer(r"\S+", text[a:b]))
        while len(words) > 1:
            last = words[-1].group(0).lower()
            if last in DESCRIPTIVE_TAIL or re.fullmatch(r"\d+(?:\.\d+)?b", last):
                words = words[:-1]
                out.append((a, a + words[-1].end()))
            else:
                break
        return out

    @staticmethod
    def _sentence_word(word: str) -> bool:
        """A capitalised word that starts a sentence or a label, not a name ("Deploying", "Spotlight")."""
        w = word.lower().strip(".")
        return (
            w in GENERIC_FIRST_WORDS
            or w in LABEL_WORDS
            or (len(w) > 5 and w.endswith(("ing", "ed")))
            or not any(ch.isalpha() for ch in w)
        )

    def _model_like(self, name: str, need_digit: bool = True) -> bool:
        """Worth a proposal: a known model word with a version, or a letter-digit series name (K2.5,
        GLM437, V3); not a count ("Over 25"), a unit ("3D", "10ms"), a year or an episode code."""
        if len(name) < 2 or NOT_CANDIDATE.match(name) or YEAR_OR_COUNT.search(name):
            return False
        words = re.split(r"[\s\-]+", name)
        if words[0].lower() in GENERIC_FIRST_WORDS or any(EPISODE_CODE.match(w) for w in words):
            return False
        digit_words = [w for w in words if any(ch.isdigit() for ch in w)]
        if digit_words and all(UNIT_TOKEN.match(w) for w in digit_words):
            return False
        if re.search(r"\.(?:ipynb|py|md|json|txt|csv|png|jpg|pdf|yaml|yml)$", name, re.IGNORECASE):
            return False
        fused = any(re.search(r"[A-Za-z]\d|^\d+(?:\.\d+)?[bB]$", w) for w in words)
        known = any(self._known_word(w) for w in words if not any(ch.isdigit() for ch in w))
        if need_digit and not (fused or known):
            return False
        return normalise(name) not in self.not_model_norms

    def _known_word(self, word: str) -> bool:
        w = re.sub(r"'s$", "", word.lower()).strip(".")
        return w in self.model_words

    def _alias_inside(self, text: str, a: int, b: int, paragraph: str) -> Alias | None:
        if not self.alias_re:
            return None
        for m in self.alias_re.finditer(text, a, b):
            alias = self.by_norm.get(normalise(m.group(1)))
            if alias:
                return alias
        return None

    def _packaging_of_known(self, repo: str) -> bool:
        """An ONNX / GGUF / FP8 repo id written in the text, of a catalogue model of the same org
        ("microsoft/Phi-4-mini-instruct-onnx"): the id as written is the mention."""
        if self.catalogue is None:
            return False
        org, name = repo.split("/", 1)
        key = name_key(name)
        if not has_format(key):
            return False
        found = self.catalogue.resolve(strip_formats(key), propose=False)
        return bool(found.repo_id) and found.repo_id.split("/")[0].lower() == org.lower()

    def _is_repo(self, repo: str) -> bool:
        """A plain `org/name` counts as a repo id only when something vouches for it (no path fragments)."""
        if self.catalogue is not None and self.catalogue.get(repo):
            return True
        return repo.lower() in self.known_ids

    def _repo_hit(self, repo: str, start: int) -> Hit:
        alias = self.known_ids.get(repo.lower())
        if alias:
            return Hit(alias.model_id, repo, start, alias.open_weights, "repo id in text")
        entry = self.catalogue.get(repo) if self.catalogue is not None else None
        if entry and entry.base_relation == "quantized" and entry.base_model:  # a GGUF copy names its model
            base = self.catalogue.get(entry.base_model)
            return Hit(base.repo_id if base else entry.base_model, repo, start, "true", "repo id in text")
        return Hit(entry.repo_id if entry else repo, repo, start, "true", "repo id in text")
