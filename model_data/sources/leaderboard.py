"""Benchmark scores -> the long-form `scores` table (one row per model x source x benchmark).

Every source is a `Source` spec (which column holds the model, which columns are benchmarks,
unit, date, link, comparability group) fed to one function, so a new leaderboard is new rows
and a new spec, never a new code path. Ranks and percentiles are computed within one source
and benchmark over *all* of that source's models (not only the ones the show mentioned):
rank 1 is the best score (ties share the better rank); percentile is the share of the source's
models scoring at or below this one (best = 100).

The live Open LLM Leaderboard comes through `datasets.load_dataset("open-llm-leaderboard/contents")`;
the offline build maps the flattened reference CSV into the same `contents` columns first,
so both are read by `scores_from_contents`. `datasets` is imported only inside `load_contents`.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

import pandas as pd

from model_data.store import schema
from model_data import TABLES

CONTENTS_REPO = "open-llm-leaderboard/contents"
CONTENTS_URL = f"https://huggingface.co/datasets/{CONTENTS_REPO}"
V1_URL = "https://huggingface.co/spaces/open-llm-leaderboard-old/open_llm_leaderboard"
ARENA_URL = "https://lmarena.ai/leaderboard/{kind}"
ARENA_NAMES = TABLES / "arena_names.csv"

V2_SOURCE = "open_llm_leaderboard_v2"
V1_SOURCE = "open_llm_leaderboard_v1"
LLM_STATS_SOURCE = "llm_stats"
LLM_STATS_URL = "https://github.com/JonathanChavezTamales/llm-leaderboard"
LLM_STATS_ATTRIBUTION = (
    "LLM Leaderboard / llm-stats.com, github.com/JonathanChavezTamales/llm-leaderboard, "
    "CC-BY-4.0 (flattened to CSV; scores are fractions 0-1 as stored there)"
)
CARDS_SOURCE = "model_cards"
HUB_CARD_SOURCE = "hub_model_index"
# llm-stats benchmarks that are not fractions (the rest are 0-1, as stored upstream).
LLM_STATS_UNITS = {"cfeval": "CodeForces rating"}
SCORE_CAVEATS = TABLES / "score_caveats.csv"

# contents column -> benchmark name in the scores table (normalised scores, 0-100).
V2_BENCHMARKS = {
    "Average ⬆️": "Average",
    "IFEval": "IFEval",
    "BBH": "BBH",
    "MATH Lvl 5": "MATH Lvl 5",
    "GPQA": "GPQA",
    "MUSR": "MUSR",
    "MMLU-PRO": "MMLU-PRO",
}
V1_BENCHMARKS = {
    "average": "Average",
    "arc": "ARC",
    "hellaswag": "HellaSwag",
    "mmlu": "MMLU",
    "truthfulqa": "TruthfulQA",
    "winogrande": "Winogrande",
    "gsm8k": "GSM8K",
}

# Flattened reference CSV (huggingface_v2.csv) -> `contents` names; see its PROVENANCE.md.
FLAT_TO_CONTENTS = {
    "model_name": "fullname",
    "model_sha": "Model sha",
    "model_precision": "Precision",
    "model_type": "Type",
    "model_weight_type": "Weight type",
    "model_architecture": "Architecture",
    "model_average_score": "Average ⬆️",
    "model_has_chat_template": "Chat Template",
    "evaluations_ifeval_value": "IFEval Raw",
    "evaluations_ifeval_normalized_score": "IFEval",
    "evaluations_bbh_value": "BBH Raw",
    "evaluations_bbh_normalized_score": "BBH",
    "evaluations_math_value": "MATH Lvl 5 Raw",
    "evaluations_math_normalized_score": "MATH Lvl 5",
    "evaluations_gpqa_value": "GPQA Raw",
    "evaluations_gpqa_normalized_score": "GPQA",
    "evaluations_musr_value": "MUSR Raw",
    "evaluations_musr_normalized_score": "MUSR",
    "evaluations_mmlu_pro_value": "MMLU-PRO Raw",
    "evaluations_mmlu_pro_normalized_score": "MMLU-PRO",
    "features_is_not_available_on_hub": "Available on the hub",  # misnamed upstream: TRUE = available
    "features_is_merged": "Merged",
    "features_is_moe": "MoE",
    "features_is_flagged": "Flagged",
    "features_is_official_provider": "Official Providers",
    "metadata_upload_date": "Upload To Hub Date",
    "metadata_submission_date": "Submission Date",
    "metadata_generation": "Generation",
    "metadata_base_model": "Base Model",
    "metadata_hub_license": "Hub License",
    "metadata_hub_hearts": "Hub ❤️",
    "metadata_params_billions": "#Params (B)",
    "metadata_co2_cost": "CO₂ cost (kg)",
}
TYPE_LABELS = {
    "chatmodels": "💬 chat models (RLHF, DPO, IFT, ...)",
    "pretrained": "🟢 pretrained",
    "fine-tunedondomain-specificdatasets": "🔶 fine-tuned on domain-specific datasets",
    "basemergesandmoerges": "🤝 base merges and moerges",
    "continuouslypretrained": "🟩 continuously pretrained",
    "multimodal": "🌸 multimodal",
    "❓other": "❓ other",
}
# Which evaluation stands for a model evaluated more than once: the native training precision
# first, then the newest submission, then the sha, so the choice never depends on file order.
PRECISION_ORDER = {"bfloat16": 0, "float16": 1}


@dataclass
class Source:
    """How to read one leaderboard table into long-form score rows."""

    name: str
    model_col: str
    benchmarks: dict[str, str]
    unit: str
    comparable_group: str
    source_url: str
    as_of: str  # date of the data when rows have no date of their own
    as_of_col: str | None = None  # per-row evaluation date, when the source has one
    note_col: str | None = None
    ci_cols: tuple[str, str] | None = None
    self_reported: bool = False
    decimals: int | None = None  # decimals the source shows; None = count them in `raw_col`
    raw_col: str | None = None  # the value as printed, to count its decimals
    url_col: str | None = None  # per-row source link, when the source has one
    # Per-row columns for a long source (one value column, a row per model x benchmark): the
    # benchmark name, unit, comparability group and self-reported flag (bool) of each row.
    benchmark_col: str | None = None
    unit_col: str | None = None
    group_col: str | None = None
    self_col: str | None = None


def load_contents(source: str | Path = CONTENTS_REPO, cache_dir: str | None = None) -> pd.DataFrame:
    """The `contents` dataset as a frame: from the Hub, or from a local parquet/CSV with the same
    columns (tests, mirrors). Imported lazily so the app never pays for `datasets`."""
    if isinstance(source, str) and Path(source).exists():
        # `datasets` reads a local folder named like the repo id in place of the Hub dataset: never
        # let a stray ./open-llm-leaderboard/contents pass as the live leaderboard.
        raise ValueError(
            f"a local folder {source!r} in the working directory would be read instead of the "
            "Hub dataset; run the refresh from another folder (local files only via --reference)"
        )
    import datasets

    if isinstance(source, Path):
        kind = "parquet" if source.suffix == ".parquet" else "csv"
        ds = datasets.load_dataset(kind, data_files=str(source), split="train", cache_dir=cache_dir)
    else:
        ds = datasets.load_dataset(str(source), split="train", cache_dir=cache_dir)
    return ds.to_pandas()


def contents_from_flat_v2(path: Path | BinaryIO) -> pd.DataFrame:
    """The flattened reference CSV renamed and re-typed into the `contents` schema."""
    flat = pd.read_csv(path, keep_default_na=False, na_values=[""])
    frame = flat.rename(columns=FLAT_TO_CONTENTS)[list(FLAT_TO_CONTENTS.values())]
    frame["Type"] = frame["Type"].map(TYPE_LABELS).fillna(frame["Type"])
    frame["eval_name"] = frame["fullname"].str.replace("/", "_", n=1) + "_" + frame["Precision"]
    return frame


def _best_rows(frame: pd.DataFrame, model_col: str, precision_col: str, date_col: str, sha_col: str) -> pd.DataFrame:
    """One evaluation per model (case-insensitive id), chosen by PRECISION_ORDER, newest, sha."""
    frame = frame.copy()
    frame["_key"] = frame[model_col].str.lower()
    frame["_prec"] = frame[precision_col].map(PRECISION_ORDER).fillna(9)
    frame["_date"] = frame[date_col].fillna("").astype(str)
    frame["_sha"] = frame[sha_col].fillna("").astype(str)
    frame = frame.sort_values(["_key", "_prec", "_date", "_sha"], ascending=[True, True, False, True], kind="mergesort")
    # every precision a model was evaluated in, sorted: one pass over the distinct (model, precision) pairs
    pairs = frame[["_key", precision_col]].dropna().drop_duplicates().sort_values(precision_col, kind="mergesort")
    evaluated: dict[str, list] = {}
    for key, precision in zip(pairs["_key"], pairs[precision_col]):
        evaluated.setdefault(key, []).append(precision)
    best = frame.drop_duplicates("_key", keep="first").copy()
    best["_note"] = [
        f"precision {p}"
        + (
            f" (also evaluated: {', '.join(x for x in ps if x != p)}; rule: bfloat16 > float16 > other, then newest)"
            if len(ps) > 1
            else ""
        )
        for p, ps in zip(best[precision_col], (evaluated.get(k, []) for k in best["_key"]))
    ]
    return best.drop(columns=["_prec", "_date", "_sha"])


def long_scores(frame: pd.DataFrame, spec: Source) -> pd.DataFrame:
    """Wide source rows -> long score rows with rank / percentile / n_models per benchmark.

    Ranks are taken within one comparable group, unit, self-reported flag and benchmark, all at
    once (a source whose rows carry their own benchmark, unit or group needs no loop over them)."""
    parts = [_long_part(frame, spec, column, benchmark) for column, benchmark in spec.benchmarks.items()]
    if not parts:
        return pd.DataFrame(columns=schema.SCORES)
    out = pd.concat(parts, ignore_index=True)
    groups = out.groupby(["comparable_group", "unit", "self_reported", "benchmark"], sort=False)["score"]
    out["n_models"] = groups.transform("size").astype(int)
    out["rank"] = groups.rank(ascending=False, method="min")
    out["percentile"] = groups.rank(ascending=True, method="max", pct=True) * 100
    return out.reindex(columns=schema.SCORES)


def _long_part(frame: pd.DataFrame, spec: Source, column: str, benchmark: str) -> pd.DataFrame:
    """The rows of one value column that hold a number, without ranks yet."""
    values = pd.to_numeric(frame[column], errors="coerce")
    keep = values.notna()
    rows = frame.loc[keep]

    def per_row(col: str | None, constant):
        return rows[col].astype(str) if col else constant

    part = pd.DataFrame(
        {
            "model_id": rows[spec.model_col].astype(str),
            "source": spec.name,
            "benchmark": per_row(spec.benchmark_col, benchmark),
            "score": values[keep],
            "unit": per_row(spec.unit_col, spec.unit),
            "as_of": (rows[spec.as_of_col].fillna(spec.as_of).astype(str).str[:10] if spec.as_of_col else spec.as_of),
            "source_url": per_row(spec.url_col, spec.source_url),
            "comparable_group": per_row(spec.group_col, spec.comparable_group),
            "note": per_row(spec.note_col, ""),
        }
    )
    part["as_of"] = part["as_of"].replace("", spec.as_of)
    if spec.ci_cols:
        part["ci_lower"] = pd.to_numeric(rows[spec.ci_cols[0]], errors="coerce")
        part["ci_upper"] = pd.to_numeric(rows[spec.ci_cols[1]], errors="coerce")
    if spec.self_col:
        part["self_reported"] = rows[spec.self_col].map({True: "true", False: "false"})
    else:
        part["self_reported"] = "true" if spec.self_reported else "false"
    if spec.decimals is not None:
        part["decimals"] = spec.decimals
    elif spec.raw_col:
        part["decimals"] = _decimals_of(rows[spec.raw_col])
    part["caveat"] = ""
    return part


def _decimals(text: str) -> int:
    text = str(text).strip()
    return len(text.split(".", 1)[1]) if "." in text else 0


def _decimals_of(texts: pd.Series) -> pd.Series:
    """Decimals as printed ("0.850" -> 3, "12" -> 0), for a whole column at once."""
    return texts.astype(str).str.strip().str.split(".", n=1).str[1].str.len().fillna(0).astype(int)


def scores_from_contents(contents: pd.DataFrame, as_of: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Open LLM Leaderboard v2 scores (one evaluation per model) and the chosen rows themselves
    (the latter also feed parameter counts and offline metadata)."""
    best = _best_rows(contents, "fullname", "Precision", "Submission Date", "Model sha")
    best["_url"] = (
        "https://huggingface.co/datasets/open-llm-leaderboard/"
        + best["fullname"].str.replace("/", "__", n=1)
        + "-details"
    )
    spec = Source(
        V2_SOURCE,
        "fullname",
        V2_BENCHMARKS,
        "normalised score (0-100)",
        "open_llm_leaderboard_v2",
        CONTENTS_URL,
        as_of,
        as_of_col="Submission Date",
        note_col="_note",
        decimals=2,
    )
    scores = long_scores(best, spec)
    urls = dict(zip(best["fullname"], best["_url"]))
    scores["source_url"] = scores["model_id"].map(urls)
    no_template = best.loc[~_truthy_col(best["Chat Template"]) & best["fullname"].str.contains(_CHAT_NAME), "fullname"]
    scores.loc[scores["model_id"].isin(set(no_template)), "caveat"] = (
        "run without the model's chat template: instruction-following scores (IFEval above all) understate a chat model"
    )
    return scores, best


_CHAT_NAME = re.compile(r"(?i)(?:instruct|chat|-it\b|-it-)")


def _truthy(value) -> bool:
    return str(value).strip().lower() in {"true", "1"}


def _truthy_col(values: pd.Series) -> pd.Series:
    """`_truthy` for a whole column."""
    return values.astype(str).str.strip().str.lower().isin({"true", "1"})


def read_v1(path: Path | BinaryIO) -> pd.DataFrame:
    """The archived v1 table, one evaluation per model by the same precision rule as v2."""
    frame = pd.read_csv(path, keep_default_na=False, na_values=[""])
    return _best_rows(frame, "fullname", "precision", "date", "model_sha")


def scores_from_v1(best_v1: pd.DataFrame, as_of: str) -> pd.DataFrame:
    best_v1 = best_v1.copy()
    best_v1["_note"] = best_v1["_note"] + "; archived v1 benchmarks: not comparable with v2"
    spec = Source(
        V1_SOURCE,
        "fullname",
        V1_BENCHMARKS,
        "accuracy (0-100)",
        "open_llm_leaderboard_v1",
        V1_URL,
        as_of,
        as_of_col="date",
        note_col="_note",
        decimals=2,
    )
    return long_scores(best_v1, spec)


_CI = re.compile(r"^\s*\+?(?P<plus>\d+(?:\.\d+)?)\s*/\s*-?(?P<minus>\d+(?:\.\d+)?)\s*$")


def read_arena(path: Path | BinaryIO) -> pd.DataFrame:
    frame = pd.read_csv(path, keep_default_na=False, na_values=[""])
    plus = frame["95_pct_ci"].astype(str).str.extract(_CI)
    frame["ci_upper"] = frame["arena_score"] + pd.to_numeric(plus["plus"], errors="coerce")
    frame["ci_lower"] = frame["arena_score"] - pd.to_numeric(plus["minus"], errors="coerce")
    frame["_note"] = (
        "95% CI "
        + frame["95_pct_ci"].astype(str)
        + "; "
        + frame["votes"].astype(str)
        + " votes; LMArena rank (upper bound) "
        + frame["rank"].astype(str)
    )
    return frame


def arena_name_map(path: Path = ARENA_NAMES) -> dict[tuple[str, str], str]:
    """Reviewed (arena, display name) -> model id. Exact names only: no fuzzy matching, because a
    near-miss (Mistral-7B-Instruct-v0.2 vs v0.3) would silently give a model someone else's score."""
    with Path(path).open(encoding="utf-8", newline="") as fh:
        return {(row["arena"], row["arena_name"]): row["model_id"] for row in csv.DictReader(fh)}


def scores_from_arena(frame: pd.DataFrame, kind: str, as_of: str, names: dict) -> pd.DataFrame:
    """LMArena Elo for one arena (text or vision); rows keep the arena name until mapped, and
    only reviewed names get a model id. Ranks use every row of the arena, mapped or not."""
    frame = frame.copy()
    frame["_model"] = [names.get((kind, n), f"arena:{n}") for n in frame["model"]]
    frame["_note"] = frame["_note"] + "; arena entry " + frame["model"].astype(str)  # which entry was taken
    spec = Source(
        f"lmarena_{kind}",
        "_model",
        {"arena_score": f"Arena Elo ({kind})"},
        "elo",
        f"lmarena_{kind}",
        ARENA_URL.format(kind=kind),
        as_of,
        note_col="_note",
        ci_cols=("ci_lower", "ci_upper"),
        decimals=0,
    )
    scores = long_scores(frame, spec)
    return scores[~scores["model_id"].str.startswith("arena:")]


def read_arena_2026(path: Path | BinaryIO) -> pd.DataFrame:
    """A 2026 full text-arena board (score, ± half-width, votes, preliminary flag) in the columns
    `scores_from_arena` reads: model, arena_score, ci_lower/ci_upper, _note."""
    frame = pd.read_csv(path, keep_default_na=False, na_values=[""])
    half = pd.to_numeric(frame["ci"], errors="coerce")
    out = pd.DataFrame({"model": frame["model_name"].astype(str), "arena_score": frame["score"]})
    out["ci_lower"], out["ci_upper"] = frame["score"] - half, frame["score"] + half
    prelim = _truthy_col(frame["preliminary"])
    out["_note"] = (
        "95% CI ±"
        + frame["ci"].astype(str)
        + "; "
        + frame["votes"].astype(str)
        + " votes; LMArena rank "
        + frame["rank"].astype(str)
        + prelim.map({True: "; preliminary", False: ""})
    )
    return out


def arena_ids(names: list[str], kind: str, curated: dict[tuple[str, str], str], catalogue: list[str]) -> dict[str, str]:
    """Arena display name -> model id: the reviewed names first (case-insensitive: the 2026 boards
    write names in lower case), then a name identical to exactly one catalogue repo's name
    (case-insensitive, so "gpt-oss-120b" -> openai/gpt-oss-120b). Nothing fuzzy."""
    reviewed = {n.lower(): mid for (k, n), mid in curated.items() if k == kind}
    by_repo_name: dict[str, set[str]] = {}
    for repo in catalogue:
        by_repo_name.setdefault(repo.split("/")[-1].lower(), set()).add(repo)
    out = {}
    for name in names:
        low = name.lower()
        if low in reviewed:
            out[name] = reviewed[low]
        elif len(by_repo_name.get(low, ())) == 1:
            out[name] = next(iter(by_repo_name[low]))
    return out


def scores_from_llm_stats(path: Path | BinaryIO, as_of: str) -> pd.DataFrame:
    """llm-stats (CC-BY-4.0): mostly makers' self-reported numbers with the link to where each was
    reported. Fractions 0-1 as stored (never rescaled). A repo several llm-stats entries point at
    gets the scores of the entry named like the repo only (DeepSeek-R1's repo is the weights link of
    R1, R1-0528 and R1-Zero: their numbers must not pile up on one model)."""
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    frame = frame[frame["hf_repo_id"] != ""].copy()
    entries = frame.groupby("hf_repo_id")["llmstats_model_id"].nunique()
    shared = set(entries.index[entries > 1])
    named = frame["llmstats_model_id"].str.lower() == frame["hf_repo_id"].str.split("/").str[-1].str.lower()
    frame = frame[~frame["hf_repo_id"].isin(shared) | named]
    frame["_unit"] = frame["benchmark_id"].map(LLM_STATS_UNITS).fillna("fraction (0-1)")
    frame["_as_of"] = frame["updated_at"].str[:10]
    frame["_note"] = ("llm-stats entry " + frame["llmstats_model_id"] + "; " + frame["analysis_method"]).str.rstrip(
        "; "
    )
    frame["_self"] = _truthy_col(frame["is_self_reported"])
    frame["_group"] = (LLM_STATS_SOURCE + " (" + frame["_unit"] + ")").where(
        frame["_unit"] != "fraction (0-1)", LLM_STATS_SOURCE
    )
    # one row per (unit, self-reported, repo, benchmark); rows ordered by unit, flag, then each
    # benchmark's first appearance, so the duplicates dropped at the end are always the same ones
    frame = frame.drop_duplicates(["_unit", "_self", "hf_repo_id", "benchmark_name"])
    frame["_order"] = frame.groupby(["_unit", "_self", "benchmark_name"], sort=False).ngroup()
    frame = frame.sort_values(["_unit", "_self", "_order"], kind="mergesort")
    spec = Source(
        LLM_STATS_SOURCE,
        "hf_repo_id",
        {"score": ""},
        "",
        "",
        LLM_STATS_URL,
        as_of,
        as_of_col="_as_of",
        note_col="_note",
        raw_col="score",
        url_col="source_link",
        benchmark_col="benchmark_name",
        unit_col="_unit",
        group_col="_group",
        self_col="_self",
    )
    out = long_scores(frame, spec)
    if out.empty:
        return out
    out["source_url"] = out["source_url"].where(out["source_url"].str.startswith("https://"), LLM_STATS_URL)
    return out.drop_duplicates(["model_id", "source", "benchmark"]).reindex(columns=schema.SCORES)


def scores_from_model_cards(path: Path | BinaryIO) -> pd.DataFrame:
    """Scores 2026 model cards report (self-reported), as printed, with the page each was read from.
    A setting the page names (thinking, w/ tools) is part of the benchmark: different settings are
    different measurements."""
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    frame["_bench"] = frame["benchmark"] + (" (" + frame["setting"] + ")").where(frame["setting"] != "", "")
    frame = frame.drop_duplicates(["repo_id", "_bench"]).sort_values(["_bench", "unit"], kind="mergesort")
    frame["_group"] = CARDS_SOURCE + " (" + frame["unit"] + ")"
    spec = Source(
        CARDS_SOURCE,
        "repo_id",
        {"value": ""},
        "",
        "",
        "",
        "",
        as_of_col="observed_on",
        note_col="note",
        self_reported=True,
        raw_col="value",
        url_col="source_url",
        benchmark_col="_bench",
        unit_col="unit",
        group_col="_group",
    )
    return long_scores(frame, spec)


def scores_from_eval_results(repo_id: str, results: list[dict], as_of: str) -> pd.DataFrame:
    """A Hub card's model-index results (live refresh): the maker's own numbers unless the Hub marks
    the metric verified. The card does not state a scale, so the unit says so and nothing else is
    ranked with them."""
    rows = []
    for r in results:
        try:
            value = float(r["value"])
        except (TypeError, ValueError, KeyError):
            continue
        bench = " · ".join(x for x in (r.get("dataset"), r.get("metric")) if x)
        rows.append(
            {
                "model_id": repo_id,
                "source": HUB_CARD_SOURCE,
                "benchmark": bench or "unnamed",
                "score": value,
                "unit": "as on the model card (scale not stated)",
                "as_of": as_of,
                "source_url": r.get("source_url") or f"https://huggingface.co/{repo_id}",
                "rank": 1,
                "percentile": 100.0,
                "n_models": 1,
                "comparable_group": f"{HUB_CARD_SOURCE} ({repo_id})",
                "note": "model-index on the Hub card" + ("; verified by the Hub" if r.get("verified") else ""),
                "self_reported": "false" if r.get("verified") else "true",
                "decimals": _decimals(r["value"]),
                "caveat": "",
            }
        )
    frame = pd.DataFrame(rows, columns=schema.SCORES)
    return frame.drop_duplicates(["model_id", "source", "benchmark"])


def read_caveats(path: Path = SCORE_CAVEATS) -> list[dict]:
    if not Path(path).exists():
        return []
    with Path(path).open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def apply_caveats(scores: pd.DataFrame, caveats: list[dict]) -> pd.DataFrame:
    """Known-bad rows (reviewed in score_caveats.csv) carry their caveat next to the number."""
    scores = scores.copy()
    for c in caveats:
        hit = (
            (scores["model_id"].str.lower() == c["model_id"].lower())
            & (scores["source"] == c["source"])
            & ((scores["benchmark"] == c["benchmark"]) | (c["benchmark"] == "*"))
        )
        old = scores.loc[hit, "caveat"].fillna("")
        scores.loc[hit, "caveat"] = [f"{o}; {c['caveat']}" if o else c["caveat"] for o in old]
    return scores
