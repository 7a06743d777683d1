"""The spoken-text normaliser: speech-to-text written back as model names are written."""

from __future__ import annotations

import re

import pytest
from hypothesis import example, given, settings, strategies as st

from model_data.ingest import spoken
from model_data.ingest.spoken import column, load_phonetic, normalise, rewrite


@pytest.mark.parametrize(
    "heard, written",
    [
        ("llama three point three seventy b", "llama 3.3 70B"),
        ("qwen three thirty two B", "qwen 3 32B"),
        ("mix trial eight by seven b", "mixtral 8x7B"),
        ("kimi k two point five", "kimi K2.5"),
        ("deepseek vee three", "deepseek V3"),
        ("deep seek r one is the best", "deepseek R1 is the best"),
        ("small L M three", "smollm 3"),
        ("open chat three point five", "openchat 3.5"),
        ("g l m four point seven flash", "GLM 4.7 flash"),
        ("gemma three n e two b", "gemma 3 n E2B"),
        ("qwen three thirty b a three b", "qwen 3 30B A3B"),
        ("one hundred twenty b", "120B"),
        ("fi four mini", "phi 4 mini"),
        ("twenty twenty five", "2025"),
    ],
)
def test_spoken_names_are_written_as_names(heard, written):
    assert normalise(heard) == written


@pytest.mark.parametrize(
    "text",
    [
        "which one is the best of them",  # "one" as a pronoun
        "a three b model",  # an article, not the active-parameter letter
        "mistral small, three of them",  # a comma keeps the words apart
        "the Northern aurora",
        "Llama-3.3-70B-Instruct and phi-4",  # already written
    ],
)
def test_what_is_not_a_spoken_name_stays_as_it_is(text):
    out = normalise(text)
    assert out == text or out in ("a 3B model", "mistral small, 3 of them")


def test_caption_limits_map_through_the_rewrite():
    text = "we ran llama three point three seventy b"
    out, origin = rewrite(text)
    assert out == "we ran llama 3.3 70B"
    assert column(origin, text.index("llama")) == out.index("llama")
    assert column(origin, len(text)) == len(out)


def test_the_phonetic_table_cannot_feed_itself():
    """Idempotence of the table: no written form contains a heard form as a whole word."""
    table = load_phonetic()
    for h in table:
        assert not any(ch.isdigit() for ch in " ".join(h.words)), h
        written = h.written.lower().split()
        for other in table:
            n = len(other.words)
            assert all(tuple(written[i : i + n]) != other.words for i in range(len(written))), (h, other)


WORDS = sorted(spoken.VOCABULARY | set(spoken.LETTER_NAMES) | {" ".join(h.words) for h in load_phonetic()})
spoken_text = st.lists(
    st.one_of(
        st.sampled_from(WORDS),
        st.sampled_from(["k", "v", "l", "m", "a", "i", "b", "e", "one", "the", "model", "qwen", "3", "2.5", "70b"]),
        st.from_regex(r"[a-z]{1,8}|\d{1,3}(\.\d)?", fullmatch=True),
        st.sampled_from([",", ".", "-", "(", ")"]),
    ),
    max_size=14,
).map(" ".join)


@settings(max_examples=300, deadline=None)
@given(spoken_text)
@example("ten dot ten")  # found by this test: a number after the point that only the second reading joined
def test_normalising_twice_changes_nothing(text):
    once = normalise(text)
    assert normalise(once) == once


@settings(max_examples=300, deadline=None)
@given(spoken_text)
def test_a_written_digit_is_never_lost(text):
    digits = "".join(re.findall(r"\d", text))
    out = iter("".join(re.findall(r"\d", normalise(text))))
    assert all(d in out for d in digits), "the written digits are a subsequence of the output's"


plain_words = st.lists(
    st.from_regex(r"[a-z]{4,9}", fullmatch=True).filter(
        lambda w: (
            w not in spoken.VOCABULARY
            and w not in spoken.LETTER_NAMES
            and all(w not in h.words for h in load_phonetic())
        )
    ),
    max_size=12,
).map(" ".join)


@settings(max_examples=200, deadline=None)
@given(plain_words)
def test_text_without_spoken_forms_is_unchanged(text):
    assert normalise(text) == text


@settings(max_examples=200, deadline=None)
@given(spoken_text)
def test_every_output_column_comes_from_an_input_column_in_order(text):
    out, origin = rewrite(text)
    assert len(origin) == len(out)
    assert origin == sorted(origin) and all(0 <= c <= len(text) for c in origin)


def _phonetic_trying_every_entry(tokens, table):
    """The phonetic pass as first written: at each token, every entry of the table in its order."""
    return spoken._scan(tokens, lambda token: table)


def _with_prefixes(table):
    """The table plus, for each entry of several words, one heard as its first word alone (a shorter
    entry inside a longer one, which only the table's order keeps from winning), longest first."""
    extra = [spoken.Heard(h.words[:1], f"{h.words[0]}-alone", False) for h in table if len(h.words) > 1]
    return tuple(sorted([*table, *dict.fromkeys(extra)], key=lambda h: -len(h.words)))


@settings(max_examples=300, deadline=None)
@given(spoken_text, st.booleans(), st.booleans())
def test_the_phonetic_pass_by_first_word_finds_what_trying_every_entry_finds(text, capital, prefixes):
    """_phonetic looks only at the entries whose first word is the token's (in the table's order): the
    same spans and written forms as trying every entry at every token, the way it was first written."""
    table = _with_prefixes(load_phonetic()) if prefixes else load_phonetic()
    tokens = spoken._tokens(text.title() if capital else text)
    assert spoken._phonetic(tokens, table) == _phonetic_trying_every_entry(tokens, table)
