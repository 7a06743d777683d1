"""Shared helpers for the AppTest suites: open the app on a page with URL parameters and a snapshot."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from tests.helpers import use_snapshot
from ui import page_registry

ROOT = Path(__file__).resolve().parents[1]
FIXTURE = ROOT / "tests" / "fixtures" / "snapshot"
SHIPPED = ROOT / "model_data" / "snapshot"
# url_path (what a link says) -> page file: ui/page_registry.py, the list the navigation reads too.
PAGE_FILES = page_registry.FILES


def shipped_ready() -> bool:
    """The shipped snapshot is complete once its manifest and models table exist with rows."""
    models = SHIPPED / "models.csv"
    return (SHIPPED / "manifest.json").exists() and models.exists() and len(pd.read_csv(models)) > 0


needs_shipped = pytest.mark.skipif(not shipped_ready(), reason="shipped snapshot not built yet (model_data/snapshot/)")


def open_app(
    snapshot: Path,
    page: str | None = None,
    params: dict | None = None,
    timeout: float = 60,
    global_params: dict | None = None,
) -> AppTest:
    """Run dashboard.py (what app.py serves); with `page`, switch to it (AppTest needs one run first) and pass `params` there."""
    use_snapshot(snapshot)
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=timeout)
    if page is None:
        for k, v in (params or {}).items():
            at.query_params[k] = v
        at.run()
        return at
    for k, v in (global_params or {}).items():  # app-wide settings (present, theme) arrive with the first load
        at.query_params[k] = v
    at.run()
    at.switch_page(page)
    for k, v in (params or {}).items():
        at.query_params[k] = v
    at.run()
    return at


def open_link(snapshot: Path, page: str, params: dict, timeout: float = 60) -> AppTest:
    """A fresh session that opens `page` (a url_path) with `params`: what a pasted link does.

    Before a session's first run AppTest finds a page by its file name, which for Licences is not its
    address (/licences is app_pages/licenses.py): that page is reached after a bare first run whose
    session state is then emptied, so the link's run is the session's first as in a browser.
    """
    use_snapshot(snapshot)
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=timeout)
    target = PAGE_FILES[page]
    if page != "overview" and Path(target).stem != page:
        at.run()
        for key in list(at.session_state.keys()):
            del at.session_state[key]
    if page != "overview":
        at.switch_page(target)
    for k, v in params.items():
        at.query_params[k] = v
    at.run()
    return at


def add_digest(folder: Path) -> Path:
    """Give a hand-made snapshot (the fixture has no table hashes) the Overview digest a write would add.

    The fixture itself has none, so the AppTest suites cover both ways the landing page gets its data:
    the digest read without pandas (folders passed through here) and the fallback built from the tables.
    """
    import hashlib
    import json

    from model_data.store import digest, schema
    from model_data.store.snapshot import read_table

    folder = Path(folder)
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    tables = {n: read_table(folder, n) for n in schema.TABLES}
    manifest["tables"] = {
        n: {"rows": len(tables[n]), "sha256": hashlib.sha256((folder / f"{n}.csv").read_bytes()).hexdigest()}
        for n in schema.TABLES
        if (folder / f"{n}.csv").exists()
    }
    blob = digest.to_bytes(digest.build(tables, manifest))
    (folder / digest.FILE).write_bytes(blob)
    manifest["derived"] = {digest.FILE: digest.manifest_entry(blob)}
    (folder / "manifest.json").write_text(json.dumps(manifest, indent=2), encoding="utf-8")
    assert digest.read(folder) is not None
    return folder


def open_menu(at: AppTest) -> AppTest:
    """Open the "Share & present" popover (its widgets are drawn only while it is open) and rerun."""
    at.session_state["share_menu"] = True
    at.run()
    return at


def no_exception(at: AppTest) -> None:
    assert not at.exception, [e.value for e in at.exception]


def frames(at: AppTest) -> list[pd.DataFrame]:
    return [d.value for d in at.dataframe]


LICENSE_WARNING_ICON = ":material/gavel:"


def warnings(at: AppTest) -> list[str]:
    """The notices a view raises (URL values, stale data); licence warnings on models are facts, not notices."""
    return [w.value for w in at.warning if w.icon != LICENSE_WARNING_ICON]


def license_warnings(at: AppTest) -> list[str]:
    return [w.value for w in at.warning if w.icon == LICENSE_WARNING_ICON]
