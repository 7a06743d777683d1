"""A checkout on any platform serves the shipped snapshot: .gitattributes keeps its bytes exact even
when git would convert line endings (core.autocrlf=true, Git for Windows' default)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from model_data.store import snapshot

ROOT = Path(__file__).resolve().parents[1]
SNAPSHOT = Path("model_data") / "snapshot"


def git(*args, cwd: Path) -> str:
    env = {"GIT_CONFIG_GLOBAL": "/dev/null", "GIT_CONFIG_NOSYSTEM": "1", "PATH": "/usr/bin:/bin"}
    done = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, env=env, timeout=60)
    assert done.returncode == 0, done.stderr
    return done.stdout


def crlf_clone(tmp_path: Path, attributes: bool) -> Path:
    """The snapshot committed with (or without) this repo's .gitattributes, cloned with autocrlf=true."""
    origin = tmp_path / "origin"
    shutil.copytree(ROOT / SNAPSHOT, origin / SNAPSHOT, ignore=shutil.ignore_patterns(".*"))
    if attributes:
        shutil.copy(ROOT / ".gitattributes", origin / ".gitattributes")
    git("init", "-q", cwd=origin)
    git("-c", "user.name=t", "-c", "user.email=t@t", "add", "-A", cwd=origin)
    git("-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "snapshot", cwd=origin)
    git("-c", "core.autocrlf=true", "clone", "-q", "--config", "core.autocrlf=true", str(origin), "clone", cwd=tmp_path)
    return tmp_path / "clone" / SNAPSHOT


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
def test_a_crlf_clone_keeps_the_snapshot_byte_exact(tmp_path):
    clone = crlf_clone(tmp_path, attributes=True)
    for path in sorted((ROOT / SNAPSHOT).glob("*")):
        if path.is_file() and not path.name.startswith("."):
            assert (clone / path.name).read_bytes() == path.read_bytes(), path.name
    assert snapshot.verify(clone) == []


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
def test_without_the_attributes_a_crlf_clone_would_break_the_hashes(tmp_path):
    """The test above can fail: this is what it guards against."""
    assert snapshot.verify(crlf_clone(tmp_path, attributes=False)) != []
