"""The one normalisation rule for model names (model_data.ingest.names) and caption joining."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from model_data.ingest.episode_sources import looks_like_captions, seconds_of, transcript_document
from model_data.ingest.markdown_doc import Document
from model_data.ingest.names import name_key, strip_dates, strip_formats, strip_sizes


@pytest.mark.parametrize(
    "a, b",
    [
        ("Llama 3.3 70B", "meta-llama/Llama-3.3-70B-Instruct".split("/")[1]),  # case, hyphens, Instruct
        ("Qwen3", "qwen 3"),  # joined and spaced digits
        ("Gemma 3n E4B", "gemma-3n-E4B-it"),  # -it suffix, E4B size
        ("GLM\u20114.7\u2011Flash", "GLM-4.7-Flash"),  # non-breaking hyphens
        ("Kimi K2.5", "Kimi-K2.5"),
        ("FLUX.1 Kontext", "flux 1 kontext"),  # a dot that is not a decimal
        ("Qwen3-30B-A3B", "qwen3 30b a3b"),  # active-parameter token
    ],
)
def test_spellings_of_one_model_meet(a, b):
    assert name_key(a) == name_key(b)


@pytest.mark.parametrize(
    "a, b",
    [
        ("Llama 3.3 70B", "Llama 3.1 70B"),  # versions differ
        ("Llama 3.3 70B", "Llama 3.3 8B"),  # sizes differ
        ("DeepSeek-V3", "DeepSeek-V3-Base"),  # the base model is another model
        ("Phi-4", "Phi-4-mini"),
        ("Gemma 3n E2B", "Gemma 3n E4B"),
    ],
)
def test_different_models_do_not_meet(a, b):
    assert name_key(a) != name_key(b)


def test_size_date_and_packaging_tokens_can_be_left_out_on_purpose():
    key = name_key("Qwen3-235B-A22B-Instruct-2507")
    assert key == "qwen 3 235b a22b 2507"
    assert strip_dates(key) == "qwen 3 235b a22b" and strip_sizes(key) == "qwen 3 2507"
    assert strip_formats(name_key("gemma-3-27b-it-qat-q4_0-gguf")) == "gemma 3 27b"
    assert strip_formats(name_key("NVIDIA-Nemotron-3-Super-120B-A12B-BF16")) == "nvidia nemotron 3 super 120b a12b"


NAME_PART = st.sampled_from(
    [
        "Llama",
        "Qwen3",
        "Phi",
        "GLM",
        "Kimi",
        "K2.5",
        "3.3",
        "70B",
        "A3B",
        "E4B",
        "Flash",
        "mini",
        "Instruct",
        "it",
        "v0.3",
        "4o",
        "Coder",
        "Next",
    ]
)
SEPARATOR = st.sampled_from([" ", "-", "_", "  ", " - ", "\u2011"])


@settings(max_examples=200, deadline=None)
@given(
    st.lists(NAME_PART, min_size=1, max_size=6),
    st.lists(SEPARATOR, min_size=6, max_size=6),
    st.lists(SEPARATOR, min_size=6, max_size=6),
)
def test_key_ignores_case_and_separator_choice(parts, seps_a, seps_b):
    a = "".join(p + s for p, s in zip(parts, seps_a)).strip(" -_\u2011")
    b = "".join(p + s for p, s in zip(parts, seps_b)).strip(" -_\u2011")
    assert name_key(a) == name_key(b) == name_key(b.upper()) == name_key(a.lower())


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=60))
def test_key_is_idempotent_and_never_raises(text):
    key = name_key(text)
    assert name_key(key) == key
    assert key == key.strip() and "  " not in key


# -- captions ----------------------------------------------------------------------------------------
def captions_doc(lines: list[str]) -> Document:
    return Document(path="t.txt", lines=lines)


def test_stamps_are_read_in_every_common_shape():
    assert [seconds_of(s) for s in ("0:05", "12:34", "1:02:03", "x")] == [5, 754, 3723, None]
    doc = transcript_document(captions_doc(["[00:01:05] hello", "00:02:10,500 --> 00:02:12,000", "Kimi K2.5"]))
    assert doc.seconds == [65, 130] and doc.locations == ["1:05", "2:10"]


WORD = st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=1, max_size=8)


@settings(max_examples=150, deadline=None)
@given(
    st.lists(st.lists(WORD, min_size=1, max_size=6).map(" ".join), min_size=2, max_size=12),
    st.integers(min_value=0, max_value=10),
)
def test_every_adjacent_pair_of_captions_is_read_together_once(captions, split_at):
    doc = transcript_document(captions_doc(captions))
    assert len(doc.lines) == len(captions)
    for i in range(len(captions) - 1):
        assert doc.lines[i] == captions[i] + " " + captions[i + 1]
        assert doc.limits[i] == len(captions[i])  # a hit counts only where it starts
    assert doc.lines[-1] == captions[-1]


def test_caption_files_are_told_from_prose():
    assert looks_like_captions(["0:01 hi", "0:03 there", "0:05 all"])
    assert looks_like_captions(["WEBVTT", "", "00:00:01.000 --> 00:00:02.000", "hi"])
    assert not looks_like_captions(["# A recap", "", "A long paragraph of prose " * 8])
