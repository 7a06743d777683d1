"""The Overview's frames, data only: counts per season, per licence family and per episode.

store/digest.py writes them into overview.json with every snapshot, so this module holds no
display wording (labels, sentences, formats are the UI's, ui/): a wording change never makes a
committed snapshot fail `validate`. views.py re-exports these for the pages.
"""

from __future__ import annotations

import pandas as pd


def with_unknowns(models: pd.DataFrame) -> pd.DataFrame:
    """A missing name is the id, a missing licence family or commercial use is "unknown", `open` =
    open weights: the enrichment views.model_table and the Overview digest share."""
    return models.assign(
        display_name=models["display_name"].fillna(models["model_id"]),
        license_family=models["license_family"].fillna("unknown"),
        commercial_use=models["commercial_use"].fillna("unknown"),
        open=models["open_weights"].map(truthy),
    )


def digest_models(models: pd.DataFrame) -> pd.DataFrame:
    """The models table as the Overview counts it (what views.model_table gives for these columns)."""
    out = with_unknowns(models)
    return out.sort_values("display_name", key=lambda s: s.str.lower(), kind="stable").reset_index(drop=True)


def broadcast_order(episodes: pd.DataFrame) -> pd.DataFrame:
    """Episodes by season, then episode number (views.episodes_frame's order, without its label)."""
    return episodes.sort_values(["season", "episode"], kind="stable").reset_index(drop=True)


def aired(episodes: pd.DataFrame) -> pd.DataFrame:
    """Episodes that went out (a planned slot that did not air, e.g. a holiday week, is not one)."""
    if "aired" not in episodes.columns:
        return episodes
    return episodes[episodes["aired"].astype(str).str.lower() != "false"]


def specific_mentions(mentions: pd.DataFrame) -> pd.DataFrame:
    """Mentions of one model (not of a family such as `family/mistral`)."""
    return mentions[~mentions["model_id"].astype(str).str.startswith("family/")]


def model_root(models: pd.DataFrame) -> dict[str, str]:
    """model_id -> the model it is (a repackaging -> the repo it copies, when that is in the table)."""
    if "variant_of" not in models.columns:
        return {m: m for m in models["model_id"]}
    known = set(models["model_id"])
    return {
        m: (v if isinstance(v, str) and v in known else m) for m, v in zip(models["model_id"], models["variant_of"])
    }


def collapse_variants(rows: pd.DataFrame) -> pd.DataFrame:
    """One row per model: a repackaging is dropped when the repo it copies is among the same rows
    (its id is listed in the original's `repackagings`)."""
    if "variant_of" not in rows.columns or rows.empty:
        return rows
    return rows[not_a_listed_copy(rows)]


def not_a_listed_copy(rows: pd.DataFrame, among: pd.Series | None = None) -> list[bool]:
    """Per row: False for a repackaging whose original is among the rows (`among`: only the rows it
    marks True count as listed). A set lookup per row: isin over Arrow strings builds a pyarrow
    scalar per value (~90 ms at 4,500 models)."""
    ids = rows["model_id"].tolist()
    listed = set(ids) if among is None else {m for m, keep in zip(ids, among.tolist()) if keep}
    return [v not in listed for v in rows["variant_of"].tolist()]


def count_models_and_repos(rows: pd.DataFrame) -> tuple[int, int]:
    """(models, repos) among some model rows: repackagings of a listed original are not extra models."""
    return int(len(collapse_variants(rows))), int(len(rows))


def named_pairs(models: pd.DataFrame, episodes: pd.DataFrame, mentions: pd.DataFrame) -> pd.DataFrame:
    """The one answer to "which models did which episode name": (episode_id, model_id) pairs, each once,
    for the episodes that aired (a slot that did not air names nothing), the models of the models table
    (a family row is not a model) and each repackaging counted as the model it copies. Every count the
    pages show (models, new models, open / closed, per licence family, per season, per episode) is
    taken from these pairs, so tiles, charts, the timeline and the pages agree."""
    pairs = specific_mentions(mentions)[["episode_id", "model_id"]]
    pairs = pairs[pairs["episode_id"].isin(set(aired(episodes)["episode_id"]))]
    root = model_root(models)
    pairs = pairs.assign(model_id=pairs["model_id"].map(root))
    return pairs.dropna(subset=["model_id"]).drop_duplicates().reset_index(drop=True)


def mentioned_models(models: pd.DataFrame, episodes: pd.DataFrame, mentions: pd.DataFrame) -> pd.DataFrame:
    """The models the aired episodes named (named_pairs), one row per model."""
    return models[models["model_id"].isin(set(named_pairs(models, episodes, mentions)["model_id"]))]


def overview_stats(models: pd.DataFrame, episodes: pd.DataFrame, mentions: pd.DataFrame) -> dict:
    """Headline counts over aired episodes only: a slot that did not air names no models here."""
    mentioned = mentioned_models(models, episodes, mentions)
    episodes = aired(episodes)
    mentions = specific_mentions(mentions)
    mentions = mentions[mentions["episode_id"].isin(episodes["episode_id"])]
    return {
        "episodes": int(len(episodes)),
        "seasons": int(episodes["season"].nunique()),
        "models": int(len(mentioned)),
        "open": int(mentioned["open"].sum()),
        "closed": int((~mentioned["open"]).sum()),
        "mentions": int(len(mentions)),
        "license_families": int(mentioned["license_family"].nunique()),
    }


def per_season(models: pd.DataFrame, episodes: pd.DataFrame, mentions: pd.DataFrame) -> pd.DataFrame:
    """Episodes, distinct models, open and closed models per season."""
    episodes = aired(episodes)
    m = named_pairs(models, episodes, mentions).merge(episodes[["episode_id", "season"]], on="episode_id")
    m = m.merge(models[["model_id", "open"]], on="model_id")
    rows = []
    for season, grp in episodes.groupby("season"):
        mm = m[m["season"] == season].drop_duplicates("model_id")
        rows.append(
            {
                "season": int(season),
                "episodes": int(len(grp)),
                "models": int(len(mm)),
                "open": int(mm["open"].sum()),
                "closed": int((~mm["open"]).sum()),
            }
        )
    return pd.DataFrame(rows, columns=["season", "episodes", "models", "open", "closed"])


def family_counts(models: pd.DataFrame) -> pd.DataFrame:
    """Models per licence family among `models` (the Overview passes mentioned_models)."""
    counts = models.groupby("license_family").size().rename("models").reset_index()
    return counts.sort_values(["models", "license_family"], ascending=[False, True]).reset_index(drop=True)


def display_names(models: pd.DataFrame) -> dict[str, str]:
    """model_id -> display name, in table order (the id when a model has no name)."""
    return {m: (n if isinstance(n, str) and n else m) for m, n in zip(models["model_id"], models["display_name"])}


def episode_summary(
    episodes: pd.DataFrame,
    mentions: pd.DataFrame,
    models: pd.DataFrame,
    columns: tuple[str, ...] = ("episode_id", "label", "date", "title"),
) -> pd.DataFrame:
    """One row per aired episode in broadcast order: label, date, title, the models it named (named_pairs:
    `ids`, their display names `names`, sorted) and how many (`models`); an episode that named none has 0.

    `episodes` is views.episodes_frame (or any frame in broadcast order with `columns`).
    """
    pairs = named_pairs(models, episodes, mentions)
    episodes = aired(episodes)
    pairs = pairs.assign(name=pairs["model_id"].map(display_names(models)).fillna(pairs["model_id"]))
    per_ep = pairs.groupby("episode_id")["name"].agg(lambda s: sorted(s, key=str.lower))
    ids = pairs.groupby("episode_id")["model_id"].agg(sorted)
    out = episodes[list(columns)].copy()
    out["names"] = out["episode_id"].map(per_ep).map(lambda v: v if isinstance(v, list) else [])
    out["ids"] = out["episode_id"].map(ids).map(lambda v: v if isinstance(v, list) else [])
    out["models"] = out["names"].map(len).astype(int)
    return out.reset_index(drop=True)


def truthy(value) -> bool:
    """Snapshot booleans are strings ("true"/"false"/"unknown"/"auto"...); only an explicit yes is True."""
    return str(value).strip().lower() in {"true", "1", "yes"}
