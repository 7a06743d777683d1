"""Browser half of issue 6: hostile data and hostile links in a real Chromium against `streamlit run`.

With a snapshot whose every text and URL cell is an attack (tests/hostile_snapshot.py), every page, in
normal and presenter mode: no dialog fires, no <script>/<iframe>/<img src=x> is created from data, no
link points at javascript:, and the browser requests nothing but 127.0.0.1 (never the tracker image).
A page that fails shows no traceback; the server log has it.
"""

from __future__ import annotations

import hashlib
import json
import sys
import time
from pathlib import Path
from urllib.parse import quote, urlparse

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from bench.harness import LoggedServer  # noqa: E402
from tests.e2e.test_browser import DRAWN_JS, settle  # noqa: E402
from tests.hostile_snapshot import INJECTIONS, TRACKER, build  # noqa: E402
from ui import page_registry  # noqa: E402

pytestmark = pytest.mark.e2e

MODELS = [
    "microsoft/phi-4",
    "meta-llama/Llama-3.1-8B-Instruct",
    "Qwen/Qwen2.5-7B-Instruct",
    "nvidia/parakeet-tdt-0.6b-v3",
    "closed/gpt-4o",
    "google/gemma-2-9b-it",
]
VISITS = {
    "overview": "/",
    "episodes-s1e1": "/episodes?episode=s1e1",
    "episodes-s3e3": "/episodes?episode=s3e3",
    "models": "/models",
    "compare": "/compare?" + "&".join(f"models={quote(m, safe='')}" for m in MODELS),
    "licences": "/licences?want=startup_product",
    "data-candidates": "/data?table=candidates",
    "episodes-present": "/episodes?episode=s2e3&present=1",
    "models-present": "/models?present=1",
    "licences-present": "/licences?want=startup_product&present=1",
    "compare-present": "/compare?present=1&" + "&".join(f"models={quote(m, safe='')}" for m in MODELS),
    "hostile-url": "/models?q="
    + quote("<script>alert(1)</script>")
    + "&license="
    + quote("<img src=x onerror=alert(1)>")
    + "&highlight="
    + quote("[x](javascript:alert(1))"),
}
for _p in page_registry.PAGES:  # every page of the registry, a new one included
    if not any(k.split("-")[0] == _p.url_path for k in VISITS):
        VISITS[_p.url_path] = f"/{_p.url_path}?{page_registry.sample_query(_p)}"


def Server(snapshot: Path) -> LoggedServer:
    return LoggedServer(env={"MME_SNAPSHOT_DIR": str(snapshot), "PYTHONPATH": str(ROOT)})


@pytest.fixture(scope="module")
def hostile_server(tmp_path_factory):
    with Server(build(tmp_path_factory.mktemp("hostile-e2e") / "snapshot")) as server:
        yield server


def watch(page) -> tuple[list[str], list[str]]:
    dialogs, requests = [], []
    page.on("dialog", lambda d: (dialogs.append(f"{d.type}: {d.message}"), d.dismiss()))
    page.on("request", lambda r: requests.append(r.url))
    return dialogs, requests


# The page icon is an emoji drawn by the browser (dashboard.py): no request may leave the machine.
APP_ICON_REQUESTS: set[str] = set()

COUNTS = {
    "script from data": "script:not([src])",  # checked for data content below
    "iframe": "iframe",
    "img src=x": 'img[src="x"]',
    "tracker img": 'img[src*="127.0.0.1:9"]',
    "javascript: link": 'a[href^="javascript:" i]',
    "data: link": 'a[href^="data:" i]',
    "non-https link": 'a[href^="http:"]:not([href^="http://127.0.0.1"])',
    "autolink from data": 'a[href*="evil.example"]',
    "mailto link": 'a[href^="mailto:" i]',
}


@pytest.mark.parametrize("name", list(VISITS))
def test_hostile_data_never_runs_and_nothing_is_fetched(hostile_server, browser, name):
    context = browser.new_context(viewport={"width": 1440, "height": 1800})
    page = context.new_page()
    dialogs, requests = watch(page)
    try:
        page.goto(hostile_server.url + VISITS[name])
        settle(page)
        page.mouse.wheel(0, 4000)  # lazy parts of the page draw too
        page.wait_for_function(DRAWN_JS, timeout=30_000)
        time.sleep(0.3)
        scripts_with_data = page.evaluate(
            "() => [...document.scripts].filter(s => /alert\\(1\\)|7\\*7/.test(s.textContent)).length"
        )
        assert scripts_with_data == 0
        for what, selector in COUNTS.items():
            if what != "script from data":
                assert page.locator(selector).count() == 0, f"{what}: {selector}"
        assert dialogs == []
        for url in requests:
            parts = urlparse(url)
            assert parts.scheme in {"http", "https", "ws", "wss", "data", "blob"}, url
            if parts.scheme in {"http", "https", "ws", "wss"} and url not in APP_ICON_REQUESTS:
                assert parts.hostname == "127.0.0.1", f"left the machine: {url}"
                assert parts.port != 9 and TRACKER not in url, f"tracker fetched: {url}"
        body = page.inner_text("body")
        assert "Traceback" not in body and 'File "' not in body
        assert page.locator('[data-testid="stException"]').count() == 0
    finally:
        context.close()


def test_app_icon_is_served_locally(hostile_server, browser):
    page = browser.new_page()
    _, requests = watch(page)
    try:
        page.goto(hostile_server.url + "/")
        settle(page)
        assert [u for u in requests if urlparse(u).hostname not in {"127.0.0.1", None}] == []
    finally:
        page.close()


def test_hostile_titles_are_shown_literally(hostile_server, browser):
    page = browser.new_page()
    try:
        page.goto(hostile_server.url + "/episodes?episode=s1e1")
        settle(page)
        header = page.locator('[data-testid="stMain"] h2').first.inner_text()
        assert INJECTIONS[0] in header, header  # the text <script>alert(1)</script>, visible, not run
    finally:
        page.close()


@pytest.fixture(scope="module")
def broken_server(tmp_path_factory):
    snap = build(tmp_path_factory.mktemp("broken-e2e") / "snapshot")
    (snap / "models.csv").write_text('model_id,display_name\n"unterminated,quote\n', encoding="utf-8")
    # ...written by a tool that also updated its hash, so the read gets as far as parsing it
    manifest = json.loads((snap / "manifest.json").read_text(encoding="utf-8"))
    manifest["tables"]["models"]["sha256"] = hashlib.sha256((snap / "models.csv").read_bytes()).hexdigest()
    (snap / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    with Server(snap) as server:
        yield server


def test_a_failing_page_shows_no_traceback_but_the_server_log_has_it(broken_server, browser):
    page = browser.new_page()
    try:
        for path in ["/", "/models", "/episodes?episode=s1e1"]:
            page.goto(broken_server.url + path)
            settle(page)
            body = page.inner_text("body")
            assert "Traceback" not in body and 'File "' not in body, body[:500]
            assert str(ROOT) not in body and ".py" not in body and "ParserError" not in body, body[:500]
            assert (
                "is not shown: models.csv cannot be read as CSV" in body and "python -m model_data validate" in body
            ), "the viewer is told which file failed, why, and what to do"
        time.sleep(0.5)
        assert "Traceback" in broken_server.log and "models.csv cannot be read as CSV" in broken_server.log, (
            broken_server.log[-2000:]
        )
    finally:
        page.close()
