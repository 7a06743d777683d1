"""Loading the snapshot once per manifest, and the per-run derived frames every page shares.

Reading is cached with st.cache_data keyed on the folder and the manifest text, so a new
snapshot (new manifest) is picked up without a restart while filtering is never cached.
MME_SNAPSHOT_DIR points the app at another snapshot (tests use the fixture).
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import streamlit as st

from model_data import views
from model_data.snapshot import DEFAULT_DIR, read_manifest, read_snapshot
from ui import charts


def snapshot_dir() -> Path:
    return Path(os.environ.get("MME_SNAPSHOT_DIR") or DEFAULT_DIR)


@st.cache_data(show_spinner=False)
def _load(folder: str, manifest_key: str) -> tuple[dict, dict[str, pd.DataFrame], pd.DataFrame]:
    snap = read_snapshot(folder)
    tables = dict(snap.tables)
    return snap.manifest, tables, views.model_table(tables)


@dataclass
class Data:
    manifest: dict
    tables: dict[str, pd.DataFrame]
    models: pd.DataFrame          # views.model_table: enriched, one row per model
    episodes: pd.DataFrame        # views.episodes_frame: broadcast order with labels
    colors: dict[str, str]        # licence family -> colour, the same on every chart

    @property
    def mentions(self) -> pd.DataFrame:
        return self.tables["mentions"]

    @property
    def scores(self) -> pd.DataFrame:
        return self.tables["scores"]

    @property
    def date(self) -> str:
        m = self.manifest
        for key in ("snapshot_date", "built_at", "created_at", "date"):
            if m.get(key):
                return str(m[key])[:10]
        built = [str(t.get("built_at"))[:10] for t in (m.get("tables") or {}).values()
                 if isinstance(t, dict) and t.get("built_at")]
        return max(built) if built else "unknown date"

    def caption(self, extra: str = "") -> str:
        base = f"Data snapshot {self.date}"
        return f"{base} · {extra}" if extra else base


def load() -> Data:
    folder = snapshot_dir()
    manifest_key = json.dumps(read_manifest(folder), sort_keys=True)
    manifest, tables, models = _load(str(folder), manifest_key)
    return Data(
        manifest=manifest,
        tables=tables,
        models=models,
        episodes=views.episodes_frame(tables["episodes"]),
        colors=charts.family_colors(models["license_family"]),
    )
