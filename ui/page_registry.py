"""The app's pages, declared once: the navigation (dashboard.py) and every test suite (URL, injection,
hostile-URL, screenshot, browser walks) read this list, so a page added here is covered by them all.

Plain data (no Streamlit): tests import it without running the app.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Page:
    file: str  # the script, relative to the repo (app_pages/, not pages/: see dashboard.py)
    title: str
    icon: str
    url_path: str  # what a link says: /licences is app_pages/licenses.py
    sample: tuple[tuple[str, str], ...] = ()  # a view with data to walk in tests (query parameters)


PAGES: tuple[Page, ...] = (
    Page("app_pages/overview.py", "Overview", ":material/home:", "overview"),
    Page("app_pages/episodes.py", "Episodes", ":material/live_tv:", "episodes"),
    Page("app_pages/models.py", "Models", ":material/search:", "models"),
    Page(
        "app_pages/compare.py",
        "Compare",
        ":material/compare_arrows:",
        "compare",
        (("models", "microsoft/phi-4"), ("models", "meta-llama/Llama-3.1-8B-Instruct")),
    ),
    Page("app_pages/licenses.py", "Licences", ":material/gavel:", "licences", (("want", "startup_product"),)),
    Page("app_pages/data.py", "Data", ":material/database:", "data"),
)
DEFAULT = PAGES[0]  # the page a bare address opens
FILES = {p.url_path: p.file for p in PAGES}  # url_path -> page file
PATHS = [p.url_path for p in PAGES]


def sample_query(page: Page) -> str:
    """The page's sample view as a query string ("" when it has none)."""
    return "&".join(f"{k}={v}" for k, v in page.sample)
