"""Frame-level questions the pages ask of a snapshot: joins, search, filters, frontiers, estimates.

Pure pandas, no Streamlit: every page stays thin (read state, call one of these, draw), and each
answer can be tested on a small fixture without a browser. Unknown stays NaN/"" here; turning it
into the word "unknown" is the formatting layer's job, so that sorting and filtering never mistake
a missing value for 0.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from model_data.cells import missing as _missing
from model_data.overview import (  # noqa: F401  (frames the pages ask views for)
    aired,
    broadcast_order,
    collapse_variants,
    count_models_and_repos,
    display_names,
    episode_summary,
    family_counts,
    mentioned_models,
    named_pairs,
    not_a_listed_copy,
    model_root,
    overview_stats,
    per_season,
    specific_mentions,
    truthy,
    with_unknowns,
)
from model_data.benchmarks import (  # noqa: F401  (frames the pages ask views for)
    HEADLINE_SOURCES,
    benchmark_column,
    benchmark_rows,
    benchmark_scores,
    best_score_by_id,
    row_scores,
    coverage_matrix,
    most_covered,
    pareto_frontier,
    rows_for,
    SCATTER_COLUMNS,
    UNSIZED_COLUMNS,
    score_choices,
    score_vs_size,
    top_benchmarks,
    unsized_scores,
)
from model_data.store.schema import EPISODE_ID

# Size presets a viewer thinks in: what runs on a phone, a gaming GPU, a workstation, a cluster.
SIZE_PRESETS: dict[str, tuple[float, float]] = {
    "edge": (0.0, 3.0),  # <= 3B
    "consumer": (3.0, 8.0),  # 3-8B
    "mid": (8.0, 70.0),  # 8-70B
    "large": (70.0, float("inf")),  # > 70B
}
MEMORY_BITS = (4, 8, 16)
# Weights take params * bits / 8 bytes; runtime buffers and a short KV cache add roughly a fifth.
MEMORY_OVERHEAD = 1.2

# Preference for the one "headline" score per model (hover text, scatter default): the most widely
# shared comparable group first. Unknown sources fall in after these, alphabetically.

# The three questions students ask: the models columns that answer them (ui/text/labels.py words them).
STUDENT_QUESTIONS = ("class_project", "research_paper", "startup_product")

NON_LLM_TASK_WORDS = ("image", "speech", "audio", "vision", "mask", "3d", "video", "depth", "segmentation", "detection")


def is_gated(value) -> bool:
    """Hub gating is "false", "auto", "manual" or "true": anything but false/empty means a click-through."""
    text = "" if pd.isna(value) else str(value).strip().lower()
    return text not in {"", "false", "0", "no", "nan"}


def size_class(params_b) -> str:
    if pd.isna(params_b):
        return "unknown"
    for name, (low, high) in SIZE_PRESETS.items():
        if (low < params_b <= high) or (name == "edge" and params_b <= high):
            return name
    return "unknown"


def memory_gb(params_b, bits: int) -> float:
    """Estimated memory to load the weights at `bits` per parameter (NaN when size is unknown)."""
    if pd.isna(params_b):
        return float("nan")
    return float(params_b) * bits / 8 * MEMORY_OVERHEAD


_CONDITION_WORDS = re.compile(
    r"\b(only|below|under|within|unless|if|subject|limit|but|while|except|provided|accept|condition|gated)"
)


def answer_class(text) -> str:
    """Reduce a plain-language licence answer to yes / conditions / no / unknown for filtering: "No..."
    is no, a "Yes" without a condition word is yes, anything else a reader must read (conditions)."""
    low = "" if _missing(text) else str(text).strip().lower()
    if not low or low.startswith("unknown"):
        return "unknown"
    if low.startswith("no"):
        return "no"
    if low.startswith("yes") and not _CONDITION_WORDS.search(low):
        return "yes"
    return "conditions"


def episode_label(row) -> str:
    return f"S{int(row['season'])}E{int(row['episode'])}"


def episodes_frame(episodes: pd.DataFrame) -> pd.DataFrame:
    """Episodes in broadcast order with a short label (S2E3) used in selectors and chart axes."""
    frame = broadcast_order(episodes)
    frame["label"] = (
        "S" + frame["season"].astype(int).astype(str) + "E" + frame["episode"].astype(int).astype(str)
        if len(frame)
        else pd.Series([], dtype=object)
    )
    return frame


# The one benchmark that stands for a source in a summary (leaderboard average, arena rating); a
# source of many separate benchmarks (llm-stats, model cards) is summarised by its count instead.
_SUMMARY_BENCH = re.compile(r"(?i)average|arena elo.*|overall")
HEADLINE_FIELDS = ("score", "decimals", "ci_lower", "ci_upper", "unit", "as_of")


def score_headlines(scores: pd.DataFrame) -> dict[str, list[dict]]:
    """model_id -> one entry per source (sources by name), each in its own unit, never merged into one
    value: the source's summary benchmark with its number, unit and date, or (a source of many separate
    benchmarks) how many it has. `self_reported` when the maker reported every number of that source;
    `reported_by` the one reporter (scores.reported_by) of all its numbers, else None.
    ui/text/format.score_summary words them."""
    if scores.empty:
        return {}
    s = scores.dropna(subset=["score"])
    out: dict[str, list[dict]] = {}
    for (mid, source), grp in s.groupby(["model_id", "source"], sort=True):
        entry = {"source": source, "self_reported": bool((grp["self_reported"].astype(str) == "true").all())}
        who = set(grp["reported_by"]) if "reported_by" in grp else set()
        entry["reported_by"] = who.pop() if len(who) == 1 else None
        head = grp[grp["benchmark"].astype(str).str.fullmatch(_SUMMARY_BENCH)]
        if len(head):
            r = head.iloc[0]
            entry.update(benchmark=r["benchmark"], caveat=_present(r.get("caveat")), benchmarks=1)
            entry.update({f: (None if _missing(r.get(f)) else r.get(f)) for f in HEADLINE_FIELDS})
        else:
            entry.update(benchmark=None, caveat=False, benchmarks=int(len(grp)))
        out.setdefault(mid, []).append(entry)
    return out


def _present(value) -> bool:
    return not _missing(value) and str(value).strip() != ""


def _mentions_by_model(mentions: pd.DataFrame, episodes: pd.DataFrame) -> dict[str, dict]:
    """model_id -> its episodes (broadcast order), their labels and titles, its aliases, its mention count.

    One pass over the mentions (grouped once), not one scan per model: O(mentions), not O(models x mentions)."""
    labels = dict(zip(episodes["episode_id"], episodes["label"]))
    titles = dict(zip(episodes["episode_id"], episodes["title"].fillna("")))
    order = {eid: i for i, eid in enumerate(episodes["episode_id"])}
    by_model = {}
    eps_of = mentions.dropna(subset=["episode_id"]).groupby("model_id")["episode_id"].agg(lambda s: set(s))
    surf_of = mentions.dropna(subset=["surface"]).groupby("model_id")["surface"].agg(lambda s: set(s.astype(str)))
    count_of = mentions.groupby("model_id").size()
    for mid, n in count_of.items():
        eids = sorted(eps_of.get(mid, set()), key=lambda e: order.get(e, 10**6))
        by_model[mid] = {
            "episode_ids": eids,
            "episodes": ", ".join(labels.get(e, e) for e in eids),
            "aliases": "; ".join(sorted(surf_of.get(mid, set()))),
            "episode_titles": " | ".join(titles.get(e, "") for e in eids),
            "mentions": int(n),
        }
    return by_model


def model_table(snapshot_tables: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """Models enriched with what the pages need: episodes, aliases, size class, memory, headline score."""
    models = snapshot_tables["models"].copy()
    mentions = snapshot_tables["mentions"]
    episodes = episodes_frame(snapshot_tables["episodes"])
    scores = snapshot_tables["scores"]

    by_model = _mentions_by_model(mentions, episodes)
    # Baselines (model_data/tables/baseline_models.csv) are described but named in no episode (mentions 0).
    empty = {"episode_ids": [], "episodes": "", "aliases": "", "episode_titles": "", "mentions": 0}
    for col in empty:
        models[col] = [by_model.get(mid, empty)[col] for mid in models["model_id"]]
    models["seasons"] = [
        sorted({int(m.group(1)) for m in map(EPISODE_ID.match, ids) if m}) for ids in models["episode_ids"]
    ]
    models = with_unknowns(models)
    models["gated_flag"] = models["gated"].map(is_gated)
    models["size_class"] = models["params_b"].map(size_class)
    for bits in MEMORY_BITS:
        models[f"mem_{bits}bit_gb"] = models["params_b"].map(lambda p, b=bits: memory_gb(p, b))
    for q in STUDENT_QUESTIONS:
        models[f"{q}_class"] = models[q].map(answer_class)
    models["non_llm"] = models["task"].fillna("").str.lower().map(lambda t: any(w in t for w in NON_LLM_TASK_WORDS))
    headlines = score_headlines(scores)
    models["score_headlines"] = [headlines.get(mid, []) for mid in models["model_id"]]
    models["has_score"] = models["score_headlines"].map(bool)
    sources_of = scores.dropna(subset=["source"]).groupby("model_id")["source"].agg(lambda s: ", ".join(sorted(set(s))))
    models["score_sources"] = models["model_id"].map(sources_of).fillna("")
    models["no_score_reason"] = [
        no_score_reason(h, n, nl, o)
        for h, n, nl, o in zip(models["has_score"], models["scores_note"], models["non_llm"], models["open"])
    ]
    for col in ("variant_of", "license_warning", "base_license_id", "facts_confidence"):
        if col not in models.columns:
            models[col] = ""
        models[col] = models[col].fillna("")
    variants = models[models["variant_of"] != ""].groupby("variant_of")["model_id"].agg(lambda s: "; ".join(sorted(s)))
    models["repackagings"] = models["model_id"].map(variants).fillna("")
    return models.sort_values("display_name", key=lambda s: s.str.lower(), kind="stable").reset_index(drop=True)


# Why a model has no headline score (models["no_score_reason"]; ui/text/labels.NO_SCORE words each code):
# "note" = its scores_note says why; "not_llm" = a task LLM leaderboards do not cover; "closed" = a
# closed model no source scores; "not_in_sources" = none of the sources lists it; "" = it has a score.
NO_SCORE_REASONS = ("note", "not_llm", "closed", "not_in_sources")


def no_score_reason(has_score, note, non_llm, open_weights) -> str:
    """The code of why a model has no headline score ("" when it has one)."""
    if has_score:
        return ""
    if isinstance(note, str) and note.strip():
        return "note"
    if non_llm:
        return "not_llm"
    if not open_weights:
        return "closed"
    return "not_in_sources"


def plain_columns(frame: pd.DataFrame) -> pd.DataFrame:
    """`frame` with its string-dtype columns as object columns (the same values; a missing one stays
    NaN): a row mask or take is then a numpy take, not a pyarrow take per column."""
    return frame.astype({c: object for c, dtype in frame.dtypes.items() if isinstance(dtype, pd.StringDtype)})


def search_haystack(models: pd.DataFrame) -> pd.Series:
    """The lower-cased text search_mask looks in, one plain Python string per model (depends on the
    snapshot only): `word in text` over a list of them is 3x faster than Arrow's substring kernel
    through pandas at 4,500 models."""
    text = (
        models["display_name"].fillna("")
        + " "
        + models["model_id"].fillna("")
        + " "
        + models["organization"].fillna("")
        + " "
        + models["family"].fillna("")
        + " "
        + models["aliases"].fillna("")
        + " "
        + models["episode_titles"].fillna("")
        + " "
        + models["episodes"].fillna("")
    ).str.lower()
    return pd.Series(text.tolist(), index=models.index, dtype=object)


def search_mask(models: pd.DataFrame, query: str, hay: pd.Series | None = None) -> pd.Series:
    """Case-insensitive match on name, id, organisation, aliases as spoken, and episode titles: every
    word of the query, as a substring.

    `hay` is search_haystack(models), or of a frame `models` is rows of (the app builds it once per snapshot).
    """
    query = (query or "").strip().lower()
    if not query:
        return pd.Series(True, index=models.index)
    hay = search_haystack(models) if hay is None else hay
    if not hay.index.equals(models.index):
        hay = hay.reindex(models.index, fill_value="")
    texts = hay.to_numpy(dtype=object)
    keep = np.ones(len(texts), dtype=bool)
    for word in query.split():
        keep &= np.fromiter((isinstance(t, str) and word in t for t in texts), dtype=bool, count=len(texts))
    return pd.Series(keep, index=models.index)


# The size slider's steps (billions of parameters): the sizes people name, from phones to clusters
# (1, 3, 7, 10, 14, 30 and 70B among them: "under 10B" is one position of the slider).
SIZE_STEPS = (
    0.0,
    0.5,
    1.0,
    2.0,
    3.0,
    4.0,
    7.0,
    8.0,
    10.0,
    14.0,
    20.0,
    30.0,
    32.0,
    70.0,
    120.0,
    250.0,
    500.0,
    1000.0,
    2000.0,
)


def size_steps(models: pd.DataFrame) -> list[float]:
    """The slider's steps in this snapshot: up to the first step at or above the largest known size
    (a model above the last step: the slider ends there, and its full range is no constraint)."""
    largest = models["params_b"].max()
    top = 1.0 if pd.isna(largest) else float(largest)
    return [s for s in SIZE_STEPS if s < top] + [s for s in SIZE_STEPS if s >= top][:1]


# The Models page's orders: column, ascending. "score" is one benchmark's score (sort_models).
MODEL_SORTS = {
    "name": ("display_name", True),
    "size": ("params_b", False),
    "score": ("_bench_score", False),
    "downloads": ("downloads", False),
    "newest": ("created_at", False),
    "episodes": ("mentions", False),
}
# The columns sort_models reads (with open_first).
SORT_COLUMNS = ["model_id", "open", *(c for c, _ in MODEL_SORTS.values() if not c.startswith("_"))]


def sort_models(
    rows: pd.DataFrame, sort: str | None, bench_scores: pd.Series | None = None, open_first: bool = False
) -> pd.DataFrame:
    """`rows` in a MODEL_SORTS order (stable; unknown values last; names case-insensitively); with
    `open_first`, the open-weights models before the closed ones, each in that order.

    "score" orders by one benchmark of one comparable group (`bench_scores`: model_id -> score), never
    by numbers of different sources or units; a model without that score goes last."""
    col, ascending = MODEL_SORTS.get(sort or "name", MODEL_SORTS["name"])
    # The order is worked out on the key column(s) alone and the wide frame taken once: sorting the
    # frame itself moved every column twice per rerun (a third of the Models rerun at 4,500 models).
    if col == "_bench_score":
        scores = bench_scores if bench_scores is not None else pd.Series(dtype=float)
        key = rows["model_id"].map(scores).astype(float)
    else:
        key = rows[col].str.lower() if col == "display_name" else rows[col]
    key = pd.Series(key.to_numpy(), copy=False)  # positions 0..n-1 as the index
    order = key.sort_values(ascending=ascending, na_position="last", kind="stable").index.to_numpy()
    if open_first and "open" in rows.columns:
        first = pd.Series(rows["open"].to_numpy()[order], copy=False)
        order = order[first.sort_values(ascending=False, kind="stable").index.to_numpy()]
    return rows.iloc[order]


def license_page_models(models: pd.DataFrame, families=(), baselines: bool = False) -> pd.DataFrame:
    """The Licences page's models: one row per model (a repackaging of a listed original is not
    another model), episode models only unless `baselines`, then only `families` (none: all)."""
    rows = collapse_variants(models if baselines else models[models["mentions"] > 0])
    return rows[rows["license_family"].isin(list(families))] if len(families) else rows


def answer_counts(models: pd.DataFrame, want: str) -> dict[str, int]:
    """How many of these models answer `want` (a STUDENT_QUESTIONS column) yes, with conditions, or not (no / unknown)."""
    classes = models[f"{want}_class"]
    yes, conditions = int((classes == "yes").sum()), int((classes == "conditions").sum())
    return {"yes": yes, "conditions": conditions, "other": int(len(models)) - yes - conditions}


def episode_models(models: pd.DataFrame, mentions: pd.DataFrame, episode_id: str, episodes=None) -> pd.DataFrame:
    """The models one episode named (named_pairs: a repackaging is its model's row), with the sections
    they came up in."""
    if episodes is None:
        episodes = pd.DataFrame({"episode_id": [episode_id]})
    pairs = named_pairs(models, episodes[episodes["episode_id"] == episode_id], mentions)
    here = specific_mentions(mentions)
    here = here[here["episode_id"] == episode_id]
    root = model_root(models)
    sections = (
        here.assign(model_id=here["model_id"].map(root))
        .groupby("model_id")["section"]
        .agg(lambda s: ", ".join(sorted(set(s.dropna()))))
    )
    out = models[models["model_id"].isin(set(pairs["model_id"]))].copy()
    out["section"] = out["model_id"].map(sections)
    return out.reset_index(drop=True)


def episode_lineup(here: pd.DataFrame, new_here, first_named: dict[str, str]) -> pd.DataFrame:
    """One episode's models (one row per model), the ones it named first (`new_here`) first, then by
    name; `first_named_in` is the episode that named each of the others first (novelty.first_named)."""
    new = set(new_here)
    out = here.assign(
        new=[m in new for m in here["model_id"]],
        first_named_in=[None if m in new else first_named.get(m) for m in here["model_id"]],
    )
    return out.sort_values(["new", "display_name"], ascending=[False, True], kind="stable").reset_index(drop=True)


def episode_additions(
    episodes: pd.DataFrame, mentions: pd.DataFrame, models: pd.DataFrame, new_by_episode: dict[str, list[str]]
) -> pd.DataFrame:
    """Per episode, newest first: how many models it named and which it named first (`new_ids`)."""
    frame = episodes_frame(episodes)
    counts = episode_summary(frame, mentions, models).set_index("episode_id")["models"]
    out = frame[["episode_id", "label", "date", "title"]].assign(
        named=[int(counts.get(e, 0)) for e in frame["episode_id"]],
        new=[len(new_by_episode.get(e, [])) for e in frame["episode_id"]],
        new_ids=[list(new_by_episode.get(e, [])) for e in frame["episode_id"]],
    )
    return out.iloc[::-1].reset_index(drop=True)


def neighbours(episodes: pd.DataFrame, episode_id: str) -> tuple[str | None, str | None]:
    """Previous and next episode ids in broadcast order (None at the ends)."""
    ids = list(episodes_frame(episodes)["episode_id"])
    if episode_id not in ids:
        return None, None
    i = ids.index(episode_id)
    return (ids[i - 1] if i > 0 else None), (ids[i + 1] if i + 1 < len(ids) else None)


def timeline_frame(models: pd.DataFrame, mentions: pd.DataFrame, episodes: pd.DataFrame) -> pd.DataFrame:
    """One row per (episode, model) mention, with the episode's position for the x axis."""
    eps = (
        episodes_frame(episodes)[["episode_id", "label", "date", "title"]].reset_index().rename(columns={"index": "x"})
    )
    pairs = named_pairs(models, episodes, mentions)  # aired episodes; a repackaging is a mark of its model
    cols = [
        "model_id",
        "display_name",
        "params_b",
        "license_family",
        "license_name",
        "license_id",
        "score_headlines",
        "open",
        "organization",
    ]
    frame = pairs.merge(eps, on="episode_id", how="inner").merge(models[cols], on="model_id", how="inner")
    return frame.sort_values(["x", "display_name"], kind="stable").reset_index(drop=True)


COMPARE_FIELDS = (
    "display_name",
    "model_id",
    "organization",
    "family",
    "open_weights",
    "params_b",
    "params_active_b",
    "params_note",
    "mem_4bit_gb",
    "mem_8bit_gb",
    "mem_16bit_gb",
    "license_name",
    "base_license_id",
    "license_warning",
    "license_family",
    "commercial_use",
    "class_project",
    "research_paper",
    "startup_product",
    "gated",
    "task",
    "library",
    "downloads",
    "likes",
    "created_at",
    "episodes",
    "variant_of",
    "repackagings",
    "facts_confidence",
    "score_headlines",
    "no_score_reason",
)


# Every model column the Compare page reads: its table, the charts' colours and the reasons for missing scores.
COMPARE_COLUMNS = list(
    dict.fromkeys(
        ["model_id", "display_name"]
        + list(COMPARE_FIELDS)
        + ["license_family", "scores_note", "no_score_reason", "non_llm", "task"]
    )
)


def records_by_model(frame: pd.DataFrame, columns: list[str] | None = None) -> dict[str, list[dict]]:
    """model_id -> its rows as plain dicts, built once per snapshot so a page picks a few models without pandas."""
    cols = [c for c in (columns or list(frame.columns)) if c in frame.columns]
    out: dict[str, list[dict]] = {}
    for rec in frame[cols].to_dict("records"):
        out.setdefault(rec["model_id"], []).append(rec)
    return out


def compare_table(models: pd.DataFrame | list[dict], ids: list[str]) -> pd.DataFrame:
    """Attributes as rows (column names; ui/text/labels.COMPARE_LABELS words them), models as columns
    (the order given), plus a 'differs' flag per row."""
    ids = list(ids)
    cols = list(dict.fromkeys(["model_id", "display_name"] + list(COMPARE_FIELDS)))
    recs = {r["model_id"]: r for r in rows_for(models, ids, cols)}
    data: dict[str, list] = {}
    for mid in ids:
        r = recs.get(mid, {})
        name = r.get("display_name")
        data[mid if _missing(name) else str(name)] = [
            mid if col == "model_id" else (None if _missing(r.get(col)) else r.get(col)) for col in COMPARE_FIELDS
        ]
    table = pd.DataFrame(data, index=list(COMPARE_FIELDS), dtype=object)
    table["differs"] = [len({str(v) for v in vals}) > 1 for vals in zip(*data.values())] if data else []
    return table


def missing_score_reasons(
    models: pd.DataFrame | list[dict], scores: pd.DataFrame | list[dict], ids: list[str], group: str
) -> dict[str, tuple[str, str]]:
    """For models with no row in a comparable group, why, as (code, detail): ("note", their scores
    note), ("not_llm", their task: the leaderboard does not cover it) or ("not_in_group", the group:
    the source does not list them). ui/text/labels.missing_score_text words it."""
    ids = list(ids)
    have = {
        r["model_id"]
        for r in rows_for(scores, ids, ["model_id", "comparable_group", "source"])
        if (r["source"] if _missing(r.get("comparable_group")) else r["comparable_group"]) == group
    }
    recs = {r["model_id"]: r for r in rows_for(models, ids, ["model_id", "scores_note", "non_llm", "task"])}
    out = {}
    for mid in ids:
        if mid in have or mid not in recs:
            continue
        row = recs[mid]
        note = row.get("scores_note")
        if isinstance(note, str) and note.strip():
            out[mid] = ("note", note.strip())
        elif not _missing(row.get("non_llm")) and row.get("non_llm"):
            out[mid] = ("not_llm", str(row.get("task")))
        else:
            out[mid] = ("not_in_group", group)
    return out


def coverage_by_episode(
    models: pd.DataFrame, mentions: pd.DataFrame, episodes: pd.DataFrame, scores: pd.DataFrame
) -> pd.DataFrame:
    """Per episode (broadcast order): models named (repackagings folded into their original), how
    many have a score from each source, how many have any, and the ids of the rest (`unscored`:
    ui/text/labels.unscored_text says why each has none, from its no_score_reason)."""
    sources = sorted(scores["source"].dropna().unique())
    by_source = {src: set(scores.loc[scores["source"] == src, "model_id"]) for src in sources}
    scored = set(scores["model_id"])
    info = models.set_index("model_id")
    pairs = named_pairs(models, episodes, mentions)  # the one count of models per episode (unaired: none)
    ids_of = pairs.groupby("episode_id")["model_id"].agg(sorted).to_dict()
    rows = []
    for ep in episodes_frame(episodes).itertuples():
        ids = ids_of.get(ep.episode_id, [])
        named = mentions.loc[mentions["episode_id"] == ep.episode_id, "model_id"].unique() if ids else []
        row = {"episode": ep.label, "models": len(ids), "repos": len([m for m in named if m in info.index])}
        for src in sources:
            row[src] = sum(m in by_source[src] for m in ids)
        row["any_score"] = sum(m in scored for m in ids)
        row["unscored"] = tuple(m for m in ids if m not in scored)
        rows.append(row)
    return pd.DataFrame(rows, columns=["episode", "models", "repos", *sources, "any_score", "unscored"])


def license_families(models: pd.DataFrame) -> pd.DataFrame:
    """Per family: how many models, commercial use answers seen, example licences."""
    rows = []
    for fam, grp in models.groupby("license_family"):
        rows.append(
            {
                "license_family": fam,
                "models": int(len(grp)),
                "commercial_use": ", ".join(sorted(set(grp["commercial_use"].fillna("unknown")))),
                "licenses": ", ".join(sorted(set(grp["license_name"].dropna().astype(str))))[:200],
            }
        )
    return pd.DataFrame(rows, columns=["license_family", "models", "commercial_use", "licenses"])


def recording_at(url, seconds) -> str | None:
    """The recording URL opened at an offset (YouTube `t=<seconds>s`), or None without both."""
    if not isinstance(url, str) or not url.strip() or seconds is None or pd.isna(seconds):
        return None
    url = url.strip()
    return f"{url}{'&' if '?' in url else '?'}t={int(seconds)}s"


def episode_evidence(mentions: pd.DataFrame, episode_id: str, recording_url=None) -> pd.DataFrame:
    """Where one episode's material names each model or family: evidence kind, location, a link
    into the recording for chapters and transcripts, and any correction note. Families last."""
    cols = ["model_id", "surface", "evidence", "location", "watch_s", "note", "resolved_by"]
    here = mentions[mentions["episode_id"] == episode_id]
    here = here[[c for c in cols if c in here.columns]].copy()
    for c in cols:
        if c not in here.columns:
            here[c] = None
    here["family"] = here["model_id"].astype(str).str.startswith("family/")
    here["watch_url"] = [recording_at(recording_url, s) for s in here["watch_s"]]
    return here.sort_values(["family", "model_id"], kind="stable").reset_index(drop=True)
