"""Every network step runs against the wall clock (issue 25): a server on 127.0.0.1 that sends its
headers and then one byte every 3 s never trips a per-read timeout, yet the refresh stops at
`--timeout` / `--deadline`; a redirect loop is one sentence, not a traceback."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from model_data.ingest.catalogue import HubSearch

pytestmark = pytest.mark.slow  # tens of seconds: scheduled before the quick modules (tests/conftest.py)

ROOT = Path(__file__).resolve().parents[1]
FIXTURE = ROOT / "tests" / "fixtures" / "snapshot"


class Endpoint:
    """A local HTTP endpoint: `drip` answers 200 and then one byte every 3 s; `loop` redirects to
    itself; with `probe_ok` the Hub probe (/api/models?limit=1) gets a quick, proper answer."""

    def __init__(self, mode: str, probe_ok: bool = False):
        self.mode, self.probe_ok = mode, probe_ok
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(64)
        self.url = f"http://127.0.0.1:{self.sock.getsockname()[1]}"
        self.stop = threading.Event()
        self.conns: list[socket.socket] = []
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self):
        self.sock.settimeout(0.2)
        while not self.stop.is_set():
            try:
                conn, _ = self.sock.accept()
            except OSError:
                continue
            self.conns.append(conn)
            threading.Thread(target=self._handle, args=(conn,), daemon=True).start()

    def _handle(self, conn):
        try:
            data = b""
            while b"\r\n\r\n" not in data:
                chunk = conn.recv(4096)
                if not chunk:
                    return
                data += chunk
            path = data.split(b" ", 2)[1]
            if self.probe_ok and path.startswith(b"/api/models?"):
                conn.sendall(b"HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 2\r\n\r\n[]")
                conn.close()
                return
            if self.mode == "loop":
                conn.sendall(b"HTTP/1.1 307 Temporary Redirect\r\nConnection: close\r\nLocation: " + path + b"\r\n\r\n")
                conn.close()
                return
            conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n")
            while not self.stop.is_set():
                conn.sendall(b" ")
                self.stop.wait(3)
        except OSError:
            pass

    def close(self):
        self.stop.set()
        for conn in self.conns:
            conn.close()
        self.sock.close()


@pytest.fixture
def endpoint():
    made: list[Endpoint] = []

    def make(mode: str, probe_ok: bool = False) -> Endpoint:
        made.append(Endpoint(mode, probe_ok))
        return made[-1]

    yield make
    for e in made:
        e.close()


def refresh_against(tmp_path: Path, url: str, *extra: str) -> tuple[subprocess.CompletedProcess, float]:
    snap = tmp_path / "snap"
    shutil.copytree(FIXTURE, snap)
    started = time.monotonic()
    proc = subprocess.run(
        [sys.executable, "-m", "model_data", "refresh", "--snapshot", str(snap), *extra],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        env={
            **os.environ,
            "HF_ENDPOINT": url,
            "HF_HUB_OFFLINE": "0",
            "HF_DATASETS_OFFLINE": "0",
            "HF_HOME": str(tmp_path / "hf-home"),
        },
    )
    return proc, time.monotonic() - started


def test_a_dripping_probe_gives_up_at_the_timeout(tmp_path, endpoint):
    proc, seconds = refresh_against(tmp_path, endpoint("drip").url, "--timeout", "5", "--deadline", "60")
    assert proc.returncode == 1 and "Traceback" not in proc.stderr, proc.stderr[-2000:]
    assert "did not answer within 5 s" in proc.stderr
    assert seconds < 20


def test_a_server_dripping_after_the_probe_cannot_run_past_the_deadline(tmp_path, endpoint):
    proc, seconds = refresh_against(tmp_path, endpoint("drip", probe_ok=True).url, "--timeout", "5", "--deadline", "20")
    assert "Traceback" not in proc.stderr, proc.stderr[-2000:]
    assert seconds < 20 + 15, proc.stderr[-2000:]
    assert proc.returncode == 1 and "the snapshot was not changed" in proc.stderr


@pytest.mark.parametrize("probe_ok", [False, True], ids=["at the probe", "after the probe"])
def test_a_redirect_loop_is_one_sentence(tmp_path, endpoint, probe_ok):
    proc, seconds = refresh_against(tmp_path, endpoint("loop", probe_ok).url, "--timeout", "5", "--deadline", "30")
    assert "Traceback" not in proc.stderr, proc.stderr[-2000:]
    assert seconds < 60
    assert proc.returncode == 1 and "redirect" in proc.stderr.splitlines()[-1]


def test_the_ingests_hub_search_is_bounded_by_the_wall_clock():
    class Slow:
        def model_info(self, repo_id):
            time.sleep(30)

        def list_models(self, **kwargs):
            time.sleep(30)
            return []

    search = HubSearch(Slow(), timeout=0.5)
    started = time.monotonic()
    assert search.exists("microsoft/phi-4") is None
    assert search.near("Phi 4") == []
    assert time.monotonic() - started < 3
