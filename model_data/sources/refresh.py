"""Refresh models and scores (Hub metadata, licences, benchmarks) into the snapshot.

Live: one `HfApi.model_info` per mentioned model plus the Open LLM Leaderboard through
`datasets`. Offline (`--offline --reference DIR`): the same code paths fed from the reference
files, so the shipped snapshot is reproducible without a network. Either way the candidate is
validated before it replaces anything; a failure leaves the old snapshot byte-identical.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import sys
import time
from pathlib import Path

import pandas as pd

from model_data.errors import ModelDataError, UsageError
from model_data.sources import hub, leaderboard
from model_data.wall_clock import PastWallClock, call_by
from model_data.sources import reference as reference_data
from model_data.sources.model_rows import Sources, closed_row, open_row
from model_data.store import schema, snapshot
from model_data import TABLES

# Where the live path reads the `contents` dataset; tests point it at a local parquet file.
CONTENTS_SOURCE: str | Path = leaderboard.CONTENTS_REPO
CONTENTS_CACHE_DIR: str | None = None  # None = the datasets library's own cache
DEADLINE = 300.0  # seconds for a whole live refresh (35 models take well under a minute online)
REQUEST_TIMEOUT = 10.0  # seconds per Hub answer; the first probe uses it too, so no network fails fast


class SourceError(ModelDataError):
    """A score source could not be read (e.g. the leaderboard dataset is unavailable): exit code 1."""


def check_reference(reference: Path | None, offline: bool) -> None:
    if reference is None:
        if offline:
            raise UsageError("--offline needs --reference DIR (e.g. ../shared/reference-data)")
        return
    if not reference.is_dir():
        raise UsageError(f"--reference {reference}: no such folder")
    lacking = reference_data.missing(reference)
    if lacking:
        raise UsageError(f"--reference {reference} lacks {', '.join(lacking)}")


BASELINES = TABLES / "baseline_models.csv"


def with_baselines(model_list: pd.DataFrame, path: Path = BASELINES) -> pd.DataFrame:
    """Add the reviewed yardstick models (baseline_models.csv) that no episode named.

    Viewers compare episode models with a familiar baseline ("Phi-4 vs Llama-3.1-8B"); these rows
    are described like any other, and the app tells them apart because no mention points at them.
    """
    if not path.exists():
        return model_list
    extra = pd.read_csv(path, dtype=str, keep_default_na=False)[["model_id", "open_weights"]]
    extra = extra[~extra["model_id"].str.lower().isin(model_list["model_id"].str.lower())]
    return pd.concat([model_list, extra], ignore_index=True).sort_values("model_id").reset_index(drop=True)


def load_model_list(path: Path) -> pd.DataFrame:
    """Distinct model ids to describe, with the mentions' open-weights flag when there is one."""
    if not path.exists():
        raise UsageError(f"model list {path} not found: run `python -m model_data ingest` first or pass --models FILE")
    try:
        frame = snapshot.parse_csv(path.stem, snapshot._read_file(path) or b"")
    except snapshot.SnapshotError as err:
        raise UsageError(
            f"the model list cannot be read: {err}; run `python -m model_data ingest` to rebuild "
            "it, or pass --models FILE"
        ) from None
    if "model_id" not in frame.columns:
        raise UsageError(f"{path} has no model_id column")
    if "open_weights" not in frame.columns:
        frame["open_weights"] = [("false" if m.startswith("closed/") else "unknown") for m in frame["model_id"]]
    frame = frame[(frame["model_id"].str.strip() != "") & ~frame["model_id"].str.startswith("family/")]
    # A model flagged open anywhere is open; the ingest decides, refresh only aggregates.
    rank = {"true": 0, "unknown": 1, "false": 2}
    frame = frame.assign(_r=frame["open_weights"].map(lambda v: rank.get(v, 1)))
    frame = frame.sort_values(["model_id", "_r"]).drop_duplicates("model_id")
    return frame[["model_id", "open_weights"]].reset_index(drop=True)


def within(deadline: float | None, what: str, fn, *args, **kwargs):
    """`fn(*args, **kwargs)`, or SourceError once `deadline` (time.monotonic()) passes.

    For library calls that take no overall timeout (`datasets.load_dataset` retries a hanging
    endpoint for minutes); the refresh writes nothing after a SourceError.
    """
    try:
        return call_by(deadline, f"refresh: {what}", fn, *args, **kwargs)
    except PastWallClock:
        raise SourceError(f"gave up {what}: the refresh's overall deadline was reached (see --deadline)") from None


def load_sources(reference: Path | None, offline: bool, progress, deadline: float | None = None) -> Sources:
    """Read every score / metadata source available in this mode (model_data.sources.reference)."""

    def live_contents() -> pd.DataFrame:
        try:
            return within(
                deadline,
                "reading the Open LLM Leaderboard",
                leaderboard.load_contents,
                CONTENTS_SOURCE,
                cache_dir=CONTENTS_CACHE_DIR,
            )
        except SourceError:
            raise
        except Exception as err:  # datasets raises many kinds (HTTP, cache, not found)
            first = (str(err).strip().splitlines() or [""])[0][:200]
            raise SourceError(
                f"the Open LLM Leaderboard ({leaderboard.CONTENTS_REPO}) could not be "
                f"loaded: {type(err).__name__}: {first}"
            ) from None

    reading = reference_data.Reading(reference, offline, live_contents, dt.date.today().isoformat())
    return reference_data.load_all(reading, progress)


def _progress(stream):
    from tqdm.auto import tqdm

    def wrap(iterable, desc: str, unit: str):
        items = list(iterable)
        return tqdm(items, desc=desc, unit=unit, file=stream, disable=not stream.isatty(), leave=False)

    return wrap


def _changed(previous: pd.DataFrame, new: pd.DataFrame) -> list[str]:
    if previous.empty:
        return sorted(new["model_id"])
    old = pd.read_csv(io.BytesIO(snapshot.table_bytes("models", previous)), dtype=str, keep_default_na=False).set_index(
        "model_id"
    )
    cur = pd.read_csv(io.BytesIO(snapshot.table_bytes("models", new)), dtype=str, keep_default_na=False).set_index(
        "model_id"
    )
    return sorted(m for m in cur.index if m not in old.index or not old.loc[m].equals(cur.loc[m]))


def build(
    model_list: pd.DataFrame,
    src: Sources,
    *,
    offline: bool,
    token: str | None,
    previous: pd.DataFrame,
    progress,
    fetch=hub.fetch_model_info,
    deadline: float | None = None,
    timeout: float | None = None,
) -> tuple[pd.DataFrame, dict, dict]:
    """The models table for the model list, the models the Hub could not answer (id -> reason),
    and counts for the summary. Scores and licence-vs-base flags are added by the caller."""
    today = dt.date.today().isoformat()
    prev_rows = {r["model_id"]: r for r in previous.to_dict("records")} if not previous.empty else {}
    rows, failed, fetched, notes = [], {}, 0, {}
    for model_id, mention_open in progress(
        list(zip(model_list["model_id"], model_list["open_weights"])), desc="hub metadata", unit="model"
    ):
        if model_id.startswith("closed/"):
            rows.append(closed_row(model_id))
            continue
        if offline:
            rows.append(_offline_row(model_id, mention_open, src))
            continue
        if deadline is not None and time.monotonic() >= deadline:
            failed[model_id] = "not fetched: the refresh's overall deadline was reached (see --deadline)"
            continue
        options = {"deadline": deadline, "timeout": timeout} if fetch is hub.fetch_model_info and deadline else {}
        result = fetch(model_id, token=token, **{k: v for k, v in options.items() if v is not None})
        fetched += 1
        if result.status == "renamed":
            notes[model_id] = f"renamed on the Hub to {result.info.id}"
        elif result.status in ("removed", "gated"):
            notes[model_id] = f"{result.status}: {result.reason} (row kept)"
        if result.status in ("ok", "renamed"):
            rows.append(_live_row(model_id, mention_open, result, today, src))
        elif result.status in ("removed", "gated"):
            rows.append(_fallback_row(model_id, mention_open, result, prev_rows.get(model_id), src))
        else:
            failed[model_id] = result.reason
    models = pd.DataFrame(rows, columns=schema.MODELS)
    return models, failed, {"fetched": fetched, "notes": notes}


def _live_row(model_id: str, mention_open: str, result, today: str, src: Sources) -> dict:
    """A models row from the Hub's answer; the scores its card declares go with the other scores."""
    reported = leaderboard.scores_from_eval_results(model_id, hub.eval_results(result.info), today)
    if not reported.empty:
        src.scores.append(reported)
        src.loaded.setdefault(
            leaderboard.HUB_CARD_SOURCE,
            {
                "url": f"{hub.HUB}/api/models/{{repo_id}}",
                "fetched_at": today,
                "used_for": ["scores (model-index on the Hub card)"],
            },
        )
    record = hub.hub_record_from_model_info(result.info)
    return open_row(model_id, mention_open, record, result.status, "hub api", today, src)


def _offline_row(model_id: str, mention_open: str, src: Sources) -> dict:
    """A models row from the reference files: model-facts, else hub-facts, else the v2 leaderboard."""
    key = model_id.lower()
    if key in src.facts:
        info, status = hub.model_info_from_facts(src.facts[key]), "ok"
        source, as_of = _offline(reference_data.MODEL_FACTS)
    elif key in src.hub_facts:
        info, status = hub.model_info_from_hub_facts(src.hub_facts[key]), "ok"
        source, as_of = _offline(reference_data.HUB_FACTS)
    elif key in src.v2_best:
        lb = src.v2_best[key]
        info = hub.model_info_from_contents(lb)
        status = "ok" if lb.get("Available on the hub") in (True, "True", "TRUE") else "removed"
        source, as_of = _offline(leaderboard.V2_SOURCE)
    else:
        return open_row(
            model_id, mention_open, None, "unknown", "not in the offline reference: run a live refresh", "", src
        )
    return open_row(model_id, mention_open, hub.hub_record_from_model_info(info), status, source, as_of, src)


def _offline(source_id: str) -> tuple[str, str]:
    """(metadata_source, as_of) of a row described from a reference file."""
    source = reference_data.BY_ID[source_id]
    return f"{source.file.split('/')[0]} (offline reference, {source.date})", source.date


def _fallback_row(model_id: str, mention_open: str, result, prev: dict | None, src: Sources) -> dict:
    """404 / 401 / 403: keep the row. Previous snapshot values survive; else the offline facts."""
    note = f"Hub: {result.reason}"
    if prev:
        row = {c: ("" if pd.isna(prev.get(c)) else prev.get(c)) for c in schema.MODELS}
        row["metadata_source"] = f"kept from the previous snapshot; {note}"
    elif model_id.lower() in src.facts:
        record = hub.hub_record_from_model_info(hub.model_info_from_facts(src.facts[model_id.lower()]))
        row = open_row(
            model_id,
            mention_open,
            record,
            result.status,
            f"{_offline(reference_data.MODEL_FACTS)[0]}; {note}",
            reference_data.BY_ID[reference_data.MODEL_FACTS].date,
            src,
        )
    else:
        row = open_row(model_id, mention_open, None, result.status, note, "", src)
    row["hub_status"] = result.status
    if result.status == "removed":
        row["open_weights"] = mention_open or row["open_weights"] or "unknown"
    return row


def summarise(
    models: pd.DataFrame,
    scores: pd.DataFrame,
    changed: list[str],
    failed: dict,
    stats: dict,
    seconds: float,
    offline: bool,
) -> str:
    open_ = models[models["hub_status"] != "closed"]
    lines = [
        f"refresh ({'offline' if offline else 'live'}) in {seconds:.1f}s: {len(models)} models "
        f"({len(open_)} open, {len(models) - len(open_)} closed); fetched {stats.get('fetched', 0)}, "
        f"changed {len(changed)}, failed {len(failed)}",
        f"  params known: {(open_['params_source'] != 'unknown').sum()}/{len(open_)} open "
        f"({', '.join(f'{k} {v}' for k, v in open_['params_source'].value_counts().sort_index().items())})",
        f"  licence known: {(open_['license_family'] != 'unknown').sum()}/{len(open_)} open; families: "
        + ", ".join(f"{k} {v}" for k, v in models["license_family"].value_counts().sort_index().items()),
        f"  any score: {scores['model_id'].nunique()}/{len(models)} models; rows by source: "
        + ", ".join(
            f"{k} {v} ({scores.loc[scores['source'] == k, 'model_id'].nunique()} models)"
            for k, v in scores["source"].value_counts().sort_index().items()
        ),
    ]
    lines += [f"  NOTE {m}: {why}" for m, why in sorted(stats.get("notes", {}).items())]
    lines += [f"  FAILED {m}: {why}" for m, why in sorted(failed.items())]
    return "\n".join(lines)


def _previous(folder: Path) -> tuple[pd.DataFrame, pd.DataFrame, dict]:
    """The current models, scores and manifest, used only to keep rows a source no longer answers
    for. Whatever cannot be read, or does not match the manifest, is left out with a warning: the
    refresh rebuilds from its sources and never copies unchecked rows into the new snapshot."""
    try:
        if snapshot.swap_pending(folder):  # finish an interrupted write first, as the write itself would
            with snapshot.locked(folder):
                snapshot.recover(folder)
        manifest = snapshot.read_manifest(folder)
    except (snapshot.SnapshotError, OSError) as err:
        print(f"refresh: warning: {err}; rebuilding without the previous snapshot", file=sys.stderr)
        return pd.DataFrame(columns=schema.MODELS), pd.DataFrame(columns=schema.SCORES), {}
    frames = []
    for name in ("models", "scores"):
        entry = (manifest.get("tables") or {}).get(name) or {}
        try:
            data = snapshot._read_file(folder / f"{name}.csv")
            if data is not None and hashlib.sha256(data).hexdigest() != entry.get("sha256"):
                raise snapshot.SnapshotError(f"{name}.csv does not match its sha256 in manifest.json")
            frames.append(snapshot._frame(name, data))
        except snapshot.SnapshotError as err:
            print(f"refresh: warning: {err}; rebuilding it from the sources only", file=sys.stderr)
            frames.append(pd.DataFrame(columns=schema.TABLES[name]))
    return frames[0], frames[1], manifest
