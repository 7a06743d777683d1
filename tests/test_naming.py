"""One spelling per concept in code names: "license" (as the Hub's `license` tag and the snapshot's
columns spell it). Page text may say "licence"; identifiers, module names, column names and the
manifest's keys may not, so a reader searching the code for one spelling finds every use.
"""

from __future__ import annotations

import io
import json
import re
import tokenize
from pathlib import Path

from model_data.store import schema

ROOT = Path(__file__).resolve().parents[1]
FOLDERS = ("model_data", "ui", "app_pages", "tests", "bench", "deploy")
OTHER = re.compile(r"licence", re.I)


def python_files() -> list[Path]:
    files = [p for folder in FOLDERS for p in sorted((ROOT / folder).rglob("*.py"))]
    return files + sorted(ROOT.glob("*.py"))


def names_in(source: str) -> set[str]:
    return {t.string for t in tokenize.generate_tokens(io.StringIO(source).readline) if t.type == tokenize.NAME}


def test_the_scan_sees_an_identifier_with_the_other_spelling():
    assert {n for n in names_in("licence_family = 1\ndef f(Licence): pass\n") if OTHER.search(n)} == {
        "licence_family",
        "Licence",
    }
    assert not {n for n in names_in('x = "the licence text"  # a licence\n') if OTHER.search(n)}


def test_no_code_name_uses_the_british_spelling():
    found = {
        f"{p.relative_to(ROOT)}: {n}"
        for p in python_files()
        for n in names_in(p.read_text(encoding="utf-8"))
        if OTHER.search(n)
    }
    assert not found, sorted(found)


def test_no_module_or_file_name_uses_the_british_spelling():
    assert len(python_files()) > 10
    found = [str(p.relative_to(ROOT)) for p in python_files() if OTHER.search(p.name)]
    assert not found


def test_no_table_column_or_manifest_key_uses_the_british_spelling():
    columns = [c for table in schema.TABLES.values() for c in table]
    assert "license_id" in columns and not [c for c in columns if OTHER.search(c)]

    def keys(value):
        if isinstance(value, dict):
            for k, v in value.items():
                yield k
                yield from keys(v)
        elif isinstance(value, list):
            for v in value:
                yield from keys(v)

    for folder in (ROOT / "model_data" / "snapshot", ROOT / "tests" / "fixtures" / "snapshot"):
        manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
        # identifier-like keys only: a count keyed by a licence family ("responsible-AI licence") is data wording
        assert not [k for k in keys(manifest) if re.fullmatch(r"[a-z_]+", k) and OTHER.search(k)], folder
