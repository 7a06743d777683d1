"""Start `streamlit run` on 127.0.0.1 and drive Debian's Chromium: shared by bench/ and tests/e2e/.

Everything stays on the loopback interface, every wait is bounded, and every process started
here is stopped by the context managers, also on errors.
"""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_healthy(port: int, proc: subprocess.Popen, timeout: float = 60.0) -> float:
    """Poll /_stcore/health until it answers ok; returns the seconds it took."""
    started = time.monotonic()
    url = f"http://127.0.0.1:{port}/_stcore/health"
    while time.monotonic() - started < timeout:
        if proc.poll() is not None:
            raise RuntimeError(f"streamlit exited with code {proc.returncode} before it was healthy")
        try:
            with urllib.request.urlopen(url, timeout=1) as resp:
                if resp.status == 200:
                    return time.monotonic() - started
        except OSError:
            time.sleep(0.05)
    raise TimeoutError(f"streamlit not healthy on port {port} after {timeout:.0f} s")


@contextlib.contextmanager
def streamlit_server(
    script: Path | str = "app.py",
    port: int | None = None,
    env: dict | None = None,
    cwd: Path = ROOT,
    extra_args: list[str] | None = None,
):
    """Yield (base_url, process, started_at) for a `streamlit run` of `script`."""
    port = port or free_port()
    cmd = [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        str(script),
        "--server.port",
        str(port),
        "--server.address",
        "127.0.0.1",
        "--server.headless",
        "true",
        "--browser.gatherUsageStats",
        "false",
        "--server.fileWatcherType",
        "none",
        *(extra_args or []),
    ]
    started = time.monotonic()
    proc = subprocess.Popen(
        cmd, cwd=cwd, env={**os.environ, **(env or {})}, stdout=subprocess.PIPE, stderr=subprocess.STDOUT
    )
    try:
        wait_healthy(port, proc)
        yield f"http://127.0.0.1:{port}", proc, started
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)


@contextlib.contextmanager
def chromium(playwright):
    browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
    try:
        yield browser
    finally:
        browser.close()


def wait_script_done(page, timeout_ms: int = 30_000) -> None:
    """Until Streamlit's status widget says the script is no longer running."""
    page.wait_for_function(
        "() => !document.querySelector('[data-testid=\"stStatusWidget\"]')"
        " || !document.querySelector('[data-testid=\"stStatusWidget\"]').innerText.includes('Running')",
        timeout=timeout_ms,
    )


class LoggedServer:
    """`streamlit run` with its output drained into memory, so tests can read the server log.

    Draining in a thread also keeps a chatty server from blocking on a full pipe.
    """

    def __init__(self, env: dict | None = None, script: Path | str = "app.py"):
        self.env, self.script, self.lines = env or {}, script, []

    def __enter__(self) -> "LoggedServer":
        self._cm = streamlit_server(self.script, env=self.env)
        self.url, proc, _ = self._cm.__enter__()
        self._drain = threading.Thread(
            target=lambda: self.lines.extend(iter(lambda: proc.stdout.readline().decode("utf-8", "replace"), "")),
            daemon=True,
        )
        self._drain.start()
        return self

    def __exit__(self, *exc) -> None:
        self._cm.__exit__(*exc)
        self._drain.join(timeout=5)

    @property
    def log(self) -> str:
        return "".join(self.lines)
