"""One check for every value a person types into a curated table (review accept / reject / undo).

A decision is input like any corpus file: it lands in aliases.csv / not_models.csv, which every
later ingest reads, and a spreadsheet may open them. So a name is NFKC-normalised and refused if it
holds a control, bidi or zero-width character, has no letter or digit, or is too long; a repo id
is ASCII in the Hub's grammar (a look-alike letter is named); free text is written so that no
spreadsheet reads it as a formula. Every refusal is one sentence that shows the input escaped.
"""

from __future__ import annotations

import re
import unicodedata

from model_data.errors import UsageError
from model_data.printable import INVISIBLE, escaped

MAX_NAME = 120  # longer than any model name in the corpora (about 60), short enough to read in a diff
MAX_TEXT = 300  # a reject reason
ZERO_WIDTH = {"\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u180e", "\u00ad"}
BIDI = INVISIBLE - ZERO_WIDTH
FORMULA_LEAD = ("=", "+", "-", "@", "\t", "\r")
# The Hub's repo grammar (huggingface_hub.utils.validate_repo_id): org/name, letters, digits, . _ -,
# no "--" or "..", not starting or ending with "-" or ".", at most 96 characters each part.
_PART = r"[A-Za-z0-9](?:[A-Za-z0-9._-]{0,94}[A-Za-z0-9_])?"
HUB_ID = re.compile(rf"^{_PART}/{_PART}$")
CLOSED_ID = re.compile(r"^closed/[a-z0-9](?:[a-z0-9._-]{0,94}[a-z0-9])?$")


class DecisionInputError(UsageError):
    """A typed name, id or reason the curated tables cannot take (exit code 2)."""


def shown(text: str) -> str:
    """The input as it can be printed safely: quoted, every non-printable character escaped."""
    return f"'{escaped(text, 200)}'"


def hostile_chars(text: str) -> list[str]:
    """The control, bidi, zero-width or undecodable characters in `text`, as U+XXXX names."""
    found = []
    for ch in str(text):
        if ch in ZERO_WIDTH or ch in BIDI or unicodedata.category(ch) in ("Cc", "Cs", "Co", "Cn"):
            found.append(f"U+{ord(ch):04X}")
    return found


def comparable(text: str) -> str:
    """Names compare after NFKC and without zero-width characters (a stray U+200B is still the name)."""
    text = unicodedata.normalize("NFKC", str(text))
    return "".join(ch for ch in text if ch not in ZERO_WIDTH).strip()


def _visible(text: str, what: str, hint: str = "") -> str:
    """The text NFKC-normalised and stripped, or DecisionInputError when it holds a hidden character."""
    _decodable(text, what)
    value = unicodedata.normalize("NFKC", str(text)).strip()
    bad = hostile_chars(value)
    if bad:
        raise DecisionInputError(
            f"{what} {shown(text)} holds a control, bidi or zero-width character ({', '.join(bad[:3])}){hint}"
        )
    return value


def name(text: str, what: str = "NAME") -> str:
    """The model name as it will be stored, or DecisionInputError saying what is wrong with it."""
    value = _visible(text, what, "; type the name as it is read")
    if not any(ch.isalnum() for ch in value):
        raise DecisionInputError(f"{what} {shown(text)} has no letter or digit; give the model name as written")
    if len(value) > MAX_NAME:
        raise DecisionInputError(f"{what} is {len(value)} characters long; a name has at most {MAX_NAME}")
    if value.startswith(FORMULA_LEAD):
        raise DecisionInputError(
            f"{what} {shown(text)} starts with '{value[0]}', which a spreadsheet reads as a formula; "
            "give the name without it"
        )
    return value


def repo_id(text: str) -> str:
    """A Hub repo id (org/name) or closed/<name>, in ASCII; a look-alike letter is named."""
    _decodable(text, "REPO_ID")
    value = unicodedata.normalize("NFKC", str(text)).strip()
    foreign = [ch for ch in value if ord(ch) > 127]
    if foreign:
        ch = foreign[0]
        label = unicodedata.name(ch, f"U+{ord(ch):04X}")
        raise DecisionInputError(
            f"REPO_ID {shown(text)} holds the non-ASCII character '{ch}' ({label}, position "
            f"{value.index(ch) + 1}); Hub repo ids are ASCII, so type it again"
        )
    if not (HUB_ID.match(value) or CLOSED_ID.match(value)) or "--" in value or ".." in value:
        raise DecisionInputError(
            f"REPO_ID {shown(text)} is not a Hub repo id (org/name: letters, digits, '.', '_', '-') or closed/<name>"
        )
    return value


def free_text(text: str, what: str = "--reason") -> str:
    """A free-text cell (a reason): one line, no hidden characters, never read as a formula."""
    value = _visible(text, what)
    if len(value) > MAX_TEXT:
        raise DecisionInputError(f"{what} is {len(value)} characters long; at most {MAX_TEXT}")
    return text_cell(value)


def text_cell(value: str) -> str:
    """A cell a spreadsheet shows as text: a leading formula character gets an apostrophe."""
    return "'" + value if value.startswith(FORMULA_LEAD) else value


def _decodable(text: str, what: str) -> None:
    bad = next((i for i, ch in enumerate(str(text)) if "\udc80" <= ch <= "\udcff"), None)
    if bad is not None:
        raise DecisionInputError(
            f"{what} {shown(text)} is not valid UTF-8 (byte {shown(text[bad])[1:-1]} at position {bad + 1})"
        )
