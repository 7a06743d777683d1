"""Back and Forward move through the views a user actually had (ui/state/url.py: the history model).

Each view change adds exactly one browser history entry; Back restores exactly the previous view
(URL and what is drawn, and the app does not write the newer state back); Forward returns; a reload
keeps the current view.
"""

from __future__ import annotations

import re
import time

import pytest

from tests.e2e.test_browser import choose, settle

pytestmark = pytest.mark.e2e


def history_length(page) -> int:
    return page.evaluate("() => history.length")


def header(page) -> str:
    return page.locator('[data-testid="stMain"] h2, [data-testid="stMain"] h3').first.inner_text()


def steady_url(page, pattern: str, timeout: float = 15.0) -> str:
    """Wait for the address to match, then make sure the app does not rewrite it a moment later."""
    page.wait_for_url(re.compile(pattern), timeout=timeout * 1000)
    settle(page)
    time.sleep(1.0)
    assert re.search(pattern, page.url), f"the app rewrote the address after navigation: {page.url}"
    return page.url


def test_back_and_forward_on_episodes(app_url, page, shots):
    page.goto(app_url + "/episodes?episode=s2e3")
    settle(page, "S2E3")
    start = history_length(page)
    page.get_by_role("button", name="Next").click()
    steady_url(page, r"episode=s2e4")
    assert header(page).startswith("S2E4")
    page.get_by_role("button", name="Next").click()
    steady_url(page, r"episode=s2e5")
    assert history_length(page) == start + 2, "one history entry per episode change"
    page.go_back()
    steady_url(page, r"episode=s2e4$")
    assert header(page).startswith("S2E4")
    page.go_back()
    steady_url(page, r"episode=s2e3$")
    assert header(page).startswith("S2E3")
    page.screenshot(path=str(shots / "history-episodes-back.png"))
    page.go_forward()
    steady_url(page, r"episode=s2e4$")
    assert header(page).startswith("S2E4")
    assert history_length(page) == start + 2, "Back/Forward add no entries"
    page.reload()
    settle(page, "S2E4")
    assert header(page).startswith("S2E4")


def _count(page) -> str:
    return page.get_by_text(re.compile(r"\d+ of \d+ models")).first.inner_text()


def test_back_and_forward_on_models(app_url, page, shots):
    page.goto(app_url + "/models")
    settle(page, "models")
    start, all_models = history_length(page), _count(page)
    page.get_by_label("Search name, organisation, alias or episode title").fill("phi")
    page.keyboard.press("Enter")
    steady_url(page, r"q=phi")
    searched = _count(page)
    page.get_by_text("Filters").first.click()
    choose(page, "Licence family", "permissive")
    page.keyboard.press("Escape")
    steady_url(page, r"q=phi.*license=permissive|license=permissive.*q=phi")
    both = _count(page)
    choose(page, "Sort by", "size")
    steady_url(page, r"sort=size")
    assert history_length(page) == start + 3, "one entry per change"

    page.go_back()
    url = steady_url(page, r"license=permissive")
    assert "sort=" not in url and _count(page) == both
    page.go_back()
    url = steady_url(page, r"q=phi$")
    assert "license" not in url and _count(page) == searched
    page.screenshot(path=str(shots / "history-models-back.png"))
    page.go_back()
    url = steady_url(page, r"/models$")
    assert _count(page) == all_models
    page.go_forward()
    steady_url(page, r"q=phi$")
    assert _count(page) == searched
    assert page.get_by_label("Search name, organisation, alias or episode title").input_value() == "phi"
