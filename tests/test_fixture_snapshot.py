"""The page tests' fixture snapshot is one the pipeline could have written: built through the real
writer (tests/fixtures/build_snapshot.py) and valid by `python -m model_data validate`."""

from __future__ import annotations

from tests.fixtures import build_snapshot
from tests.helpers import run_validate


def test_the_fixture_snapshot_validates(fixture_snapshot):
    assert run_validate(fixture_snapshot) == 0


def test_the_fixture_snapshot_is_what_its_builder_writes(fixture_snapshot, tmp_path):
    out = tmp_path / "rebuilt"
    out.mkdir()
    build_snapshot.build(fixture_snapshot, out)
    committed = {p.name: p.read_bytes() for p in fixture_snapshot.iterdir() if p.is_file()}
    rebuilt = {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()}
    assert sorted(rebuilt) == sorted(committed) and "overview.json" in rebuilt
    assert rebuilt == committed
