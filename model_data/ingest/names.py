"""One rule for comparing model names: how a name written in a page, a chapter label or a repo id
is reduced to a key, so "Llama 3.3 70B", "llama-3.3-70b-instruct" and "Llama-3.3-70B-Instruct"
meet, while "Llama 3.3 70B" and "Llama 3.1 70B" do not.

`name_key` rules, in order (each has a test in tests/test_names.py):
1. Unicode compatibility form, lower case; typographic hyphens and dashes count as separators.
2. Separators are spaces, hyphens, underscores, slashes, and dots that are not between two
   digits ("FLUX.1" -> "flux 1", but "3.3" stays "3.3").
3. Size tokens stay whole: "70b", "0.6b", "a3b" (active), "e4b" (effective), "16e" (experts),
   "1t", "135m". Other tokens are split where letters meet digits ("qwen3" -> "qwen 3",
   "k2.5" -> "k 2.5", "3n" -> "3 n"), so joined and spaced spellings agree.
4. Tuning suffixes that do not change which model is meant are dropped: "instruct", "it",
   "chat", "hf" (the base model, "base", is a different model and stays).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

SIZE_TOKEN = re.compile(r"^(?:\d+(?:\.\d+)?[bmkt]|[ae]\d+(?:\.\d+)?b|\d+e|\d+x\d+(?:\.\d+)?b)$")
DATE_TOKEN = re.compile(r"^(?:\d{4}|\d{6}|\d{8})$")  # 2507, 0905, 240806: release tags in repo names
FORMAT_TOKENS = {
    "gguf",
    "onnx",
    "fp8",
    "bf16",
    "fp16",
    "nvfp4",
    "awq",
    "gptq",
    "mlx",
    "qat",
    "int4",
    "int8",
    "q4",
    "q8",
    "pytorch",
    "pt",
}
DROPPED = {"instruct", "it", "chat", "hf"}
_DASHES = dict.fromkeys(map(ord, "\u2010\u2011\u2012\u2013\u2014\u2212\u00a0"), " ")
_SEP = re.compile(r"[\s\-_/()\[\],:;'\"+]+|(?<!\d)\.|\.(?!\d)")
_SPLIT = re.compile(r"(?<=[a-z])(?=\d)|(?<=\d)(?=[a-z])")
_TWO_DIGITS = re.compile(r"\d\d")
_YEAR = re.compile(r"20\d\d")
_QUANT = re.compile(r"(?:^| )q ?\d+(?: \d+)?(?= |$)")
# The same names come back thousands of times in one ingest (the catalogue's ids, every line's
# candidates): the functions below are pure, so each distinct string is reduced once per process.
_MEMO = lru_cache(maxsize=1 << 16)


def tokens(text: str) -> list[str]:
    """The name's tokens after rules 1-3 (before dropping tuning suffixes)."""
    return list(_tokens(str(text)))


@_MEMO
def _tokens(text: str) -> tuple[str, ...]:
    text = unicodedata.normalize("NFKC", text).translate(_DASHES).lower()
    out: list[str] = []
    for token in _SEP.split(text):
        token = token.strip(".")
        if not token:
            continue
        if SIZE_TOKEN.match(token) or token in FORMAT_TOKENS:
            out.append(token)
        else:
            out.extend(t for t in _SPLIT.split(token) if t)
    return tuple(out)


@_MEMO
def name_key(text: str) -> str:
    """The comparison key of a model name (rules 1-4)."""
    toks = _tokens(str(text))
    kept = [t for i, t in enumerate(toks) if not (i > 0 and t in DROPPED)]
    return " ".join(kept)


@_MEMO
def strip_sizes(key: str) -> str:
    return " ".join(t for t in key.split() if not SIZE_TOKEN.match(t))


@_MEMO
def strip_dates(key: str) -> str:
    parts = key.split()
    out = []
    for i, t in enumerate(parts):
        if DATE_TOKEN.match(t) and i > 0:
            continue
        if _TWO_DIGITS.fullmatch(t) and i + 1 < len(parts) and _YEAR.fullmatch(parts[i + 1]):
            continue  # "03 2025" in command-a-03-2025
        out.append(t)
    return " ".join(out)


@_MEMO
def strip_formats(key: str) -> str:
    """The key without packaging tokens (GGUF, ONNX, FP8, "q4_0" ...): a repackaging names its model."""
    key = _QUANT.sub(" ", key)
    return " ".join(t for t in key.split() if t not in FORMAT_TOKENS)


def has_format(key: str) -> bool:
    return any(t in FORMAT_TOKENS for t in key.split())


def has_digit(text: str) -> bool:
    return any(ch.isdigit() for ch in text)
