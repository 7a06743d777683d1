"""Render every page of an assembled Space bundle headless, with nothing but the bundle's packages.

Run by tests/test_space_bundle.py with the bundle environment's own interpreter (which has Streamlit
and the bundle's requirements.txt, no pytest): `python space_pages.py BUNDLE_DIR`. Prints one JSON
object: the pages found in the bundle's navigation and, per page, its title, exceptions and errors.
Not collected by pytest (no test_ prefix); it must import nothing the bundle does not ship.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path


def main(bundle: Path) -> dict:
    os.environ.pop("MME_SNAPSHOT_DIR", None)  # the bundle's own shipped snapshot
    os.chdir(bundle)
    sys.path.insert(0, str(bundle))
    from streamlit.testing.v1 import AppTest

    from ui import page_registry  # the bundle's own page list, which its navigation reads

    pages = [p.file for p in page_registry.PAGES]
    files = sorted(str(p.relative_to(bundle)) for p in (bundle / "app_pages").glob("*.py") if p.name != "__init__.py")
    report = {"pages": pages, "page_files": files, "results": {}}
    for page in pages:
        at = AppTest.from_file(str(bundle / "dashboard.py"), default_timeout=120)
        at.run()
        at.switch_page(page)
        at.run()
        report["results"][page] = {
            "exceptions": [e.value for e in at.exception],
            "errors": [e.value for e in at.error],
            "titles": [t.value for t in at.title],
            "elements": len(list(at.main)),
        }
    report["modules"] = sorted({m.split(".")[0] for m in sys.modules})
    return report


if __name__ == "__main__":
    print(json.dumps(main(Path(sys.argv[1]).resolve())))
