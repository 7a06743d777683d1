"""A hostile corpus cannot make the ingest read outside it, read for ever, or hang (issue 15).

Each case reproduces the outside test: a symlinked "recap" pointing at a secret, a symlink to
/etc/passwd named like an episode page, links to /dev/zero and /dev/urandom, a FIFO named *.md.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from model_data.ingest import safe_read
from model_data.ingest.pipeline import run_ingest
from model_data.ingest.report import review_report, to_csv
from model_data.ingest.markdown_doc import read_document
from model_data.ingest.mentions import Matcher

ROOT = Path(__file__).resolve().parents[1]
FIX = ROOT / "tests" / "fixtures"
SECRET = "deploy-key-AAAAB3NzaC1yc2E Phi-4-mini password=hunter2"


@pytest.fixture()
def corpus(tmp_path) -> Path:
    root = tmp_path / "corpus"
    shutil.copytree(FIX / "corpus", root)
    return root


@pytest.fixture()
def secret(tmp_path) -> Path:
    path = tmp_path / "outside" / "secret.md"
    path.parent.mkdir()
    path.write_text(f"# Recap\n\nWe covered {SECRET} and Llama-9000-Secret today.\n")
    return path


def _ingest(corpus: Path, extras=()):
    return run_ingest([corpus], list(extras), Matcher.from_files(FIX / "aliases.csv", FIX / "not_models.csv"))


def _shipped_text(result) -> str:
    return to_csv(result.episodes) + to_csv(result.mentions) + to_csv(result.candidates) + review_report(result)


def _problem(result, shown: str) -> str:
    found = [why for path, why in result.problems if path == shown]
    assert found, f"{shown} is not named in the review: {result.problems}"
    return found[0]


def test_symlinked_recap_to_a_secret_outside_is_named_and_never_read(corpus, secret):
    link = corpus / "docs" / "blog" / "posts" / "2025-07-21.md"
    link.symlink_to(secret)
    result = _ingest(corpus)
    text = _shipped_text(result)
    assert "hunter2" not in text and "AAAAB3" not in text and "Llama-9000" not in text
    assert "outside the corpus" in _problem(result, "docs/blog/posts/2025-07-21.md")
    assert str(secret) not in text, "the link's target path is not written either"


def test_symlink_to_etc_passwd_named_like_an_episode_page_makes_no_episode(corpus):
    (corpus / "docs" / "model-mondays" / "2026-01-05-s03-e05.md").symlink_to("/etc/passwd")
    result = _ingest(corpus)
    assert "s3e5" not in set(result.episodes.episode_id)
    assert "root:" not in _shipped_text(result)
    assert "outside the corpus" in _problem(result, "docs/model-mondays/2026-01-05-s03-e05.md")


def test_symlink_inside_the_corpus_is_still_read(corpus):
    page = corpus / "docs" / "model-mondays" / "2025-06-16-s02-e01.md"
    before = _ingest(corpus)
    (corpus / "docs" / "blog" / "posts" / "2025-06-16.md").symlink_to(page)
    after = _ingest(corpus)
    assert len(after.episodes) == len(before.episodes)
    assert not [p for p, why in after.problems if "symbolic link" in why]


@pytest.mark.parametrize("device", ["/dev/zero", "/dev/urandom"])
def test_link_to_an_endless_device_is_refused_quickly(corpus, device):
    (corpus / "docs" / "blog" / "posts" / "2025-07-28.md").symlink_to(device)
    result = _run_with_timeout(lambda: _ingest(corpus), 30)
    assert "not read" in _problem(result, "docs/blog/posts/2025-07-28.md")


def test_fifo_named_md_does_not_hang_the_ingest(corpus):
    fifo = corpus / "docs" / "blog" / "posts" / "2025-08-04.md"
    os.mkfifo(fifo)
    result = _run_with_timeout(lambda: _ingest(corpus), 30)
    assert "FIFO" in _problem(result, "docs/blog/posts/2025-08-04.md")


def test_symlinked_folder_is_not_followed_and_named(corpus, secret):
    (corpus / "docs" / "elsewhere").symlink_to(secret.parent, target_is_directory=True)
    result = _ingest(corpus)
    assert "hunter2" not in _shipped_text(result)
    assert "not followed" in _problem(result, "docs/elsewhere")


def test_extra_file_the_user_named_is_read_wherever_it_is_but_a_fifo_is_refused(tmp_path, corpus):
    fifo = tmp_path / "recap.md"
    os.mkfifo(fifo)
    from model_data.ingest.pipeline import CorpusError

    with pytest.raises(CorpusError, match="FIFO"):
        _run_with_timeout(lambda: _ingest(corpus, [fifo]), 30)


def test_read_bytes_safely_counts_bytes_read_not_stat(tmp_path):
    with pytest.raises(safe_read.Refused, match="device"):
        safe_read.read_bytes_safely(Path("/dev/zero"), None, 1000)
    big = tmp_path / "big.md"
    big.write_bytes(b"x" * 1001)
    with pytest.raises(safe_read.Refused, match="1,000-byte limit"):
        safe_read.read_bytes_safely(big, tmp_path, 1000)
    assert safe_read.read_bytes_safely(big, tmp_path, 1001) == b"x" * 1001


def test_read_document_keeps_its_signature_and_names_the_refusal(tmp_path, secret):
    link = tmp_path / "in" / "page.md"
    link.parent.mkdir()
    link.symlink_to(secret)
    doc = read_document(link, "page.md", tmp_path / "in")
    assert not doc.readable and "outside the corpus" in doc.problems[0]
    assert read_document(secret, "secret.md").readable  # an --extra file: root=None


def test_cli_on_a_hostile_corpus_finishes_and_ships_nothing_from_outside(tmp_path, corpus, secret):
    (corpus / "docs" / "blog" / "posts" / "2025-07-21.md").symlink_to(secret)
    (corpus / "docs" / "blog" / "posts" / "2025-07-28.md").symlink_to("/dev/zero")
    os.mkfifo(corpus / "docs" / "blog" / "posts" / "2025-08-04.md")
    out = tmp_path / "out"
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "model_data",
            "ingest",
            "--corpus",
            str(corpus),
            "--out",
            str(out),
            "--aliases",
            str(FIX / "aliases.csv"),
            "--not-models",
            str(FIX / "not_models.csv"),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    shipped = "".join(p.read_text() for p in out.iterdir() if p.is_file())
    assert "hunter2" not in shipped and "Traceback" not in proc.stderr
    review = (out / "review.md").read_text()
    for name in ("2025-07-21.md", "2025-07-28.md", "2025-08-04.md"):
        assert name in review


def _run_with_timeout(fn, seconds: float):
    box: dict = {}

    def target():
        try:
            box["value"] = fn()
        except BaseException as exc:  # noqa: BLE001
            box["error"] = exc

    thread = threading.Thread(target=target, daemon=True)
    thread.start()
    thread.join(seconds)
    assert not thread.is_alive(), f"still running after {seconds} s (hung)"
    if "error" in box:
        raise box["error"]
    return box["value"]
