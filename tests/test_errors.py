"""Every error the data commands raise on purpose has one base (model_data.errors.ModelDataError), so
the CLI words any of them the same way: one sentence on stderr and its exit code, never a traceback."""

from __future__ import annotations

import ast
import importlib
from pathlib import Path

import pytest

from model_data.__main__ import main
from model_data.errors import ModelDataError, UsageError

ROOT = Path(__file__).resolve().parents[1]


def error_classes() -> list[tuple[str, str]]:
    """(module, class) for every public exception class defined in model_data/."""
    found = []
    for path in sorted((ROOT / "model_data").rglob("*.py")):
        module = ".".join(path.relative_to(ROOT).with_suffix("").parts)
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ClassDef) and not node.name.startswith("_"):
                bases = {ast.unparse(b) for b in node.bases}
                if node.name.endswith(("Error", "Exception")) or bases & {"Exception", "ValueError", "RuntimeError"}:
                    found.append((module, node.name))
    return found


def test_the_scan_finds_the_known_errors():
    names = {name for _, name in error_classes()}
    assert {"SnapshotError", "CorpusError", "SourceError", "DecisionInputError", "UsageError"} <= names


@pytest.mark.parametrize("module,name", error_classes())
def test_every_error_class_derives_from_the_one_base(module, name):
    cls = getattr(importlib.import_module(module), name)
    assert issubclass(cls, ModelDataError), f"{module}.{name}"


def test_usage_errors_exit_with_2_and_the_rest_with_1():
    from model_data.ingest.pipeline import CorpusError
    from model_data.sources.refresh import SourceError
    from model_data.store.snapshot import SnapshotError

    assert CorpusError("x").exit_code == UsageError.exit_code == 2
    assert SourceError("x").exit_code == SnapshotError("x").exit_code == 1


def test_the_cli_words_an_error_no_command_caught(monkeypatch, capsys):
    from model_data.store import validate

    def fail(args):
        raise ModelDataError("models.csv: line 3 has no model_id; fix it and run `python -m model_data validate`")

    monkeypatch.setattr(validate, "run", fail)
    monkeypatch.setenv("HF_TOKEN", "hf_secret_for_the_test")
    assert main(["validate"]) == 1
    err = capsys.readouterr().err
    assert err == "validate: models.csv: line 3 has no model_id; fix it and run `python -m model_data validate`\n"

    def leak(args):
        raise UsageError("bad token hf_secret_for_the_test")

    monkeypatch.setattr(validate, "run", leak)
    assert main(["validate"]) == 2
    assert "hf_secret_for_the_test" not in capsys.readouterr().err
