"""The Overview digest (what the landing page shows), written with the snapshot (store/writer.py).

Most viewers arrive on the Overview (the link a presenter shares). Computing it in the app needs
pandas (~0.45 s to import) and the enriched tables; on a 2-core machine that work, done while the
browser loads the page, made the first page ~1.4x slower than a bare Streamlit app
(bench/startup.py). So `write_snapshot` writes overview.json beside the tables, lists its sha256
in manifest.json (the fingerprint covers it, `validate` rebuilds and compares it), and the app
reads it with json alone. A snapshot without a valid digest (older, hand-made, mid-swap) still
works: the app builds the same dict from the tables (`build`), only later.

The digest is data only (counts, ids, names, dates, the tables' own values): the UI words it
(the episode label S2E3 included), so a wording change never makes a committed snapshot stale.
`read` imports nothing heavy; `build` imports pandas and model_data.overview when called.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from model_data.cells import missing
from model_data.store.regular_file import read_regular
from model_data.store.snapshot_files import MANIFEST

FILE = "overview.json"
VERSION = 5  # 2: per-episode model ids, "new" ids, facts of each mentioned model; 3: season + episode, no label;
# 4: every count from overview.named_pairs (aired episodes only, a repackaging counted as its model);
# 5: each episode's topics (chapter titles)
TABLES = ("episodes", "mentions", "candidates", "models", "scores")  # schema.TABLES, without importing pandas
FACTS = ("display_name", "params_b", "license_family", "commercial_use")  # per mentioned model, in this order
NEEDS = ("episodes", "mentions", "models", "scores")  # tables `build` reads: no digest until they all exist


def sources(manifest: dict) -> dict[str, str]:
    """sha256 of each table the manifest lists: what a digest was built from."""
    tables = manifest.get("tables") or {}
    return {
        n: e["sha256"] for n, e in sorted(tables.items()) if n in TABLES and isinstance(e, dict) and e.get("sha256")
    }


def build(tables: dict, manifest: dict, models=None, episodes=None) -> dict:
    """The digest of these tables (frames as snapshot.read_table gives them).

    `models` / `episodes` may be passed already enriched (views.model_table / episodes_frame) when
    the caller has them; the result is the same.
    """
    from model_data import novelty, overview

    models = overview.digest_models(tables["models"]) if models is None else models
    episodes = overview.broadcast_order(tables["episodes"]) if episodes is None else episodes
    mentions = tables["mentions"]
    mentioned = overview.mentioned_models(models, episodes, mentions)
    topics = ("topics",) if "topics" in episodes.columns else ()  # what an episode covered (chapter titles)
    summary = overview.episode_summary(
        episodes, mentions, models, columns=("episode_id", "season", "episode", "date", "title", *topics)
    )
    pairs = overview.named_pairs(models, episodes, mentions)  # the one count of models per episode
    order = list(summary["episode_id"])  # aired episodes, broadcast order
    new = novelty.new_per_episode(zip(pairs["episode_id"], pairs["model_id"]), order)
    summary = summary.assign(new=summary["episode_id"].map(new))
    return {
        "version": VERSION,
        "sources": sources(manifest),
        "models": [list(pair) for pair in overview.display_names(models).items()],
        "license_families": sorted({f for f in models["license_family"] if isinstance(f, str) and f}),
        "stats": overview.overview_stats(models, episodes, mentions),
        "families": _records(overview.family_counts(mentioned)),
        "seasons": _records(overview.per_season(models, episodes, mentions)),
        "episodes": _records(
            summary[["episode_id", "season", "episode", "date", "title", *topics, "names", "models", "ids", "new"]]
        ),
        "facts": {
            r["model_id"]: [_plain(r[c]) for c in FACTS] for r in mentioned[["model_id", *FACTS]].to_dict("records")
        },
    }


def _records(frame) -> list[dict]:
    return [{k: _plain(v) for k, v in row.items()} for row in frame.to_dict("records")]


def _plain(value):
    """A JSON value: unknown (NaN, NA, NaT) becomes null, never 0; numpy scalars become Python ones."""
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if missing(value):
        return None
    if hasattr(value, "item"):  # numpy scalar
        value = value.item()
    return value if isinstance(value, (int, float, str, bool)) else str(value)


def to_bytes(digest: dict) -> bytes:
    """Canonical bytes: the same tables always give the same file (a re-run writes nothing)."""
    return (
        json.dumps(digest, ensure_ascii=False, sort_keys=True, allow_nan=False, separators=(",", ":")) + "\n"
    ).encode("utf-8")


def manifest_entry(blob: bytes) -> dict:
    return {"sha256": hashlib.sha256(blob).hexdigest(), "version": VERSION}


def read(folder: Path | str) -> tuple[dict, dict] | None:
    """(manifest, digest) when folder holds a digest that belongs to exactly these tables, else None.

    Checked, cheaply and without pandas: the digest's sha256 is the one manifest.json lists, its
    version is this code's, and it was built from the tables the manifest lists, whose bytes on
    disk match. Anything else (no digest, an older one, a swap in progress, a hand edit) is None
    and the caller builds the Overview from the tables instead.
    """
    folder = Path(folder)
    try:
        manifest = json.loads(read_regular(folder / MANIFEST))
        entry = (manifest.get("derived") or {}).get(FILE) or {}
        blob = read_regular(folder / FILE)
        if entry.get("sha256") != hashlib.sha256(blob).hexdigest():
            return None
        digest = json.loads(blob)
        if (
            digest.get("version") != VERSION
            or digest.get("sources") != sources(manifest)
            or set(digest["sources"]) != set(TABLES)
        ):  # a manifest vouching for fewer tables is not served
            return None
        for name, sha in digest["sources"].items():
            if hashlib.sha256(read_regular(folder / f"{name}.csv")).hexdigest() != sha:
                return None
        return manifest, digest
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None


def problems(folder: Path | str, manifest: dict, read_tables) -> list[str]:
    """What `validate` reports about the digest: listed but missing, not matching, or stale.

    A snapshot with no digest listed is valid (the app computes the Overview itself).
    `read_tables()` gives the tables as snapshot.read_table does; called only to rebuild a listed digest.
    """
    folder = Path(folder)
    entry = (manifest.get("derived") or {}).get(FILE)
    if not entry:
        return []
    path = folder / FILE
    if not path.exists():
        return [f"{FILE} is listed in manifest.json but missing: run `python -m model_data digest`"]
    try:
        blob = read_regular(path)
    except OSError as err:
        return [f"{FILE} cannot be read ({err.strerror or err}): run `python -m model_data digest`"]
    if hashlib.sha256(blob).hexdigest() != entry.get("sha256"):
        return [f"{FILE} does not match its sha256 in manifest.json: run `python -m model_data digest`"]
    try:
        expected = to_bytes(build(read_tables(), manifest))
    except Exception as err:  # noqa: BLE001  (a table the checks above let through; say so, do not crash validate)
        return [f"{FILE} could not be rebuilt from the tables to check it ({type(err).__name__}: {err})"]
    if blob != expected:
        return [
            f"{FILE} does not match the tables (built by another version, or edited): run `python -m model_data digest`"
        ]
    return []
