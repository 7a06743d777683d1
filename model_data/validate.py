"""Check the snapshot: schema, types, keys, unknown-never-0, score ranges, coverage of mentions.

The same checks gate every write (`snapshot.write_snapshot` validates the staged candidate
before swapping it in) and run on what is committed (`python -m model_data validate`, and the
test suite), so a snapshot that passed once cannot silently rot.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import sys
from pathlib import Path

import pandas as pd

from model_data import digest, licenses, schema, snapshot

DATE = re.compile(r"^\d{4}-\d{2}(-\d{2})?$")
ENUMS = {
    "open_weights": {"true", "false", "unknown"},
    "hub_status": {"ok", "renamed", "removed", "gated", "closed", "unknown"},
    "params_source": {"safetensors", "open_llm_leaderboard_v2", "open_llm_leaderboard_v1", "model-facts",
                      "unknown"},
    "license_family": set(licenses.FAMILIES),
    "commercial_use": set(licenses.COMMERCIAL),
    "license_differs_from_base": {"", "true", "false", "unknown"},
    "gated": {"", "false", "true", "auto", "manual"},
}
# Score ranges by unit: a value outside is a parsing or mapping bug, not a great model.
UNIT_RANGES = {
    "normalised score (0-100)": (0.0, 100.0),
    "accuracy (0-100)": (0.0, 100.0),
    "elo": (100.0, 4000.0),
}


def _raw(path: Path) -> pd.DataFrame:
    return pd.read_csv(path, dtype=str, keep_default_na=False)


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
        errors.append(f"models.csv: params_b and params_source disagree (value without source or "
                      f"source without value) at {_where(models, bad)}")
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
    bad = closed & ((models["hub_status"] != "closed") | (models["open_weights"] != "false")
                    | (models["license_family"] != "proprietary"))
    if bad.any():
        errors.append(f"models.csv: closed model not marked closed / not open / proprietary at {_where(models, bad)}")
    for col in ("created_at", "last_modified", "metadata_as_of"):
        bad = (models[col] != "") & ~models[col].str.match(DATE)
        if bad.any():
            errors.append(f"models.csv: {col} is not an ISO date at {_where(models, bad)}")
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
            errors.append(f"models.csv lacks {len(open_missing)} open-weights mentioned model(s): "
                          f"{', '.join(open_missing[:10])}; run `python -m model_data refresh`")
        if closed_missing:
            errors.append(f"models.csv lacks {len(closed_missing)} closed mentioned model(s): "
                          f"{', '.join(closed_missing[:10])}; run `python -m model_data refresh`")
    scores = tables.get("scores")
    if scores is not None:
        orphans = sorted(set(scores["model_id"]) - known)
        if orphans:
            errors.append(f"scores.csv has scores for models not in models.csv: {', '.join(orphans[:10])}")
        scored = set(scores["model_id"])
        bad = ~models["model_id"].isin(scored) & (models["scores_note"] == "")
        if bad.any():
            errors.append(f"models.csv: model without scores and without a reason in scores_note at "
                          f"{_where(models, bad)}")
    return errors


def check_manifest(folder: Path, present: dict[str, pd.DataFrame]) -> list[str]:
    path = folder / snapshot.MANIFEST
    if not path.exists():
        return [f"{path.name} is missing: the snapshot does not say when or from what it was built"]
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as err:
        return [f"{path.name} is not valid JSON: {err}"]
    errors = []
    for name, entry in manifest.get("tables", {}).items():
        csv_path = folder / f"{name}.csv"
        if name not in present or "sha256" not in entry:
            continue
        if hashlib.sha256(csv_path.read_bytes()).hexdigest() != entry["sha256"]:
            errors.append(f"{name}.csv does not match its sha256 in manifest.json (edited by hand? re-run the "
                          "command that builds it)")
        if "rows" in entry and entry["rows"] != len(present[name]):
            errors.append(f"{name}.csv has {len(present[name])} rows, manifest.json says {entry['rows']}")
    return errors


def check_folder(folder: Path | str, cross_tables: bool = True) -> list[str]:
    """Every problem found in the snapshot at `folder` (empty list = valid)."""
    folder = Path(folder)
    present: dict[str, pd.DataFrame] = {}
    errors: list[str] = []
    for name in schema.TABLES:
        path = folder / f"{name}.csv"
        if path.exists():
            frame = _raw(path)
            errors += _check_columns_and_types(name, frame)
            present[name] = frame
    if errors:
        return errors
    if "models" in present:
        errors += check_models(present["models"])
    if "scores" in present:
        errors += check_scores(present["scores"])
    if cross_tables:
        if "scores" not in present:
            errors.append("scores.csv is missing: run `python -m model_data refresh`")
        errors += check_cross(present)
    errors += check_manifest(folder, present)
    if not errors:
        errors += digest.problems(folder, snapshot.read_manifest(folder),
                                  lambda: {n: snapshot.read_table(folder, n) for n in schema.TABLES})
    return errors


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--snapshot", type=Path, default=snapshot.DEFAULT_DIR,
                        help="snapshot folder to check (default: the shipped model_data/snapshot)")


def run(args: argparse.Namespace) -> int:
    folder = Path(args.snapshot)
    if not folder.is_dir():
        print(f"validate: no snapshot folder at {folder}", file=sys.stderr)
        return 1
    with snapshot.locked(folder):
        moved = snapshot.recover(folder)
        if moved:
            print(f"validate: completed an interrupted swap ({', '.join(moved)})", file=sys.stderr)
        errors = check_folder(folder)
    if not (folder / "mentions.csv").exists():
        print("validate: warning: no mentions.csv yet, so coverage of mentioned models was not checked",
              file=sys.stderr)
    if errors:
        print(f"validate: {folder} is NOT valid ({len(errors)} problem(s)):", file=sys.stderr)
        for err in errors:
            print(f"  - {err}", file=sys.stderr)
        return 1
    manifest = snapshot.read_manifest(folder)
    rows = ", ".join(f"{n} {e.get('rows', '?')}" for n, e in sorted(manifest.get("tables", {}).items()))
    print(f"validate: {folder} is valid ({rows})")
    return 0
