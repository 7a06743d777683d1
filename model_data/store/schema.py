"""Column contracts of the snapshot tables: the one place every reader and writer agrees on.

Each table is tidy (one row per observation). Unknown values are empty cells (NaN / ""), never 0;
the `*_note` / `*_reason` columns say why a value is unknown.
"""

SCHEMA_VERSION = 1

EPISODES = [
    "episode_id",  # "s2e13"
    "season",  # int
    "episode",  # int
    "date",  # air date, ISO yyyy-mm-dd (best evidence, see date_note)
    "page_date",  # date in the episode page's file name
    "date_note",  # why date and page_date differ, or ""
    "title",
    "kind",  # "livestream"
    "recording_url",
    "blog_url",
    "recap_url",
    "slides_url",
    "source_paths",  # ";"-joined corpus paths that describe this episode
    "aired",  # "true" | "false" (a planned slot that did not air, e.g. a holiday week)
    "aired_note",  # why aired is false, or how the recording was matched
    "youtube_id",  # YouTube video id of the recording ("" when unknown)
    "duration_s",  # recording length in seconds (empty = unknown)
    "views",  # YouTube view count as read on views_as_of (a reading, not a live number)
    "views_as_of",
]

MENTIONS = [
    "episode_id",
    "model_id",  # Hub repo id, or "closed/<slug>" for API-only models
    "surface",  # as written (first occurrence in that file)
    "section",  # news | spotlight | demo | customer story | overview | qa | resources | other
    "source_path",  # corpus-relative path (or seeds/... for --extra files)
    "line",  # 1-based line of the first occurrence
    "open_weights",  # "true" | "false" | "unknown"
    "all_sources",  # ";"-joined paths of every file that mentions it for this episode
    "evidence",  # episode page | recap | draft recap | slides | blog | chapter | transcript | lab | overview | data
    "location",  # where in that file: "line 12", "page 3" or a recording offset "12:34"
    "watch_s",  # earliest recording offset (seconds) a chapter or transcript names it at, or empty
    "resolved_by",  # alias | repo id in text | catalogue | family | accepted (review)
    "note",  # a correction the app shows (e.g. a name the corpus misspells), or ""
]

CANDIDATES = [  # the review report: model-like names that resolved to nothing
    "surface",
    "source_path",
    "line",
    "episode_id",
    "context",
    "evidence",
    "location",
    "proposals",  # "repo_id (score: why); ..." best first; empty when nothing is close
]

MODELS = [
    "model_id",
    "display_name",
    "organization",
    "family",
    "open_weights",
    "hub_status",  # ok | renamed | removed | gated | closed | unknown
    "renamed_to",
    "params_b",
    "params_active_b",
    "params_source",
    "params_note",
    "license_id",
    "license_name",
    "license_url",
    "license_family",
    "commercial_use",  # yes | conditional (yes, with the conditions startup_product names) | restricted | no | unknown
    "commercial_clause",
    "class_project",
    "research_paper",
    "startup_product",  # plain-language answers
    "base_model",
    "license_differs_from_base",
    "base_relation",  # finetune | quantized | adapter | merge (as the Hub card declares), or ""
    "variant_of",  # the repo id a repackaging (quantized / ONNX / GGUF / FP8 / MLX) copies; "" for originals
    "base_license_id",  # licence of the model this one derives from, when it differs from its own
    "license_warning",  # plain words: a derived or bundled licence that applies as well, or ""
    "facts_confidence",  # sourced | recalled | "" (hub-facts: a recalled fact was not checked against a page)
    "gated",
    "task",
    "library",
    "downloads",
    "likes",
    "created_at",
    "last_modified",
    "hub_url",
    "metadata_source",
    "metadata_as_of",
    "scores_note",
]

SCORES = [
    "model_id",
    "source",
    "benchmark",
    "score",
    "unit",
    "as_of",
    "source_url",
    "rank",
    "percentile",
    "n_models",
    "comparable_group",
    "note",
    "ci_lower",
    "ci_upper",  # 95% confidence interval bounds where the source gives one (arena Elo)
    "self_reported",  # "true" when the model's maker reported the number, "false" when measured independently
    "reported_by",  # who reported it: maker / independent (a board that measured it) / other_maker (a rival's card)
    "decimals",  # decimals the source itself reports (presenter tables round to this)
    "caveat",  # known problem with this number (shown next to it), or ""
]

# Who reported a score (scores.reported_by): the model's maker, an independent board that measured
# it, or another maker's card (a comparison column: neither self-reported nor independent).
REPORTED_BY = ("maker", "independent", "other_maker")

TABLES = {
    "episodes": EPISODES,
    "mentions": MENTIONS,
    "candidates": CANDIDATES,
    "models": MODELS,
    "scores": SCORES,
}

NUMERIC = {
    "episodes": ["season", "episode", "duration_s", "views"],
    "mentions": ["line", "watch_s"],
    "candidates": ["line"],
    "models": ["params_b", "params_active_b", "downloads", "likes"],
    "scores": ["score", "rank", "percentile", "n_models", "ci_lower", "ci_upper", "decimals"],
}
