"""Other sites cannot frame the dashboard: every HTTP answer of `streamlit run app.py` carries
`Content-Security-Policy: frame-ancestors 'self'` and `X-Frame-Options: SAMEORIGIN` (issue 25)."""

from __future__ import annotations

import asyncio
import concurrent.futures
import subprocess
import sys
import urllib.request
from pathlib import Path

from tests.test_fresh_install import free_port, wait_for_health
from ui.frame_headers import FrameHeaders, header_values

ROOT = Path(__file__).resolve().parents[1]


def _answer(middleware_env: dict, monkeypatch) -> dict[bytes, bytes]:
    monkeypatch.setenv("MME_FRAME_ANCESTORS", middleware_env.get("MME_FRAME_ANCESTORS", ""))

    async def app(scope, receive, send):
        await send({"type": "http.response.start", "status": 200, "headers": [(b"content-type", b"text/html")]})
        await send({"type": "http.response.body", "body": b"ok"})

    sent: list[dict] = []

    async def send(message):
        sent.append(message)

    # In a thread of its own: a browser test earlier in the session may leave an event loop running here.
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        pool.submit(asyncio.run, FrameHeaders(app)({"type": "http"}, None, send)).result()
    return dict(sent[0]["headers"])


def test_every_answer_forbids_framing_by_other_sites(monkeypatch):
    headers = _answer({}, monkeypatch)
    assert headers[b"content-security-policy"] == b"frame-ancestors 'self'"
    assert headers[b"x-frame-options"] == b"SAMEORIGIN"
    assert headers[b"content-type"] == b"text/html"


def test_a_configured_site_may_frame_it_and_a_malformed_origin_is_ignored():
    headers = dict(header_values({"MME_FRAME_ANCESTORS": "https://huggingface.co javascript:x *; script-src"}))
    assert headers[b"content-security-policy"] == b"frame-ancestors 'self' https://huggingface.co"
    assert b"x-frame-options" not in headers
    on_a_space = dict(header_values({"SPACE_ID": "user/space"}))
    assert on_a_space[b"content-security-policy"] == b"frame-ancestors 'self' https://huggingface.co"


def test_the_served_app_sends_the_headers(tmp_path):
    """`streamlit run app.py` (the command the README gives) answers with both headers."""
    port = free_port()
    log = tmp_path / "server.log"
    with open(log, "w") as out:
        proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "streamlit",
                "run",
                "app.py",
                "--server.port",
                str(port),
                "--server.headless",
                "true",
            ],
            cwd=ROOT,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    try:
        wait_for_health(port, proc, log, 90)
        for path in ("/", "/_stcore/health"):
            with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=10) as answer:
                assert answer.headers["X-Frame-Options"] == "SAMEORIGIN", path
                assert answer.headers["Content-Security-Policy"] == "frame-ancestors 'self'", path
    finally:
        proc.terminate()
        proc.wait(timeout=30)
