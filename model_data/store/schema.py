"""Column contracts of the snapshot tables: the one place every reader and writer agrees on.

Each table is tidy (one row per observation). Unknown values are empty cells (NaN / ""), never 0;
the `*_note` / `*_reason` columns say why a value is unknown. Each column is declared once with
what it means: the dataset card's column dictionary (model_data/dataset) is generated from it.
"""

import re

SCHEMA_VERSION = 1

EPISODE_ID = re.compile(r"^s(\d{1,3})e(\d{1,4})$")  # "s2e13": season 2, episode 13


def episode_label(season, episode) -> str:
    """An episode's short label as every page shows it (selectors, chart axes, tables): "S2E13"."""
    return f"S{int(season)}E{int(episode)}"


# Vocabularies: the values the models table's licence columns may hold (validate checks them).
LICENSE_FAMILIES = [
    "permissive",
    "copyleft",
    "open weights with use policy",
    "non-commercial",
    "responsible-AI licence",
    "proprietary",
    "unknown",
]
# "conditional": yes, with conditions (a display / attribution duty, a user or revenue threshold,
# an acceptable use policy), named in the licence table's `condition` and the startup answer;
# "restricted": no self-hosting at all (API only).
COMMERCIAL_USE = ["yes", "conditional", "restricted", "no", "unknown"]

EPISODE_COLUMNS = {
    "episode_id": 'episode key: season and episode, e.g. "s2e13"',
    "season": "season number",
    "episode": "episode number within the season",
    "date": "air date, ISO yyyy-mm-dd (best evidence, see date_note)",
    "page_date": "date in the episode page's file name",
    "date_note": "why date and page_date differ, or empty",
    "title": "episode title",
    "kind": '"livestream"',
    "recording_url": "link to the recording",
    "blog_url": "link to the episode's blog post",
    "recap_url": "link to the recap (forum discussion or event)",
    "slides_url": "link to the slides",
    "source_paths": '";"-joined corpus paths that describe this episode',
    "aired": "false for a planned slot that did not air (e.g. a holiday week)",
    "aired_note": "why aired is false, or how the recording was matched",
    "youtube_id": "YouTube video id of the recording (empty when unknown)",
    "duration_s": "recording length in seconds (empty = unknown)",
    "views": "YouTube view count as read on views_as_of (a reading, not a live number)",
    "views_as_of": "day the view count was read",
    "topics": '"; "-joined chapter titles of the recording: what the episode covered (empty when unknown)',
}

MENTION_COLUMNS = {
    "episode_id": "episode that names the model (episodes.episode_id)",
    "model_id": 'Hub repo id, "closed/<slug>" for API-only models, "family/<slug>" for a model family',
    "surface": "the name as written (first occurrence in that file)",
    "section": "news | spotlight | demo | customer story | overview | qa | resources | other",
    "source_path": "corpus-relative path of the file (or seeds/... for extra files)",
    "line": "1-based line of the first occurrence",
    "open_weights": '"true" | "false" | "unknown"',
    "all_sources": '";"-joined paths of every file that mentions it for this episode',
    "evidence": "episode page | recap | draft recap | slides | blog | chapter | transcript | lab | overview | data",
    "location": 'where in that file: "line 12", "page 3" or a recording offset "12:34"',
    "watch_s": "earliest recording offset (seconds) a chapter or transcript names it at, or empty",
    "resolved_by": "alias | repo id in text | catalogue | family | accepted (review)",
    "note": "a correction the app shows (e.g. a name the corpus misspells), or empty",
}

CANDIDATE_COLUMNS = {  # the review report: model-like names that resolved to nothing
    "surface": "the name as written",
    "source_path": "corpus-relative path of the file",
    "line": "1-based line",
    "episode_id": "episode the file belongs to",
    "context": "the text around the name",
    "evidence": "kind of file (as in mentions.evidence)",
    "location": "where in that file",
    "proposals": '"repo_id (score: why); ..." best first; empty when nothing is close',
}

MODEL_COLUMNS = {
    "model_id": 'Hub repo id, or "closed/<slug>" for an API-only model',
    "display_name": "name as people say it",
    "organization": "who publishes the model",
    "family": "model family",
    "open_weights": '"true" | "false" | "unknown"',
    "hub_status": "ok | renamed | removed | gated | closed | unknown",
    "renamed_to": "the repo id a renamed repo now answers to",
    "params_b": "parameters, billions (empty = unknown, see params_note)",
    "params_active_b": "parameters active per token for a mixture of experts, billions",
    "params_source": "where params_b came from: maker (a stated figure, tables/maker_params.csv) | safetensors "
    "| open_llm_leaderboard_v2 | v1 | model-facts | hub-facts | unknown",
    "params_note": "how params_b was read, or why it is unknown",
    "license_id": "licence tag as on the Hub",
    "license_name": "licence name",
    "license_url": "the licence text the answers were read from",
    "license_family": " | ".join(LICENSE_FAMILIES),
    "commercial_use": " | ".join(COMMERCIAL_USE) + " (conditional: yes, with the conditions startup_product names)",
    "commercial_clause": "the condition or reason when commercial_use is not yes",
    "class_project": "plain-language answer: may a student use it in a class project (not legal advice)",
    "research_paper": "plain-language answer: may a student publish a paper with it (not legal advice)",
    "startup_product": "plain-language answer: may a student ship it in a startup product (not legal advice)",
    "base_model": "the model this one was derived from, as its card declares",
    "license_differs_from_base": '"true" | "false" | "unknown", or empty without a base model',
    "base_relation": "finetune | quantized | adapter | merge (as the Hub card declares), or empty",
    "variant_of": "the repo id a repackaging (quantized / ONNX / GGUF / FP8 / MLX) copies; empty for originals",
    "base_license_id": "licence of the model this one derives from, when it differs from its own",
    "license_warning": "plain words: a derived or bundled licence that applies as well, or empty",
    "facts_confidence": "sourced | recalled | empty (hub-facts: a recalled fact was not checked against a page)",
    "gated": "false | true | auto | manual: whether the Hub asks you to accept terms first",
    "task": "pipeline tag on the Hub",
    "library": "library tag on the Hub",
    "downloads": "Hub downloads (last 30 days) when read live",
    "likes": "Hub likes when read live",
    "created_at": "repo creation date (ISO, may be yyyy-mm)",
    "last_modified": "last change of the repo (ISO date)",
    "hub_url": "link to the model on the Hub",
    "metadata_source": "where the Hub metadata came from (live Hub or an offline reference table)",
    "metadata_as_of": "day the metadata was read",
    "scores_note": "which sources score the model, or why none does",
}

SCORE_COLUMNS = {
    "model_id": "scored model (models.model_id)",
    "source": "where the number comes from (e.g. open_llm_leaderboard_v2, lmarena_text, llm_stats)",
    "benchmark": "benchmark name as the source gives it",
    "score": "the number, in unit",
    "unit": "scale of score; numbers of different units are never ranked together",
    "as_of": "date of the source's data",
    "source_url": "link to the number's source",
    "rank": "rank within comparable_group and benchmark (1 = best)",
    "percentile": "percentile within comparable_group and benchmark (100 = best)",
    "n_models": "how many models the rank is out of",
    "comparable_group": "the group a score is ranked in: one source, one unit",
    "note": "how the number was read (entry name, votes, benchmark version)",
    "ci_lower": "lower bound of the 95% confidence interval where the source gives one (arena Elo)",
    "ci_upper": "upper bound of the 95% confidence interval where the source gives one (arena Elo)",
    "self_reported": "true when the model's maker reported the number, false when measured independently",
    "reported_by": "who reported it: maker | independent (a board that measured it) | other_maker (a rival's card)",
    "decimals": "decimals the source itself reports (presenter tables round to this)",
    "caveat": "known problem with this number (shown next to it), or empty",
}

# Not a snapshot table: the reviewed licence table (model_data/tables/licenses.csv) the models'
# plain-language answers are read from; the dataset publishes it as its `licenses` config.
LICENSE_TABLE_COLUMNS = {
    "license_key": "licence id (the Hub's tag, or a key for a reviewed licence text)",
    "license_name": "licence name",
    "family": "licence family (as models.license_family)",
    "commercial_use": " | ".join(COMMERCIAL_USE),
    "commercial_clause": "the condition when commercial use is not a plain yes",
    "condition": "the condition of a conditional licence in a short phrase (the startup answer starts with it)",
    "license_url": "the licence text",
    "class_project": "plain-language answer for a class project (not legal advice)",
    "research_paper": "plain-language answer for a research paper (not legal advice)",
    "startup_product": "plain-language answer for a startup product (not legal advice)",
    "read_from": "the page the answers were read from",
    "match_names": '";"-joined licence names on the Hub that denote exactly this text',
    "applies_to": '";"-joined repo ids whose licence text was reviewed to be this one',
    "review": "review state of the row",
}

# Who reported a score (scores.reported_by): the model's maker, an independent board that measured
# it, or another maker's card (a comparison column: neither self-reported nor independent).
REPORTED_BY = ("maker", "independent", "other_maker")

EPISODES = list(EPISODE_COLUMNS)
MENTIONS = list(MENTION_COLUMNS)
CANDIDATES = list(CANDIDATE_COLUMNS)
MODELS = list(MODEL_COLUMNS)
SCORES = list(SCORE_COLUMNS)
LICENSE_TABLE = list(LICENSE_TABLE_COLUMNS)

TABLES = {
    "episodes": EPISODES,
    "mentions": MENTIONS,
    "candidates": CANDIDATES,
    "models": MODELS,
    "scores": SCORES,
}

DESCRIPTIONS = {
    "episodes": EPISODE_COLUMNS,
    "mentions": MENTION_COLUMNS,
    "candidates": CANDIDATE_COLUMNS,
    "models": MODEL_COLUMNS,
    "scores": SCORE_COLUMNS,
    "licenses": LICENSE_TABLE_COLUMNS,
}

NUMERIC = {
    "episodes": ["season", "episode", "duration_s", "views"],
    "mentions": ["line", "watch_s"],
    "candidates": ["line"],
    "models": ["params_b", "params_active_b", "downloads", "likes"],
    "scores": ["score", "rank", "percentile", "n_models", "ci_lower", "ci_upper", "decimals"],
}
# The NUMERIC columns that only ever hold whole numbers (counts, seconds, ranks): typed as integers
# where a type is declared (the dataset's Parquet files); the rest are decimals.
WHOLE = {
    "episodes": ["season", "episode", "duration_s", "views"],
    "mentions": ["line", "watch_s"],
    "candidates": ["line"],
    "models": ["downloads", "likes"],
    "scores": ["rank", "n_models", "decimals"],
}
# Yes/no columns written "true" / "false" (three-valued ones, with "unknown", stay text).
FLAGS = {
    "episodes": ["aired"],
    "scores": ["self_reported"],
}
