"""A live refresh against a network that does not work gives up fast and says why (issue 15).

The outside test's case: an endpoint that accepts connections and never answers took 397 s on the
leaderboard step, then 138 s per model. Here a socket server on 127.0.0.1 does exactly that.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pandas as pd
import pytest

from model_data.sources import leaderboard, refresh
from tests.helpers import REF, cli, tree_bytes

pytestmark = pytest.mark.slow  # tens of seconds: scheduled before the quick modules (tests/conftest.py)

ROOT = Path(__file__).resolve().parents[1]
FIX = ROOT / "tests" / "fixtures"


class HangingEndpoint:
    """Accepts every connection and never answers, except (with `probe_ok`) the Hub probe."""

    def __init__(self, probe_ok: bool = False):
        self.probe_ok = probe_ok
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(64)
        self.url = f"http://127.0.0.1:{self.sock.getsockname()[1]}"
        self.held: list[socket.socket] = []
        self.paths: list[str] = []
        self.stop = threading.Event()
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self):
        self.sock.settimeout(0.2)
        while not self.stop.is_set():
            try:
                conn, _ = self.sock.accept()
            except OSError:
                continue
            self.held.append(conn)
            threading.Thread(target=self._handle, args=(conn,), daemon=True).start()

    def _handle(self, conn):
        try:
            conn.settimeout(5)
            data = b""
            while b"\r\n\r\n" not in data:
                chunk = conn.recv(4096)
                if not chunk:
                    return
                data += chunk
            path = data.split(b" ", 2)[1].decode()
            self.paths.append(path)
            if self.probe_ok and path.startswith("/api/models?"):
                conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n[]")
        except OSError:
            pass
        # ...and otherwise never answer: the connection stays open until the test ends

    def close(self):
        self.stop.set()
        for conn in self.held:
            conn.close()
        self.sock.close()


@pytest.fixture
def hanging():
    server = HangingEndpoint()
    yield server
    server.close()


@pytest.fixture
def hanging_after_probe():
    server = HangingEndpoint(probe_ok=True)
    yield server
    server.close()


@pytest.fixture
def snap(tmp_path):
    from tests.helpers import py

    folder = tmp_path / "snap"
    aliases = ["--aliases", FIX / "aliases.csv", "--not-models", FIX / "not_models.csv"]
    assert py("ingest", "--corpus", FIX / "corpus", "--out", folder, *aliases).returncode == 0
    assert py("refresh", "--offline", "--reference", REF, "--snapshot", folder).returncode == 0
    return folder


def _live(folder: Path, endpoint: str, *extra: str) -> tuple[subprocess.CompletedProcess, float]:
    started = time.monotonic()
    proc = subprocess.run(
        [sys.executable, "-m", "model_data", "refresh", "--snapshot", str(folder), *extra],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=240,
        env={
            **os.environ,
            "HF_ENDPOINT": endpoint,
            "HF_HUB_OFFLINE": "0",
            "HF_DATASETS_OFFLINE": "0",
            "HF_HOME": str(folder.parent / "hf-home"),
        },
    )
    return proc, time.monotonic() - started


def test_a_hub_that_never_answers_fails_within_a_minute_and_says_why(snap, hanging):
    before = tree_bytes(snap)
    proc, seconds = _live(snap, hanging.url)
    assert proc.returncode == 1 and "Traceback" not in proc.stderr, proc.stderr
    assert "not reachable" in proc.stderr and "did not answer within 10 s" in proc.stderr
    assert seconds < 60
    assert tree_bytes(snap) == before
    assert hanging.paths and all(p.startswith("/api/models?") for p in hanging.paths), "only the probe was tried"


def test_a_leaderboard_that_hangs_after_the_probe_stops_at_the_overall_deadline(snap, hanging_after_probe):
    before = tree_bytes(snap)
    proc, seconds = _live(snap, hanging_after_probe.url, "--deadline", "20", "--timeout", "2")
    assert proc.returncode == 1 and "Traceback" not in proc.stderr, proc.stderr
    assert "overall deadline" in proc.stderr and "the snapshot was not changed" in proc.stderr
    assert seconds < 20 + 15
    assert tree_bytes(snap) == before


def test_model_fetches_that_hang_stop_at_the_overall_deadline(snap, hanging_after_probe, monkeypatch, tmp_path, capsys):
    import huggingface_hub
    from huggingface_hub import constants

    parquet = tmp_path / "contents.parquet"
    pd.read_csv(FIX / "leaderboard" / "contents_sample.csv", keep_default_na=False, na_values=[""]).to_parquet(parquet)
    monkeypatch.setattr(refresh, "CONTENTS_SOURCE", parquet)
    monkeypatch.setattr(refresh, "CONTENTS_CACHE_DIR", str(tmp_path / "datasets-cache"))
    monkeypatch.setattr(constants, "ENDPOINT", hanging_after_probe.url)
    huggingface_hub.close_session()
    before = tree_bytes(snap)
    started = time.monotonic()
    code = cli("--reference", REF, "--snapshot", snap, "--deadline", "6", "--timeout", "1")
    seconds = time.monotonic() - started
    err = capsys.readouterr().err
    assert code == 1 and "deadline" in err and "the snapshot was not changed" in err, err
    assert seconds < 6 + 5
    assert tree_bytes(snap) == before


def test_a_local_folder_named_like_the_leaderboard_is_never_read_as_the_live_one(tmp_path, monkeypatch):
    (tmp_path / "open-llm-leaderboard" / "contents").mkdir(parents=True)
    (tmp_path / "open-llm-leaderboard" / "contents" / "data.csv").write_text("fullname\nfake/model\n")
    monkeypatch.chdir(tmp_path)
    with pytest.raises(ValueError, match="would be read instead of the Hub dataset"):
        leaderboard.load_contents(leaderboard.CONTENTS_REPO)
    with pytest.raises(refresh.SourceError, match="would be read instead of the Hub dataset"):
        refresh.load_sources(None, offline=False, progress=lambda items, **_: items)
