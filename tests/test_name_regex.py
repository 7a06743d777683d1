"""The mention scan's name regexes (aliases, non-models) are grouped by first character for speed
(issue 23): they must find exactly what one flat alternation of the same names, in the same
order, finds, backtracking included."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from model_data.ingest.mentions import LEFT, RIGHT, _names_regex, _pattern_for


def flat(surfaces: list[str]) -> re.Pattern:
    return re.compile(LEFT + "(" + "|".join(_pattern_for(s) for s in surfaces) + ")" + RIGHT, re.IGNORECASE)


def found(regex: re.Pattern, text: str, *span: int) -> list[tuple[tuple[int, int], str]]:
    return [(m.span(1), m.group(1)) for m in regex.finditer(text, *span)]


SURFACES = ["Phi 4 mini", "Phi-4", "phi", "GPT-4o", "gpt oss", "o1", "Doc AI", "Kelvin"]


def test_first_fitting_name_wins_and_a_failed_boundary_falls_back_to_the_next():
    grouped = _names_regex(SURFACES)
    text = "Phi 4 mini beats phi-4x and PHI, gpt_oss, gpt-4o and O1 (doc ai) \u212aelvin GPT-4o-mini"
    assert grouped.pattern != flat(SURFACES).pattern  # grouped, not the flat fallback
    assert found(grouped, text) == found(flat(SURFACES), text)
    # "phi-4x": "Phi-4" and then "phi" are tried and both fail the right-hand boundary
    assert [g for _, g in found(grouped, text)][:3] == ["Phi 4 mini", "PHI", "gpt_oss"]


word = st.sampled_from(["Phi", "phi", "4", "mini", "GPT", "4o", "oss", "o1", "Doc", "AI", "K", "3.5", "Llama", "ß"])
surface = st.lists(word, min_size=1, max_size=3).map(lambda ws: " ".join(ws))
glue = st.sampled_from([" ", "-", "_", ".", ",", "", "/", " (", "x"])


def test_a_name_starting_with_a_non_ascii_letter_keeps_the_flat_alternation():
    surfaces = ["Ölm 2", "olmo"]
    assert _names_regex(surfaces).pattern == flat(surfaces).pattern


@settings(max_examples=300, deadline=None)
@given(st.lists(surface, min_size=1, max_size=8, unique=True), st.data())
def test_grouped_regex_finds_what_the_flat_alternation_finds(surfaces, data):
    """Lines made of the names themselves and their pieces, glued every way a line glues them."""
    pieces = data.draw(st.lists(st.tuples(st.one_of(word, st.sampled_from(surfaces)), glue), max_size=10))
    text = "".join(w + g for w, g in pieces)
    grouped, plain = _names_regex(surfaces), flat(surfaces)
    assert found(grouped, text) == found(plain, text)
    assert found(grouped, text, 1, max(len(text) - 1, 1)) == found(plain, text, 1, max(len(text) - 1, 1))
