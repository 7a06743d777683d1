"""Per-run view settings every page reads: presenter mode, the highlighted model, the links' theme
(dashboard.py decides them once per run from the URL and the "Share & present" menu)."""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

KEY = "_mme_view"


@dataclass(frozen=True)
class View:
    present: bool = False
    highlight: str | None = None
    theme: str | None = None


def current() -> View:
    return st.session_state.get(KEY, View())
