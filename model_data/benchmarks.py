"""Benchmark frames: a model's scores per comparable group (one source, one unit), the choices a page
offers, the score-vs-size frame with its Pareto frontier, and the chosen benchmark's column.

Split from model_data/views.py (which re-exports these for the pages); pure pandas, no display words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
import pandas as pd

from model_data.cells import missing as _missing
from model_data.store.schema import SCORES

HEADLINE_SOURCES = ("open_llm_leaderboard_v2", "lmarena_text", "open_llm_leaderboard_v1", "lmarena_vision")
_HEADLINE_BENCH = re.compile(r"average|arena|elo|overall", re.I)


def rows_for(frame: pd.DataFrame | list[dict], ids, columns: list[str] | None = None) -> list[dict]:
    """The rows of a few models as plain dicts (compare a handful of models: pandas calls cost more than the work).

    `frame` may already be such a list (the Compare page picks them from per-snapshot records).
    """
    wanted = set(ids)
    if isinstance(frame, list):
        return [r for r in frame if r.get("model_id") in wanted]
    sub = frame[frame["model_id"].isin(wanted)]
    return sub[[c for c in (columns or list(sub.columns)) if c in sub.columns]].to_dict("records")


def benchmark_rows(scores: pd.DataFrame | list[dict], model_ids, models: pd.DataFrame | list[dict]) -> pd.DataFrame:
    """Scores for some models with their display names, ready for per-benchmark bars.

    Order: headline sources first (HEADLINE_SOURCES), then by group; in a group the average/Elo
    benchmark first, then benchmarks by name, then models by name.
    """
    ids = list(dict.fromkeys(model_ids))
    names = {r["model_id"]: r["display_name"] for r in rows_for(models, ids, ["model_id", "display_name"])}
    rows = [r for r in rows_for(scores, ids) if not _missing(r.get("score"))]
    for r in rows:
        name = names.get(r["model_id"])
        r["display_name"] = r["model_id"] if _missing(name) else name
        if _missing(r.get("comparable_group")):
            r["comparable_group"] = r.get("source")
    order = {src: i for i, src in enumerate(HEADLINE_SOURCES)}
    rows.sort(
        key=lambda r: (
            order.get(r["comparable_group"], len(order)),
            str(r["comparable_group"]),
            0 if _HEADLINE_BENCH.search(str(r["benchmark"])) else 1,
            str(r["benchmark"]),
            str(r["display_name"]),
        )
    )
    columns = (
        list(scores.columns)
        if isinstance(scores, pd.DataFrame)
        else list(dict.fromkeys([*SCORES, *(rows[0] if rows else {})]))
    )
    return pd.DataFrame(rows, columns=[*[c for c in columns if c != "display_name"], "display_name"])


def top_benchmarks(rows: pd.DataFrame, limit: int = 8) -> tuple[pd.DataFrame, list[str]]:
    """A group's rows cut to the `limit` benchmarks most of its models have (a maker reports dozens;
    a wall of one-bar panels compares nothing), and the names of the benchmarks left out."""
    benches = list(dict.fromkeys(rows["benchmark"]))
    if len(benches) <= limit:
        return rows, []
    n = rows.groupby("benchmark")["model_id"].nunique()
    keep = sorted(benches, key=lambda b: (-int(n.get(b, 0)), benches.index(b)))[:limit]
    return rows[rows["benchmark"].isin(keep)], [b for b in benches if b not in keep]


def pareto_frontier(frame: pd.DataFrame, x: str = "params_b", y: str = "score") -> pd.Series:
    """True for rows no other row beats: nothing smaller-or-equal scores higher-or-equal (strictly better once).

    Rows with an unknown x or y are never on the frontier (they cannot be placed on the chart).
    """
    xs, ys = frame[x].to_numpy(dtype=float, na_value=np.nan), frame[y].to_numpy(dtype=float, na_value=np.nan)
    known = np.flatnonzero(~(np.isnan(xs) | np.isnan(ys)))
    order = known[np.lexsort((-ys[known], xs[known]))]  # by size, the best score first (stable)
    ordered = ys[order]
    best_before = np.concatenate([[-np.inf], np.maximum.accumulate(ordered)[:-1]])  # of every smaller-or-equal row
    mask = np.zeros(len(frame), dtype=bool)
    mask[order[ordered > best_before]] = True
    return pd.Series(mask, index=frame.index)


def benchmark_scores(scores: pd.DataFrame, group: str, benchmark: str) -> pd.DataFrame:
    """The best score per model on one benchmark of one comparable group (model_id, score).

    Depends on the snapshot only, so the app computes it once per benchmark, not per filter change.
    """
    s = scores[(scores["comparable_group"].fillna(scores["source"]) == group) & (scores["benchmark"] == benchmark)]
    return s.dropna(subset=["score"]).groupby("model_id", as_index=False)["score"].max()


def best_score_by_id(scores: pd.DataFrame, group: str, benchmark: str) -> pd.Series:
    """benchmark_scores as a Series model_id -> score: kept by the app once per benchmark, its index's
    hash table is built once, so a filter state's lookup by id is one get_indexer."""
    best = benchmark_scores(scores, group, benchmark)
    return pd.Series(best["score"].to_numpy(), index=pd.Index(best["model_id"].to_numpy(dtype=object)))


@dataclass(frozen=True)
class RowScores:
    """row_scores' answer: one benchmark's score per row of a models frame, by its row label (NaN: no
    score). score_vs_size / unsized_scores take it for that frame or any rows of it (same labels)."""

    labels: pd.Index
    ids: np.ndarray  # each row's model_id: a row relabelled since is caught, not given another's score
    scores: np.ndarray

    def of(self, models: pd.DataFrame) -> np.ndarray:
        """The scores of `models`' rows; a row this was not made for is an error, never another row's score."""
        at = self.labels.get_indexer(models.index)
        if (at < 0).any() or (self.ids[at] != models["model_id"].to_numpy(dtype=object)).any():
            raise ValueError("row_scores: these rows are not rows of the frame the scores were made for")
        return self.scores[at]


def row_scores(models: pd.DataFrame, by_id: pd.Series) -> RowScores:
    """best_score_by_id looked up for every row of `models`. Kept by the app per snapshot and benchmark
    for its whole models frame: a filter state's rows (a subset, same labels) then get their scores by
    label, not by hashing every id again (~1 ms per lookup at 4,500 models)."""
    return RowScores(models.index, models["model_id"].to_numpy(dtype=object), _by_id(models, by_id))


def _by_id(models: pd.DataFrame, by_id: pd.Series) -> np.ndarray:
    at = by_id.index.get_indexer(models["model_id"].to_numpy(dtype=object))
    return np.append(by_id.to_numpy(dtype=float), np.nan)[at]  # not found (-1): the NaN appended


# The columns score_vs_size / unsized_scores read from the models frame (a caller may pass only these).
SCATTER_COLUMNS = ["model_id", "display_name", "params_b", "license_family", "license_name"]
UNSIZED_COLUMNS = ["model_id", "display_name", "params_b", "open"]


def score_vs_size(models: pd.DataFrame, scores, group: str, benchmark: str) -> pd.DataFrame:
    """Models with a known size and a score on one benchmark of one comparable group, frontier marked.

    `scores` is the scores table, or benchmark_scores / best_score_by_id(scores, group, benchmark) already,
    or row_scores of a frame `models` is rows of.
    """
    frame = _scored(models, scores, group, benchmark, SCATTER_COLUMNS, sized=True).reset_index(drop=True)
    frame["frontier"] = pareto_frontier(frame)
    return frame


def _scored(models: pd.DataFrame, scores, group: str, benchmark: str, cols, sized: bool) -> pd.DataFrame:
    """`cols` of the models with a score on the benchmark and a known (`sized`) or unknown size, in the
    models' order, with the score appended: a lookup by id instead of a merge of the models frame.
    `scores` is the scores table, or benchmark_scores(...) / best_score_by_id(...) already (one per
    model), or row_scores(...) of a frame these models are rows of."""
    if isinstance(scores, RowScores):
        score = scores.of(models)
    else:
        if isinstance(scores, pd.Series):
            by_id = scores
        else:
            best = (
                scores if set(scores.columns) == {"model_id", "score"} else benchmark_scores(scores, group, benchmark)
            )
            by_id = pd.Series(best["score"].to_numpy(), index=best["model_id"].to_numpy())
        score = _by_id(models, by_id)
    size_known = ~np.isnan(models["params_b"].to_numpy(dtype=float))
    keep = ~np.isnan(score) & (size_known if sized else ~size_known)
    rows = np.flatnonzero(keep)  # rows and columns in one positional take (a column list's lookup cost more)
    return models.iloc[rows, [models.columns.get_loc(c) for c in cols]].assign(score=score[rows])


def unsized_scores(models: pd.DataFrame, scores, group: str, benchmark: str) -> pd.DataFrame:
    """Models with a score on this benchmark but no known size (the closed baselines, mostly), best
    first: the score-vs-size chart draws them as reference lines, so an open model is seen beside them."""
    frame = _scored(models, scores, group, benchmark, UNSIZED_COLUMNS, sized=False)
    return frame.sort_values("score", ascending=False, kind="stable").reset_index(drop=True)


def score_choices(scores: pd.DataFrame) -> list[tuple[str, str]]:
    """(comparable_group, benchmark) pairs, the most-covered first, for the scatter's selector."""
    if scores.empty:
        return []
    s = scores.dropna(subset=["score"]).copy()
    s["comparable_group"] = s["comparable_group"].fillna(s["source"])
    counts = s.groupby(["comparable_group", "benchmark"])["model_id"].nunique().reset_index(name="n")
    counts["_avg"] = (~counts["benchmark"].astype(str).str.contains(_HEADLINE_BENCH)).astype(int)
    order = {src: i for i, src in enumerate(HEADLINE_SOURCES)}
    counts["_src"] = counts["comparable_group"].map(order).fillna(len(order))
    counts = counts.sort_values(
        ["n", "_src", "_avg", "comparable_group", "benchmark"], ascending=[False, True, True, True, True]
    )
    return list(zip(counts["comparable_group"], counts["benchmark"]))


def most_covered(scores: pd.DataFrame, model_ids, choices: list[tuple[str, str]]) -> tuple[str, str] | None:
    """The (group, benchmark) most of these models have a score on (ties: the order of `choices`)."""
    if not choices:
        return None
    s = scores[scores["model_id"].isin(set(model_ids))].dropna(subset=["score"])
    if s.empty:
        return choices[0]
    group = s["comparable_group"].fillna(s["source"])
    n = s.assign(_g=group).groupby(["_g", "benchmark"])["model_id"].nunique().to_dict()
    return max(choices, key=lambda c: (n.get(c, 0), -choices.index(c)))


def benchmark_column(scores: pd.DataFrame, group: str, benchmark: str) -> pd.DataFrame:
    """One benchmark of one comparable group (one source, one unit) per model, with what a reader
    needs next to the number: unit, date, CI, whether the maker reported it, caveat, decimals."""
    cols = [
        "model_id",
        "score",
        "unit",
        "as_of",
        "source",
        "ci_lower",
        "ci_upper",
        "self_reported",
        "reported_by",
        "caveat",
        "decimals",
    ]
    s = scores[(scores["comparable_group"].fillna(scores["source"]) == group) & (scores["benchmark"] == benchmark)]
    s = s.dropna(subset=["score"]).sort_values("score", ascending=False, kind="stable").drop_duplicates("model_id")
    return s.reindex(columns=cols).reset_index(drop=True)


# The Compare table's rows, in order (ui/text/labels.py: COMPARE_LABELS words them; the page words the
# score_headlines and no_score_reason codes).


def coverage_matrix(models: pd.DataFrame, scores: pd.DataFrame) -> pd.DataFrame:
    """Models x score sources: number of benchmark rows (0 = not covered, shown as such)."""
    sources = sorted(scores["source"].dropna().unique())
    counts = scores.groupby(["model_id", "source"]).size().unstack(fill_value=0) if not scores.empty else pd.DataFrame()
    table = models[["model_id", "display_name"]].set_index("model_id")
    for src in sources:
        table[src] = counts[src].reindex(table.index).fillna(0).astype(int) if src in counts else 0
    table["any"] = (table[sources] > 0).any(axis=1) if sources else False
    return table.reset_index()
