"""Resource bombs and hostile file names in a corpus (issue 25): each is bounded by counts, never by
time, and named escaped, so a file name cannot add a line to the warnings or to review.md."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest
from pypdf import PdfWriter

from model_data.ingest import episode_sources, report, safe_read
from model_data.ingest.mentions import Matcher
from model_data.ingest.pipeline import run_ingest

FIX = Path(__file__).resolve().parent / "fixtures"
MATCHER = Matcher.from_files(FIX / "aliases.csv", FIX / "not_models.csv")
PAGE = "docs/model-mondays/2025-06-16-s02-e01.md"
GOOD_PAGE = "## News Highlights\n\n- Grok 3 is here\n\n## Tech Spotlight\n\n**Title:** Reasoning\n"


def tree(root: Path, files: dict) -> Path:
    for rel, data in files.items():
        path = root / os.fsdecode(rel) if isinstance(rel, bytes) else root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    return root


def test_a_yaml_alias_bomb_is_refused_quickly_and_the_message_does_not_expand_it(tmp_path):
    levels = ["a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    for i in range(1, 10):
        levels.append(f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]")
    bomb = tmp_path / "s3-e01-2025-12-01.yaml"
    bomb.write_text("\n".join(levels) + "\ntitle: *a9\n")
    started = time.monotonic()
    rec, problems = episode_sources.read_recording(bomb, bomb.name, {"type": "object", "required": ["id"]})
    assert rec is None and "aliases" in problems[0] and len(problems[0]) < 300
    assert time.monotonic() - started < 2


def _pdf(pages: int) -> bytes:
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(200, 200)
    import io

    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_a_pdf_is_read_up_to_a_page_count_not_a_time(tmp_path, monkeypatch):
    monkeypatch.setattr(episode_sources, "MAX_PDF_PAGES", 5)
    path = tmp_path / "deck.pdf"
    path.write_bytes(_pdf(12))
    doc = episode_sources.pdf_document(path, "deck.pdf")
    assert any("up to page 5 of 12" in p for p in doc.problems)


def test_folders_nested_past_the_limit_are_named_not_a_recursion_error(tmp_path):
    deep = tmp_path / "corpus"
    deep.mkdir()
    fd = os.open(deep, os.O_RDONLY)
    try:  # 1,100 levels (past Python's recursion limit), made relative to each parent: no path is too long
        for _ in range(1100):
            os.mkdir("d", dir_fd=fd)
            child = os.open("d", os.O_RDONLY, dir_fd=fd)
            os.close(fd)
            fd = child
    finally:
        os.close(fd)
    try:
        files, refused = safe_read.walk(deep)
    finally:
        _remove_chain(deep)
    assert not files
    assert any("nested deeper" in why for _, why in refused)


def _remove_chain(top: Path) -> None:
    """Remove a chain of nested "d" folders without recursion (shutil.rmtree would recurse)."""
    fds = [os.open(top, os.O_RDONLY)]
    while True:
        try:
            fds.append(os.open("d", os.O_RDONLY, dir_fd=fds[-1]))
        except FileNotFoundError:
            break
    for parent in reversed(fds[:-1]):
        os.rmdir("d", dir_fd=parent)
    for fd in fds:
        os.close(fd)


HOSTILE_NAMES = [
    "docs/blog/posts/2025-06-17 x\n- [click](http://evil.example)\n.md",
    "docs/blog/posts/2025-06-18 \u202egnp.md",
    b"docs/blog/posts/2025-06-19 bad\xff.md",
]


def test_hostile_file_names_are_shown_escaped_and_named(tmp_path, capsys):
    files = {PAGE: GOOD_PAGE.encode()}
    for name in HOSTILE_NAMES:
        files[name] = b"\xff\xfe\x00not text"  # a file the ingest reports, by name
    root = tree(tmp_path / "corpus", files)
    result = run_ingest([root], [], MATCHER)
    text = report.review_report(result)
    assert not any(line.startswith("- [click]") for line in text.splitlines())
    assert "\u202e" not in text
    assert "bad\\xff.md" in text, "an undecodable name is named, its byte shown"
    report.inputs_digest([root], [])  # a name that is not UTF-8 does not stop the digest


def test_a_transcript_is_cut_by_line_count_the_same_on_any_machine(tmp_path, monkeypatch):
    from model_data.ingest import job

    monkeypatch.setattr(job, "SCAN_LINES_PER_FILE", 100)
    files = {PAGE: GOOD_PAGE.encode() + b"".join(b"- Phi-4 and Grok 3 line %d\n" % i for i in range(300))}
    root = tree(tmp_path / "corpus", files)
    results = [run_ingest([root], [], MATCHER) for _ in range(2)]
    assert any("at most 100 lines" in m for _, m in results[0].problems)
    assert results[0].problems == results[1].problems


@pytest.mark.parametrize("name", ["a\nb", "x\u202ey", "bad\udcffname", "`tick`"])
def test_code_spans_keep_every_name_on_one_line(name):
    from model_data.printable import code

    shown = code(name)
    assert "\n" not in shown and "\u202e" not in shown and shown.startswith("`")
