"""Licence id -> what a student may do with the model, in plain words.

Facts are looked up per Hub repo from that repo's own licence tag (never per model family:
sizes of one family can carry different licences, and repos change licence over time). The
table itself lives in licenses.csv so a reviewer can check every clause in a diff.
Nothing here is legal advice, and the app must say so next to every answer.
"""

from __future__ import annotations

import csv
from dataclasses import asdict, dataclass
from functools import lru_cache
from pathlib import Path

TABLE = Path(__file__).resolve().parent / "licenses.csv"

NOT_LEGAL_ADVICE = (
    "Plain-language summary to help you choose, not legal advice: read the licence text, "
    "and ask your institution or a lawyer before you rely on it."
)

FAMILIES = [
    "permissive",
    "copyleft",
    "open weights with use policy",
    "non-commercial",
    "responsible-AI licence",
    "proprietary",
    "unknown",
]
COMMERCIAL = ["yes", "restricted", "no", "unknown"]

# Hub `license_name` values (used with `license: other`) that mean a licence already in the table.
# Exact, reviewed strings only: a guess here would put a wrong answer in front of a student.
ALIASES = {
    "tongyi-qianwen": "qwen",
    "deepseek-license": "deepseek",
    "llama-3.1": "llama3.1",
    "llama-3.2": "llama3.2",
    "llama-3.3": "llama3.3",
    "stability-ai-community": "stabilityai-ai-community",
}


@dataclass(frozen=True)
class LicenseFacts:
    license_name: str
    license_url: str
    license_family: str
    commercial_use: str
    commercial_clause: str
    class_project: str
    research_paper: str
    startup_product: str

    def as_dict(self) -> dict[str, str]:
        return asdict(self)


@lru_cache(maxsize=1)
def table() -> dict[str, dict[str, str]]:
    with TABLE.open(encoding="utf-8", newline="") as fh:
        return {row["license_key"]: row for row in csv.DictReader(fh)}


def _key(license_id: str, license_name: str) -> str | None:
    """The table key for a repo: its Hub tag, or for `other` the `license_name` it declares."""
    license_id = (license_id or "").strip().lower()
    if license_id and license_id != "other":
        return ALIASES.get(license_id, license_id)
    name = (license_name or "").strip().lower()
    if license_id == "other" and name:
        return ALIASES.get(name, name)
    return None


def _unknown(reason: str, name: str = "", url: str = "") -> LicenseFacts:
    return LicenseFacts(
        license_name=name,
        license_url=url,
        license_family="unknown",
        commercial_use="unknown",
        commercial_clause=reason,
        class_project="Unknown: check the licence on the model page first.",
        research_paper="Unknown: check the licence on the model page first.",
        startup_product="Unknown: do not build on it until you have read its licence.",
    )


def describe(license_id: str, license_name: str = "", license_url: str = "") -> LicenseFacts:
    """Facts for one repo's licence; an unmapped or missing licence is `unknown` with the reason."""
    key = _key(license_id, license_name)
    row = table().get(key) if key else None
    if row is None:
        if not (license_id or "").strip():
            hint = f" (the repo names '{license_name}')" if license_name else ""
            reason = f"No licence tag on the Hub card{hint}: read the repo's licence file."
        elif (license_id or "").strip().lower() == "other" and not license_name:
            reason = "Hub tag is 'other' with no licence name: read the repo's licence file."
        else:
            shown = license_name if (license_id or "").lower() == "other" else license_id
            reason = f"Licence '{shown}' is not in the reviewed licence table yet: read it yourself."
        return _unknown(reason, name=license_name or "", url=license_url or "")
    return LicenseFacts(
        license_name=license_name or row["license_name"],
        license_url=license_url or row["license_url"],
        license_family=row["family"],
        commercial_use=row["commercial_use"],
        commercial_clause=row["commercial_clause"],
        class_project=row["class_project"],
        research_paper=row["research_paper"],
        startup_product=row["startup_product"],
    )


def proprietary() -> LicenseFacts:
    """Closed (API-only) models: no weights, so no licence tag; the provider's terms apply."""
    return describe("proprietary")


def same_license(a: tuple[str, str], b: tuple[str, str]) -> bool | None:
    """Whether two (license_id, license_name) pairs are the same licence; None when either is unknown."""
    ka, kb = _key(*a), _key(*b)
    if ka is None or kb is None:
        return None
    return ka == kb
