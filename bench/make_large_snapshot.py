"""Build large snapshots for the interaction and crowd benchmarks (written to bench/out/, not committed).

Every model of the Open LLM Leaderboard v2 table (~4,500, with their scores and Hub licences) joins
the shipped snapshot's real models, and synthetic episodes mention them until the requested
number of mentions is reached. Same seed, same bytes.

    .venv/bin/python bench/make_large_snapshot.py [--mentions 5000 20000 50000] [--reference DIR]
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from model_data.sources import licenses
from model_data.store import schema, snapshot, writer  # noqa: E402
from model_data.sources.leaderboard import contents_from_flat_v2, scores_from_contents  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "bench" / "out"
REFERENCE = ROOT.parent / "shared" / "reference-data"
EPISODE_SIZE = 50  # mentions per synthetic episode


def leaderboard_models(reference: Path) -> tuple[pd.DataFrame, pd.DataFrame]:
    contents = contents_from_flat_v2(reference / "open-llm-leaderboard-v2" / "huggingface_v2.csv")
    scores, best = scores_from_contents(contents, "2025-03-21")
    facts_cache: dict[tuple[str, str], dict] = {}
    rows = []
    for model_id, hub_license, raw_params in zip(best["fullname"], best["Hub License"], best["#Params (B)"]):
        license_id = "" if pd.isna(hub_license) else str(hub_license)
        key = (license_id, "")
        if key not in facts_cache:
            facts_cache[key] = licenses.describe(license_id).as_dict()
        params = pd.to_numeric(raw_params, errors="coerce")
        org, _, name = model_id.partition("/")
        rows.append(
            {
                "model_id": model_id,
                "display_name": name or model_id,
                "organization": org,
                "family": "",
                "open_weights": "true",
                "hub_status": "ok",
                "params_b": params if params and params > 0 else float("nan"),
                "params_source": "open_llm_leaderboard_v2" if params and params > 0 else "unknown",
                "params_note": "" if params and params > 0 else "leaderboard gives 0: unknown",
                "license_id": license_id,
                **facts_cache[key],
                "task": "text-generation",
                "hub_url": f"https://huggingface.co/{model_id}",
                "metadata_source": "open_llm_leaderboard_v2 (bench)",
                "metadata_as_of": "2025-03-21",
            }
        )
    return pd.DataFrame(rows).reindex(columns=schema.MODELS), scores


def synthetic_episodes(model_ids: list[str], mentions: int, seed: int = 7) -> tuple[pd.DataFrame, pd.DataFrame]:
    rng = random.Random(seed)
    n_episodes = max(1, -(-mentions // EPISODE_SIZE))
    episodes, rows = [], []
    for n in range(n_episodes):
        season, episode = 10 + n // 50, 1 + n % 50
        eid = f"s{season}e{episode}"
        episodes.append(
            {
                "episode_id": eid,
                "season": season,
                "episode": episode,
                "date": (pd.Timestamp("2027-01-04") + pd.Timedelta(weeks=n)).date().isoformat(),
                "page_date": "",
                "date_note": "",
                "title": f"Synthetic episode {n + 1}",
                "kind": "livestream",
                "recording_url": "",
                "blog_url": "",
                "recap_url": "",
                "slides_url": "",
                "source_paths": "bench",
            }
        )
        for model_id in rng.sample(model_ids, min(EPISODE_SIZE, len(model_ids))):
            rows.append(
                {
                    "episode_id": eid,
                    "model_id": model_id,
                    "surface": model_id.split("/")[-1],
                    "section": rng.choice(["news", "spotlight", "demo"]),
                    "source_path": "bench",
                    "line": 1,
                    "open_weights": "true",
                    "all_sources": "bench",
                }
            )
    return (pd.DataFrame(episodes, columns=schema.EPISODES), pd.DataFrame(rows[:mentions], columns=schema.MENTIONS))


def build(mentions: int, reference: Path, out: Path) -> Path:
    shipped = snapshot.read_snapshot()
    lb_models, lb_scores = leaderboard_models(reference)
    lb_models = lb_models[~lb_models.model_id.str.lower().isin(shipped.models.model_id.str.lower())]
    models = pd.concat([shipped.models, lb_models], ignore_index=True)
    scores = pd.concat([shipped.scores, lb_scores[lb_scores.model_id.isin(lb_models.model_id)]], ignore_index=True)
    episodes, synthetic = synthetic_episodes(sorted(lb_models.model_id), max(0, mentions - len(shipped.mentions)))
    tables = {
        "episodes": pd.concat([shipped.episodes, episodes], ignore_index=True),
        "mentions": pd.concat([shipped.mentions, synthetic], ignore_index=True),
        "candidates": shipped.candidates,
        "models": models,
        "scores": scores,
    }
    folder = out / f"large-{mentions}"
    folder.mkdir(parents=True, exist_ok=True)
    writer.write_snapshot(folder, tables, {"built_by": "bench/make_large_snapshot.py"})
    return folder


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mentions", type=int, nargs="+", default=[5000, 20000, 50000])
    parser.add_argument("--reference", type=Path, default=REFERENCE)
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    if not (args.reference / "open-llm-leaderboard-v2" / "huggingface_v2.csv").exists():
        print(f"error: {args.reference} has no open-llm-leaderboard-v2/huggingface_v2.csv", file=sys.stderr)
        return 2
    for n in args.mentions:
        started = time.perf_counter()
        folder = build(n, args.reference, args.out)
        snap = snapshot.read_snapshot(folder)
        print(
            f"{folder}: {len(snap.models):,} models, {len(snap.scores):,} score rows, "
            f"{len(snap.episodes):,} episodes, {len(snap.mentions):,} mentions "
            f"({time.perf_counter() - started:.1f} s)"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
