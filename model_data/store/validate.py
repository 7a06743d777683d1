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
from model_data.curated import license_table

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
        "maker",
        "unknown",
    },
    "license_family": set(schema.LICENSE_FAMILIES),
    "commercial_use": set(schema.COMMERCIAL_USE),
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
    "Codeforces rating (Elo)": (0.0, 4000.0),
    "score out of 10": (0.0, 10.0),
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


def _params(m: pd.DataFrame) -> pd.Series:
    return _num(m, "params_b")


def _active(m: pd.DataFrame) -> pd.Series:
    return _num(m, "params_active_b")


def _whole_number_bad(col: str):
    def bad(m: pd.DataFrame) -> pd.Series:
        values = _num(m, col)
        return values.notna() & ((values < 0) | (values % 1 != 0))

    return bad


def _positive_bad(col: str):
    def bad(m: pd.DataFrame) -> pd.Series:
        values = _num(m, col)
        return values.notna() & (values <= 0)

    return bad


def _closed_not_marked(m: pd.DataFrame) -> pd.Series:
    return m["model_id"].str.startswith("closed/") & (
        (m["hub_status"] != "closed") | (m["open_weights"] != "false") | (m["license_family"] != "proprietary")
    )


# (what is wrong, the rows where it is): every rule a models.csv row keeps, in the order reported
MODEL_ROWS = [
    ("duplicate model_id", lambda m: m["model_id"].duplicated(keep=False)),
    ("empty model_id", lambda m: m["model_id"] == ""),
    *[
        (f"{col} not one of {sorted(allowed)}", lambda m, col=col, allowed=allowed: ~m[col].isin(allowed))
        for col, allowed in ENUMS.items()
    ],
    *[(f"{col} <= 0 (unknown must be empty, never 0)", _positive_bad(col)) for col in ("params_b", "params_active_b")],
    ("active parameters exceed total", lambda m: _active(m).notna() & _params(m).notna() & (_active(m) > _params(m))),
    (
        "params_b and params_source disagree (value without source or source without value)",
        lambda m: _params(m).isna() != (m["params_source"] == "unknown"),
    ),
    ("unknown parameters without a reason in params_note", lambda m: _params(m).isna() & (m["params_note"] == "")),
    *[(f"{col} must be a whole number >= 0", _whole_number_bad(col)) for col in ("downloads", "likes")],
    (
        "commercial use not 'yes' but no clause or reason given",
        lambda m: (m["commercial_use"] != "yes") & (m["commercial_clause"] == ""),
    ),
    (
        "unknown licence family with a known commercial answer",
        lambda m: (m["license_family"] == "unknown") & (m["commercial_use"] != "unknown"),
    ),
    *[
        (f"no plain-language answer in {col}", lambda m, col=col: m[col] == "")
        for col in ("class_project", "research_paper", "startup_product")
    ],
    ("closed model not marked closed / not open / proprietary", _closed_not_marked),
    *[
        (f"{col} is not an ISO date", lambda m, col=col: (m[col] != "") & ~m[col].str.match(DATE))
        for col in ("created_at", "last_modified", "metadata_as_of")
    ],
]


def _broken(table: str, frame: pd.DataFrame, rules) -> list[str]:
    """One error per rule some rows break, naming those rows."""
    errors = []
    for what, rows in rules:
        bad = rows(frame)
        if bad.any():
            errors.append(f"{table}.csv: {what} at {_where(frame, bad)}")
    return errors


def check_models(models: pd.DataFrame) -> list[str]:
    return _broken("models", models, MODEL_ROWS) + check_license_answers(models) + check_variants(models)


def check_license_answers(models: pd.DataFrame) -> list[str]:
    """A licence answer must cite the licence it was read from; the reviewed table must cite its sources."""
    errors = []
    bad = ~models["license_family"].isin({"unknown", "proprietary"}) & ~models["license_url"].str.startswith("https://")
    if bad.any():
        errors.append(f"models.csv: licence answer without a cited licence (license_url) at {_where(models, bad)}")
    uncited = sorted(k for k, row in license_table().items() if not row.get("read_from", "").startswith("https://"))
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


def _score(s: pd.DataFrame) -> pd.Series:
    return _num(s, "score")


def _out_of_range(s: pd.DataFrame) -> pd.Series:
    lo = s["unit"].map(lambda u: UNIT_RANGES.get(u, (float("-inf"), 0))[0])
    hi = s["unit"].map(lambda u: UNIT_RANGES.get(u, (0, float("inf")))[1])
    score = _score(s)
    return score.notna() & s["unit"].isin(UNIT_RANGES) & ((score < lo) | (score > hi))


def _rank_bad(s: pd.DataFrame) -> pd.Series:
    rank, n = _num(s, "rank"), _num(s, "n_models")
    return rank.isna() | n.isna() | (rank < 1) | (rank > n)


def _percentile_bad(s: pd.DataFrame) -> pd.Series:
    pct = _num(s, "percentile")
    return pct.isna() | (pct <= 0) | (pct > 100)


def _interval_bad(s: pd.DataFrame) -> pd.Series:
    low, high, score = _num(s, "ci_lower"), _num(s, "ci_upper"), _score(s)
    return (low.notna() & (low > score)) | (high.notna() & (high < score))


# (what is wrong, the rows where it is): every rule a scores.csv row keeps, in the order reported
SCORE_ROWS = [
    (
        "duplicate (model_id, source, benchmark)",
        lambda s: s.duplicated(["model_id", "source", "benchmark"], keep=False),
    ),
    ("empty score (drop the row instead)", lambda s: _score(s).isna()),
    ("unit without a known range", lambda s: ~s["unit"].isin(UNIT_RANGES)),
    ("score out of range for its unit", _out_of_range),
    ("rank must be between 1 and n_models", _rank_bad),
    ("percentile must be in (0, 100]", _percentile_bad),
    ("confidence interval does not contain the score", _interval_bad),
    *[(f"empty {col}", lambda s, col=col: s[col] == "") for col in ("source", "benchmark", "comparable_group")],
    ("as_of is not an ISO date", lambda s: ~s["as_of"].str.match(DATE)),
    ("source_url is not a link", lambda s: ~s["source_url"].str.startswith("https://")),
    (
        "'|' in comparable_group (the app's benchmark key separator)",
        lambda s: s["comparable_group"].str.contains("|", regex=False),
    ),
    ("self_reported must be true or false", lambda s: ~s["self_reported"].isin({"true", "false"})),
    (
        f"reported_by must be one of {', '.join(schema.REPORTED_BY)}",
        lambda s: ~s["reported_by"].isin(set(schema.REPORTED_BY)),
    ),
    (
        "reported_by 'maker' exactly where self_reported is true, not",
        lambda s: (s["reported_by"] == "maker") != (s["self_reported"] == "true"),
    ),
]


def check_scores(scores: pd.DataFrame) -> list[str]:
    errors = _broken("scores", scores, SCORE_ROWS)
    # Ranks and charts compare within a comparable group and benchmark: it must hold one source and one unit.
    mixed = scores.groupby(["comparable_group", "benchmark"])[["source", "unit"]].nunique()
    mixed = mixed[(mixed["source"] > 1) | (mixed["unit"] > 1)]
    if len(mixed):
        shown = ", ".join(f"{g} / {b}" for g, b in mixed.index[:5])
        errors.append(f"scores.csv: comparable group mixes sources or units (never ranked together): {shown}")
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


def _pending_read_only(folder: Path) -> str:
    kept = (
        "serves the last complete snapshot it loaded (or the one kept in .previous/)"
        if not snapshot.verify(folder / snapshot.PREVIOUS)
        else "serves the last complete snapshot it loaded"
    )
    return (
        f"validate: an interrupted write is pending in {folder} and this user cannot complete it (the "
        f"folder is read-only here); the app {kept}; run `python -m model_data validate "
        f"--snapshot {folder}` as {_owner(folder)} to complete it"
    )


def run(args: argparse.Namespace) -> int:
    folder = Path(args.snapshot)
    if not folder.is_dir():
        print(f"validate: no snapshot folder at {folder}", file=sys.stderr)
        return 1
    if snapshot.swap_pending(folder) and not os.access(folder, os.W_OK):
        print(_pending_read_only(folder), file=sys.stderr)
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
