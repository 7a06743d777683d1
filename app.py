"""Model Mondays Explorer: what `streamlit run app.py` serves.

The dashboard itself is dashboard.py (navigation, shared settings, share link); this file wraps it
in Streamlit's ASGI `st.App` only to warm the process up at launch: the first viewer would
otherwise wait for pandas, pyarrow and plotly to import and the snapshot to be read (~0.7 s on a
small machine), which now happens while their browser is still loading the page's JavaScript; and
to add the headers that forbid other sites to frame it (ui/frame_headers.py).
"""

from __future__ import annotations

import contextlib
import threading
from pathlib import Path

import streamlit as st
from starlette.middleware import Middleware

from ui.store import warmup
from ui.frame_headers import FrameHeaders


@contextlib.asynccontextmanager
async def _lifespan(_app):
    threading.Thread(target=warmup.run, name="mme-warmup", daemon=True).start()
    yield


app = st.App(Path(__file__).with_name("dashboard.py"), lifespan=_lifespan, middleware=[Middleware(FrameHeaders)])
