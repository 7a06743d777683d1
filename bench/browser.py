"""What a viewer waits for: from an input event in a real browser to the updated result in the DOM.

One headless Debian Chromium (Playwright, --no-sandbox) against one `streamlit run app.py` on
127.0.0.1 per snapshot:

- Models: 20 search-text changes (typed, then Enter), result = the "N of M models match" line;
- Episodes: 10 episode changes (the Previous / Next buttons), result = the episode heading;
- Compare: 10 selections (a model added by typing its name + Enter, or a chip removed),
  result = the comparison table's text.

The clock is the page's own (`performance.now()`): t0 is taken by a capture-phase listener on the
input event itself (the Enter keydown or the click), the end is the first DOM mutation after which
the result text is the one the rerun finally shows (when the text does not change: the rerun's
end as Streamlit marks it on `stApp`, or the page's last change before a second of stillness). p50 / p95 per page and snapshot; every measurement is
checked (a page that never finishes, shows an exception or no result counts as an error).

    .venv/bin/python bench/browser.py                      # shipped snapshot + bench/out/large-50000
    .venv/bin/python bench/browser.py --snapshots model_data/snapshot
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.harness import CHROMIUM, LoggedServer, chromium  # noqa: E402

LARGE = ROOT / "bench" / "out" / "large-50000"
SEARCHES = ["phi", "llama", "qwen", "gemma", "mistral", "7b", "deepseek", "instruct", "granite", "a"]
RESULT = {
    "models": "(() => { const p = [...document.querySelectorAll('[data-testid=\"stMarkdownContainer\"] p')]"
    ".find(e => / of \\d+ models/.test(e.innerText)); return p ? p.innerText : null; })()",
    "episodes": '(() => { const h = document.querySelector(\'[data-testid="stMain"] h2, '
    '[data-testid="stMain"] h3\'); return h ? h.innerText : null; })()',
    "compare": '(() => { const t = document.querySelector(\'[data-testid="stMain"] table, '
    '[data-testid="stMain"] [data-testid="stDataFrame"]\'); return t ? t.innerText.slice(0, 4000) : null; })()',
}

# Installed once per page load: arms a capture listener for the next input event, then records
# every change of the result text and the end of the rerun, all on the page's clock.
PROBE = """
(resultExpr) => {
  const result = new Function('return ' + resultExpr);
  const app = document.querySelector('[data-testid="stApp"]');
  const m = {t0: null, changes: [], running: false, end: null, last: null, before: result()};
  window.__mme = m;
  const start = (ev) => { if (m.t0 === null) m.t0 = performance.now(); };
  document.addEventListener('keydown', (ev) => { if (ev.key === 'Enter') start(ev); }, {capture: true});
  document.addEventListener('click', start, {capture: true});
  const obs = new MutationObserver((records) => {
    if (m.t0 === null) return;
    const now = performance.now();
    m.last = now;
    const text = result();
    const last = m.changes.length ? m.changes[m.changes.length - 1][1] : m.before;
    if (text !== last) m.changes.push([now, text]);
    // a short rerun can go running -> notRunning within one batch of records: read the old values
    for (const r of records) {
      if (r.target === app && r.attributeName === 'data-test-script-state' && r.oldValue === 'running') m.running = true;
    }
    const state = app.getAttribute('data-test-script-state');
    if (state === 'running') m.running = true;
    if (m.running && state === 'notRunning' && m.end === null) { m.end = now; obs.disconnect(); }
  });
  obs.observe(document.body, {attributes: true, attributeOldValue: true, childList: true, subtree: true,
                              characterData: true});
}
"""


def settle(page, timeout_ms: int = 240_000) -> None:
    page.wait_for_selector('[data-testid="stApp"][data-test-script-state="notRunning"]', timeout=timeout_ms)


def measure(page, page_name: str, act, timeout_ms: int = 60_000) -> float:
    """ms from the input event `act` causes to the final result text being in the DOM."""
    page.evaluate(PROBE, RESULT[page_name])
    act()
    # done: the rerun's end was seen, or (a rerun too short for the state to flip in the DOM) the
    # page changed after the input and has been still for a second with the script not running
    page.wait_for_function(
        """() => { const m = window.__mme; if (!m) return false; if (m.end !== null) return true;
        const app = document.querySelector('[data-testid="stApp"]');
        return m.last !== null && performance.now() - m.last > 1000
          && app.getAttribute('data-test-script-state') === 'notRunning'; }""",
        timeout=timeout_ms,
    )
    m = page.evaluate("() => window.__mme")
    if m["t0"] is None:
        raise RuntimeError(f"{page_name}: the input event was not seen")
    if page.locator('[data-testid="stException"]').count():
        raise RuntimeError(f"{page_name}: the page shows an exception")
    final = page.evaluate(RESULT[page_name])
    if not final:
        raise RuntimeError(f"{page_name}: no result text after the rerun")
    # the first moment the DOM held the final text (and kept it), else the rerun's end
    when = m["end"] if m["end"] is not None else m["last"]
    for t, text in reversed(m["changes"]):
        if text != final:
            break
        when = t
    return max(when - m["t0"], 0.0)


def models_runs(page, base: str, n: int) -> list[float]:
    page.goto(f"{base}/models", wait_until="domcontentloaded")
    settle(page)
    box = page.get_by_label("Search name, organisation, alias or episode title")
    box.wait_for(timeout=60_000)
    out = []
    for i in range(n):
        box.fill(SEARCHES[i % len(SEARCHES)] if i % 4 != 3 else "")
        out.append(measure(page, "models", lambda: page.keyboard.press("Enter")))
    return out


def episodes_runs(page, base: str, n: int) -> list[float]:
    page.goto(f"{base}/episodes", wait_until="domcontentloaded")
    settle(page)
    out = []
    for i in range(n):
        go = "Previous" if (i // 5) % 2 == 0 else "Next"  # back five, forward five
        button = page.get_by_role("button", name=go, exact=True)
        out.append(measure(page, "episodes", button.click))
    return out


def compare_runs(page, base: str, n: int, start: list[str], extra: list[str]) -> list[float]:
    query = "&".join(f"models={m}" for m in start)
    page.goto(f"{base}/compare?{query}", wait_until="domcontentloaded")
    settle(page)
    page.locator('[data-testid="stMain"] table, [data-testid="stMain"] [data-testid="stDataFrame"]').first.wait_for(
        timeout=60_000
    )
    picker = page.get_by_label("Models (2-6)", exact=False).first
    out = []
    for i in range(n):
        if i % 2 == 0:  # add one by typing its name
            picker.click()
            page.keyboard.type(extra[(i // 2) % len(extra)])
            page.get_by_role("option").first.wait_for(timeout=30_000)
            out.append(measure(page, "compare", lambda: page.keyboard.press("Enter")))
            page.keyboard.press("Escape")
        else:  # remove the last chip
            chips = page.locator('[data-testid="stMultiSelect"] .react-aria-ComboBox button[aria-label^="Remove "]')
            out.append(measure(page, "compare", chips.last.click))
        settle(page)
    return out


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))]


def compare_models(snapshot: Path) -> tuple[list[str], list[str]]:
    """Two starting models and names to add: the first models with scores, by display name."""
    import pandas as pd

    models = pd.read_csv(snapshot / "models.csv", dtype=str, keep_default_na=False)
    scores = pd.read_csv(snapshot / "scores.csv", dtype=str, keep_default_na=False, usecols=["model_id"])
    scored = models[models["model_id"].isin(set(scores["model_id"])) & (models["display_name"] != "")]
    ids = list(scored["model_id"][:2])
    names = list(scored["display_name"][2:7])
    return ids, names


def run_snapshot(playwright, snapshot: Path, models_n: int, episodes_n: int, compare_n: int) -> dict:
    start, extra = compare_models(snapshot)
    results: dict[str, list[float]] = {}
    server = LoggedServer(env={"MME_SNAPSHOT_DIR": str(snapshot), "PYTHONPATH": str(ROOT)})
    with server, chromium(playwright) as browser:
        context = browser.new_context(viewport={"width": 1440, "height": 1000})
        page = context.new_page()
        page.goto(server.url, wait_until="domcontentloaded")  # warm: the first page loads pandas and the tables
        settle(page, 120_000)
        results["models"] = models_runs(page, server.url, models_n)
        results["episodes"] = episodes_runs(page, server.url, episodes_n)
        results["compare"] = compare_runs(page, server.url, compare_n, start, extra)
        context.close()
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--snapshots", nargs="+", type=Path, default=[ROOT / "model_data" / "snapshot", LARGE])
    parser.add_argument("--models", type=int, default=20)
    parser.add_argument("--episodes", type=int, default=10)
    parser.add_argument("--compare", type=int, default=10)
    args = parser.parse_args(argv)
    if not Path(CHROMIUM).exists():
        print(f"{CHROMIUM} not installed (apt-get install chromium)", file=sys.stderr)
        return 2
    if LARGE in args.snapshots and not LARGE.exists():
        print("building the large snapshots (bench/make_large_snapshot.py) ...", file=sys.stderr)
        import subprocess

        subprocess.run([sys.executable, str(ROOT / "bench" / "make_large_snapshot.py")], check=True, cwd=ROOT)
    from playwright.sync_api import sync_playwright

    print("snapshot           page      n   p50 ms   p95 ms   max ms")
    with sync_playwright() as p:
        for snap in args.snapshots:
            began = time.monotonic()
            res = run_snapshot(p, snap, args.models, args.episodes, args.compare)
            for page_name, values in res.items():
                print(
                    f"{snap.name:<18} {page_name:<9} {len(values):>2} {statistics.median(values):>8.0f} "
                    f"{percentile(values, 0.95):>8.0f} {max(values):>8.0f}"
                )
            print(f"  ({time.monotonic() - began:.0f} s for this snapshot)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
