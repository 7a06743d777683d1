"""Loading the snapshot once per snapshot (not per session, not per rerun), and what every page shares.

The snapshot is read and enriched once per manifest fingerprint (model_data.snapshot.fingerprint:
the sha256 of manifest.json, which every write replaces last) and kept with st.cache_resource:
every session and every rerun gets the same read-only frames, with no copy. st.cache_data would
unpickle a fresh copy of every frame on each rerun (~50 ms and ~30 MB per viewer at 4,500 models).
A new snapshot (new manifest) is picked up without a restart; filtering is never cached.
MME_SNAPSHOT_DIR points the app at another snapshot (tests use the fixture). The landing page
reads the snapshot's small Overview digest instead (ui/store/landing.py), so it never waits for this.

The shared frames must not be changed in place: pages derive new frames from them (pandas'
copy-on-write makes every derived frame independent).
"""

from __future__ import annotations

import gc
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import streamlit as st

from model_data import novelty, views
from model_data.store.snapshot import PREVIOUS, SnapshotError, fingerprint, read_consistent, verify
from model_data.store.snapshot_files import snapshot_date
from ui.draw import charts
from ui.text import format as fmt
from ui.text import table_cells
from ui.store.snapshot_source import set_snapshot_problem, snapshot_dir
from ui.clock import today


@dataclass(eq=False)
class Data:
    manifest: dict
    tables: dict[str, pd.DataFrame]
    models: pd.DataFrame  # views.model_table, its codes worded (format.word_models): one row per model
    episodes: pd.DataFrame  # views.episodes_frame: broadcast order with labels
    colors: dict[str, str]  # licence family -> colour, the same on every chart
    _memo: dict = field(default_factory=dict, repr=False)
    _lru: OrderedDict = field(default_factory=OrderedDict, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    @property
    def mentions(self) -> pd.DataFrame:
        return self.tables["mentions"]

    @property
    def scores(self) -> pd.DataFrame:
        return self.tables["scores"]

    @property
    def date(self) -> str:
        return snapshot_date(self.manifest)

    def caption(self, extra: str = "") -> str:
        return fmt.data_caption(self.date, extra)

    @property
    def names(self) -> dict[str, str]:
        """model_id -> display name for every model (the id when it has none): selectors' format_func.

        Selectors list every model (4,500 at the large size) on each rerun and format each option;
        `names.__getitem__` is a C call where a lambda per option cost milliseconds.
        """
        return self.once("model_names", lambda: views.display_names(self.models))

    # Snapshot-only answers several pages (and the warm-up) ask for: named here so the key and the
    # way each is built exist once.
    def model_ids(self) -> list[str]:
        return self.once("model_ids", lambda: list(self.models["model_id"]))

    def compare_records(self) -> dict[str, list[dict]]:
        """The Compare page's columns per model, with the reason for no score as worded (format.word_models)."""
        return self.once(
            "compare_records", lambda: views.records_by_model(self.models, [*views.COMPARE_COLUMNS, "scores_why"])
        )

    def score_records(self) -> dict[str, list[dict]]:
        return self.once("score_records", lambda: views.records_by_model(self.scores))

    def search_hay(self) -> pd.Series:
        return self.once("search_hay", lambda: views.search_haystack(self.models))

    def score_options(self) -> list[str]:
        return self.once("score_opts", lambda: [f"{g}|{b}" for g, b in views.score_choices(self.scores)])

    def models_plain(self) -> pd.DataFrame:
        """`models` with its text columns as plain Python objects (same index, values and NaN): a
        filter's mask, take and sort on it are numpy operations where the Arrow-string columns cost a
        pyarrow take per column (about 200 per Models rerun at 4,500 models). Read-only, like `models`."""
        return self.once("models_plain", lambda: views.plain_columns(self.models))

    def model_display(self, cols: list[str] | None = None) -> pd.DataFrame:
        """The models table as shown (formatted once per snapshot; a filter only picks its rows)."""
        return self.once(f"model_display:{cols}", lambda: fmt.model_display(self.models, cols))

    def model_display_arrow(self, cols: list[str] | None = None):
        """model_display as a pyarrow Table: the grid takes a filter's rows from it without converting."""
        import pyarrow as pa

        return self.once(
            f"model_display_arrow:{cols}",
            lambda: pa.Table.from_pandas(
                table_cells.grid_cells(self.model_display(cols), table_cells.model_reasons(self.models)),
                preserve_index=False,
            ),
        )

    def latest_episode(self) -> str | None:
        """The latest aired episode (date on or before today): where Overview and Episodes open."""
        aired = views.aired(self.episodes)  # a slot that did not air (a holiday week) is never the default
        return novelty.latest_aired(zip(aired["episode_id"], aired["date"]), today())

    def new_by_episode(self) -> dict[str, list[str]]:
        """episode -> the models it named first (novelty.new_per_episode), once per snapshot."""
        return self.once(
            "new_by_episode", lambda: novelty.new_per_episode(self._model_pairs(), list(self.episodes["episode_id"]))
        )

    def first_named(self) -> dict[str, str]:
        return self.once(
            "first_named", lambda: novelty.first_named(self._model_pairs(), list(self.episodes["episode_id"]))
        )

    def models_per_episode(self) -> dict[str, int]:
        """episode -> how many models it named (named_pairs; an episode that named none: absent)."""
        return self.once("models_per_episode", lambda: self.named_pairs()["episode_id"].value_counts().to_dict())

    def latest_with_models(self) -> str | None:
        """The latest aired episode that named at least one model: where Overview and Episodes open."""
        return novelty.latest_with_models(
            list(self.episodes["episode_id"]), self.models_per_episode(), self.latest_episode()
        )

    def named_pairs(self) -> pd.DataFrame:
        """views.named_pairs: the one (episode, model) list every count is taken from, once per snapshot."""
        return self.once("named_pairs", lambda: views.named_pairs(self.models, self.episodes, self.mentions))

    def _model_pairs(self) -> list[tuple[str, str]]:
        pairs = self.named_pairs()
        return list(zip(pairs["episode_id"], pairs["model_id"]))

    def once(self, name: str, build):
        """`build()` computed once per snapshot and shared by every session (it must not be mutated).

        For answers that depend on the snapshot only, not on a viewer's filters (selector options,
        the score choices, the overview's timeline), so a rerun does not recompute them.
        """
        if name not in self._memo:
            value = build()
            with self._lock:
                self._memo.setdefault(name, value)
            gc.freeze()  # lives as long as the snapshot: see _load
        return self._memo[name]

    def forget_views(self) -> None:
        """Drop every shared view result (bench/interaction.py times reruns of views nobody asked for yet)."""
        with self._lock:
            self._lru.clear()

    def recent(self, key, build, maxsize: int = 128):
        """`build()` for `key` (a hashable view state), shared by every session; the last `maxsize` are kept.

        For answers that depend on the snapshot and a view state only (a filter state's score-vs-size
        chart): viewers who look at the same view, and a viewer who comes back to one, reuse it.
        The value must not be mutated.
        """
        with self._lock:
            if key in self._lru:
                self._lru.move_to_end(key)
                return self._lru[key]
        value = build()
        with self._lock:
            self._lru[key] = value
            while len(self._lru) > maxsize:
                self._lru.popitem(last=False)
        return value


def build(snap) -> Data:
    """A read snapshot (model_data.store.snapshot) enriched for the pages: models worded, episodes in order, colours."""
    tables = dict(snap.tables)
    models = fmt.word_models(views.model_table(tables))
    return Data(
        manifest=snap.manifest,
        tables=tables,
        models=models,
        episodes=views.episodes_frame(tables["episodes"]),
        colors=charts.family_colors(models["license_family"]),
    )


@st.cache_resource(show_spinner=False, max_entries=4)
def _load(folder: str, key: str) -> Data:
    """Read and enrich one snapshot; `key` (its fingerprint) makes a new snapshot a new entry.

    The frames live as long as the process; left to the cyclic collector, each of its full passes
    walked all their objects (70-100 ms at 50,000 mentions, paid by whichever viewer's rerun was
    running). gc.freeze moves them out of its reach; they are still freed by reference counting."""
    data = build(read_consistent(folder))
    gc.collect()
    gc.freeze()
    return data


_good: dict[str, Data] = {}  # snapshot folder -> the last Data that loaded cleanly from it
_failed: dict[tuple[str, str], tuple[float, SnapshotError]] = {}  # (folder, fingerprint) -> when, why
RETRY_SECONDS = 5.0  # a broken snapshot is re-read at most this often (read_consistent waits ~2 s)


def load() -> Data:
    """The snapshot's frames; never tables the manifest does not vouch for.

    When the snapshot on disk cannot be read or checked, the last good one this process loaded is
    served (else the previous generation kept in `.previous/`), and `landing.snapshot_problem()`
    says so, so every page shows the problem instead of unchecked tables. With neither, the
    SnapshotError (one sentence: file, problem, command) reaches the page.
    """
    folder = snapshot_dir()
    key = (str(folder), fingerprint(folder))
    failed = _failed.get(key)
    if failed is None or time.monotonic() - failed[0] > RETRY_SECONDS:
        try:
            data = _load(*key)
            _good[key[0]] = data
            _failed.pop(key, None)
            set_snapshot_problem(folder, None)
            return data
        except SnapshotError as err:
            failed = _failed[key] = (time.monotonic(), err)
    err = failed[1]
    fallback = _good.get(key[0])
    kept = Path(folder) / PREVIOUS
    if fallback is None and not verify(kept):
        fallback = _load(str(kept), fingerprint(kept))
    if fallback is None:
        set_snapshot_problem(folder, None)
        raise err
    set_snapshot_problem(folder, f"{err}", fallback.date)
    return fallback


def timeline(data: Data):
    """The Overview's timeline (one row per episode x model), once per snapshot."""
    return data.once("timeline", lambda: views.timeline_frame(data.models, data.mentions, data.episodes))
