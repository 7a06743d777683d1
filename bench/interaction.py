"""Server-side time of a rerun after a filter change and after a compare selection, per snapshot size.

Runs dashboard.py (the script app.py serves) in-process with Streamlit's AppTest (the same script run a browser triggers, minus
the network), on the shipped snapshot and on the large ones from bench/make_large_snapshot.py
(built first when missing). Each widget change is timed around `AppTest.run()`; medians per size,
and how they grow with the number of mentions.

    .venv/bin/python bench/interaction.py [--reps 7] [--sizes shipped 5000 20000 50000]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.harness import ROOT  # noqa: E402
from ui import compat  # noqa: E402

SHIPPED = ROOT / "model_data" / "snapshot"
OUT = ROOT / "bench" / "out"
TARGET_MS = 50.0


def folder_for(size: str) -> Path:
    return SHIPPED if size == "shipped" else OUT / f"large-{size}"


def ensure_built(sizes: list[str]) -> None:
    missing = [s for s in sizes if s != "shipped" and not (folder_for(s) / "manifest.json").exists()]
    if missing:
        print(f"building large snapshots {missing} (bench/make_large_snapshot.py) ...", flush=True)
        subprocess.run(
            [sys.executable, str(ROOT / "bench" / "make_large_snapshot.py"), "--mentions", *missing],
            check=True,
            cwd=ROOT,
            timeout=900,
        )


def timed(at, cold_views: bool = True) -> float:
    """One rerun in ms. With `cold_views`, the shared per-view results are dropped first, so the rerun
    pays for its view in full (the worst case: a filter state no viewer asked for before)."""
    if cold_views:
        from ui.store import data as ui_data

        getattr(ui_data.load(), "forget_views", lambda: None)()  # (older checkouts have no shared views)
    started = time.perf_counter()
    at.run()
    elapsed = (time.perf_counter() - started) * 1000
    if at.exception:
        raise RuntimeError(f"the app raised: {[e.value for e in at.exception]}")
    return elapsed


def measure(folder: Path, reps: int) -> dict:
    """Cold first run, then `reps` filter changes on Models and `reps` selections on Compare."""
    from streamlit.testing.v1 import AppTest

    os.environ["MME_SNAPSHOT_DIR"] = str(folder)
    script = ROOT / "dashboard.py" if (ROOT / "dashboard.py").exists() else ROOT / "app.py"  # (older checkouts)
    at = AppTest.from_file(str(script), default_timeout=300)
    cold = timed(at)
    at.switch_page("app_pages/models.py")
    models_page = timed(at)

    families = list(at.multiselect(key="license").options)
    queries = ["llama", "qwen 7b", "mistral", "phi"]
    # A filter change is one widget edit by a viewer; cycle through the kinds a viewer makes.
    changes = []
    for i in range(reps):
        kind = i % 4
        if kind == 0:
            changes.append(
                ("licence family", lambda a, i=i: a.multiselect(key="license").set_value([families[i % len(families)]]))
            )
        elif kind == 1:
            changes.append(("search", lambda a, i=i: a.text_input(key="q").set_value(queries[i % len(queries)])))
        elif kind == 2:
            changes.append(("open only", lambda a: a.toggle(key="open").set_value(not a.toggle(key="open").value)))
        else:
            changes.append(
                ("clear", lambda a: (a.multiselect(key="license").set_value([]), a.text_input(key="q").set_value("")))
            )
    filter_ms = []
    for _, change in changes:
        change(at)
        filter_ms.append(timed(at))
    shown = at.markdown[0].value if at.markdown else ""

    at.switch_page("app_pages/compare.py")
    compare_page = timed(at)
    options = list(at.multiselect(key="models").options)
    # Well-known models first (they have scores, so the bars and radar are drawn), then any.
    preferred = [
        m
        for m in (
            "microsoft/phi-4",
            "meta-llama/Llama-3.1-8B-Instruct",
            "Qwen/Qwen2.5-7B-Instruct",
            "mistralai/Mistral-7B-Instruct-v0.3",
            "google/gemma-2-9b-it",
        )
        if m in options
    ]
    pool = preferred + [m for m in options if m not in preferred]
    compare_ms = []
    for i in range(reps):
        n = 2 + i % 3
        start = (i * 2) % max(len(pool) - n, 1)
        at.multiselect(key="models").set_value(pool[start : start + n])
        compare_ms.append(timed(at))
    charts = len(at.get("plotly_chart"))
    return {
        "cold_ms": cold,
        "models_page_ms": models_page,
        "compare_page_ms": compare_page,
        "filter_ms": filter_ms,
        "compare_ms": compare_ms,
        "last_filter_caption": shown,
        "compare_charts": charts,
    }


def counts(folder: Path) -> tuple[int, int]:
    from model_data.store.snapshot import read_manifest

    tables = read_manifest(folder).get("tables", {})
    return int(tables.get("models", {}).get("rows", 0)), int(tables.get("mentions", {}).get("rows", 0))


def cache_ratio(reps: int) -> int:
    """What ui/compat.share_apptest_script_cache changes in this bench's figures, in one run."""
    measure(folder_for("shipped"), 2)  # warm-up
    medians = {}
    for label in ("own cache per run", "shared cache", "own cache per run (again)"):
        undo = compat.share_apptest_script_cache() if label == "shared cache" else (lambda: None)
        r = measure(folder_for("shipped"), reps)
        undo()
        medians[label] = (statistics.median(r["filter_ms"]), statistics.median(r["compare_ms"]))
        print(f"{label:>26}: filter p50 {medians[label][0]:.1f} ms, compare p50 {medians[label][1]:.1f} ms", flush=True)
    own = [(a + b) / 2 for a, b in zip(medians["own cache per run"], medians["own cache per run (again)"], strict=True)]
    shared = medians["shared cache"]
    print(f"ratio shared / own: filter {shared[0] / own[0]:.2f}, compare {shared[1] / own[1]:.2f}")
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reps", type=int, default=7)
    parser.add_argument("--sizes", nargs="+", default=["shipped", "5000", "20000", "50000"])
    parser.add_argument(
        "--cache-ratio",
        action="store_true",
        help="shipped snapshot only: reruns with / without ui/compat.py's shared cache",
    )
    args = parser.parse_args()
    os.chdir(ROOT)
    if args.cache_ratio:
        return cache_ratio(args.reps)
    ensure_built(args.sizes)
    # AppTest compiles the scripts again on every run, `streamlit run` does not: share one cache.
    compat.share_apptest_script_cache()

    measure(folder_for("shipped"), 2)  # warm-up: first-use imports (Styler, jinja) are not a rerun's cost
    rows = []
    for size in args.sizes:
        folder = folder_for(size)
        n_models, n_mentions = counts(folder)
        r = measure(folder, args.reps)
        row = {
            "size": size,
            "models": n_models,
            "mentions": n_mentions,
            **r,
            "filter_med": statistics.median(r["filter_ms"]),
            "compare_med": statistics.median(r["compare_ms"]),
        }
        rows.append(row)
        print(
            f"{size:>8}: cold {r['cold_ms']:.0f} ms, filter runs {[round(x) for x in r['filter_ms']]} ms, "
            f"compare runs {[round(x) for x in r['compare_ms']]} ms",
            flush=True,
        )

    print()
    print(
        f"{'snapshot':>9} {'models':>7} {'mentions':>9} {'cold first run':>15} {'filter p50':>11} {'compare p50':>12}"
    )
    for r in rows:
        print(
            f"{r['size']:>9} {r['models']:>7,} {r['mentions']:>9,} {r['cold_ms'] / 1000:>13.2f} s "
            f"{r['filter_med']:>8.1f} ms {r['compare_med']:>9.1f} ms"
        )
    base = rows[0]
    print()
    print("growth (median / median of the first size):")
    for r in rows[1:]:
        print(
            f"  {base['size']} -> {r['size']}: mentions x{r['mentions'] / max(base['mentions'], 1):.1f}, "
            f"filter x{r['filter_med'] / base['filter_med']:.2f}, compare x{r['compare_med'] / base['compare_med']:.2f}"
        )
    large = [r for r in rows if r["size"] != "shipped"]
    if len(large) >= 2:
        a, b = large[0], large[-1]
        print(
            f"  {a['size']} -> {b['size']}: mentions x{b['mentions'] / a['mentions']:.1f}, "
            f"filter x{b['filter_med'] / a['filter_med']:.2f}, compare x{b['compare_med'] / a['compare_med']:.2f}"
        )
    worst = max(max(r["filter_med"], r["compare_med"]) for r in rows)
    print(f"largest median {worst:.1f} ms (target <= {TARGET_MS:.0f} ms): {'ok' if worst <= TARGET_MS else 'over'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
