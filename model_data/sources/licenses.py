"""Licence id -> what a student may do with the model, in plain words.

Facts are looked up per Hub repo from that repo's own licence tag (never per model family:
sizes of one family can carry different licences, and repos change licence over time). The
table itself lives in licenses.csv so a reviewer can check every clause in a diff.
Nothing here is legal advice, and the app must say so next to every answer.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from functools import lru_cache

from model_data.curated import license_table

NOT_LEGAL_ADVICE = (
    "Plain-language summary to help you choose, not legal advice: read the licence text, "
    "and ask your institution or a lawyer before you rely on it."
)

# Strictness for combining licences (own tag, base model's, bundled components'): the answer a
# student gets is the strictest that applies. First by commercial use, then by family.
_COMMERCIAL_RANK = {"yes": 0, "restricted": 1, "unknown": 2, "no": 3}
_FAMILY_RANK = {
    "permissive": 0,
    "responsible-AI licence": 1,
    "open weights with use policy": 2,
    "copyleft": 3,
    "proprietary": 4,
    "unknown": 5,
    "non-commercial": 6,
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
def _indexes() -> tuple[dict[str, str], dict[str, str]]:
    """(repo id -> key) for licence texts reviewed per repo; (declared name -> key) for names that
    denote exactly one text. A name shared by different texts (e.g. "modified-mit") is in neither."""
    by_repo, by_name = {}, {}
    for key, row in license_table().items():
        for repo in filter(None, (row.get("applies_to") or "").split(";")):
            by_repo[repo.strip().lower()] = key
        for name in filter(None, (row.get("match_names") or "").split(";")):
            by_name[name.strip().lower()] = key
    return by_repo, by_name


def _key(license_id: str, license_name: str, repo_id: str = "") -> str | None:
    """The table key for a repo: the licence text reviewed for this very repo, else its Hub tag,
    else (for `other` / no tag) a declared name that identifies one text. Never a name alone
    when several texts share it."""
    by_repo, by_name = _indexes()
    if repo_id and repo_id.strip().lower() in by_repo:
        return by_repo[repo_id.strip().lower()]
    license_id = (license_id or "").strip().lower()
    if license_id and license_id != "other":
        return license_id
    name = (license_name or "").strip().lower()
    return by_name.get(name) if name else None


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


def describe(license_id: str, license_name: str = "", license_url: str = "", repo_id: str = "") -> LicenseFacts:
    """Facts for one repo's licence; an unmapped or missing licence is `unknown` with the reason."""
    key = _key(license_id, license_name, repo_id)
    row = license_table().get(key) if key else None
    if row is None:
        shared = (license_name or "").strip().lower() in _shared_names()
        if shared:
            reason = (
                f"The repo names its licence '{license_name}', a name several different licence texts use; "
                "this repo's text is not reviewed yet: read its LICENSE file."
            )
        elif not (license_id or "").strip():
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
        license_url=license_url or row["license_url"] or row["read_from"],
        license_family=row["family"],
        commercial_use=row["commercial_use"],
        commercial_clause=row["commercial_clause"],
        class_project=row["class_project"],
        research_paper=row["research_paper"],
        startup_product=row["startup_product"],
    )


@lru_cache(maxsize=1)
def _shared_names() -> frozenset[str]:
    """Licence names the Hub sees on repos whose texts differ (reviewed): never resolved by name."""
    return frozenset({"modified-mit", "modified mit", "other"})


def key_of(license_id: str, license_name: str = "", repo_id: str = "") -> str:
    """The reviewed table key a repo's licence resolves to, or "" (used as base_license_id)."""
    key = _key(license_id, license_name, repo_id)
    return key if key in license_table() else ""


def stricter(a: LicenseFacts, b: LicenseFacts) -> bool:
    """True when b is stricter than a (b's answers should win)."""
    rank = lambda f: (_COMMERCIAL_RANK.get(f.commercial_use, 2), _FAMILY_RANK.get(f.license_family, 5))  # noqa: E731
    return rank(b) > rank(a)


def combine(own: LicenseFacts, others: list[tuple[LicenseFacts, str]]) -> tuple[LicenseFacts, list[str]]:
    """The answers a student gets when other licences apply as well (the base model's, bundled
    weights'): the strictest one's family, commercial answer and plain answers; the repo's own
    licence name and link stay. Returns the facts and the reasons of every licence that applies too."""
    best, reasons = own, []
    for facts, reason in others:
        if facts.license_family == "unknown":
            continue
        reasons.append(reason)
        if stricter(best, facts):
            best = facts
    if best is own:
        return own, reasons
    return LicenseFacts(
        license_name=own.license_name,
        license_url=own.license_url,
        license_family=best.license_family,
        commercial_use=best.commercial_use,
        commercial_clause=best.commercial_clause,
        class_project=best.class_project,
        research_paper=best.research_paper,
        startup_product=best.startup_product,
    ), reasons


def proprietary() -> LicenseFacts:
    """Closed (API-only) models: no weights, so no licence tag; the provider's terms apply."""
    return describe("proprietary")


def same_license(a: tuple[str, str], b: tuple[str, str]) -> bool | None:
    """Whether two (license_id, license_name[, repo_id]) are the same licence; None when either is unknown."""
    ka, kb = _key(*a), _key(*b)
    if ka is None or kb is None:
        return None
    return ka == kb
