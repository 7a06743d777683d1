"""Print the figures issue #12 asks for, from one snapshot folder (works on old and new schemas).

    .venv/bin/python bench/facts_coverage.py [SNAPSHOT_DIR] [--licenses-out FILE]

Models with any score (independent / self-reported only), score rows and models per source,
open text models named in episodes that have a score, models vs repos per episode, and
(optionally) each model's licence answer to a CSV so two runs can be diffed.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

TEXT_TASKS = {"text-generation", "image-text-to-text", "text2text-generation", "any-to-any"}


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("snapshot", nargs="?", default="model_data/snapshot", type=Path)
    parser.add_argument("--licenses-out", type=Path)
    args = parser.parse_args()
    read = lambda name: pd.read_csv(args.snapshot / f"{name}.csv", dtype=str, keep_default_na=False)  # noqa: E731
    models, scores, mentions = read("models"), read("scores"), read("mentions")
    if "self_reported" not in scores.columns:
        scores["self_reported"] = "false"
    if "variant_of" not in models.columns:
        models["variant_of"] = ""
    indep = set(scores.loc[scores["self_reported"] != "true", "model_id"])
    selfrep = set(scores.loc[scores["self_reported"] == "true", "model_id"])
    print(
        f"models: {len(models)}; with any score: {len(indep | selfrep)} "
        f"(independent: {len(indep)}, self-reported only: {len(selfrep - indep)})"
    )
    print("scores per source (rows / models):")
    for source, part in scores.groupby("source"):
        print(f"  {source}: {len(part)} / {part['model_id'].nunique()}")
    named = set(mentions["model_id"])
    open_text = models[
        models["model_id"].isin(named)
        & (models["open_weights"] == "true")
        & models["task"].isin(TEXT_TASKS)
        & (models["variant_of"] == "")
    ]
    scored = open_text["model_id"].isin(indep | selfrep)
    print(f"open text models named in episodes (originals): {len(open_text)}; with a score: {int(scored.sum())}")
    for mid in sorted(open_text.loc[~scored, "model_id"]):
        print(f"  no score: {mid}: {models.set_index('model_id').at[mid, 'scores_note']}")
    print("models vs repos per episode (where they differ, or all with --verbose):")
    variant = dict(zip(models["model_id"], models["variant_of"]))
    for episode, part in mentions.groupby("episode_id", sort=False):
        repos = set(part["model_id"])
        roots = {variant.get(m) or m for m in repos}
        if len(roots) != len(repos):
            print(f"  {episode}: {len(roots)} models, {len(repos)} repos")
    total_repos = mentions["model_id"].nunique()
    total_models = len({variant.get(m) or m for m in mentions["model_id"]})
    print(f"  all episodes: {total_models} models, {total_repos} repos")
    if args.licenses_out:
        cols = [
            c
            for c in (
                "model_id",
                "license_id",
                "license_name",
                "license_family",
                "commercial_use",
                "startup_product",
                "base_license_id",
                "license_warning",
            )
            if c in models.columns
        ]
        models[cols].to_csv(args.licenses_out, index=False)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
