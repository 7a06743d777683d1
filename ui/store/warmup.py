"""Work done at server launch (app.py starts `run` in a thread), in two phases.

1. At once, light: the landing page's modules and its Overview digest (json, no pandas). Then it waits for the first page to be drawn (dashboard.py calls
   `page_drawn`), or for `idle_start` seconds when nobody comes.
2. Then heavy: pandas and pyarrow, the full snapshot, and (a few seconds later) what the Models
   and Compare pages build once per snapshot, so a viewer's first visit there does not wait for it.

Why the wait: this thread shares the server's GIL with the event loop that serves Streamlit's
JavaScript to the first browser. Importing pandas during that load made the first page ~1.4x
slower than a bare app on 2 cores (bench/startup.py); the landing page needs none of it.
"""

from __future__ import annotations

import logging
import threading
import time

LOG = logging.getLogger("mme.warmup")
FIRST_PAGE = threading.Event()


def page_drawn() -> None:
    """Called at the end of every script run: the heavy phase waits for the first one."""
    FIRST_PAGE.set()


def run(idle_start: float = 10.0, settle: float = 1.0, later_after: float | None = 4.0) -> float:
    """Both phases; returns the seconds the light phase took; never raises.

    A broken snapshot is not reported here: the first page says so with its own message.
    """
    started = time.perf_counter()
    try:
        from ui.draw import colors, presenter, svg_charts, widgets  # noqa: F401  (the first page's imports)
        from ui.store import landing  # noqa: F401  (the first page's imports)
        from ui.state import session, url, url_values  # noqa: F401  (the first page's imports)

        _ = landing.load().tables  # the Overview's markdown tables, built once per snapshot
    except Exception:  # the page reports it to the viewer; the log gets the details
        LOG.warning("warm-up could not load the snapshot", exc_info=True)
    try:  # Streamlit's catalogues it checks the page icon (an emoji) and the pages' icons against (~0.14 s)
        import streamlit.emojis  # noqa: F401
        import streamlit.material_icon_names  # noqa: F401
    except Exception:
        pass
    took = time.perf_counter() - started
    LOG.info("warm-up (light) done in %.2f s", took)
    if FIRST_PAGE.wait(idle_start):
        time.sleep(settle)  # the first browser still fetches the code of the page's elements
    load_tables()
    if later_after is not None:
        time.sleep(later_after)
        prepare_pages()
    return took


def load_tables() -> None:
    """pandas, pyarrow and the full snapshot, which every page but the landing page reads, and what
    Streamlit needs to show an image (the share menu's QR code: numpy, Pillow). Never raises."""
    try:
        from ui.store import data as ui_data

        ui_data.load()
    except Exception:
        LOG.warning("warm-up could not load the tables", exc_info=True)
    try:
        import PIL.Image
        import streamlit.elements.lib.image_utils  # noqa: F401  (imports numpy)

        PIL.Image.preinit()
    except Exception:
        pass


def prepare_pages() -> None:
    """What the Models and Compare pages build once per snapshot (~1 s at 4,500 models): done before a
    viewer's first visit to them rather than during it. Never raises."""
    try:
        from ui.store import data as ui_data

        data = ui_data.load()
        data.model_ids(), data.search_hay(), data.score_options(), data.model_display_arrow(None)
        data.compare_records(), data.score_records()
    except Exception:
        LOG.warning("warm-up could not prepare the pages", exc_info=True)
