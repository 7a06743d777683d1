"""Time from `streamlit run` to the first page fully rendered in headless Chromium.

The dashboard (table and chart visible, script finished) is measured against a bare one-line
Streamlit app in the same run, alternating the two, so the ratio cancels the machine's speed.

    .venv/bin/python bench/startup.py [--runs 5]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.harness import ROOT, chromium, streamlit_server, wait_script_done  # noqa: E402

BARE_APP = 'import streamlit as st\nst.write("hello from a bare app")\n'
# A table and a chart, whichever kinds the first page draws (markdown table / grid, SVG image / Plotly).
APP_READY = (
    "[data-testid='stMarkdownContainer'] table, [data-testid='stTable'], [data-testid='stDataFrame']",
    "[data-testid='stMarkdownContainer'] img, [data-testid='stImage'] img, .js-plotly-plot",
)


def time_to_render(browser, script: Path, ready: tuple[str, ...], cwd: Path) -> tuple[float, float]:
    """(seconds from launch to healthy, seconds from launch to rendered)."""
    with streamlit_server(script, cwd=cwd) as (url, _proc, started):
        healthy = time.monotonic() - started
        page = browser.new_page(viewport={"width": 1400, "height": 900})
        try:
            page.goto(url, wait_until="domcontentloaded", timeout=60_000)
            for selector in ready:
                page.locator(selector).first.wait_for(state="visible", timeout=60_000)
            wait_script_done(page)
            return healthy, time.monotonic() - started
        finally:
            page.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    results: dict[str, list[tuple[float, float]]] = {"bare": [], "app": []}
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as p, chromium(p) as browser:
        bare = Path(tmp) / "bare.py"
        bare.write_text(BARE_APP)
        time_to_render(browser, bare, ("text=hello from a bare app",), Path(tmp))  # warm the disk cache
        for run in range(args.runs):
            results["bare"].append(time_to_render(browser, bare, ("text=hello from a bare app",), Path(tmp)))
            results["app"].append(time_to_render(browser, ROOT / "app.py", APP_READY, ROOT))
            print(f"run {run + 1}: bare {results['bare'][-1][1]:.2f} s, app {results['app'][-1][1]:.2f} s", flush=True)
    med = {k: statistics.median(r for _, r in v) for k, v in results.items()}
    health = {k: statistics.median(h for h, _ in v) for k, v in results.items()}
    print(f"median launch->healthy: bare {health['bare']:.2f} s, app {health['app']:.2f} s")
    print(f"median launch->rendered: bare {med['bare']:.2f} s, app {med['app']:.2f} s")
    print(f"ratio app/bare: {med['app'] / med['bare']:.2f} (target <= 1.15, issue #23)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
