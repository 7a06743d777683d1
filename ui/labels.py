"""Display wording of the frames' codes and columns: what a viewer reads (the data layer holds none).

model_data/ keeps codes and column names only, so a wording change here never touches the
snapshot nor makes it fail `validate`.
"""

from __future__ import annotations

# views.SIZE_PRESETS keys (and "unknown") -> the selector's words
SIZE_LABELS = {
    "edge": "edge (<= 3B)",
    "consumer": "consumer (3-8B)",
    "mid": "mid (8-70B)",
    "large": "large (> 70B)",
    "unknown": "unknown size",
}

# views.STUDENT_QUESTIONS (models columns) -> "I want to ..." / "can I ...?"
WANTS = {
    "class_project": "use it in a class project",
    "research_paper": "publish a research paper with it",
    "startup_product": "ship it in a startup product",
}

# views.COMPARE_FIELDS (models columns) -> the Compare table's row labels
COMPARE_LABELS = {
    "display_name": "Name",
    "model_id": "Model id",
    "organization": "Organisation",
    "family": "Family",
    "open_weights": "Open weights",
    "params_b": "Parameters (B)",
    "params_active_b": "Active parameters (B)",
    "params_note": "Parameters: note",
    "mem_4bit_gb": "Memory 4-bit (GB, estimate)",
    "mem_8bit_gb": "Memory 8-bit (GB, estimate)",
    "mem_16bit_gb": "Memory 16-bit (GB, estimate)",
    "license_name": "Licence",
    "base_license_id": "Base model's licence",
    "license_warning": "Licence warning",
    "license_family": "Licence family",
    "commercial_use": "Commercial use",
    "class_project": "Class project?",
    "research_paper": "Research paper?",
    "startup_product": "Startup product?",
    "gated": "Gated",
    "task": "Task",
    "library": "Library",
    "downloads": "Downloads",
    "likes": "Likes",
    "created_at": "Created",
    "episodes": "Episodes",
    "variant_of": "Repackaging of",
    "repackagings": "Repackagings",
    "facts_confidence": "Hub facts",
    "score_headlines": "Scores (each source in its own unit; † = self-reported)",
    "no_score_reason": "Why no score",
}

# A model named in no episode (model_data/tables/baseline_models.csv): its Episodes cell
BASELINE_EPISODES = "none (comparison baseline)"

# views.no_score_reason codes -> why a model has no headline score ("note": its own scores note)
NO_SCORE = {
    "not_llm": "Not an LLM ({task}): LLM leaderboards do not apply.",
    "closed": "Closed model without a score in the sources used.",
    "not_in_sources": "No score in the sources used.",
}
# views.missing_score_reasons codes -> why a model has no score in one comparable group
NOT_IN_GROUP = {
    "not_llm": "Not an LLM ({task}): this leaderboard does not apply.",
    "not_in_group": "Not listed in {group}.",
}


def no_score_text(code: str, note=None, task=None) -> str:
    """A views.no_score_reason code in words ("" for a model that has a score)."""
    if not code:
        return ""
    if code == "note" and isinstance(note, str) and note.strip():
        return note.strip()
    return NO_SCORE.get(code, NO_SCORE["not_in_sources"]).format(task=task)


def missing_score_text(reason: tuple[str, str]) -> str:
    """One views.missing_score_reasons value, (code, detail), in words."""
    code, detail = reason
    if code == "note":
        return detail
    return NOT_IN_GROUP.get(code, NOT_IN_GROUP["not_in_group"]).format(task=detail, group=detail)


def unscored_text(ids, display_names: dict, reasons: dict) -> str:
    """views.coverage_by_episode's `unscored` ids as "Name: why; Name: why" (reasons: model_id -> words)."""
    return "; ".join(f"{display_names.get(m, m)}: {reasons.get(m) or 'no score in the sources used'}" for m in ids)


# model_data/filters.FILTERS keys -> (the widget's label, its help or "")
FILTER_WORDS = {
    "q": ("Search name, organisation, alias or episode title", ""),
    "open": ("Open weights only", "Hide the closed models (API-only baselines such as GPT or Claude)."),
    "license": ("Licence family", ""),
    "commercial": ("Commercial use", ""),
    "class": ("Class project?", "The licence's answer for a class project."),
    "paper": ("Research paper?", "The licence's answer for publishing a research paper."),
    "startup": ("Startup product?", "The licence's answer for shipping it in a startup's product."),
    "params": ("Parameters (billions)", "Narrowing the range hides models of unknown size."),
    "size": ("Size preset", ""),
    "task": ("Task", ""),
    "org": ("Organisation", ""),
    "season": ("Season", ""),
    "episodes": ("Episode", ""),
    "named": ("Named in an episode", "Leave out the comparison baselines (familiar models no episode named)."),
    "fits": (
        "Fits in N GB of memory",
        "Estimate from parameters: params x bits/8 bytes x 1.2 overhead. Unknown size never fits.",
    ),
    "bits": ("...at precision", ""),
}
# views.answer_class codes -> the filter's words
ANSWER_WORDS = {"yes": "yes", "conditions": "yes, with conditions", "no": "no", "unknown": "unknown"}


def dataset_pointer(repo_id: str, url: str) -> str:
    """The Data page's pointer to the same tables as a Hugging Face dataset (Markdown; the id is ours)."""
    return f"**In a notebook:** every table as a Hugging Face dataset, [{repo_id}]({url}), one config per table:"
