"""A test's MME_SNAPSHOT_DIR never leaks into the next test (tests/conftest.py: _test_env, monkeypatch)."""

from __future__ import annotations

import ast
import os
from pathlib import Path

from tests.helpers import use_snapshot

TESTS = Path(__file__).resolve().parent
LEAKED = "/nonexistent/set-by-test_env_isolation"
OWN_PROCESS = {"space_pages.py"}  # run as a script in a process of its own (tests/test_fresh_install.py)


def test_a_test_sets_the_snapshot_dir():
    use_snapshot(Path(LEAKED))
    assert os.environ["MME_SNAPSHOT_DIR"] == LEAKED


def test_the_next_test_does_not_see_it():
    assert os.environ.get("MME_SNAPSHOT_DIR") != LEAKED


def test_no_test_writes_os_environ_directly():
    """os.environ[...] = ..., os.environ.update / setdefault / pop / del in tests/: use monkeypatch or use_snapshot."""
    found = []
    for path in sorted(p for p in TESTS.rglob("*.py") if p.name not in OWN_PROCESS):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            targets = (
                node.targets if isinstance(node, ast.Assign) else node.targets if isinstance(node, ast.Delete) else []
            )
            for t in targets:
                if isinstance(t, ast.Subscript) and ast.unparse(t.value) == "os.environ":
                    found.append(f"{path.name}:{node.lineno}")
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and ast.unparse(node.func.value) == "os.environ"
                and node.func.attr in {"update", "setdefault", "pop", "clear", "__setitem__"}
            ):
                found.append(f"{path.name}:{node.lineno}")
    assert found == []
