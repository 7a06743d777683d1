"""Browser end-to-end fixtures: a real `streamlit run app.py` on 127.0.0.1 and Debian's Chromium.

No browser is downloaded: Playwright drives /usr/bin/chromium. The server gets a free port, is
polled on /_stcore/health, and is stopped (its own process id only) when the session ends.
Screenshots go to tests/e2e/screenshots/ (git-ignored); their folder is printed.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"
SHOTS = Path(__file__).resolve().parent / "screenshots"
CHROME_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
               "--disable-sync", "--no-first-run"]


def pytest_configure(config):
    config.addinivalue_line("markers", "e2e: browser end-to-end test (Playwright + Debian Chromium + streamlit run)")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def snapshot_for_e2e() -> str:
    """The shipped snapshot when it has data, else the test fixture (MME_SNAPSHOT_DIR overrides)."""
    if os.environ.get("MME_SNAPSHOT_DIR"):
        return os.environ["MME_SNAPSHOT_DIR"]
    shipped = ROOT / "model_data" / "snapshot"
    if (shipped / "models.csv").exists() and (shipped / "manifest.json").exists():
        return str(shipped)
    return str(ROOT / "tests" / "fixtures" / "snapshot")


@pytest.fixture(scope="session")
def app_url():
    if not Path(CHROMIUM).exists():
        pytest.skip(f"{CHROMIUM} not installed (apt-get install chromium)")
    port = _free_port()
    env = {**os.environ, "MME_SNAPSHOT_DIR": snapshot_for_e2e(), "PYTHONPATH": str(ROOT)}
    SHOTS.mkdir(parents=True, exist_ok=True)
    log = open(SHOTS / "streamlit-server.log", "w")  # git-ignored with the screenshots
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "app.py", "--server.port", str(port), "--server.address",
         "127.0.0.1", "--server.headless", "true", "--browser.gatherUsageStats", "false"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.time() + 60
    try:
        while True:
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as r:
                    if r.status == 200:
                        break
            except OSError:
                pass
            if proc.poll() is not None or time.time() > deadline:
                raise RuntimeError(f"streamlit did not become healthy; see {log.name}")
            time.sleep(0.3)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROME_ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1440, "height": 1000}, accept_downloads=True)
    pg = context.new_page()
    yield pg
    context.close()


@pytest.fixture(scope="session")
def shots() -> Path:
    SHOTS.mkdir(parents=True, exist_ok=True)
    print(f"\nscreenshots: {SHOTS}")
    return SHOTS
