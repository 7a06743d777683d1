"""The content-addressed cache (model_data.cache) and the readers that use it: an entry is used
only while it is intact and belongs to the same bytes; a corrupt, tampered or stale entry is
rebuilt, and a cache that cannot be written costs nothing but time."""

from __future__ import annotations

import json
import shutil

import pytest

from model_data import cache
from model_data.ingest import episode_sources
from tests.test_intake import make_pdf


@pytest.fixture
def store(tmp_path, monkeypatch):
    monkeypatch.setenv("MME_CACHE_DIR", str(tmp_path / "cache"))
    return tmp_path / "cache"


def counting(value):
    calls = []

    def build():
        calls.append(1)
        return value

    return build, calls


def test_a_value_is_built_once_then_read_back(store):
    build, calls = counting({"lines": ["a", "b"], "n": 2})
    key = cache.key_of(b"input bytes", "reader 1")
    assert cache.through("kind", key, build) == {"lines": ["a", "b"], "n": 2}
    assert cache.through("kind", key, build) == {"lines": ["a", "b"], "n": 2}
    assert len(calls) == 1


@pytest.mark.parametrize(
    "damage",
    [
        lambda p: p.write_bytes(b"\x00garbage{"),
        lambda p: p.write_text(""),
        # a value edited without its checksum: never trusted
        lambda p: p.write_text(json.dumps({**json.loads(p.read_text()), "value": {"lines": ["evil"], "n": 2}})),
        # an entry filed under another key (copied file)
        lambda p: p.write_text(json.dumps({**json.loads(p.read_text()), "key": "0" * 64})),
    ],
    ids=["garbage", "empty", "tampered value", "other key"],
)
def test_a_damaged_entry_is_rebuilt_not_trusted(store, damage):
    build, calls = counting({"lines": ["a"], "n": 1})
    key = cache.key_of(b"x")
    cache.through("kind", key, build)
    (entry,) = (store / "kind").glob("*.json")
    damage(entry)
    assert cache.through("kind", key, build) == {"lines": ["a"], "n": 1}
    assert len(calls) == 2
    assert cache.get("kind", key) == {"lines": ["a"], "n": 1}  # rewritten intact


def test_keys_separate_their_parts():
    assert cache.key_of("ab", "c") != cache.key_of("a", "bc")


def test_an_unwritable_cache_only_costs_time(tmp_path, monkeypatch):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("MME_CACHE_DIR", str(blocker / "cache"))
    build, calls = counting(["v"])
    assert cache.through("kind", cache.key_of(b"x"), build) == ["v"]
    assert cache.through("kind", cache.key_of(b"x"), build) == ["v"]
    assert len(calls) == 2


def test_values_json_would_change_are_returned_but_not_stored(store):
    build, calls = counting({1: ("a", "b")})
    assert cache.through("kind", cache.key_of(b"x"), build) == {1: ("a", "b")}
    assert cache.through("kind", cache.key_of(b"x"), build) == {1: ("a", "b")}
    assert len(calls) == 2


def test_pdf_text_comes_from_the_cache_only_for_the_same_bytes(store, tmp_path):
    pdf = tmp_path / "slides.pdf"
    pdf.write_bytes(make_pdf([["Meet Kimi K2.5"], ["distilled from Phi-4"]]))
    first = episode_sources.pdf_document(pdf, "slides.pdf")
    assert (first.lines, first.locations) == (["Meet Kimi K2.5", "distilled from Phi-4"], ["page 1", "page 2"])
    assert len(list((store / "pdf-text").glob("*.json"))) == 1
    again = episode_sources.pdf_document(pdf, "slides.pdf")
    assert (again.lines, again.locations) == (first.lines, first.locations)
    pdf.write_bytes(make_pdf([["Now Gemma 3n"]]))  # same name, new content: a new entry
    changed = episode_sources.pdf_document(pdf, "slides.pdf")
    assert changed.lines == ["Now Gemma 3n"]


def test_a_tampered_pdf_entry_is_not_read(store, tmp_path):
    pdf = tmp_path / "slides.pdf"
    pdf.write_bytes(make_pdf([["Meet Kimi K2.5"]]))
    episode_sources.pdf_document(pdf, "slides.pdf")
    (entry,) = (store / "pdf-text").glob("*.json")
    data = json.loads(entry.read_text())
    data["value"][0] = ["Meet Evil 9000"]
    entry.write_text(json.dumps(data))
    assert episode_sources.pdf_document(pdf, "slides.pdf").lines == ["Meet Kimi K2.5"]


def test_a_deleted_cache_gives_the_same_chapter_file(store, tmp_path):
    path = tmp_path / "s2-e02.yaml"
    path.write_text("title: Episode\npublishDate: 2026-08-10\nchapters:\n  - {start: '0:00', title: Intro}\n")
    schema = None
    first = episode_sources.read_recording(path, "s2-e02.yaml", schema)
    assert len(list((store / "chapter-yaml").glob("*.json"))) == 1
    cached = episode_sources.read_recording(path, "s2-e02.yaml", schema)
    shutil.rmtree(store)
    fresh = episode_sources.read_recording(path, "s2-e02.yaml", schema)
    assert first == cached == fresh
