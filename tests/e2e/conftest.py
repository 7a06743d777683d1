"""Browser end-to-end fixtures: a real `streamlit run app.py` on 127.0.0.1 and Debian's Chromium.

No browser is downloaded: Playwright drives /usr/bin/chromium. The server gets a free port, is
polled on /_stcore/health, and is stopped (its own process id only) when the session ends.
Screenshots go to tests/e2e/screenshots/ (git-ignored); their folder is printed.
"""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
from bench.harness import CHROMIUM, LoggedServer, chromium  # noqa: E402

SHOTS = Path(__file__).resolve().parent / "screenshots"
VIEWPORT = {"width": 1440, "height": 1000}


def pytest_configure(config):
    config.addinivalue_line("markers", "e2e: browser end-to-end test (Playwright + Debian Chromium + streamlit run)")


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
    SHOTS.mkdir(parents=True, exist_ok=True)
    server = LoggedServer(env={"MME_SNAPSHOT_DIR": snapshot_for_e2e(), "PYTHONPATH": str(ROOT)})
    try:
        with server:
            yield server.url
    finally:
        (SHOTS / "streamlit-server.log").write_text(server.log)  # git-ignored with the screenshots


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p, chromium(p) as b:
        yield b


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    """Keep each phase's report on the test item, so `page` can tell that its test failed."""
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


@pytest.fixture
def page(browser, request):
    context = browser.new_context(viewport=VIEWPORT, accept_downloads=True)
    pg = context.new_page()
    try:
        yield pg
        failed = getattr(request.node, "report_call", None)
        if failed is not None and failed.failed and not pg.is_closed():
            SHOTS.mkdir(parents=True, exist_ok=True)
            shot = SHOTS / f"FAILED-{re.sub(r'[^A-Za-z0-9_.-]+', '_', request.node.name)}.png"
            pg.screenshot(path=str(shot))  # what the page showed when its test failed
            print(f"\nthe failed page at {pg.url}: {shot}")
    finally:
        context.close()  # also when the screenshot itself fails


@pytest.fixture(scope="session")
def shots() -> Path:
    SHOTS.mkdir(parents=True, exist_ok=True)
    print(f"\nscreenshots: {SHOTS}")
    return SHOTS
