"""Names in speech-to-text that the written-name pattern cannot see: no capitals, and the model
word heard by ear ("neotron 3 super", "mixtral 8x7B").

A candidate is a window of words on one line: a head word followed by a version or a size
("3", "3.3", "70B", "8x7B", "K2") and the qualifier words after it. The head is read as a
catalogue family word when it sounds like one (same Metaphone key, or a close spelling), and the
whole window is then looked up in the catalogue: an exact, single reading resolves; several are
a proposal with its candidates ranked. A head no family sounds like, followed by a size, is a
name beyond the catalogue: it is surfaced whole for review (the size makes it a model name),
never dropped and never called closed.

Thresholds, chosen on tests/fixtures/intake (auto-caption transcripts of three episodes):
`SPELLING_MIN` 86 keeps "mistrel"/"mistral" (86) and drops "mixtral"/"mistral" (86 exactly is
the edge: 85.7), which is another model; Metaphone keys are compared only when at least two
consonants long (a one-letter key such as "F" matches too many English words).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import jellyfish
from rapidfuzz import fuzz, process

SPELLING_MIN = 86.0  # rapidfuzz ratio of a heard head word to a family word
NEAR_MIN = 85.0  # catalogue near-miss score a phonetic reading must reach to be proposed
MAX_TAIL = 4  # words after the head that may belong to the name (version, size, qualifiers)
VERSION = re.compile(r"^(?:v?\d+(?:\.\d+)*[a-z]?|\d+(?:\.\d+)?[bm]|\d+x\d+(?:\.\d+)?b|[a-z]\d+(?:\.\d+)*[a-z]?)$")
SIZE = re.compile(r"^(?:\d+(?:\.\d+)?b|\d+x\d+(?:\.\d+)?b)$")
WORD = re.compile(r"[A-Za-z0-9][A-Za-z0-9.\-]*[A-Za-z0-9]|[A-Za-z0-9]")
# Words a sentence puts before a number ("the 70B", "about 20B", "runs 8B"): never a model's head.
NOT_HEADS = {
    "the", "a", "an", "and", "or", "of", "to", "in", "on", "at", "by", "for", "from", "with", "about",
    "around", "over", "under", "than", "like", "just", "only", "all", "every", "each", "our", "your",
    "their", "its", "his", "her", "this", "that", "these", "those", "is", "are", "was", "were", "be",
    "been", "has", "have", "had", "run", "runs", "ran", "use", "uses", "using", "get", "gets", "got",
    "up", "down", "into", "per", "some", "same", "top", "season", "episode", "part", "step", "chapter",
    "level", "day", "days", "week", "weeks", "month", "year", "years", "minute", "minutes", "hour",
    "hours", "second", "seconds", "percent", "times", "people", "version", "number", "page", "slide",
    "it", "it's", "we", "you", "they", "i", "so", "then", "now", "also", "still", "even",
    "nearly", "almost", "roughly", "maybe", "first", "last", "next", "new", "open", "small",
    "big", "large", "between", "both", "gpu", "gpus", "cpu", "tokens", "token",
    "languages", "samples", "billion", "million", "parameters", "parameter", "active", "total",
}  # fmt: skip


@dataclass(frozen=True)
class Spoken:
    surface: str  # as written on the line
    start: int
    end: int
    reading: str  # the name with the head replaced by the family word it sounds like
    head_known: bool  # the head sounds like a catalogue family word


def _key(word: str) -> str:
    return jellyfish.metaphone(word)


class Heads:
    """The catalogue's family words, indexed for a heard word: same sound or close spelling."""

    def __init__(self, words: set[str]):
        self.words = sorted(w for w in words if len(w) > 2 and w.isalpha())
        self.by_key: dict[str, list[str]] = {}
        for w in self.words:
            k = _key(w)
            if len(k) >= 2:
                self.by_key.setdefault(k, []).append(w)

    def sounds_like(self, word: str) -> str | None:
        w = word.lower()
        if w in self.words:
            return w
        if not w.isalpha() or len(w) < 3 or w in NOT_HEADS:
            return None
        same = self.by_key.get(_key(w)) if len(_key(w)) >= 2 else None
        if same:
            return min(same, key=lambda h: -fuzz.ratio(w, h))
        best = process.extractOne(w, self.words, scorer=fuzz.ratio, score_cutoff=SPELLING_MIN)
        return best[0] if best else None


def windows(line: str, heads: Heads, qualifiers: set[str], taken: list[tuple[int, int]]) -> list[Spoken]:
    """Head + version/size (+ qualifiers) windows of a line that nothing has decided yet."""
    words = list(WORD.finditer(line))
    out: list[Spoken] = []
    i = 0
    while i < len(words) - 1:
        head = words[i]
        nxt = words[i + 1].group(0).lower()
        if not VERSION.match(nxt) or not head.group(0)[:1].isalpha() or any(ch.isdigit() for ch in head.group(0)):
            i += 1
            continue
        if head.group(0).lower() in NOT_HEADS or line[head.end() : words[i + 1].start()].strip():
            i += 1
            continue
        j = i + 2
        while j < len(words) and j - i <= MAX_TAIL and not line[words[j - 1].end() : words[j].start()].strip():
            w = words[j].group(0).lower()
            if VERSION.match(w) or w in qualifiers:
                j += 1
            else:
                break
        start, end = head.start(), words[j - 1].end()
        if any(s < end and start < e for s, e in taken):
            i = j
            continue
        family = heads.sounds_like(head.group(0))
        tail = line[words[i + 1].start() : end]
        if family or any(SIZE.match(words[k].group(0).lower()) for k in range(i + 1, j)):
            out.append(
                Spoken(line[start:end], start, end, f"{family} {tail}" if family else line[start:end], bool(family))
            )
        i = j
    return out
