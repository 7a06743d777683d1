"""Every page of ui/page_registry.py x every mode (normal, presenter, dark, phone), in Chromium, on the
views with the most data (#24): the episode that named the most scored models, Compare of the six
models with the most benchmark rows and sources (a closed baseline among them when it has scores).
Any error element fails. Screenshots at 1440, 1280x720, 1920x1080 and 390 px go to
tests/e2e/screenshots/walk-*.png: look at them.
"""

from __future__ import annotations

import csv
from collections import Counter
from pathlib import Path

import pytest

from tests.e2e.conftest import snapshot_for_e2e
from tests.e2e.test_browser import settle
from ui import page_registry

pytestmark = pytest.mark.e2e

ERRORS = '[data-testid="stException"], [data-testid="stAlertContentError"]'


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


EPISODE, MODELS = busiest()
VIEWS = {
    "overview": "",
    "episodes": f"episode={EPISODE}",
    "models": "",
    "compare": "&".join(f"models={m}" for m in MODELS),
}
MODES = {
    "normal": ((1440, 900), ""),
    "presenter": ((1280, 720), "present=1"),
    "presenter-1080p": ((1920, 1080), "present=1"),
    "dark": ((1440, 900), "embed_options=dark_theme"),
    "phone": ((390, 844), ""),
}


@pytest.mark.parametrize("mode", list(MODES))
@pytest.mark.parametrize("page_info", page_registry.PAGES, ids=lambda p: p.url_path)
def test_every_page_in_every_mode_has_no_error(app_url, page, shots, page_info, mode):
    (w, h), extra = MODES[mode]
    page.set_viewport_size({"width": w, "height": h})
    query = "&".join(q for q in (VIEWS.get(page_info.url_path) or page_registry.sample_query(page_info), extra) if q)
    path = "" if page_info is page_registry.DEFAULT else page_info.url_path
    page.goto(f"{app_url}/{path}" + (f"?{query}" if query else ""))
    settle(page)
    for _ in range(8):  # scroll through the page: charts and grids below the fold draw too
        page.mouse.wheel(0, h)
        page.wait_for_timeout(250)
    page.wait_for_timeout(1000)
    page.mouse.wheel(0, -100 * h)
    page.wait_for_timeout(300)
    page.screenshot(path=str(shots / f"walk-{page_info.url_path}-{mode}-{w}x{h}.png"))
    assert page.locator(ERRORS).count() == 0, page.locator(ERRORS).first.inner_text()
    body = page.inner_text("body")
    assert "Something went wrong" not in body and "Traceback" not in body
