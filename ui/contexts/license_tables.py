"""The Licences page's tables as shown: the answers per model (the question asked first) and the
licence families in plain words. Not legal advice: the words summarise, each model's licence binds."""

from __future__ import annotations

import pandas as pd

from model_data import views
from ui.text import format as fmt
from ui.text import labels

# Plain-language summaries for the families we know; anything else points to each model's licence.
FAMILY_WORDS = {
    "permissive": "Use, change and sell freely; keep the copyright and licence notice (MIT, Apache 2.0, BSD, CC BY).",
    "open weights with use policy": "Weights you can download and use, under the publisher's own terms: an acceptable-use "
    "policy, and often a user or revenue threshold above which you need another licence "
    "(Llama, Gemma, Stability AI Community).",
    "responsible-ai licence": "Open use and redistribution, with use-based restrictions (no harmful uses) that you must "
    "pass on to your own users (OpenRAIL family, DeepSeek).",
    "copyleft": "Free to use, but shared changes must stay under the same licence (GPL, CC BY-SA).",
    "llama": "Meta's community licences: free for most uses, with an acceptable-use policy, a 'Built with Llama' "
    "notice and a separate licence above 700M monthly users.",
    "gemma": "Google's Gemma terms: free to use and ship, bound by the Gemma prohibited-use policy.",
    "open-rail": "Responsible-AI licences: open use and redistribution, with use-based restrictions passed on to users.",
    "openrail": "Responsible-AI licences: open use and redistribution, with use-based restrictions passed on to users.",
    "custom": "The publisher's own terms: read them. Often free below a revenue or user threshold, or with use restrictions.",
    "other": "The publisher's own terms: read them before shipping anything.",
    "non-commercial": "Research and personal use only: no product, no paid service.",
    "research-only": "Research use only.",
    "proprietary": "Closed model: no weights; use through the vendor's API under its terms of service.",
    "closed": "Closed model: no weights; use through the vendor's API under its terms of service.",
    "unknown": "No licence found in the sources: treat as all rights reserved until checked.",
}
FALLBACK_WORDS = "See each model's licence."
QUESTION_COLUMNS = {q: labels.COMPARE_LABELS[q] for q in views.STUDENT_QUESTIONS}  # "Class project?", ...
ANSWER_COLUMNS = {
    "display_name": "Model",
    "license_name": "Licence",
    "license_family": "Licence family",
    "commercial_use": "Commercial use",
    "commercial_clause": "Commercial clause",
    "license_warning": "Licence warning",
    "model_id": "Model id",
    **QUESTION_COLUMNS,
}
FAMILY_COLUMNS = {
    "license_family": "Family",
    "models": "Models",
    "commercial_use": "Commercial use",
    "licenses": "Licences seen",
}


def answers(models: pd.DataFrame, want: str | None, present: bool) -> pd.DataFrame:
    """One row per model: the answer to the question asked right after the model, then the licence
    facts and the other answers; a presenter's slide keeps the model, that answer, family and warning."""
    asked = [want] if want else []
    cols = (
        ["display_name"]
        + asked
        + ["license_family", "commercial_use", "license_warning", "license_name"]
        + [q for q in views.STUDENT_QUESTIONS if q not in asked]
        + ["commercial_clause", "model_id"]
    )
    out = models[cols].copy()
    for q in views.STUDENT_QUESTIONS:
        out[q] = out[q].map(fmt.answer_text)
    out["commercial_clause"] = out["commercial_clause"].fillna("")
    out["commercial_use"] = out["commercial_use"].map(labels.commercial_text)
    out["license_warning"] = out["license_warning"].fillna("")
    out = out.rename(columns=ANSWER_COLUMNS)
    if present:
        out = out[["Model", QUESTION_COLUMNS[want or "startup_product"], "Licence family", "Licence warning"]]
    return out


def families(frame: pd.DataFrame) -> pd.DataFrame:
    """views.license_families with each family in plain words, second."""
    out = frame.copy()
    out["commercial_use"] = out["commercial_use"].map(
        lambda codes: ", ".join(labels.commercial_text(c) for c in str(codes).split(", "))
    )
    out.insert(
        1, "In plain words", out["license_family"].map(lambda f: FAMILY_WORDS.get(str(f).lower(), FALLBACK_WORDS))
    )
    return out.rename(columns=FAMILY_COLUMNS)
