"""Browser end-to-end: the real app in Debian's Chromium, as a viewer or presenter would use it.

Each test opens a page by URL, acts, and checks what a person sees; screenshots of every page
are saved to tests/e2e/screenshots/ (look at them: a page that renders but looks broken is broken).
"""

from __future__ import annotations

import re
import time
from urllib.parse import urlparse

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout


pytestmark = pytest.mark.e2e


def settle(page, text: str | None = None, timeout: float = 30_000) -> None:
    """Wait for the page's text, then for Streamlit to stop running and the charts to draw."""
    page.wait_for_selector('[data-testid="stMain"]', timeout=timeout)
    if text:
        page.get_by_text(text, exact=False).first.wait_for(timeout=timeout)
    page.wait_for_selector('[data-testid="stApp"][data-test-script-state="notRunning"]', timeout=timeout)
    # plotly draws after the script finishes: wait until no skeleton is left and every chart has its
    # drawing (a fixed pause here cost 1.5 s per page opened, most of the browser suite's time)
    page.wait_for_function(DRAWN_JS, timeout=timeout)
    time.sleep(0.3)


DRAWN_JS = """() => !document.querySelector('[data-testid="stSkeleton"], [data-testid="stSkeletonElement"]')
  && [...document.querySelectorAll('[data-testid="stPlotlyChart"]')].every(c => c.querySelector('.js-plotly-plot .main-svg'))
  && [...document.querySelectorAll('[data-testid="stMain"] img')].every(i => i.complete)"""


def choose(page, label: str, option: str, tries: int = 3) -> None:
    """Open the dropdown labelled `label` and pick `option`, as a person would: if the list did not
    open within 5 s, click the field again. Full-suite runs saw the first click open nothing (the
    old code's too), while the page was busy; the option must still appear after the last try."""
    item = page.get_by_role("option", name=option, exact=True)
    for attempt in range(tries):
        page.get_by_label(label).first.click()
        try:
            item.wait_for(state="visible", timeout=5_000)
            break
        except PlaywrightTimeout:
            if attempt == tries - 1:
                raise
    item.click()


def no_errors(page) -> None:
    assert page.locator('[data-testid="stException"]').count() == 0
    assert "Traceback" not in page.inner_text("body")


def open_share_menu(page):
    """Open the "Share & present" popover (settings, share link, QR code) and return its body."""
    page.get_by_role("button", name=re.compile("Share & present")).first.click()
    body = page.locator('[data-testid="stPopoverBody"]').first
    body.wait_for(state="visible", timeout=15_000)
    return body


def test_landing_page_loads_no_plotly_until_the_timeline_is_asked_for(app_url, page, shots):
    """The Overview opens with light elements only (bench/startup.py); the interactive timeline still works."""
    page.set_viewport_size({"width": 1440, "height": 1400})
    page.goto(app_url + "/")
    settle(page, "Open weights")
    no_errors(page)
    images = page.locator('[data-testid="stMarkdownContainer"] img[src^="data:image/svg+xml;base64,"]')
    assert images.count() == 2 and all(
        images.nth(i).evaluate("i => i.complete && i.naturalWidth > 300") for i in range(2)
    )
    assert (
        page.locator('[data-testid="stMarkdownContainer"] table').count() >= 3
    )  # latest episode's models, recent episodes, seasons
    fetched = page.evaluate("() => performance.getEntriesByType('resource').map(r => r.name)")
    assert not [u for u in fetched if "PlotlyChart" in u or "StreamlitSyntaxHighlighter" in u or "DataFrame." in u]
    # ...nor the code of widgets it does not draw closed (the timeline is an expander) or an image element
    assert not [
        u for u in fetched if "Checkbox." in u or "ImageList." in u or urlparse(u).path.startswith("/media/")
    ], fetched
    favicon = page.evaluate("() => [...document.querySelectorAll('link[rel*=icon]')].map(l => l.href)")
    assert favicon and all(h.startswith("data:image/svg+xml") for h in favicon)  # the emoji icon, drawn locally
    page.screenshot(path=str(shots / "overview-first-load.png"))
    page.locator("summary").filter(has_text="Interactive timeline").first.click()
    page.wait_for_url(re.compile(r"timeline=true"), timeout=15_000)
    page.locator(".js-plotly-plot").first.wait_for(state="visible", timeout=30_000)
    settle(page)
    # An episode's page link opens that episode in this tab (relative address: works under any base path;
    # a markdown link would open a new tab and a new session).
    link = page.locator('a[href*="episodes?episode="]').first
    href = link.get_attribute("href")
    episode = re.search(r"episodes\?episode=(s(\d+)e(\d+))$", href)
    assert episode and f"S{episode[2]}E{episode[3]}" in link.inner_text(), href
    assert link.get_attribute("target") in (None, "", "_self"), "episode links stay in the tab"
    pages_before = len(page.context.pages)
    link.click()
    page.wait_for_url(re.compile(rf"/episodes\?episode={episode[1]}"), timeout=15_000)
    assert len(page.context.pages) == pages_before
    settle(page, f"S{episode[2]}E{episode[3]}")


def test_share_menu_has_the_link_and_qr_code_of_this_view(app_url, page, shots):
    page.set_viewport_size({"width": 1440, "height": 1200})
    page.goto(app_url + "/compare?models=microsoft/phi-4&models=meta-llama/Llama-3.1-8B-Instruct")
    settle(page, "Compare models")
    # the rows that differ are shaded and bold (widgets.static_table's row_style), the others are not
    rows = page.evaluate(
        """() => [...document.querySelectorAll('.st-key-mme-table-compare tr')].map(r => {
        const c = r.querySelector('td'); if (!c) return null; const s = getComputedStyle(c);
        return [r.innerText.includes('differs'), s.backgroundColor, s.fontWeight]; }).filter(Boolean)"""
    )
    assert {d for d, _, _ in rows} == {True, False}, rows
    assert all((bg == "rgba(230, 159, 0, 0.25)") == d and (int(w) >= 700) == d for d, bg, w in rows), rows
    body = open_share_menu(page)
    href = body.locator("a").filter(has_text="/compare?").first.get_attribute("href")
    assert "models=microsoft%2Fphi-4" in href and "models=meta-llama%2FLlama-3.1-8B-Instruct" in href
    body.locator("summary").filter(has_text="QR code").first.click()
    qr = body.locator('[data-testid="stImage"] img').first
    qr.wait_for(state="visible", timeout=15_000)
    # the expander animates open: wait until the whole code is inside the menu before the screenshot
    page.wait_for_function(
        """() => { const i = document.querySelector('[data-testid=stPopoverBody] [data-testid=stImage] img');
        const b = document.querySelector('[data-testid=stPopoverBody]');
        if (!i || !b) return false; const r = i.getBoundingClientRect(), p = b.getBoundingClientRect();
        return r.height > 150 && r.bottom <= p.bottom + 1; }""",
        timeout=15_000,
    )
    page.wait_for_timeout(1500)
    page.screenshot(path=str(shots / "share-menu.png"))


def test_filter_then_reload_shows_the_same_view(app_url, page, shots):
    page.goto(app_url + "/models")
    settle(page, "models")
    total = page.get_by_text(re.compile(r"\d+ of \d+ models")).first.inner_text()
    page.get_by_text("Filters").first.click()  # collapsed: the results come first
    choose(page, "Licence family", "permissive")
    page.keyboard.press("Escape")
    page.wait_for_url(re.compile(r"license=permissive"), timeout=15_000)
    settle(page)
    filtered = page.get_by_text(re.compile(r"\d+ of \d+ models")).first.inner_text()
    assert filtered != total
    share = open_share_menu(page)
    assert "license=permissive" in share.locator("a").filter(has_text="license=permissive").first.get_attribute("href")
    page.keyboard.press("Escape")
    url = page.url
    page.reload()
    settle(page, filtered)
    assert page.url == url
    assert page.get_by_text(re.compile(r"\d+ of \d+ models")).first.inner_text() == filtered
    page.screenshot(path=str(shots / "models-filtered-after-reload.png"))


def test_episode_link_reopens_the_episode_and_next_moves(app_url, page):
    page.goto(app_url + "/episodes?episode=s2e3")
    settle(page, "S2E3")
    page.get_by_role("button", name="Next").click()
    page.wait_for_url(lambda url: "episode=s2e3" not in url and "episode=" in url, timeout=15_000)
    settle(page)
    assert re.search(r"episode=s\d+e\d+", page.url)
    no_errors(page)


def test_presenter_mode_from_link_and_toggle(app_url, page, shots):
    page.set_viewport_size({"width": 1440, "height": 1800})
    page.goto(app_url + "/episodes?episode=s2e3&present=1")
    settle(page, "Scan: this view")
    no_errors(page)
    assert page.locator(".st-key-mme-qr img").count() == 1
    size = page.evaluate("() => getComputedStyle(document.querySelector('[data-testid=stMain] p')).fontSize")
    assert float(size.rstrip("px")) >= 22
    page.screenshot(path=str(shots / "episodes-presenter.png"))
    page.goto(app_url + "/models")
    settle(page, "models")
    open_share_menu(page).get_by_text("Presenter mode").click()
    page.wait_for_url(re.compile(r"present=1"), timeout=15_000)
    settle(page, "Scan: this view")


def test_download_csv_of_the_filtered_table(app_url, page, tmp_path):
    page.goto(app_url + "/models?license=permissive")
    settle(page, "models")
    with page.expect_download() as info:
        page.get_by_role("button", name=re.compile(r"Download CSV")).first.click()
    target = tmp_path / info.value.suggested_filename
    info.value.save_as(target)
    lines = target.read_text(encoding="utf-8").splitlines()
    header = lines[0]
    # the answer columns first, then the chosen benchmark's columns (one source, one unit), then the rest
    assert (
        header.startswith("Model,Weights,Licence family,Commercial use,") and ",±95% CI,Reported by,Caveat," in header
    )
    shown = page.get_by_text(re.compile(r"\d+ of \d+ models")).first.inner_text()
    assert len(lines) - 1 == int(shown.split()[0].strip("*"))
