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
    "score_summary": "Scores (each source in its own unit; † = self-reported)",
    "scores_why": "Why no score",
}
