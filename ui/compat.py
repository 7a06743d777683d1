"""The one place that may use a dependency's private API (tests/test_private_api.py greps everything else).

Each use here is guarded by tests/test_compat.py, which fails loudly when the dependency changes
what it relies on, and docs/BENCHMARKS.md shows what it buys, measured as a ratio in one run.

- `share_apptest_script_cache` (used by bench/interaction.py only, never by the app): AppTest builds
  a fresh ScriptCache for every run, so each timed rerun would also recompile dashboard.py and the
  page, a cost `streamlit run` does not pay (its Runtime keeps one ScriptCache). Streamlit 1.67.
"""

from __future__ import annotations

from collections.abc import Callable


def share_apptest_script_cache() -> Callable[[], None]:
    """Make every AppTest run in this process share one bytecode cache; returns the undo."""
    from streamlit.runtime.scriptrunner.script_cache import ScriptCache
    from streamlit.testing.v1 import app_test, local_script_runner

    before = (local_script_runner.ScriptCache, app_test.ScriptCache)
    if before != (ScriptCache, ScriptCache):
        raise RuntimeError("streamlit's AppTest no longer builds its ScriptCache where ui/compat.py expects")
    shared = ScriptCache()
    local_script_runner.ScriptCache = app_test.ScriptCache = lambda: shared

    def undo() -> None:
        local_script_runner.ScriptCache, app_test.ScriptCache = before

    return undo
