"""A copy of the fixture snapshot whose text and URL cells are attacks (shared by the AppTest and browser suites).

Every free-text column a page shows gets one of INJECTIONS (rotating, so each string lands on every page),
with a short unique prefix so names stay distinct; every data-supplied URL becomes a hostile URL.
Ids, numbers and licence families are left alone: they are validated elsewhere and drive the joins.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pandas as pd

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "snapshot"
TRACKER = "http://127.0.0.1:9/track.png"

INJECTIONS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    '<iframe src="http://127.0.0.1:9/frame"></iframe>',
    "[click](javascript:alert(1))",
    f"![x]({TRACKER})",
    '<a href="javascript:alert(1)">link</a>',
    "# Heading **bold** _it_ `code`",
    "{{7*7}} ${7*7} <%= 7*7 %>",
    "\u202eevil RTL override",
    ":red[directive] $x^2$ :material/home:",
    "L" * 5_000 + " very long",
    "bare https://evil.example/x link",  # GFM autolink literals (issue 15): never a link from data
    "host www.evil.example here",
    "mail bob@evil.example now",
]
HOSTILE_URLS = [
    "javascript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    TRACKER,
    "https://ok.example/ x onmouseover=alert(1)",
    "JAVASCRIPT:alert(1)",
    "//127.0.0.1:9/x",
]

TEXT_COLUMNS = {
    "episodes": ["title"],
    "models": [
        "display_name",
        "organization",
        "license_name",
        "commercial_clause",
        "class_project",
        "research_paper",
        "startup_product",
        "params_note",
        "scores_note",
        "library",
        "base_model",
    ],
    "candidates": ["surface", "context"],
    "mentions": ["surface", "section"],
    "scores": ["note"],
}
URL_COLUMNS = {
    "episodes": ["recording_url", "blog_url", "recap_url", "slides_url"],
    "models": ["hub_url", "license_url"],
    "scores": ["source_url"],
}


def build(target: Path) -> Path:
    target = Path(target)
    shutil.copytree(FIXTURE, target)
    for name in set(TEXT_COLUMNS) | set(URL_COLUMNS):
        path = target / f"{name}.csv"
        frame = pd.read_csv(path, dtype=str, keep_default_na=False)
        for k, col in enumerate(TEXT_COLUMNS.get(name, [])):
            if col in frame.columns:
                frame[col] = [f"{name[0]}{i}.{k} {INJECTIONS[(i + k) % len(INJECTIONS)]}" for i in range(len(frame))]
        for k, col in enumerate(URL_COLUMNS.get(name, [])):
            if col in frame.columns:
                frame[col] = [HOSTILE_URLS[(i + k) % len(HOSTILE_URLS)] for i in range(len(frame))]
        frame.to_csv(path, index=False)
    manifest = json.loads((target / "manifest.json").read_text(encoding="utf-8"))
    manifest["note"] = INJECTIONS[0] + " " + INJECTIONS[4]
    manifest["sources"][0]["url"] = "javascript:alert(1)"
    manifest["sources"][1]["name"] = INJECTIONS[1]
    (target / "manifest.json").write_text(json.dumps(manifest, indent=2), encoding="utf-8")
    from tests.apptest_helpers import add_digest  # the landing page then reads the hostile text from its digest

    return add_digest(target)
