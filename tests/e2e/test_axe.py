"""axe-core in Chromium (issues 13 and 24), with a screenshot of every case; every page opened by URL.

axe-core (axe-playwright-python): no serious or critical violation on any page, light and dark,
normal and presenter, on the views with the most data (the episode that named the most scored
models, Compare of the six models with the most benchmark rows and sources), scrolled through so
the charts and grids below the fold are drawn and checked too; no error element on any of them.
Each page opens by its URL to its own heading (the episode's id on Episodes), and the dark theme
asked for in the link is the one drawn.

Its own file so that pytest-xdist (`--dist loadfile`) runs it beside the first-screen checks.
"""

from __future__ import annotations

import csv
from collections import Counter
from pathlib import Path

import pytest

from tests.e2e.conftest import snapshot_for_e2e
from tests.e2e.test_browser import DRAWN_JS
from tests.e2e.test_screens import NORMAL_PAGES, PRESENTER_PAGES, open_page
from ui import page_registry

pytestmark = pytest.mark.e2e


def _rows(name: str) -> list[dict]:
    with (Path(snapshot_for_e2e()) / f"{name}.csv").open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def busiest() -> tuple[str, list[str]]:
    """(the episode whose models have the most score rows, the six models with the most rows x sources)."""
    scores = _rows("scores")
    rows = Counter(r["model_id"] for r in scores)
    sources = {m: len({r["source"] for r in scores if r["model_id"] == m}) for m in rows}
    models = sorted(rows, key=lambda m: (-sources[m], -rows[m], m))[:6]
    per_episode = Counter()
    for r in _rows("mentions"):
        per_episode[r["episode_id"]] += rows.get(r["model_id"], 0)
    return (per_episode.most_common(1)[0][0] if per_episode else "s1e1"), models


BUSIEST_EPISODE, BUSIEST_MODELS = busiest()
BUSIEST_PAGES = {
    **NORMAL_PAGES,
    "episodes": f"/episodes?episode={BUSIEST_EPISODE}",
    "compare": "/compare?" + "&".join(f"models={m}" for m in BUSIEST_MODELS),
}
# The text that says the page asked for is the one drawn (not just the navigation, which names every page).
# Models, Licences, Data (and a new page) show their title as the heading.
OPENED = {p.url_path: p.title for p in page_registry.PAGES} | {
    "overview": "Model Mondays Explorer",
    "episodes": BUSIEST_EPISODE.upper(),
    "compare": "Compare models",
}
# Presenter mode draws no heading on the Overview and Compare: their first-screen texts (test_screens.py).
PRESENTER_OPENED = OPENED | {name: PRESENTER_PAGES[name][1] for name in ("overview", "compare")}
DARK = ("rgb(0, 0, 0)", "rgb(14, 17, 23)")  # Streamlit's dark backgrounds
ERRORS = '[data-testid="stException"], [data-testid="stAlertContentError"]'


@pytest.mark.parametrize("theme", ["light", "dark"])
@pytest.mark.parametrize("mode", ["normal", "presenter"])
@pytest.mark.parametrize("name", list(NORMAL_PAGES))
def test_axe_no_serious_or_critical_violations(app_url, page, shots, name, mode, theme):
    from axe_playwright_python.sync_playwright import Axe

    page.set_viewport_size({"width": 1280, "height": 900})
    path = BUSIEST_PAGES[name]
    query = [f"embed_options={theme}_theme"] + (["present=1"] if mode == "presenter" else [])
    open_page(
        page,
        app_url + path + ("&" if "?" in path else "?") + "&".join(query),
        (PRESENTER_OPENED if mode == "presenter" else OPENED)[name],
    )
    bg = page.evaluate("() => getComputedStyle(document.querySelector('[data-testid=stApp]')).backgroundColor")
    assert (bg in DARK) == (theme == "dark"), (theme, bg)
    for _ in range(6):  # scroll through the page: charts and grids below the fold draw (and are checked) too
        page.mouse.wheel(0, 900)
        page.wait_for_timeout(150)
    page.wait_for_function(DRAWN_JS, timeout=30_000)
    assert page.locator(ERRORS).count() == 0, page.locator(ERRORS).first.inner_text()
    page.mouse.wheel(0, -100 * 900)
    results = Axe().run(page, options={"resultTypes": ["violations"]})
    bad = [
        (v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3], v["help"])
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    page.screenshot(path=str(shots / f"a11y-{name}-{mode}-{theme}.png"))
    assert not bad, bad
