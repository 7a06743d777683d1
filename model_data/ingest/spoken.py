"""Speech-to-text written back as a model name is written: "llama three point three seventy b" ->
"llama 3.3 70B", "k two" -> "K2", "mistrel" -> "mistral", "deep seek" -> "deepseek".

Auto-captions spell numbers as words, letters one by one and names by ear, so a name matcher
that reads written names misses most of what the show says. This rewrite runs before detection
on transcript lines. It only joins words that stand next to each other with nothing but spaces
between them (a comma or a full stop keeps them apart), never drops a digit that was written,
and is idempotent. Misspellings heard by ear are data (tables/phonetic.csv), not code.

`normalise(text)` returns the rewritten text; `rewrite(text)` also returns, for each output
column, the input column it came from, so caption limits and locations stay exact.
"""

from __future__ import annotations

import csv
import difflib
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from model_data import TABLES

PHONETIC = TABLES / "phonetic.csv"

UNITS = {"zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9}
TEENS = {
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
}
TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90}
DECIMAL_WORDS = {"point", "dot"}
TIMES_WORDS = {"by", "x"}  # "eight by seven b": a mixture of experts, 8x7B
SIZE_WORDS = {"b": "B", "billion": "B"}
# "one" is also a pronoun: kept as a word after these and before these ("the one of them").
ONE_AS_WORD_AFTER = {
    "the", "this", "that", "which", "no", "every", "any", "each", "another", "someone", "anyone",
    "only", "last", "first", "other", "new", "big", "little", "right", "good", "same", "favorite",
    "favourite", "cool", "great", "old", "next", "a",
}  # fmt: skip
ONE_AS_WORD_BEFORE = {"of", "more", "another", "day", "thing", "way", "time", "question"}
# Letter names a captioner writes for a spelt-out letter; only read as a letter before a number.
LETTER_NAMES = {
    "vee": "v",
    "kay": "k",
    "ar": "r",
    "are": "r",
    "gee": "g",
    "jay": "j",
    "tee": "t",
    "zed": "z",
    "zee": "z",
}
NOT_LETTERS = {"a", "i"}
SIZE_LETTERS = {
    "a",
    "e",
}  # a letter that belongs to a size: A3B (active), E4B (effective)  # an article and a pronoun far more often than a spelt letter
SIZE = re.compile(r"^\d+(?:\.\d+)?B$")
NUMBER = re.compile(r"^\d+(?:\.\d+)?$")
CHUNK = re.compile(r"\S+")
CORE = re.compile(r"^([(\"'\[]*)(.*?)([.,;:!?)\"'\]]*)$")

VOCABULARY = set(UNITS) | set(TEENS) | set(TENS) | {"hundred"} | DECIMAL_WORDS | TIMES_WORDS | set(SIZE_WORDS)


@dataclass
class Token:
    start: int  # input columns of the core (punctuation around it is not part of it)
    end: int
    text: str
    glued: bool  # only spaces between this token and the next one


@dataclass(frozen=True)
class Heard:
    words: tuple[str, ...]
    written: str
    before_number: bool


@lru_cache(maxsize=4)
def load_phonetic(path: Path = PHONETIC) -> tuple[Heard, ...]:
    """The table, longest heard form first (so "mix trail" wins over a shorter entry inside it)."""
    with open(path, encoding="utf-8", newline="") as fh:
        rows = [r for r in csv.DictReader(fh) if (r.get("heard") or "").strip()]
    out = []
    for r in rows:
        heard = tuple(r["heard"].lower().split())
        when = (r.get("when") or "always").strip()
        if when not in ("always", "before a number"):
            raise ValueError(f"{path.name}: 'when' must be 'always' or 'before a number', not '{when}'")
        out.append(Heard(heard, r["written"].strip(), when == "before a number"))
    return tuple(sorted(out, key=lambda h: -len(h.words)))


def _tokens(text: str) -> list[Token]:
    out: list[Token] = []
    for m in CHUNK.finditer(text):
        lead, core, trail = CORE.match(m.group(0)).groups()
        if not core:
            if out:
                out[-1].glued = False
            continue
        if lead and out:
            out[-1].glued = False
        start = m.start() + len(lead)
        out.append(Token(start, start + len(core), core, not trail))
    return out


def _value(word: str) -> int | None:
    w = word.lower()
    return UNITS.get(w, TEENS.get(w, TENS.get(w)))


def _is_number(token: Token) -> bool:
    return _value(token.text) is not None or bool(NUMBER.match(token.text))


def _integer(tokens: list[Token], i: int) -> tuple[str, int] | None:
    """A number said in words from tokens[i] ("thirty two", "one hundred twenty") or written in
    digits: (digits, tokens used)."""
    t = tokens[i]
    if NUMBER.match(t.text):
        return t.text, 1
    v = _value(t.text)
    if v is None:
        return None
    used = 1
    if t.text.lower() in TENS and t.glued and i + 1 < len(tokens) and tokens[i + 1].text.lower() in UNITS:
        v += UNITS[tokens[i + 1].text.lower()]
        used = 2
    last = tokens[i + used - 1]
    if v < 10 and last.glued and i + used < len(tokens) and tokens[i + used].text.lower() == "hundred":
        v *= 100
        used += 1
        rest = _integer(tokens, i + used) if tokens[i + used - 1].glued and i + used < len(tokens) else None
        if rest and not NUMBER.match(tokens[i + used].text) and int(rest[0]) < 100:
            v += int(rest[0])
            used += rest[1]
    elif v in (19, 20) and last.glued and i + used < len(tokens):
        nxt = _integer(tokens, i + used)  # "twenty twenty five": a year
        if nxt and not NUMBER.match(tokens[i + used].text) and 10 <= int(nxt[0]) < 100:
            return str(v * 100 + int(nxt[0])), used + nxt[1]
    return str(v), used


def _one_is_a_word(tokens: list[Token], i: int) -> bool:
    if tokens[i].text.lower() != "one":
        return False
    before = tokens[i - 1].text.lower() if i > 0 and tokens[i - 1].glued else ""
    after = tokens[i + 1].text.lower() if i + 1 < len(tokens) and tokens[i].glued else ""
    if len(before) == 1 and before not in NOT_LETTERS:
        return False  # "r one": a series name
    return before in ONE_AS_WORD_AFTER or after in ONE_AS_WORD_BEFORE or not (before or after)


def _numbers(tokens: list[Token]) -> list[tuple[int, int, str]]:
    """(first token, last token + 1, replacement) for every number said in words or composed."""
    out = []
    i = 0
    while i < len(tokens):
        if not _is_number(tokens[i]) or _one_is_a_word(tokens, i):
            i += 1
            continue
        first = _integer(tokens, i)
        digits, j = first[0], i + first[1]
        # "three point one": one digit after the point, as versions are said ("three point three
        # eight b" is 3.3 and 8B, not 3.38), in words or written ("ten dot ten" stays as it is, and
        # so does what it is read as, "10 dot 10": reading a line twice changes nothing)
        if (
            tokens[j - 1].glued
            and j + 1 < len(tokens)
            and tokens[j].text.lower() in DECIMAL_WORDS
            and tokens[j].glued
            and (tokens[j + 1].text.lower() in UNITS or (tokens[j + 1].text.isdigit() and len(tokens[j + 1].text) == 1))
            and "." not in digits
        ):
            digits, j = f"{digits}.{UNITS.get(tokens[j + 1].text.lower(), tokens[j + 1].text)}", j + 2
        # "eight by seven b": experts x size
        if (
            tokens[j - 1].glued
            and j + 2 < len(tokens)
            and tokens[j].text.lower() in TIMES_WORDS
            and tokens[j].glued
            and _is_number(tokens[j + 1])
        ):
            second = _integer(tokens, j + 1)
            k = j + 1 + second[1]
            if tokens[k - 1].glued and k < len(tokens) and tokens[k].text.lower() in SIZE_WORDS:
                digits, j = f"{digits}x{second[0]}", k
        if tokens[j - 1].glued and j < len(tokens) and tokens[j].text.lower() in SIZE_WORDS:
            digits, j = digits + "B", j + 1
        if j - i > 1 or not NUMBER.match(tokens[i].text):
            out.append((i, j, digits))
        i = j
    return out


def _apply(tokens: list[Token], spans: list[tuple[int, int, str]]) -> list[Token]:
    """Tokens with each span merged into one token carrying its replacement."""
    out, i = [], 0
    for a, b, text in sorted(spans):
        out.extend(tokens[i:a])
        out.append(Token(tokens[a].start, tokens[b - 1].end, text, tokens[b - 1].glued))
        i = b
    out.extend(tokens[i:])
    return out


def _starts_with_digit(token: Token | None) -> bool:
    return bool(token and token.text[:1].isdigit())


def _lone_letter(tokens: list[Token], i: int) -> bool:
    """A letter said alone after a number, neither starting a run nor naming a size: "3 n"."""
    w = tokens[i].text.lower()
    if len(w) != 1 or not w.isalpha() or w in NOT_LETTERS or w in SIZE_WORDS or w in TIMES_WORDS:
        return False
    nxt = tokens[i + 1] if i + 1 < len(tokens) and tokens[i].glued else None
    return nxt is None or not (len(nxt.text) == 1 or re.match(r"^[A-Za-z]?\d", nxt.text))


def _letter(tokens: list[Token], i: int, before_number: bool) -> str | None:
    """The letter tokens[i] spells, if it spells one here."""
    w = tokens[i].text.lower()
    if len(w) == 1 and w.isalpha() and w not in NOT_LETTERS:
        return w
    if w == "i" and before_number:  # "hidream i 1"
        return w
    if w == "a" and before_number and i > 0 and tokens[i - 1].glued and SIZE.match(tokens[i - 1].text):
        return w  # "30B a 3B": the active parameters, A3B
    if before_number and w in LETTER_NAMES:
        return LETTER_NAMES[w]
    return None


def _letter_run(tokens: list[Token], i: int, j: int, run: str) -> tuple[list[tuple[int, int, str]], int]:
    """A run of two or more letters tokens[i:j]: one word, unless its last letter names a size."""
    after = tokens[j] if j < len(tokens) and tokens[j - 1].glued else None
    if after is not None and SIZE.match(after.text) and run[-1] in SIZE_LETTERS:  # "n e 2B": E2B
        spans = [(i, j - 1, run[:-1].upper())] if j - i > 2 else []
        return spans + [(j - 1, j + 1, run[-1].upper() + after.text)], j + 1
    return [(i, j, run.upper())], j


def _letters(tokens: list[Token]) -> list[tuple[int, int, str]]:
    """Spelt letters: a run of single letters is one word ("l m" -> "LM"); a letter before a number
    is one name ("k 2" -> "K2", "vee 3" -> "V3", "e 2B" -> "E2B")."""
    out, i = [], 0
    while i < len(tokens):
        nxt = tokens[i + 1] if i + 1 < len(tokens) and tokens[i].glued else None
        if NUMBER.match(tokens[i].text) and nxt and _lone_letter(tokens, i + 1):
            out.append((i, i + 2, tokens[i].text + nxt.text.lower()))  # "gemma 3 n": 3n
            i += 2
            continue
        single = _letter(tokens, i, _starts_with_digit(nxt))
        if single is None:
            i += 1
            continue
        j, run = i + 1, single
        while j < len(tokens) and tokens[j - 1].glued and _letter(tokens, j, False):
            run += tokens[j].text.lower()
            j += 1
        if j - i > 1:
            spans, i = _letter_run(tokens, i, j, run)
            out += spans
        elif _starts_with_digit(nxt) and (single in SIZE_LETTERS or not SIZE.match(nxt.text)):
            out.append((i, i + 2, single.upper() + nxt.text))
            i += 2
        else:
            i += 1
    return out


@lru_cache(maxsize=8)
def _by_first_word(table: tuple[Heard, ...]) -> dict[str, tuple[Heard, ...]]:
    """The table's entries under their first word, each list in the table's order: a position of the
    text tries only the entries that can start there (every entry at every token was most of a
    transcript's rewrite)."""
    out: dict[str, list[Heard]] = {}
    for h in table:
        out.setdefault(h.words[0], []).append(h)
    return {word: tuple(entries) for word, entries in out.items()}


def _heard_at(tokens: list[Token], i: int, h: Heard) -> str | None:
    """How `h` is written when heard at token `i` (None: it is not heard there)."""
    n = len(h.words)
    window = tokens[i : i + n]
    if len(window) < n or any(not t.glued for t in window[:-1]):
        return None
    if tuple(t.text.lower() for t in window) != h.words:
        return None
    nxt = tokens[i + n] if i + n < len(tokens) and window[-1].glued else None
    if h.before_number and not (_starts_with_digit(nxt) or re.match(r"^[A-Za-z]\d", nxt.text if nxt else "")):
        return None
    return h.written.capitalize() if window[0].text[:1].isupper() else h.written


def _phonetic(tokens: list[Token], table: tuple[Heard, ...]) -> list[tuple[int, int, str]]:
    by_first = _by_first_word(table)
    return _scan(tokens, lambda token: by_first.get(token.text.lower(), ()))


def _scan(tokens: list[Token], candidates) -> list[tuple[int, int, str]]:
    """Left to right, the first of `candidates(token)` heard at each token: (start, end, written).

    The tests call it with every entry as the candidates, so they compare only how `_phonetic`
    chooses them."""
    out, i = [], 0
    while i < len(tokens):
        for h in candidates(tokens[i]):
            written = _heard_at(tokens, i, h)
            if written is not None:
                out.append((i, i + len(h.words), written))
                i += len(h.words)
                break
        else:
            i += 1
    return out


def rewrite(text: str, table: tuple[Heard, ...] | None = None) -> tuple[str, list[int]]:
    """The spoken text written as names are written, and per output column its input column."""
    table = load_phonetic() if table is None else table
    tokens = _tokens(text)
    tokens = _apply(tokens, _numbers(tokens))
    tokens = _apply(tokens, _letters(tokens))
    tokens = _apply(tokens, _phonetic(tokens, table))
    pieces, origin, at = [], [], 0
    for t in tokens:
        pieces.append(text[at : t.start])
        origin.extend(range(at, t.start))
        pieces.append(t.text)
        origin.extend([t.start] * len(t.text))
        at = t.end
    pieces.append(text[at:])
    origin.extend(range(at, len(text)))
    return "".join(pieces), origin


def normalise(text: str) -> str:
    return rewrite(text)[0]


def column(origin: list[int], input_column: int) -> int:
    """The output column where input column `input_column` (or what follows it) now starts."""
    return next((i for i, c in enumerate(origin) if c >= input_column), len(origin))


def spoken_document(doc):
    """A transcript Document with every line rewritten; caption limits follow their columns."""
    from dataclasses import replace

    lines, limits = [], []
    for i, line in enumerate(doc.lines):
        out, origin = rewrite(line)
        lines.append(out)
        if doc.limits is not None:
            limits.append(column(origin, doc.limits[i]))
    return replace(doc, lines=lines, limits=limits if doc.limits is not None else None)


@lru_cache(maxsize=1)
def _spoken_word() -> re.Pattern:
    words = set(UNITS) | set(TEENS) | set(TENS) | {" ".join(h.words) for h in load_phonetic()}
    alternation = "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in sorted(words, key=len, reverse=True))
    return re.compile(r"(?<![\w.-])(?:" + alternation + r")(?![\w-])", re.IGNORECASE)


def said_in_writing(line: str) -> tuple[str, list[int]] | None:
    """A written line (a page, a recap) with a name as it was said ("Phi four mini", "Qwen three"):
    the line rewritten and its column map, or None when it holds no number word or name heard by
    ear (most lines: they are read as they are)."""
    if not _spoken_word().search(line):
        return None
    out, origin = rewrite(line)
    return (out, origin) if out != line else None


def as_written(line: str, origin: list[int], start: int, length: int) -> tuple[str, int]:
    """The span of the original line a name found in its rewrite covers: (text, start)."""
    a = origin[start] if start < len(origin) else len(line)
    b = column_end(origin, start + length, len(line))
    return line[a:b].rstrip(" .,;:"), a


def column_end(origin: list[int], out_end: int, length: int) -> int:
    """The input column where an output span ending at `out_end` ends."""
    return origin[out_end] if out_end < len(origin) else length


def changed_spans(before: str, after: str) -> list[tuple[int, int]]:
    """Columns of `after` that the rewrite changed (where a said name may now be read)."""
    ops = difflib.SequenceMatcher(None, before, after, autojunk=False).get_opcodes()
    return [(j1, max(j2, j1 + 1)) for tag, _, _, j1, j2 in ops if tag != "equal"]
