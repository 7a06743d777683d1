"""Check the snapshot: schema, types, keys, unknown-never-0, score ranges, coverage of mentions.

The same checks gate every write (`snapshot.write_snapshot` validates the staged candidate
before swapping it in) and run on what is committed (`python -m model_data validate`, and the
test suite), so a snapshot that passed once cannot silently rot.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import re
import sys
from pathlib import Path

import pandas as pd

from model_data.store import digest, schema, snapshot
from model_data.sources import licenses

DATE = re.compile(r"^\d{4}-\d{2}(-\d{2})?$")
ENUMS = {
    "open_weights": {"true", "false", "unknown"},
    "hub_status": {"ok", "renamed", "removed", "gated", "closed", "unknown"},
    "params_source": {
        "safetensors",
        "open_llm_leaderboard_v2",
        "open_llm_leaderboard_v1",
        "model-facts",
        "hub-facts",
        "unknown",
    },
    "license_family": set(licenses.FAMILIES),
    "commercial_use": set(licenses.COMMERCIAL),
    "license_differs_from_base": {"", "true", "false", "unknown"},
    "gated": {"", "false", "true", "auto", "manual"},
    "base_relation": {"", "finetune", "quantized", "adapter", "merge"},
    "facts_confidence": {"", "sourced", "recalled"},
}
# Score ranges by unit: a value outside is a parsing or mapping bug, not a great model.
UNIT_RANGES = {
    "normalised score (0-100)": (0.0, 100.0),
    "accuracy (0-100)": (0.0, 100.0),
    "elo": (100.0, 4000.0),
    "fraction (0-1)": (0.0, 1.0),
    "percent": (0.0, 100.0),
    "CodeForces rating": (0.0, 4000.0),
    "as on the model card (scale not stated)": (float("-inf"), float("inf")),
}


def _raw(path: Path) -> pd.DataFrame:
    """The table's cells as strings; SnapshotError (file + problem) when it cannot be read or parsed."""
    return snapshot.parse_csv(path.stem, snapshot._read_file(path) or b"")


def _where(frame: pd.DataFrame, mask: pd.Series, col: str = "model_id", limit: int = 5) -> str:
    """CSV line numbers (header = line 1) and ids of offending rows, so the message is actionable."""
    rows = frame[mask]
    label = rows[col] if col in rows.columns else rows.index.astype(str)
    shown = [f"line {i + 2} ({v})" for i, v in zip(rows.index[:limit], label[:limit])]
    more = f" and {len(rows) - limit} more" if len(rows) > limit else ""
    return ", ".join(shown) + more


def _check_columns_and_types(name: str, frame: pd.DataFrame) -> list[str]:
    errors = []
    expected = schema.TABLES[name]
    if list(frame.columns) != expected:
        return [f"{name}.csv: columns {list(frame.columns)} differ from schema.py {expected}"]
    for col in schema.NUMERIC.get(name, []):
        values = _num(frame, col)
        bad = (frame[col] != "") & values.isna()
        if bad.any():
            errors.append(f"{name}.csv: column {col} is not numeric at {_where(frame, bad)}")
        endless = values.isin([float("inf"), float("-inf")])
        if endless.any():
            errors.append(f"{name}.csv: column {col} is not a finite number at {_where(frame, endless)}")
    return errors


def _num(frame: pd.DataFrame, col: str) -> pd.Series:
    return pd.to_numeric(frame[col].where(frame[col] != ""), errors="coerce")


def check_models(models: pd.DataFrame) -> list[str]:
    errors = []
    dup = models["model_id"].duplicated(keep=False)
    if dup.any():
        errors.append(f"models.csv: duplicate model_id at {_where(models, dup)}")
    if (models["model_id"] == "").any():
        errors.append("models.csv: empty model_id")
    for col, allowed in ENUMS.items():
        bad = ~models[col].isin(allowed)
        if bad.any():
            errors.append(f"models.csv: {col} not one of {sorted(allowed)} at {_where(models, bad)}")
    params, active = _num(models, "params_b"), _num(models, "params_active_b")
    for col, values in (("params_b", params), ("params_active_b", active)):
        bad = values.notna() & (values <= 0)
        if bad.any():
            errors.append(f"models.csv: {col} <= 0 (unknown must be empty, never 0) at {_where(models, bad)}")
    bad = active.notna() & params.notna() & (active > params)
    if bad.any():
        errors.append(f"models.csv: active parameters exceed total at {_where(models, bad)}")
    bad = params.isna() != (models["params_source"] == "unknown")
    if bad.any():
        errors.append(
            f"models.csv: params_b and params_source disagree (value without source or "
            f"source without value) at {_where(models, bad)}"
        )
    bad = params.isna() & (models["params_note"] == "")
    if bad.any():
        errors.append(f"models.csv: unknown parameters without a reason in params_note at {_where(models, bad)}")
    for col in ("downloads", "likes"):
        values = _num(models, col)
        bad = values.notna() & ((values < 0) | (values % 1 != 0))
        if bad.any():
            errors.append(f"models.csv: {col} must be a whole number >= 0 at {_where(models, bad)}")
    bad = (models["commercial_use"] != "yes") & (models["commercial_clause"] == "")
    if bad.any():
        errors.append(f"models.csv: commercial use not 'yes' but no clause or reason given at {_where(models, bad)}")
    bad = (models["license_family"] == "unknown") & (models["commercial_use"] != "unknown")
    if bad.any():
        errors.append(f"models.csv: unknown licence family with a known commercial answer at {_where(models, bad)}")
    for col in ("class_project", "research_paper", "startup_product"):
        bad = models[col] == ""
        if bad.any():
            errors.append(f"models.csv: no plain-language answer in {col} at {_where(models, bad)}")
    closed = models["model_id"].str.startswith("closed/")
    bad = closed & (
        (models["hub_status"] != "closed")
        | (models["open_weights"] != "false")
        | (models["license_family"] != "proprietary")
    )
    if bad.any():
        errors.append(f"models.csv: closed model not marked closed / not open / proprietary at {_where(models, bad)}")
    for col in ("created_at", "last_modified", "metadata_as_of"):
        bad = (models[col] != "") & ~models[col].str.match(DATE)
        if bad.any():
            errors.append(f"models.csv: {col} is not an ISO date at {_where(models, bad)}")
    return errors + check_license_answers(models) + check_variants(models)


def check_license_answers(models: pd.DataFrame) -> list[str]:
    """A licence answer must cite the licence it was read from; the reviewed table must cite its sources."""
    errors = []
    bad = ~models["license_family"].isin({"unknown", "proprietary"}) & ~models["license_url"].str.startswith("https://")
    if bad.any():
        errors.append(f"models.csv: licence answer without a cited licence (license_url) at {_where(models, bad)}")
    uncited = sorted(k for k, row in licenses.table().items() if not row.get("read_from", "").startswith("https://"))
    if uncited:
        errors.append(
            f"model_data/tables/licenses.csv: licence row(s) without a link in read_from: {', '.join(uncited)}"
        )
    bad = (models["base_license_id"] != "") & (models["license_warning"] == "")
    if bad.any():
        errors.append(
            f"models.csv: a base model's licence applies but no license_warning says so at {_where(models, bad)}"
        )
    return errors


def check_variants(models: pd.DataFrame) -> list[str]:
    """A repackaging points at what it copies, and has a size when its original has one."""
    errors = []
    variant = models["variant_of"] != ""
    bad = variant & (models["variant_of"].str.lower() == models["model_id"].str.lower())
    if bad.any():
        errors.append(f"models.csv: a model cannot be a repackaging of itself at {_where(models, bad)}")
    sized = dict(zip(models["model_id"].str.lower(), models["params_b"] != ""))
    bad = variant & (models["params_b"] == "") & models["variant_of"].str.lower().map(lambda m: sized.get(m, False))
    if bad.any():
        errors.append(f"models.csv: repackaging without a size although its original has one at {_where(models, bad)}")
    return errors


def check_scores(scores: pd.DataFrame) -> list[str]:
    errors = []
    dup = scores.duplicated(["model_id", "source", "benchmark"], keep=False)
    if dup.any():
        errors.append(f"scores.csv: duplicate (model_id, source, benchmark) at {_where(scores, dup)}")
    score = _num(scores, "score")
    if score.isna().any():
        errors.append(f"scores.csv: empty score at {_where(scores, score.isna())} (drop the row instead)")
    unknown_unit = ~scores["unit"].isin(UNIT_RANGES)
    if unknown_unit.any():
        errors.append(f"scores.csv: unit without a known range at {_where(scores, unknown_unit)}")
    lo = scores["unit"].map(lambda u: UNIT_RANGES.get(u, (float("-inf"), 0))[0])
    hi = scores["unit"].map(lambda u: UNIT_RANGES.get(u, (0, float("inf")))[1])
    bad = score.notna() & ~unknown_unit & ((score < lo) | (score > hi))
    if bad.any():
        errors.append(f"scores.csv: score out of range for its unit at {_where(scores, bad)}")
    rank, n, pct = _num(scores, "rank"), _num(scores, "n_models"), _num(scores, "percentile")
    bad = rank.isna() | n.isna() | (rank < 1) | (rank > n)
    if bad.any():
        errors.append(f"scores.csv: rank must be between 1 and n_models at {_where(scores, bad)}")
    bad = pct.isna() | (pct <= 0) | (pct > 100)
    if bad.any():
        errors.append(f"scores.csv: percentile must be in (0, 100] at {_where(scores, bad)}")
    low, high = _num(scores, "ci_lower"), _num(scores, "ci_upper")
    bad = (low.notna() & (low > score)) | (high.notna() & (high < score))
    if bad.any():
        errors.append(f"scores.csv: confidence interval does not contain the score at {_where(scores, bad)}")
    for col in ("source", "benchmark", "comparable_group"):
        bad = scores[col] == ""
        if bad.any():
            errors.append(f"scores.csv: empty {col} at {_where(scores, bad)}")
    bad = ~scores["as_of"].str.match(DATE)
    if bad.any():
        errors.append(f"scores.csv: as_of is not an ISO date at {_where(scores, bad)}")
    bad = ~scores["source_url"].str.startswith("https://")
    if bad.any():
        errors.append(f"scores.csv: source_url is not a link at {_where(scores, bad)}")
    # Ranks and charts compare within a comparable group and benchmark: it must hold one source and one unit.
    mixed = scores.groupby(["comparable_group", "benchmark"])[["source", "unit"]].nunique()
    mixed = mixed[(mixed["source"] > 1) | (mixed["unit"] > 1)]
    if len(mixed):
        shown = ", ".join(f"{g} / {b}" for g, b in mixed.index[:5])
        errors.append(f"scores.csv: comparable group mixes sources or units (never ranked together): {shown}")
    bad = scores["comparable_group"].str.contains("|", regex=False)
    if bad.any():
        errors.append(
            f"scores.csv: '|' in comparable_group (the app's benchmark key separator) at {_where(scores, bad)}"
        )
    bad = ~scores["self_reported"].isin({"true", "false"})
    if bad.any():
        errors.append(f"scores.csv: self_reported must be true or false at {_where(scores, bad)}")
    return errors


def check_cross(tables: dict[str, pd.DataFrame]) -> list[str]:
    errors = []
    models = tables.get("models")
    if models is None:
        return ["models.csv is missing: run `python -m model_data refresh`"]
    known = set(models["model_id"])
    mentions = tables.get("mentions")
    if mentions is not None and not mentions.empty:
        missing = mentions[~mentions["model_id"].isin(known) & ~mentions["model_id"].str.startswith("family/")]
        open_missing = sorted(set(missing.loc[missing["open_weights"] != "false", "model_id"]))
        closed_missing = sorted(set(missing.loc[missing["open_weights"] == "false", "model_id"]))
        if open_missing:
            errors.append(
                f"models.csv lacks {len(open_missing)} open-weights mentioned model(s): "
                f"{', '.join(open_missing[:10])}; run `python -m model_data refresh`"
            )
        if closed_missing:
            errors.append(
                f"models.csv lacks {len(closed_missing)} closed mentioned model(s): "
                f"{', '.join(closed_missing[:10])}; run `python -m model_data refresh`"
            )
    scores = tables.get("scores")
    if scores is not None:
        orphans = sorted(set(scores["model_id"]) - known)
        if orphans:
            errors.append(f"scores.csv has scores for models not in models.csv: {', '.join(orphans[:10])}")
        scored = set(scores["model_id"])
        bad = ~models["model_id"].isin(scored) & (models["scores_note"] == "")
        if bad.any():
            errors.append(
                f"models.csv: model without scores and without a reason in scores_note at {_where(models, bad)}"
            )
    return errors


def check_manifest(folder: Path, present: dict[str, pd.DataFrame], complete: bool = False) -> list[str]:
    """The manifest parses, has the right shape, lists every table on disk (and, when `complete`,
    every schema table) with a sha256 that matches the file and a row count that matches it."""
    try:
        raw = snapshot._read_file(folder / snapshot.MANIFEST)
        if raw is None:
            return [f"{snapshot.MANIFEST} is missing: without it no table can be checked against its sha256"]
        manifest = snapshot.parse_manifest(raw)
    except snapshot.SnapshotError as err:
        return [str(err)]
    errors = []
    entries = manifest.get("tables", {})
    missing = snapshot.unlisted(manifest) if complete else [n for n in present if n not in entries]
    if missing:
        errors.append(
            f"manifest.json does not list {', '.join(f'{n}.csv' for n in missing)} with a sha256, "
            "so they cannot be checked"
        )
    for name, entry in entries.items():
        if name not in schema.TABLES or "sha256" not in entry:
            continue
        if name not in present:
            errors.append(f"{name}.csv is listed in manifest.json but missing")
            continue
        try:
            data = snapshot._read_file(folder / f"{name}.csv") or b""
        except snapshot.SnapshotError as err:
            errors.append(str(err))
            continue
        if hashlib.sha256(data).hexdigest() != entry["sha256"]:
            errors.append(
                f"{name}.csv does not match its sha256 in manifest.json (edited by hand? re-run the "
                "command that builds it)"
            )
        if "rows" in entry and entry["rows"] != len(present[name]):
            errors.append(f"{name}.csv has {len(present[name])} rows, manifest.json says {entry['rows']}")
    return errors


def check_folder(folder: Path | str, cross_tables: bool = True, complete: bool = False) -> list[str]:
    """Every problem found in the snapshot at `folder` (empty list = valid), one sentence each.

    A file that cannot be read (permissions, encoding, binary, cut off, wrong JSON shape) is a
    finding, never an exception. Every table present must be listed in the manifest with its
    sha256; `complete=True` (the `validate` command) also wants every schema table, as the app does.
    """
    folder = Path(folder)
    present: dict[str, pd.DataFrame] = {}
    errors: list[str] = []
    try:
        if not any(True for _ in folder.iterdir()):
            return [f"{folder} is empty: no snapshot there"]
    except OSError as err:
        return [f"the folder {folder} cannot be read: {err.strerror or err}"]
    for name in schema.TABLES:
        path = folder / f"{name}.csv"
        try:
            frame = _raw(path) if path.exists() else None
        except snapshot.SnapshotError as err:
            errors.append(str(err))
            continue
        if frame is not None:
            errors += _check_columns_and_types(name, frame)
            present[name] = frame
    if errors:
        return errors + [
            e
            for e in check_manifest(folder, present, complete)
            if "manifest.json" in e and "sha256 in manifest" not in e and "rows, manifest" not in e
        ]
    if "models" in present:
        errors += check_models(present["models"])
    if "scores" in present:
        errors += check_scores(present["scores"])
    if cross_tables:
        if "scores" not in present:
            errors.append("scores.csv is missing: run `python -m model_data refresh`")
        errors += check_cross(present)
    errors += check_manifest(folder, present, complete)
    if not errors:
        errors += digest.problems(
            folder, snapshot.read_manifest(folder), lambda: {n: snapshot.read_table(folder, n) for n in schema.TABLES}
        )
    return errors


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--snapshot",
        type=Path,
        default=snapshot.DEFAULT_DIR,
        help="snapshot folder to check (default: the shipped model_data/snapshot)",
    )
    snapshot.add_wait_argument(parser)


def _owner(folder: Path) -> str:
    try:
        import pwd

        return pwd.getpwuid(folder.stat().st_uid).pw_name
    except (OSError, KeyError):
        return "the folder's owner"


def run(args: argparse.Namespace) -> int:
    folder = Path(args.snapshot)
    if not folder.is_dir():
        print(f"validate: no snapshot folder at {folder}", file=sys.stderr)
        return 1
    if snapshot.swap_pending(folder) and not os.access(folder, os.W_OK):
        kept = (
            "serves the last complete snapshot it loaded (or the one kept in .previous/)"
            if not snapshot.verify(folder / snapshot.PREVIOUS)
            else "serves the last complete snapshot it loaded"
        )
        print(
            f"validate: an interrupted write is pending in {folder} and this user cannot complete it (the "
            f"folder is read-only here); the app {kept}; run `python -m model_data validate "
            f"--snapshot {folder}` as {_owner(folder)} to complete it",
            file=sys.stderr,
        )
        return 1
    try:
        with snapshot.locked(folder, args.wait if getattr(args, "wait", None) is not None else 30.0):
            try:
                moved = snapshot.recover(folder)
            except OSError as err:
                print(
                    f"validate: an interrupted write is pending in {folder} and could not be completed "
                    f"({err.strerror or err}); run this again as {_owner(folder)}",
                    file=sys.stderr,
                )
                return 1
            if moved:
                print(f"validate: completed an interrupted swap ({', '.join(moved)})", file=sys.stderr)
            errors = check_folder(folder, complete=True)
    except snapshot.SnapshotError as err:
        print(f"validate: {err}", file=sys.stderr)
        return 1
    except OSError as err:
        print(f"validate: the folder {folder} cannot be read: {err.strerror or err}", file=sys.stderr)
        return 1
    if not (folder / "mentions.csv").exists():
        print(
            "validate: warning: no mentions.csv yet, so coverage of mentioned models was not checked", file=sys.stderr
        )
    if errors:
        print(f"validate: {folder} is NOT valid ({len(errors)} problem(s)):", file=sys.stderr)
        for err in errors:
            print(f"  - {err}", file=sys.stderr)
        print(f"validate: {snapshot.what_to_run(folder)}", file=sys.stderr)
        return 1
    manifest = snapshot.read_manifest(folder)
    rows = ", ".join(f"{n} {e.get('rows', '?')}" for n, e in sorted(manifest.get("tables", {}).items()))
    print(f"validate: {folder} is valid ({rows})")
    return 0
