"""What the landing page needs, without pandas: the snapshot's Overview digest, once per snapshot.

dashboard.py (navigation, settings, share link) and the Overview draw from this alone, so the page
a shared link opens does not wait for pandas and the full tables (bench/startup.py: they cost the
first viewer of a fresh process ~0.7 s). The digest is written with the snapshot
(model_data/digest.py); a snapshot without a valid one gets the same dict built from the full
tables (ui/store/data.py), only slower. Every other page loads the full tables.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import streamlit as st

from model_data import novelty
from model_data.store import digest as overview_digest
from model_data.store.schema import episode_label
from model_data.store.snapshot_files import fingerprint, snapshot_date
from ui.draw import colors as family_colors
from ui.clock import today
from ui.text import format as fmt
from ui.store.snapshot_source import set_snapshot_problem, snapshot_dir, snapshot_problem  # noqa: F401  (re-exported)

OVERVIEW_EPISODES = 12  # most recent episodes listed on the Overview (all are on the Episodes page and in the CSV)


def _message(text: str) -> str:
    """A SnapshotError sentence as markdown: `commands` as code (a code span shows its text literally),
    everything else escaped by the one rule for text the app did not write itself (file or table names)."""
    parts = text.split("`")
    if len(parts) % 2 == 0:  # an unpaired backtick: no code spans at all
        return fmt.md(text)
    return "".join(fmt.md(p) if i % 2 == 0 else f"`{p}`" for i, p in enumerate(parts))


def problem_text(err: Exception) -> str:
    """What a viewer reads when no snapshot can be served: the file, the problem and the command.
    A SnapshotError's sentence is ours (file names and commands, never data); anything else is not shown."""
    folder = snapshot_dir()
    why = str(err) if type(err).__name__ == "SnapshotError" else "it could not be read (details in the server log)"
    return (
        f"The data snapshot in `{str(folder).replace('`', '')}` is not shown: {_message(why)}. "
        f"Run `python -m model_data validate` to see every problem."
    )


def stale_text(problem: str, served: str) -> str:
    return (
        f"The data snapshot on disk is not shown ({_message(problem)}). This page shows the last good snapshot "
        f"({fmt.md(served)}) instead."
    )


class _Stale(Exception):
    """The tables loaded are a last good snapshot, not the one on disk: not to be cached under its key."""


@dataclass(eq=False, frozen=True)
class Landing:
    manifest: dict
    digest: dict  # model_data/digest.py's dict (shared by every session: never mutated)
    from_file: bool  # False: the snapshot had no valid digest, it was built from the tables

    @property
    def date(self) -> str:
        return snapshot_date(self.manifest)

    def caption(self, extra: str = "") -> str:
        return fmt.data_caption(self.date, extra)

    @functools.cached_property
    def names(self) -> dict[str, str]:
        """model_id -> display name: the highlight selector's format_func (`names.__getitem__`)."""
        return dict(map(tuple, self.digest["models"]))

    def model_ids(self) -> list[str]:
        return self._model_ids

    @functools.cached_property
    def _model_ids(self) -> list[str]:
        return list(self.names)

    @functools.cached_property
    def colors(self) -> dict[str, str]:
        """Licence family -> colour, as every other page assigns them (ui/draw/colors.py over all models' families)."""
        return family_colors.family_colors(self.digest["license_families"])

    @property
    def stats(self) -> dict:
        return self.digest["stats"]

    @property
    def families(self) -> list[dict]:
        return self.digest["families"]

    @property
    def seasons(self) -> list[dict]:
        return self.digest["seasons"]

    @functools.cached_property
    def episodes(self) -> list[dict]:
        """The digest's episode rows (data only) with the label the pages show (S2E3)."""
        return [{**e, "label": episode_label(e["season"], e["episode"])} for e in self.digest["episodes"]]

    @functools.cached_property
    def tables(self) -> dict:
        return fmt.overview_tables(self.seasons, self.episodes, OVERVIEW_EPISODES, self.names)

    def recent_episodes(self) -> list[dict]:
        """The episodes the Overview lists, newest first (its table's rows)."""
        return self.episodes[-OVERVIEW_EPISODES:][::-1]

    def latest(self) -> tuple[dict | None, dict | None]:
        """(the latest aired episode, the latest one up to it that named models: the same one, an
        earlier one when the latest named none, or None) as digest episode records."""
        by_id = {e["episode_id"]: e for e in self.episodes}
        latest = novelty.latest_aired(((e["episode_id"], e["date"]) for e in self.episodes), today())
        with_models = novelty.latest_with_models(list(by_id), {e: r["models"] for e, r in by_id.items()}, latest)
        return by_id.get(latest), by_id.get(with_models)

    def episode_table(self, episode: dict) -> str:
        """An episode's models as a markdown table: new ones first, with licence, commercial use and size."""
        return fmt.episode_models_table(
            episode.get("ids") or [], set(episode.get("new") or []), self.digest.get("facts") or {}
        )

    def seasons_csv_frame(self):
        """The per-season table for its CSV download (built on click: pandas is imported by then)."""
        import pandas as pd

        return pd.DataFrame(self.seasons, columns=fmt.SEASON_COLUMNS)

    def episodes_csv_frame(self):
        """Every episode with the models it named, `; `-joined (built on click)."""
        import pandas as pd

        rows = [
            {
                **{k: r[k] for k in ("episode_id", "label", "date", "title")},
                "models_named": "; ".join(r["names"]),
                "models": r["models"],
            }
            for r in self.episodes
        ]
        return pd.DataFrame(rows, columns=["episode_id", "label", "date", "title", "models_named", "models"])


@st.cache_resource(show_spinner=False, max_entries=4)
def _landing(folder: str, key: str) -> Landing:
    """The digest of one snapshot; `key` (its fingerprint) makes a new snapshot a new entry."""
    found = overview_digest.read(folder)
    if found is not None:
        manifest, digest = found
        return Landing(manifest, digest, from_file=True)
    from ui.store import data as ui_data  # no valid digest: build it from the full tables (raises if they are broken)

    data = ui_data.load()
    if snapshot_problem():
        raise _Stale
    return _from_tables(data)


def _from_tables(data) -> Landing:
    return data.once(
        "landing",
        lambda: Landing(
            data.manifest,
            overview_digest.build(data.tables, data.manifest, data.models, data.episodes),
            from_file=False,
        ),
    )


def load() -> Landing:
    folder = snapshot_dir()
    try:
        found = _landing(str(folder), fingerprint(folder))
        if found.from_file:  # its digest and tables matched the manifest on disk: nothing stale is served
            set_snapshot_problem(folder, None)
        return found
    except _Stale:  # the snapshot on disk is broken: the last good one, not cached under the broken key
        from ui.store import data as ui_data

        return _from_tables(ui_data.load())
