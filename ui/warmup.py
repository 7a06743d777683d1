"""Work done once at server launch, before any viewer connects (app.py starts it in a thread).

The first viewer of a fresh process used to wait ~0.7 s for pandas and pyarrow to import, the
snapshot to be read, the Overview to be computed and the scripts to be compiled; their browser
spends about that long loading Streamlit's JavaScript, so doing it here overlaps the two.
"""

from __future__ import annotations

import logging
import time
from pathlib import Path

LOG = logging.getLogger("mme.warmup")
ROOT = Path(__file__).resolve().parents[1]


def run(wait_for_runtime: float = 5.0, later_after: float | None = 4.0) -> float:
    """Import, load and compile what the first page needs; returns the seconds it took; never raises.

    A broken snapshot is not reported here: the first page says so with its own message.
    """
    started = time.perf_counter()
    try:
        from ui import data as ui_data
        from ui import presenter, svg_charts, widgets  # noqa: F401  (the first page's imports)

        ui_data.overview(ui_data.load())
    except Exception:  # the page reports it to the viewer; the log gets the details
        LOG.warning("warm-up could not load the snapshot", exc_info=True)
    try:
        import PIL.Image  # noqa: F401  (st.set_page_config reads the page icon through Pillow)
    except Exception:
        pass
    _compile_scripts(wait_for_runtime)
    took = time.perf_counter() - started
    LOG.info("warm-up done in %.2f s", took)
    if later_after is not None:
        time.sleep(later_after)   # after the first viewer's page has loaded: no CPU taken from it
        prepare_pages()
    return took


def prepare_pages() -> None:
    """What the Models and Compare pages build once per snapshot (~1 s at 4,500 models): done before a
    viewer's first visit to them rather than during it. Never raises."""
    try:
        from ui import data as ui_data

        data = ui_data.load()
        data.model_ids(), data.search_hay(), data.score_options(), data.model_display_arrow(None)
        data.compare_records(), data.score_records()
    except Exception:
        LOG.warning("warm-up could not prepare the pages", exc_info=True)


def _compile_scripts(wait_s: float) -> None:
    """Put the entry script and every page into the server's bytecode cache (Streamlit internals, guarded)."""
    try:
        from streamlit.runtime import Runtime

        deadline = time.monotonic() + wait_s
        while not Runtime.exists() and time.monotonic() < deadline:
            time.sleep(0.05)
        if not Runtime.exists():
            return
        cache = Runtime.instance()._script_cache
        for script in [ROOT / "dashboard.py", *sorted((ROOT / "app_pages").glob("*.py"))]:
            cache.get_bytecode(str(script))
    except Exception:  # an optimisation only: a Streamlit that changed its internals just compiles later
        LOG.debug("warm-up could not precompile the scripts", exc_info=True)
