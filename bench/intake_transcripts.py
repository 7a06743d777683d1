"""Print how the ingest reads spoken material: per transcript fixture, the open models a listener
names (tests/fixtures/intake/expected.csv) that are resolved, proposed (right id first or not) or
lost, and the candidates that are not one of them.

    .venv/bin/python bench/intake_transcripts.py [--reference DIR] [--corpus DIR]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from model_data.ingest import catalogue  # noqa: E402
from model_data.ingest.mentions import Matcher  # noqa: E402
from model_data.ingest.pipeline import parse_extra, run_ingest  # noqa: E402

FIX = ROOT / "tests" / "fixtures" / "intake"


def measure(corpus: Path, reference: Path) -> dict:
    expected = pd.read_csv(FIX / "expected.csv", dtype=str)
    matcher = Matcher.from_files(catalogue=catalogue.load(reference))
    totals = dict(named=0, resolved=0, proposed=0, right_first=0, lost=0, wrong_rows=0, noise=0)
    for name, group in expected.groupby("file"):
        episode = name.split("_")[0]
        result = run_ingest([corpus], [parse_extra(f"{episode}={FIX / name}")], matcher)
        mine = result.mentions[result.mentions.all_sources.str.contains(name, regex=False)]
        cands = result.candidates[result.candidates.source_path.str.endswith(name)]
        want = set(group.model_id)
        got = set(mine.model_id)
        firsts = {p.split(" (")[0] for p in cands.proposals if p}
        anywhere = " ".join(cands.proposals)
        for model in want:
            totals["named"] += 1
            if model in got:
                totals["resolved"] += 1
            elif model in anywhere:
                totals["proposed"] += 1
                totals["right_first"] += model in firsts
            else:
                totals["lost"] += 1
                print(f"  lost in {name}: {model}")
        wrong = {m for m in got - want if not m.startswith("family/")}
        totals["wrong_rows"] += len(wrong)
        for model in sorted(got - want):
            print(f"  {'family' if model.startswith('family/') else 'extra'} row in {name}: {model}")
        for r in cands.itertuples():
            if not any(m in r.proposals for m in want):
                totals["noise"] += 1
                print(f"  candidate in {name}: {r.surface!r} -> {r.proposals[:90]}")
    return totals


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--reference", type=Path, default=ROOT.parent / "shared" / "reference-data")
    parser.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus" / "model-mondays")
    args = parser.parse_args()
    started = time.process_time()
    totals = measure(args.corpus, args.reference)
    print(", ".join(f"{k}: {v}" for k, v in totals.items()) + f"; CPU {time.process_time() - started:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
