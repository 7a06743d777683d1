"""Property-based tests: whatever the corpus holds, the ingest never crashes, never hangs,
names every bad file, and gives the same output for the same input."""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

import pandas as pd
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from model_data.store import schema
from model_data.ingest.pipeline import run_ingest
from model_data.ingest.mentions import Matcher

FIX = Path(__file__).resolve().parent / "fixtures"
MATCHER = Matcher.from_files(FIX / "aliases.csv", FIX / "not_models.csv")
PAGE = "docs/model-mondays/2025-06-16-s02-e01.md"
POST = "docs/blog/posts/2025-06-20.md"
GOOD_PAGE = "## News Highlights\n\n- Grok 3 is here\n\n## Tech Spotlight\n\n**Title:** Reasoning\n"

FRAGMENTS = [
    "---",
    "...",
    "title: S2E1 recap",
    "date: 2025-06-16",
    "date:\n    created: 2025-06-16",
    "# S2:E1 Recap",
    "## News Highlights",
    "## Tech Spotlight",
    "### Demo",
    "**Title:** x",
    "**Date:** April 13, 2026",
    "- Phi-4",
    "- DeepSeek R1-10528",
    "Grok 3 Mini and GPT-4o",
    "R1",
    "Zeta-9B-Instruct",
    "Model Router",
    "[Recording](https://www.youtube.com/watch?v=x)",
    "[![b](https://img)](https://youtu.be/y)",
    "| S2:E01 | t |",
    "```",
    "<script>alert(1)</script>",
    "[x](javascript:alert(1))",
    "\ufeff",
    "\x00",
    "\t\t>>>> > > >",
    "S9E99",
    "huggingface.co/microsoft/phi-4",
    "{% youtube abc %}",
    "é ü 中文 🤖",
]

markdownish = st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=80)), max_size=60).flatmap(
    lambda parts: st.sampled_from(["\n", "\r\n", "\r"]).map(lambda nl: nl.join(parts))
)
encodings = st.sampled_from(["utf-8", "utf-8-sig", "cp1252", "utf-16", "latin-1"])


def encoded(text: str, encoding: str) -> bytes:
    return text.encode(encoding, errors="replace")


def ingest_tree(files: dict[str, bytes]):
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        for rel, data in files.items():
            path = root / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
        started = time.monotonic()
        result = run_ingest([root], [], MATCHER)
        return result, time.monotonic() - started


def check_invariants(result, files: dict[str, bytes]) -> None:
    assert list(result.episodes.columns) == schema.EPISODES
    assert list(result.mentions.columns) == schema.MENTIONS
    assert list(result.candidates.columns) == schema.CANDIDATES
    assert set(result.mentions.episode_id) <= set(result.episodes.episode_id)
    assert not result.mentions[["episode_id", "model_id"]].duplicated().any()
    for path, problem in result.problems:
        assert path in files, f"a problem names a file that does not exist: {path}"
        assert problem.strip()
    for row in result.candidates.itertuples():
        assert row.source_path in files and row.line >= 1


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=markdownish, encoding=encodings)
def test_any_markdown_page_is_survived_deterministically(text, encoding):
    files = {PAGE: encoded(text, encoding), POST: encoded("# S2E1 recap\n" + text, encoding)}
    first, seconds = ingest_tree(files)
    check_invariants(first, files)
    assert seconds < 10
    second, _ = ingest_tree(files)
    pd.testing.assert_frame_equal(first.mentions, second.mentions)
    pd.testing.assert_frame_equal(first.episodes, second.episodes)
    assert first.problems == second.problems


@settings(max_examples=100, deadline=None)
@given(data=st.binary(max_size=4000))
@example(data=b"0")  # a JSON scalar where a list of episodes belongs (found by this test)
def test_random_bytes_never_crash_and_bad_files_are_named(data):
    files = {PAGE: GOOD_PAGE.encode(), POST: data, "data/livestreams.json": data}
    result, _ = ingest_tree(files)
    check_invariants(result, files)
    assert "s2e1" in set(result.episodes.episode_id), "a bad neighbour does not lose a good page"
    if b"\x00" in data or not data.strip():
        assert any(p == POST for p, _ in result.problems)


@settings(max_examples=40, deadline=None)
@given(depth=st.integers(1, 3000), marker=st.sampled_from([">", "- ", "  * ", "#", "["]))
def test_deep_nesting_is_read_in_bounded_time(depth, marker):
    text = "\n".join(marker * d + " Phi-4" for d in range(0, depth, max(1, depth // 50))) + "\n" + marker * depth
    files = {PAGE: text.encode()}
    result, seconds = ingest_tree(files)
    check_invariants(result, files)
    assert seconds < 10


def test_front_matter_variants_are_named_not_fatal():
    files = {
        PAGE: GOOD_PAGE.encode(),
        "docs/blog/posts/2025-06-17.md": b"---\ntitle: S2E1\n# never closed\nPhi-4\n",
        "docs/blog/posts/2025-06-18.md": b"---\n: : :\n- - -\n  nested: [unclosed\n---\n# S2E1\nPhi-4\n",
        "docs/blog/posts/2025-06-19.md": b"\xef\xbb\xbf---\r\ntitle: S2E1 recap\r\n---\r\n# S2E1\r\nGrok 3\r\n",
    }
    result, _ = ingest_tree(files)
    check_invariants(result, files)
    assert any("never closed" in m for p, m in result.problems if p.endswith("06-17.md"))
    crlf = result.mentions[result.mentions.model_id == "closed/grok-3"]
    assert len(crlf) == 1


def test_ten_megabyte_file_is_bounded_and_named():
    line = "Phi-4 Zeta-9B GPT-4o " * 20 + "\n"
    files = {PAGE: GOOD_PAGE.encode(), POST: b"# S2E1 recap\n" + line.encode() * (10_000_000 // len(line))}
    result, seconds = ingest_tree(files)
    check_invariants(result, files)
    assert seconds < 60
    assert any(p == POST and "unresolved model-like names" in m for p, m in result.problems)
    assert len(result.candidates) <= 200


def test_thousands_of_files():
    files = {PAGE: GOOD_PAGE.encode()}
    for i in range(3000):
        files[f"docs/blog/posts/2025-{i:04d}.md"] = f"# S2E1 recap {i}\n\n- Phi-4 and Grok 3\n".encode()
    result, seconds = ingest_tree(files)
    check_invariants(result, files)
    assert seconds < 60
    phi = result.mentions[result.mentions.model_id == "microsoft/phi-4"].iloc[0]
    assert len(phi.all_sources.split(";")) == 3000
