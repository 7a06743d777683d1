"""ui/compat.py's uses of private APIs fail here, loudly, when the dependency changes them."""

from __future__ import annotations

import builtins

from streamlit.testing.v1 import AppTest

from ui import compat


def compiles_of(script, monkeypatch, runs: int) -> int:
    """How often `runs` fresh AppTests compile `script` (counted at builtins.compile)."""
    seen = []
    real = builtins.compile

    def counting(source, filename, *args, **kwargs):
        if str(filename) == str(script):
            seen.append(filename)
        return real(source, filename, *args, **kwargs)

    monkeypatch.setattr(builtins, "compile", counting)
    for _ in range(runs):
        at = AppTest.from_file(str(script))
        at.run()
        assert not at.exception and at.markdown[0].value == "hello"
    monkeypatch.setattr(builtins, "compile", real)
    return len(seen)


def test_apptest_runs_share_one_bytecode_cache_and_undo_restores_a_cache_per_run(tmp_path, monkeypatch):
    script = tmp_path / "page.py"
    script.write_text("import streamlit as st\nst.write('hello')\n")
    assert compiles_of(script, monkeypatch, 3) == 3  # AppTest's own behaviour: one cache per run
    undo = compat.share_apptest_script_cache()  # raises if Streamlit moved what it patches
    try:
        assert compiles_of(script, monkeypatch, 3) == 1
    finally:
        undo()
    assert compiles_of(script, monkeypatch, 2) == 2
