"""Shared test set-up: the repo root, the fixture snapshot, the refresh fixtures, and a Hub client reset after each test.

pytest.ini puts the repo root on sys.path (pythonpath = .), so no test edits sys.path.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import httpx2
import huggingface_hub
from huggingface_hub import constants
from huggingface_hub.errors import OfflineModeIsEnabled
import pandas as pd
import pytest

from model_data.sources import hub, refresh
from model_data.store import snapshot, validate
from tests.fixtures.hub.mock_hub import ScriptedHub
from tests import helpers
from tests.helpers import FIX, cli, tree_bytes

ROOT = Path(__file__).resolve().parents[1]
FIXTURE_SNAPSHOT = ROOT / "tests" / "fixtures" / "snapshot"


def _offline_guard(request: httpx2.Request) -> None:
    if constants.is_offline_mode():
        raise OfflineModeIsEnabled(f"Cannot reach {request.url}: offline mode is enabled (HF_HUB_OFFLINE)")


def plain_hub_client() -> httpx2.Client:
    """huggingface_hub's client between tests, built from public API only: like its default one
    (redirects followed, no timeout, HF_HUB_OFFLINE honoured), without a scripted Hub behind it."""
    return httpx2.Client(event_hooks={"request": [_offline_guard]}, follow_redirects=True, timeout=None)


@pytest.fixture(autouse=True)
def _hub_client_reset():
    """A test may install a scripted Hub with huggingface_hub.set_client_factory; none leaks into the next."""
    yield
    huggingface_hub.set_client_factory(plain_hub_client)


@pytest.fixture(autouse=True)
def _test_env(monkeypatch):
    """Environment a test sets through tests.helpers.use_snapshot (MME_SNAPSHOT_DIR) is undone after it."""
    helpers._ENV.append(monkeypatch)
    yield monkeypatch
    helpers._ENV.remove(monkeypatch)


@pytest.fixture(scope="session", autouse=True)
def _cache_dir(tmp_path_factory):
    """The tests never read or fill the repository's .cache (model_data.cache): one per session."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("MME_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))
        yield


@pytest.fixture(scope="session")
def fixture_snapshot() -> Path:
    """The small hand-checked snapshot the page tests read (tests/fixtures/snapshot)."""
    return FIXTURE_SNAPSHOT


@pytest.fixture(scope="module")
def contents_parquet(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("contents") / "contents.parquet"
    pd.read_csv(FIX / "contents_sample.csv", keep_default_na=False, na_values=[""]).to_parquet(path)
    return path


@pytest.fixture
def hubrun(tmp_path, monkeypatch, contents_parquet, capsys):
    """A copy of the shipped snapshot and a runner for live refreshes of it against a ScriptedHub.

    `hubrun(script, *argv)` returns (exit code, stdout, stderr); `hubrun.before` is the copy's
    bytes before any run, `hubrun.sleeps` every wait the retry loop asked for (recorded, not slept).
    """
    if not (snapshot.DEFAULT_DIR / "models.csv").exists():
        pytest.skip("shipped snapshot not built yet (model_data/snapshot/)")
    folder = tmp_path / "snap"
    shutil.copytree(snapshot.DEFAULT_DIR, folder)
    monkeypatch.setattr(refresh, "CONTENTS_SOURCE", contents_parquet)
    monkeypatch.setattr(refresh, "CONTENTS_CACHE_DIR", str(tmp_path / "datasets-cache"))
    sleeps: list[float] = []
    monkeypatch.setattr(hub, "_sleep", sleeps.append)

    def run(script=None, *extra) -> tuple[int, str, str]:
        fake = ScriptedHub(script)
        run.hub = fake
        huggingface_hub.set_client_factory(fake.client)
        capsys.readouterr()
        code = cli("--snapshot", folder, *extra)
        out, err = capsys.readouterr()
        return code, out, err

    run.folder, run.sleeps = folder, sleeps
    run.before = tree_bytes(folder)
    assert validate.check_folder(folder) == [], "the shipped snapshot must be valid to start from"
    yield run


def pytest_collection_modifyitems(config, items):
    """Browser files first, then the slow ones, then the rest (a stable sort: a file's tests keep their
    order). With pytest-xdist's `--dist loadfile --no-loadscope-reorder` this is the order files are
    handed to the workers: the machine is CPU-bound throughout, and a long file started last kept the
    other workers idle for its last ~40 s."""
    items.sort(key=lambda item: 0 if item.get_closest_marker("e2e") else 1 if item.get_closest_marker("slow") else 2)
