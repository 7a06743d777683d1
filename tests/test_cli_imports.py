"""`python -m model_data <command>` imports only that command's module: `validate` (run by a
deployment's health check and by every test of a broken snapshot) does not load the ingest's
catalogue and readers; the full help still lists every command."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from model_data.__main__ import MODULES
from tests.apptest_helpers import FIXTURE

ROOT = Path(__file__).resolve().parents[1]
PROBE = """
import sys
from model_data.__main__ import main
code = main(sys.argv[1:])
print(code, sorted(m for m in sys.modules if m.startswith("model_data.ingest") or m.startswith("model_data.sources")))
"""


def run(*argv) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", PROBE, *map(str, argv)], cwd=ROOT, capture_output=True, text=True, timeout=120
    )


def test_validate_runs_without_the_ingest_and_the_sources():
    proc = run("validate", "--snapshot", FIXTURE)
    code, modules = proc.stdout.strip().splitlines()[-1].split(" ", 1)  # after validate's own report
    assert code == "0", proc.stderr
    assert modules == "[]", modules


@pytest.mark.parametrize("argv", [["--help"], ["-h", "validate"]])
def test_the_full_help_describes_every_command(argv):
    """Each command's line in the help is its module's first docstring line (so every module was read)."""
    import importlib
    import os

    proc = subprocess.run(
        [sys.executable, "-m", "model_data", *argv],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "COLUMNS": "400"},  # one line per command
    )
    assert proc.returncode == 0
    for name, module in MODULES.items():
        assert importlib.import_module(module).__doc__.splitlines()[0] in proc.stdout, name


def test_a_command_that_does_not_exist_is_refused_with_the_list():
    proc = subprocess.run(
        [sys.executable, "-m", "model_data", "valdate"], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert proc.returncode == 2 and "invalid choice" in proc.stderr and "validate" in proc.stderr
