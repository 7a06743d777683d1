"""The app's own per-session state, in ONE object under ONE session key (`KEY`).

Widget keys (a selector's, a toggle's) stay in st.session_state because Streamlit keeps a widget's
value there; everything else the app remembers between runs of a session is a field below, read and
written through `current()`, so there is one place to look for it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import streamlit as st

KEY = "_mme"


@dataclass(frozen=True)
class View:
    """Per-run view settings every page reads: presenter mode, the highlighted model, the links' theme
    (dashboard.py decides them once per run from the URL and the "Share & present" menu)."""

    present: bool = False
    highlight: str | None = None
    theme: str | None = None


@dataclass
class SessionState:
    """What the session remembers; the URL-state fields follow ui/state/url.py's history model."""

    runs: int = 0  # script runs of this session (the first one is where a pasted link arrives)
    page: str = ""  # the url_path of the page this run draws
    written: tuple[str, dict[str, list[str]]] | None = None  # (page, params) the last run committed
    spec: dict = field(default_factory=dict)  # this run's page `state` spec: widget key -> url.Param
    wanted: dict[str, list[str]] = field(default_factory=dict)  # params published during this run
    share_only: dict[str, list[str]] = field(default_factory=dict)  # defaults the share link still spells out
    seed_ignored: list[tuple[str, str, str]] = field(default_factory=list)  # link values a seed could not use
    view: View = field(default_factory=View)

    def start_page(self, url_path: str) -> None:
        """A run begins on `url_path`: the per-run fields start empty (written params are per page)."""
        self.page = url_path
        self.spec = {}
        self.wanted = {}
        self.share_only = {}

    def take_ignored(self) -> list[tuple[str, str, str]]:
        """The ignored link values collected so far, handed to the page's notice once."""
        taken, self.seed_ignored = self.seed_ignored, []
        return taken


def current() -> SessionState:
    """This session's state (created on its first run)."""
    state = st.session_state.get(KEY)
    if state is None:
        state = st.session_state[KEY] = SessionState()
    return state


def view() -> View:
    """This run's view settings (as dashboard.py set them before the page ran)."""
    return current().view
