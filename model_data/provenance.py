"""Where the snapshot came from, as frames: the manifest's tables (rows, hashes, build times) and the
sources each was read from, and the sources whose licence asks for attribution (the Data page)."""

from __future__ import annotations

import json

import pandas as pd


def _cell(value):
    return json.dumps(value) if isinstance(value, (dict, list)) else value


def table_rows(manifest: dict) -> pd.DataFrame:
    """One row per table of the manifest, its scalar facts as they are (nested ones as JSON text)."""
    rows = []
    for name, info in (manifest.get("tables") or {}).items():
        info = info if isinstance(info, dict) else {"value": info}
        rows.append({"table": name, **{k: _cell(v) for k, v in info.items() if k not in ("sources", "values")}})
    return pd.DataFrame(rows).astype(str) if rows else pd.DataFrame()


def source_rows(manifest: dict) -> pd.DataFrame:
    """One row per source: the manifest's own `sources` list or mapping when it has one, else each
    table's `sources` (lists joined with commas)."""
    sources = manifest.get("sources") or [
        {"table": name, "source": src, **{k: (", ".join(v) if isinstance(v, list) else v) for k, v in info.items()}}
        for name, t in (manifest.get("tables") or {}).items()
        if isinstance(t, dict)
        for src, info in (t.get("sources") or {}).items()
        if isinstance(info, dict)
    ]
    if isinstance(sources, dict):
        sources = [{"source": k, **(v if isinstance(v, dict) else {"value": v})} for k, v in sources.items()]
    elif not isinstance(sources, list):  # a hand-edited manifest: shown as it is rather than failing the page
        sources = [{"value": sources}]
    return pd.DataFrame(sources).astype(str) if sources else pd.DataFrame()


def attributions(manifest: dict) -> list[dict]:
    """The score sources whose licence asks for credit: their `attribution` and `license`."""
    score_sources = ((manifest.get("tables") or {}).get("scores") or {}).get("sources") or {}
    return [
        {"attribution": info["attribution"], "license": info.get("license", "")}
        for info in score_sources.values()
        if isinstance(info, dict) and info.get("attribution")
    ]
