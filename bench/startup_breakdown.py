"""Where a cold start's time goes: server (first script run in a fresh process) vs browser.

For each app (bare one-liner and the dashboard), a fresh `streamlit run`; then
  1. server: one protocol session (bench/crowd.py's client) times rerun_script -> script_finished of
     the default page, the very first run of the process (imports, snapshot read, first charts);
  2. a second fresh server, opened in headless Chromium: navigation timing, the JS chunks fetched
     (name, size, when they finished) and the time until the page is rendered (as bench/startup.py).

    .venv/bin/python bench/startup_breakdown.py [--runs 3]
"""

from __future__ import annotations

import argparse
import asyncio
import concurrent.futures
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.crowd import Session, client_state  # noqa: E402
from bench.harness import ROOT, chromium, streamlit_server, wait_script_done  # noqa: E402
from bench.startup import APP_READY, BARE_APP  # noqa: E402


async def first_run(url: str) -> float:
    import websockets

    async with websockets.connect(
        url.replace("http://", "ws://") + "/_stcore/stream",
        subprotocols=["streamlit"],
        max_size=64 * 2**20,
        ping_interval=None,
    ) as ws:
        started = time.monotonic()
        await Session(ws).run(client_state())
        return time.monotonic() - started


def server_side(script: Path, cwd: Path) -> tuple[float, float]:
    with streamlit_server(script, cwd=cwd) as (url, _proc, started):
        healthy = time.monotonic() - started
        # Playwright's sync API owns this thread's event loop: the protocol client runs in its own thread.
        with concurrent.futures.ThreadPoolExecutor(1) as pool:
            return healthy, pool.submit(asyncio.run, first_run(url)).result(timeout=120)


def browser_side(browser, script: Path, ready: tuple[str, ...], cwd: Path) -> dict:
    with streamlit_server(script, cwd=cwd) as (url, _proc, started):
        healthy = time.monotonic() - started
        page = browser.new_page(viewport={"width": 1400, "height": 900})
        try:
            t0 = time.monotonic()
            page.goto(url, wait_until="domcontentloaded", timeout=60_000)
            dom = time.monotonic() - t0
            marks = {}
            for selector in ready:
                page.locator(selector).first.wait_for(state="visible", timeout=60_000)
                marks[selector] = time.monotonic() - t0
            wait_script_done(page)
            rendered = time.monotonic() - t0
            res = page.evaluate("""() => performance.getEntriesByType('resource')
                .filter(r => r.name.endsWith('.js'))
                .map(r => [r.name.split('/').pop(), Math.round(r.encodedBodySize / 1024), Math.round(r.responseEnd)])""")
            return {
                "healthy": healthy,
                "dom": dom,
                "marks": marks,
                "rendered": rendered,
                "js": res,
                "total": time.monotonic() - started,
            }
        finally:
            page.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as p, chromium(p) as browser:
        bare = Path(tmp) / "bare.py"
        bare.write_text(BARE_APP)
        apps = {"bare": (bare, ("text=hello from a bare app",), Path(tmp)), "app": (ROOT / "app.py", APP_READY, ROOT)}
        server_side(bare, Path(tmp))  # warm the disk cache
        out = {k: {"first_run": [], "rendered": [], "total": []} for k in apps}
        for run in range(args.runs):
            for name, (script, ready, cwd) in apps.items():
                _, first = server_side(script, cwd)
                b = browser_side(browser, script, ready, cwd)
                out[name]["first_run"].append(first)
                out[name]["rendered"].append(b["rendered"])
                out[name]["total"].append(b["total"])
                print(
                    f"run {run + 1} {name}: server first script run {first:.2f} s; browser: healthy {b['healthy']:.2f} s, "
                    f"DOM {b['dom']:.2f} s, ready marks { {k[:25]: round(v, 2) for k, v in b['marks'].items()} }, "
                    f"rendered {b['rendered']:.2f} s after goto, launch->rendered {b['total']:.2f} s",
                    flush=True,
                )
                if run == 0:
                    big = sorted(b["js"], key=lambda r: -r[1])[:8]
                    print(f"   JS: {len(b['js'])} files, {sum(r[1] for r in b['js'])} kB; largest: {big}", flush=True)
        for name, r in out.items():
            print(
                f"{name}: median first script run {statistics.median(r['first_run']):.2f} s, "
                f"goto->rendered {statistics.median(r['rendered']):.2f} s, launch->rendered {statistics.median(r['total']):.2f} s"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
