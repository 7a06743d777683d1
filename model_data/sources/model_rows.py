"""The refresh's domain rules: one models.csv row per model and its scores, from what the sources said.

No I/O here but the reviewed tables it reads (license_components.csv): refresh.py reads the sources and
writes the snapshot, refresh_command.py is the command line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import pandas as pd

from model_data import TABLES
from model_data.curated import license_table
from model_data.sources import hub, leaderboard, licenses
from model_data.store import schema

# A repo whose name says it repackages its base (even when the card does not say "quantized").
REPACKAGED = re.compile(r"(?i)(-|_)(onnx|gguf|fp8|mlx|awq|gptq|int4|int8|nvfp4|bnb-4bit|4bit|8bit)(\b|$|-)")


LEADERBOARD_CLOSED = "2025-03"


TEXT_TASKS = {"text-generation", "image-text-to-text", "text2text-generation", "any-to-any"}


CLOSED_ORGS = {
    "gpt": "OpenAI",
    "o1": "OpenAI",
    "o3": "OpenAI",
    "o4": "OpenAI",
    "claude": "Anthropic",
    "gemini": "Google",
    "grok": "xAI",
    "sora": "OpenAI",
    "dall": "OpenAI",
}


BRANDS = {"gpt": "GPT", "claude": "Claude", "gemini": "Gemini", "grok": "Grok", "sora": "Sora"}


@dataclass
class Sources:
    """Everything read for one refresh, with the provenance the manifest needs."""

    facts: dict[str, dict] = field(default_factory=dict)  # lower hub id -> facts row
    hub_facts: dict[str, dict] = field(default_factory=dict)  # lower repo id -> hub-facts row
    v2_best: dict[str, dict] = field(default_factory=dict)  # lower id -> chosen contents row
    v1_best: dict[str, dict] = field(default_factory=dict)
    scores: list[pd.DataFrame] = field(default_factory=list)
    loaded: dict[str, dict] = field(default_factory=dict)  # source id -> manifest entry


def closed_row(model_id: str) -> dict[str, Any]:
    slug = model_id.split("/", 1)[1]
    head, _, rest = slug.partition("-")
    display = BRANDS.get(head.lower(), head) + (f"-{rest}" if rest else "")
    org = next((o for p, o in CLOSED_ORGS.items() if slug.lower().startswith(p)), "")
    row = {c: "" for c in schema.MODELS}
    row.update(
        model_id=model_id,
        display_name=display,
        organization=org,
        open_weights="false",
        hub_status="closed",
        params_source="unknown",
        params_note="closed model: the provider does not publish its size",
        metadata_source="closed model: no Hub repo",
    )
    row.update(licenses.proprietary().as_dict())
    row["license_name"] = "Proprietary (provider's terms of service)"
    return row


def _is_repackaging(row: dict) -> bool:
    return row.get("base_relation") == "quantized" or bool(
        row.get("base_model") and REPACKAGED.search(row.get("repo_id") or row.get("hub_id") or "")
    )


MAKER_PARAMS = TABLES / "maker_params.csv"


@lru_cache(maxsize=1)
def maker_params() -> dict[str, dict]:
    """Reviewed total / active parameters a maker states (model_data/tables/maker_params.csv), by repo id."""
    if not MAKER_PARAMS.exists():
        return {}
    rows = pd.read_csv(MAKER_PARAMS, dtype=str, keep_default_na=False).to_dict("records")
    return {r["repo_id"].lower(): r for r in rows}


def _positive(value) -> float | None:
    """A size as a number, or None for anything else (the leaderboard writes 0 / -1 for unknown)."""
    try:
        value = float(value)
    except (TypeError, ValueError):
        return None
    return value if value > 0 else None


def _params(
    record: dict | None,
    facts: dict | None,
    v2: dict | None,
    v1: dict | None,
    hf: dict | None = None,
    maker: dict | None = None,
) -> dict[str, Any]:
    """The maker's stated figure (maker_params.csv), else safetensors total, else the leaderboard's
    count, else the curated facts, else hub-facts, else unknown (with why)."""
    facts_total = _positive((facts or {}).get("params_total_b"))
    active = _positive((facts or {}).get("params_active_b")) or _positive((hf or {}).get("params_active_b"))
    active_from = "model-facts" if _positive((facts or {}).get("params_active_b")) else "hub-facts"
    if _positive((maker or {}).get("params_active_b")):
        active, active_from = _positive(maker["params_active_b"]), "maker"
    candidates = [
        (
            _positive((maker or {}).get("params_total_b")),
            "maker",
            f"the maker's stated figure ({(maker or {}).get('note')}; {(maker or {}).get('stated_in')})",
        ),
        (_positive((record or {}).get("params_safetensors_b")), "safetensors", "Hub safetensors metadata"),
        (_positive((v2 or {}).get("#Params (B)")), "open_llm_leaderboard_v2", "Open LLM Leaderboard v2 #Params (B)"),
        (_positive((v1 or {}).get("params_b")), "open_llm_leaderboard_v1", "Open LLM Leaderboard v1 params"),
        (facts_total, "model-facts", "curated model-facts table (model card or official figure)"),
        (
            _positive((hf or {}).get("params_total_b")),
            "hub-facts",
            f"hub-facts table (maker's figure; {(hf or {}).get('confidence') or 'unrated'})",
        ),
    ]
    notes = []
    for value, source, label in candidates:
        if value is not None:
            notes.append(label)
            if facts_total and source != "model-facts" and abs(facts_total - value) / value > 0.02:
                notes.append(f"model-facts gives {facts_total:g}B")
            if active:
                notes.append(f"MoE: {active:g}B active per token ({active_from})")
            return {
                "params_b": value,
                "params_active_b": active,
                "params_source": source,
                "params_note": "; ".join(notes),
            }
    return _unknown_params(record, active)


def _unknown_params(record: dict | None, active: float | None) -> dict[str, Any]:
    """No source gives a total: unknown, with the reason (an active count may still be known)."""
    why = "no safetensors metadata" if record is not None else "no Hub metadata"
    return {
        "params_b": None,
        "params_active_b": active,
        "params_source": "unknown",
        "params_note": f"unknown: {why}, not on the Open LLM Leaderboard, no figure in model-facts or hub-facts",
    }


def open_row(
    model_id: str, mention_open: str, record: dict | None, status: str, meta_source: str, as_of: str, src: Sources
) -> dict[str, Any]:
    """One models-table row for a Hub repo from its normalised Hub record (or none)."""
    ids = {model_id.lower()} | ({record["hub_id"].lower()} if record else set())
    facts = next((src.facts[i] for i in ids if i in src.facts), None)
    hf = next((src.hub_facts[i] for i in ids if i in src.hub_facts), None)
    v2 = next((src.v2_best[i] for i in ids if i in src.v2_best), None)
    v1 = next((src.v1_best[i] for i in ids if i in src.v1_best), None)
    row = {c: "" for c in schema.MODELS}
    hub_id = record["hub_id"] if record else model_id
    row.update(
        model_id=model_id,
        display_name=(facts or {}).get("display_name") or (hf or {}).get("display_name") or model_id.split("/")[-1],
        organization=(
            (facts or {}).get("organization")
            or (hf or {}).get("organization")
            or (record or {}).get("author")
            or model_id.split("/")[0]
        ),
        family=(facts or {}).get("family") or (hf or {}).get("family", ""),
        facts_confidence=(facts or hf or {}).get("confidence", "") if meta_source != "hub api" else "",
        open_weights="true" if record and status != "removed" else (mention_open or "unknown"),
        hub_status=status,
        renamed_to=hub_id if status == "renamed" else "",
        hub_url=f"{hub.HUB}/{hub_id}",
        metadata_source=meta_source,
        metadata_as_of=as_of,
    )
    maker = next((maker_params()[i] for i in ids if i in maker_params()), None)
    row.update(_params(record, facts, v2, v1, hf, maker))
    if record:
        _copy_hub_record(row, record, hf)
        facts_ = licenses.describe(record["license_id"], record["license_name"], record["license_url"], repo_id=hub_id)
    else:
        facts_ = _no_license(status)
    row.update(facts_.as_dict())
    return row


HUB_RECORD_FIELDS = (
    "gated",
    "task",
    "library",
    "downloads",
    "likes",
    "created_at",
    "last_modified",
    "base_model",
    "base_relation",
    "license_id",
)


def _copy_hub_record(row: dict, record: dict, hf: dict | None) -> None:
    """The Hub's own fields; hub-facts fills a base model (and its relation) the card leaves out."""
    for key in HUB_RECORD_FIELDS:
        row[key] = record[key]
    if hf and not row["base_model"] and hf.get("base_model"):
        row["base_model"] = hf["base_model"]
    if (
        hf
        and not row["base_relation"]
        and hf.get("base_relation")
        and row["base_model"].split(";")[0].lower() == hf.get("base_model", "").lower()
    ):
        row["base_relation"] = hf["base_relation"]


def _no_license(status: str) -> licenses.LicenseFacts:
    """Unknown licence answers, saying why no Hub metadata was there to read them from."""
    why = {
        "gated": "the Hub refused access: set HF_TOKEN to a token whose account accepted the licence",
        "removed": "the repo is not on the Hub and no earlier metadata is known",
    }.get(status, "not in the offline reference: run a live refresh")
    return licenses.LicenseFacts(
        **{
            **licenses.describe("", "").as_dict(),
            "commercial_clause": f"unknown: no Hub metadata for this repo ({why})",
        }
    )


def _license_of(model_id: str, rows: dict[str, dict], src: Sources) -> tuple[str, str, str] | None:
    """(licence tag, licence name, repo id) of a model: its row here, else the reference facts."""
    key = model_id.lower()
    if key in rows and rows[key]["license_family"] != "unknown":
        return rows[key]["license_id"], rows[key]["license_name"], rows[key]["model_id"]
    for table, tag, name in ((src.facts, "hub_license", "license_name"), (src.hub_facts, "license_id", "license_name")):
        if key in table and (table[key].get(tag) or table[key].get(name)):
            found = (table[key].get(tag, ""), table[key].get(name, ""), model_id)
            if licenses.key_of(*found):
                return found
    if key in src.v2_best and isinstance(src.v2_best[key].get("Hub License"), str):
        return src.v2_best[key]["Hub License"], "", model_id
    return None


def _name_of(model_id: str, rows: dict[str, dict], src: Sources) -> str:
    key = model_id.lower()
    for table in (rows, src.facts, src.hub_facts):
        if key in table and table[key].get("display_name"):
            return table[key]["display_name"]
    return model_id.split("/")[-1]


COMPONENTS = TABLES / "license_components.csv"


def _components(path: Path = COMPONENTS) -> dict[str, list[dict]]:
    """Reviewed licences of bundled parts (repo id -> rows): weights inside a repo whose own tag
    does not cover them (OmniParser's AGPL icon detector)."""
    if not path.exists():
        return {}
    out: dict[str, list[dict]] = {}
    for row in pd.read_csv(path, dtype=str, keep_default_na=False).to_dict("records"):
        out.setdefault(row["repo_id"].lower(), []).append(row)
    return out


def resolve_variants_and_licenses(rows: list[dict], src: Sources) -> None:
    """Repackagings point at what they copy (variant_of) and inherit its size and licence unless
    they declare their own; a derived model's answers account for its base model's licence and for
    bundled components (the stricter applies, with a warning in plain words); and the licence-vs-base
    flag says whether the two differ."""
    by_id = {r["model_id"].lower(): r for r in rows}
    by_id.update({r["renamed_to"].lower(): r for r in rows if r["renamed_to"]})
    components = _components()
    _mark_variants(rows)
    for row in rows:
        if row["hub_status"] == "closed" or row["metadata_source"].startswith("kept from the previous snapshot"):
            continue  # a kept row keeps its licence answer and warning as they were worked out then
        row["base_license_id"] = row["license_warning"] = ""
        original = by_id.get(row["variant_of"].lower()) if row["variant_of"] else None
        if original is not None and row["params_source"] == "unknown" and original["params_source"] != "unknown":
            row.update(
                params_b=original["params_b"],
                params_active_b=original["params_active_b"],
                params_source=original["params_source"],
                params_note=f"of the original {original['model_id']} (a repackaging copies its weights): "
                f"{original['params_note']}",
            )
        if row["variant_of"] and row["license_family"] == "unknown":
            _inherit_license(row, by_id, src)
        own = licenses.LicenseFacts(**{k: row[k] for k in licenses.LicenseFacts.__dataclass_fields__})
        others = _base_license(row, by_id, src)
        for part in components.get(row["model_id"].lower(), []):
            facts = licenses.describe(part["license_key"])
            others.append(
                (facts, f"bundled {part['component']} weights are {facts.license_name} ({part['source_url']})")
            )
        combined, reasons = licenses.combine(own, others)
        row.update(combined.as_dict())
        row["class_project"] = licenses.with_gate(row["class_project"], row["gated"])
        row["license_warning"] = "; ".join(reasons)


def _mark_variants(rows: list[dict]) -> None:
    """A quantised (or ONNX, GGUF ...) copy points at the repo it copies."""
    for row in rows:
        base = row["base_model"].split(";")[0].strip()
        if row["hub_status"] == "closed":
            continue
        if base and (row["base_relation"] == "quantized" or REPACKAGED.search(row["model_id"])):
            row["variant_of"] = base
            if not row["base_relation"]:
                row["base_relation"] = "quantized"


def _inherit_license(row: dict, by_id: dict, src: Sources) -> None:
    """A repackaging that declares no licence of its own carries its original's."""
    theirs = _license_of(row["variant_of"], by_id, src)
    if not theirs:
        return
    inherited = licenses.describe(*theirs[:2], repo_id=theirs[2])
    row.update(inherited.as_dict())
    row["license_id"] = theirs[0]
    row["commercial_clause"] = (
        row["commercial_clause"] + " " if row["commercial_clause"] else ""
    ) + f"(Licence of the original {row['variant_of']}: this repackaging declares none of its own.)"


def _base_license(row: dict, by_id: dict, src: Sources) -> list[tuple[licenses.LicenseFacts, str]]:
    """Sets the licence-vs-base flag; the base model's licence, when it binds this model as well."""
    base = row["base_model"].split(";")[0].strip()
    if not base:
        return []
    mine = (row["license_id"], row["license_name"], row["model_id"]) if row["license_family"] != "unknown" else None
    theirs = _license_of(base, by_id, src)
    same = licenses.same_license(mine, theirs) if mine and theirs else None
    row["license_differs_from_base"] = {True: "false", False: "true", None: "unknown"}[same]
    # A maker may relicense its own derivative (DeepSeek-R1 is MIT on DeepSeek's own V3 base);
    # a derivative of someone else's model stays bound by that model's licence.
    same_owner = row["model_id"].split("/")[0].lower() == base.split("/")[0].lower()
    if same is not False or same_owner:
        return []
    base_facts = licenses.describe(*theirs[:2], repo_id=theirs[2])
    key = licenses.key_of(*theirs)
    row["base_license_id"] = key or theirs[0]
    name = license_table()[key]["license_name"] if key else (base_facts.license_name or theirs[0])
    return [(base_facts, f"derived from {_name_of(base, by_id, src)}: the {name} applies as well")]


def assign_scores(rows: list[dict], src: Sources) -> pd.DataFrame:
    """Scores of the listed models only (matched by id or by the id the repo was renamed to);
    v1 rows only where a model has no v2 row, since the two benchmark sets are not comparable."""
    alias = {}
    for row in rows:
        alias[row["model_id"].lower()] = row["model_id"]
        if row["renamed_to"]:
            alias[row["renamed_to"].lower()] = row["model_id"]
    frames = []
    for frame in src.scores:
        frame = frame.assign(model_id=frame["model_id"].str.lower().map(alias))
        frames.append(frame[frame["model_id"].notna()])
    if not frames:
        return pd.DataFrame(columns=schema.SCORES)
    scores = pd.concat(frames, ignore_index=True)
    with_v2 = set(scores.loc[scores["source"] == leaderboard.V2_SOURCE, "model_id"])
    scores = scores[~((scores["source"] == leaderboard.V1_SOURCE) & scores["model_id"].isin(with_v2))]
    scores = leaderboard.apply_caveats(scores.reindex(columns=schema.SCORES), leaderboard.read_caveats())
    return scores.reset_index(drop=True)


def scores_note(row: dict, sources: set[str], self_reported_only: bool = False) -> str:
    """Why a model has the scores it has (and not others), in words the app can show."""
    parts = [f"scores from: {', '.join(sorted(sources))}"] if sources else []
    if self_reported_only:
        parts.append("only numbers its maker reported: no independent measurement in the sources used")
    if row["hub_status"] == "closed":
        if not sources:
            parts.append("closed model: not on open leaderboards (and no reviewed arena name)")
        return "; ".join(parts)
    if row.get("variant_of"):
        parts.append(f"repackaging of {row['variant_of']}: see the original's scores")
        return "; ".join(parts)
    if sources:
        if leaderboard.V1_SOURCE in sources and leaderboard.V2_SOURCE not in sources:
            parts.append("only archived v1 Open LLM Leaderboard scores: different benchmarks, not comparable with v2")
        return "; ".join(parts)
    task, library, mid = row["task"], row["library"], row["model_id"].lower()
    if library == "onnx" or "gguf" in mid or "-onnx" in mid:
        base = row["base_model"].split(";")[0]
        parts.append(f"converted copy (ONNX/GGUF){' of ' + base if base else ''}: see the source model's scores")
    elif task and task not in TEXT_TASKS:
        parts.append(f"not a text LLM ({task}): no LLM benchmark applies")
    elif not task:
        parts.append(
            "no task declared on the Hub and no score in the leaderboards, arena, llm-stats or the model cards read"
        )
    elif row["created_at"] and row["created_at"][:7] >= LEADERBOARD_CLOSED:
        parts.append(
            f"released after the Open LLM Leaderboard closed ({LEADERBOARD_CLOSED}); not on the arena "
            "board and no reported scores found (llm-stats, model cards)"
        )
    else:
        parts.append(
            "not evaluated on the Open LLM Leaderboard v2 (closed 2025-03), not on the arena board, no "
            "reported scores found"
        )
    return "; ".join(parts)


def carry_over(
    scores: pd.DataFrame, previous: pd.DataFrame, src: Sources, old_manifest: dict, model_ids: set[str]
) -> tuple[pd.DataFrame, dict]:
    """Keep score rows of sources this run could not read (e.g. a live refresh without
    --reference), with their old manifest entry, rather than dropping them silently."""
    kept_sources = {}
    old_sources = old_manifest.get("tables", {}).get("scores", {}).get("sources", {})
    missing = (set(previous["source"]) if not previous.empty else set()) - set(src.loaded)
    if not missing:
        return scores, kept_sources
    old = previous[previous["source"].isin(missing) & previous["model_id"].isin(model_ids)]
    if leaderboard.V1_SOURCE in missing:
        have_v2 = set(scores.loc[scores["source"] == leaderboard.V2_SOURCE, "model_id"])
        old = old[~((old["source"] == leaderboard.V1_SOURCE) & old["model_id"].isin(have_v2))]
    for name in missing:
        kept_sources[name] = {**old_sources.get(name, {}), "carried_over": "not re-read in this refresh"}
    old = old.reindex(columns=schema.SCORES)
    old["self_reported"] = old["self_reported"].fillna("false")  # older snapshots held independent sources only
    old["reported_by"] = old["reported_by"].fillna(old["self_reported"].map({"true": "maker"})).fillna("independent")
    return pd.concat([scores, old], ignore_index=True), kept_sources
