"""Refresh models and scores (Hub metadata, licences, benchmarks) into the snapshot.

Live: one `HfApi.model_info` per mentioned model plus the Open LLM Leaderboard through
`datasets`. Offline (`--offline --reference DIR`): the same code paths fed from the reference
files, so the shipped snapshot is reproducible without a network. Either way the candidate is
validated before it replaces anything; a failure leaves the old snapshot byte-identical.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import io
import os
import re
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from model_data.sources import hub, leaderboard, licenses
from model_data.store import schema, snapshot, writer
from model_data import TABLES

# Reference files (paths inside --reference) and the date of their data, from their PROVENANCE.md.
FACTS_FILE, FACTS_DATE = "model-facts/model_facts.csv", "2026-11-26"
V2_FILE, V2_DATE = "open-llm-leaderboard-v2/huggingface_v2.csv", "2025-03-21"
V1_FILE, V1_DATE = "open-llm-leaderboard-v1/huggingface_v1.csv", "2024-07-13"
ARENA_GLOB = "lmarena/lmarena_{kind}_*.csv"
ARENA_KINDS = ("text", "vision")
# Newer sources, read when the reference folder has them (an older reference still refreshes).
HUB_FACTS_FILE, HUB_FACTS_DATE = "hub-facts/hub_facts.csv", "2026-11-30"
ARENA_2026_GLOB = "lmarena-2026/lmarena_text_*.csv"   # full text boards; the newest replaces the 2025 one
LLM_STATS_FILE, LLM_STATS_DATE = "llm-stats/scores.csv", "2025-10-16"
CARDS_FILE, CARDS_DATE = "model-cards/model_card_scores.csv", "2026-11-30"
# A repo whose name says it repackages its base (even when the card does not say "quantized").
REPACKAGED = re.compile(r"(?i)(-|_)(onnx|gguf|fp8|mlx|awq|gptq|int4|int8|nvfp4|bnb-4bit|4bit|8bit)(\b|$|-)")
LEADERBOARD_CLOSED = "2025-03"
# Where the live path reads the `contents` dataset; tests point it at a local parquet file.
CONTENTS_SOURCE: str | Path = leaderboard.CONTENTS_REPO
CONTENTS_CACHE_DIR: str | None = None  # None = the datasets library's own cache
DEADLINE = 300.0          # seconds for a whole live refresh (35 models take well under a minute online)
REQUEST_TIMEOUT = 10.0    # seconds per Hub answer; the first probe uses it too, so no network fails fast

TEXT_TASKS = {"text-generation", "image-text-to-text", "text2text-generation", "any-to-any"}
CLOSED_ORGS = {"gpt": "OpenAI", "o1": "OpenAI", "o3": "OpenAI", "o4": "OpenAI", "claude": "Anthropic",
               "gemini": "Google", "grok": "xAI", "sora": "OpenAI", "dall": "OpenAI"}
BRANDS = {"gpt": "GPT", "claude": "Claude", "gemini": "Gemini", "grok": "Grok", "sora": "Sora"}


class UsageError(Exception):
    """Bad command-line input: exit code 2."""


class SourceError(Exception):
    """A score source could not be read (e.g. the leaderboard dataset is unavailable): exit code 1."""


@dataclass
class Sources:
    """Everything read for one refresh, with the provenance the manifest needs."""

    facts: dict[str, dict] = field(default_factory=dict)          # lower hub id -> facts row
    hub_facts: dict[str, dict] = field(default_factory=dict)      # lower repo id -> hub-facts row
    v2_best: dict[str, dict] = field(default_factory=dict)        # lower id -> chosen contents row
    v1_best: dict[str, dict] = field(default_factory=dict)
    scores: list[pd.DataFrame] = field(default_factory=list)
    loaded: dict[str, dict] = field(default_factory=dict)         # source id -> manifest entry


def _file_entry(reference: Path, rel: str, date: str, used_for: list[str]) -> dict:
    path = reference / rel
    return {"file": rel, "date": date, "sha256": hashlib.sha256(path.read_bytes()).hexdigest(),
            "used_for": used_for}


def _arena_file(reference: Path, kind: str) -> tuple[Path, str] | None:
    found = sorted(reference.glob(ARENA_GLOB.format(kind=kind)))
    if not found:
        return None
    match = re.search(r"(\d{4}-\d{2}-\d{2})", found[-1].name)
    return found[-1], match.group(1) if match else ""


def check_reference(reference: Path | None, offline: bool) -> None:
    if reference is None:
        if offline:
            raise UsageError("--offline needs --reference DIR (e.g. ../shared/reference-data)")
        return
    if not reference.is_dir():
        raise UsageError(f"--reference {reference}: no such folder")
    missing = [rel for rel in (FACTS_FILE, V2_FILE, V1_FILE) if not (reference / rel).exists()]
    missing += [ARENA_GLOB.format(kind=k) for k in ARENA_KINDS if _arena_file(reference, k) is None]
    if missing:
        raise UsageError(f"--reference {reference} lacks {', '.join(missing)}")


BASELINES = TABLES / "baseline_models.csv"


def with_baselines(model_list: pd.DataFrame, path: Path = BASELINES) -> pd.DataFrame:
    """Add the reviewed yardstick models (baseline_models.csv) that no episode named.

    Viewers compare episode models with a familiar baseline ("Phi-4 vs Llama-3.1-8B"); these rows
    are described like any other, and the app tells them apart because no mention points at them.
    """
    if not path.exists():
        return model_list
    extra = pd.read_csv(path, dtype=str, keep_default_na=False)[["model_id", "open_weights"]]
    extra = extra[~extra["model_id"].str.lower().isin(model_list["model_id"].str.lower())]
    return pd.concat([model_list, extra], ignore_index=True).sort_values("model_id").reset_index(drop=True)


def load_model_list(path: Path) -> pd.DataFrame:
    """Distinct model ids to describe, with the mentions' open-weights flag when there is one."""
    if not path.exists():
        raise UsageError(f"model list {path} not found: run `python -m model_data ingest` first or pass --models FILE")
    try:
        frame = snapshot.parse_csv(path.stem, snapshot._read_file(path) or b"")
    except snapshot.SnapshotError as err:
        raise UsageError(f"the model list cannot be read: {err}; run `python -m model_data ingest` to rebuild "
                         "it, or pass --models FILE") from None
    if "model_id" not in frame.columns:
        raise UsageError(f"{path} has no model_id column")
    if "open_weights" not in frame.columns:
        frame["open_weights"] = [("false" if m.startswith("closed/") else "unknown") for m in frame["model_id"]]
    frame = frame[(frame["model_id"].str.strip() != "") & ~frame["model_id"].str.startswith("family/")]
    # A model flagged open anywhere is open; the ingest decides, refresh only aggregates.
    rank = {"true": 0, "unknown": 1, "false": 2}
    frame = frame.assign(_r=frame["open_weights"].map(lambda v: rank.get(v, 1)))
    frame = frame.sort_values(["model_id", "_r"]).drop_duplicates("model_id")
    return frame[["model_id", "open_weights"]].reset_index(drop=True)


def within(deadline: float | None, what: str, fn, *args, **kwargs):
    """`fn(*args, **kwargs)`, or SourceError once `deadline` (time.monotonic()) passes.

    For library calls that take no overall timeout (`datasets.load_dataset` retries a hanging
    endpoint for minutes): run in a daemon thread and stop waiting at the deadline; the thread
    is abandoned and dies with the process, which writes nothing after a SourceError.
    """
    if deadline is None:
        return fn(*args, **kwargs)
    box: dict = {}

    def run():
        try:
            box["value"] = fn(*args, **kwargs)
        except BaseException as err:  # noqa: BLE001  (re-raised in the caller's thread)
            box["error"] = err
    worker = threading.Thread(target=run, name=f"refresh: {what}", daemon=True)
    worker.start()
    worker.join(max(deadline - time.monotonic(), 0.0))
    if worker.is_alive():
        raise SourceError(f"gave up {what}: the refresh's overall deadline was reached (see --deadline)")
    if "error" in box:
        raise box["error"]
    return box["value"]


def load_sources(reference: Path | None, offline: bool, progress, deadline: float | None = None) -> Sources:
    """Read every score / metadata source available in this mode, one progress step each."""
    src = Sources()
    steps = ["facts", "hub_facts", "v2", "v1"] + [f"arena_{k}" for k in ARENA_KINDS] + ["llm_stats", "model_cards"]
    for step in progress(steps, desc="sources", unit="source"):
        if step == "facts" and reference is not None:
            facts = pd.read_csv(reference / FACTS_FILE, dtype=str, keep_default_na=False)
            src.facts = {r["hub_id"].lower(): r for r in facts.to_dict("records")}
            src.loaded["model-facts"] = _file_entry(
                reference, FACTS_FILE, FACTS_DATE,
                ["hub metadata offline", "params_b fallback", "params_active_b", "display_name", "family"])
        elif step == "hub_facts" and reference is not None and (reference / HUB_FACTS_FILE).exists():
            rows = pd.read_csv(reference / HUB_FACTS_FILE, dtype=str, keep_default_na=False)
            src.hub_facts = {r["repo_id"].lower(): r for r in rows.to_dict("records")}
            src.loaded["hub-facts"] = _file_entry(
                reference, HUB_FACTS_FILE, HUB_FACTS_DATE,
                ["hub metadata offline", "base model and relation", "variants", "params_b fallback", "confidence"])
        elif step == "llm_stats" and reference is not None and (reference / LLM_STATS_FILE).exists():
            src.scores.append(leaderboard.scores_from_llm_stats(reference / LLM_STATS_FILE, LLM_STATS_DATE))
            entry = _file_entry(reference, LLM_STATS_FILE, LLM_STATS_DATE, ["scores (self-reported)"])
            entry.update(licence="CC-BY-4.0", attribution=leaderboard.LLM_STATS_ATTRIBUTION)
            src.loaded[leaderboard.LLM_STATS_SOURCE] = entry
        elif step == "model_cards" and reference is not None and (reference / CARDS_FILE).exists():
            src.scores.append(leaderboard.scores_from_model_cards(reference / CARDS_FILE))
            src.loaded[leaderboard.CARDS_SOURCE] = _file_entry(reference, CARDS_FILE, CARDS_DATE,
                                                               ["scores (self-reported, model cards)"])
        elif step == "v2":
            if offline:
                contents = leaderboard.contents_from_flat_v2(reference / V2_FILE)
                entry = _file_entry(reference, V2_FILE, V2_DATE, ["scores", "params_b fallback"])
                as_of = V2_DATE
            else:
                try:
                    contents = within(deadline, "reading the Open LLM Leaderboard", leaderboard.load_contents,
                                      CONTENTS_SOURCE, cache_dir=CONTENTS_CACHE_DIR)
                except SourceError:
                    raise
                except Exception as err:  # datasets raises many kinds (HTTP, cache, not found)
                    first = (str(err).strip().splitlines() or [""])[0][:200]
                    raise SourceError(f"the Open LLM Leaderboard ({leaderboard.CONTENTS_REPO}) could not be "
                                      f"loaded: {type(err).__name__}: {first}") from None
                as_of = dt.date.today().isoformat()
                entry = {"url": leaderboard.CONTENTS_URL, "fetched_at": as_of, "used_for": ["scores", "params_b fallback"]}
            scores, best = leaderboard.scores_from_contents(contents, as_of)
            src.v2_best = {k: r for k, r in zip(best["_key"], best.to_dict("records"))}
            src.scores.append(scores)
            src.loaded[leaderboard.V2_SOURCE] = entry
        elif step == "v1" and reference is not None:
            best = leaderboard.read_v1(reference / V1_FILE)
            src.v1_best = {k: r for k, r in zip(best["_key"], best.to_dict("records"))}
            src.scores.append(leaderboard.scores_from_v1(best, V1_DATE))
            src.loaded[leaderboard.V1_SOURCE] = _file_entry(reference, V1_FILE, V1_DATE,
                                                            ["scores where no v2 row", "params_b fallback"])
        elif step.startswith("arena_") and reference is not None:
            kind = step.removeprefix("arena_")
            newer = sorted(reference.glob(ARENA_2026_GLOB)) if kind == "text" else []
            if newer:
                path, date = newer[-1], re.search(r"(\d{4}-\d{2}-\d{2})", newer[-1].name).group(1)
                frame = leaderboard.read_arena_2026(path)
            else:
                path, date = _arena_file(reference, kind)
                frame = leaderboard.read_arena(path)
            catalogue = [r["repo_id"] for r in src.hub_facts.values() if not _is_repackaging(r)]
            ids = leaderboard.arena_ids(list(frame["model"]), kind, leaderboard.arena_name_map(), catalogue)
            src.scores.append(leaderboard.scores_from_arena(frame, kind, date, {(kind, n): m for n, m in ids.items()}))
            entry = _file_entry(reference, str(path.relative_to(reference)), date, ["scores"])
            entry["name_map"] = "model_data/tables/arena_names.csv, then exact repo names in hub-facts"
            src.loaded[f"lmarena_{kind}"] = entry
    return src


def closed_row(model_id: str) -> dict[str, Any]:
    slug = model_id.split("/", 1)[1]
    head, _, rest = slug.partition("-")
    display = BRANDS.get(head.lower(), head) + (f"-{rest}" if rest else "")
    org = next((o for p, o in CLOSED_ORGS.items() if slug.lower().startswith(p)), "")
    row = {c: "" for c in schema.MODELS}
    row.update(model_id=model_id, display_name=display, organization=org, open_weights="false",
               hub_status="closed", params_source="unknown",
               params_note="closed model: the provider does not publish its size",
               metadata_source="closed model: no Hub repo")
    row.update(licenses.proprietary().as_dict())
    row["license_name"] = "Proprietary (provider's terms of service)"
    return row


def _is_repackaging(row: dict) -> bool:
    return row.get("base_relation") == "quantized" or bool(
        row.get("base_model") and REPACKAGED.search(row.get("repo_id") or row.get("hub_id") or ""))


def _params(record: dict | None, facts: dict | None, v2: dict | None, v1: dict | None,
            hf: dict | None = None) -> dict[str, Any]:
    """safetensors total, else the leaderboard's count, else the curated facts, else hub-facts, else
    unknown (with why)."""
    def positive(value) -> float | None:
        try:
            value = float(value)
        except (TypeError, ValueError):
            return None
        return value if value > 0 else None  # the leaderboard writes 0 / -1 for unknown

    facts_total = positive((facts or {}).get("params_total_b"))
    active = positive((facts or {}).get("params_active_b")) or positive((hf or {}).get("params_active_b"))
    active_from = "model-facts" if positive((facts or {}).get("params_active_b")) else "hub-facts"
    candidates = [
        (positive((record or {}).get("params_safetensors_b")), "safetensors", "Hub safetensors metadata"),
        (positive((v2 or {}).get("#Params (B)")), "open_llm_leaderboard_v2", "Open LLM Leaderboard v2 #Params (B)"),
        (positive((v1 or {}).get("params_b")), "open_llm_leaderboard_v1", "Open LLM Leaderboard v1 params"),
        (facts_total, "model-facts", "curated model-facts table (model card or official figure)"),
        (positive((hf or {}).get("params_total_b")), "hub-facts",
         f"hub-facts table (maker's figure; {(hf or {}).get('confidence') or 'unrated'})"),
    ]
    notes = []
    for value, source, label in candidates:
        if value is not None:
            notes.append(label)
            if facts_total and source != "model-facts" and abs(facts_total - value) / value > 0.02:
                notes.append(f"model-facts gives {facts_total:g}B")
            if active:
                notes.append(f"MoE: {active:g}B active per token ({active_from})")
            return {"params_b": value, "params_active_b": active, "params_source": source,
                    "params_note": "; ".join(notes)}
    why = "no safetensors metadata" if record is not None else "no Hub metadata"
    return {"params_b": None, "params_active_b": active, "params_source": "unknown",
            "params_note": f"unknown: {why}, not on the Open LLM Leaderboard, no figure in model-facts or hub-facts"}


def open_row(model_id: str, mention_open: str, record: dict | None, status: str, meta_source: str,
             as_of: str, src: Sources) -> dict[str, Any]:
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
        organization=((facts or {}).get("organization") or (hf or {}).get("organization") or (record or {}).get("author")
                      or model_id.split("/")[0]),
        family=(facts or {}).get("family") or (hf or {}).get("family", ""),
        facts_confidence=(facts or hf or {}).get("confidence", "") if meta_source != "hub api" else "",
        open_weights="true" if record and status != "removed" else (mention_open or "unknown"),
        hub_status=status,
        renamed_to=hub_id if status == "renamed" else "",
        hub_url=f"{hub.HUB}/{hub_id}",
        metadata_source=meta_source,
        metadata_as_of=as_of,
    )
    row.update(_params(record, facts, v2, v1, hf))
    if record:
        for key in ("gated", "task", "library", "downloads", "likes", "created_at", "last_modified", "base_model",
                    "base_relation"):
            row[key] = record[key]
        if hf and not row["base_model"] and hf.get("base_model"):
            row["base_model"] = hf["base_model"]
        if hf and not row["base_relation"] and hf.get("base_relation") and \
                row["base_model"].split(";")[0].lower() == hf.get("base_model", "").lower():
            row["base_relation"] = hf["base_relation"]
        row["license_id"] = record["license_id"]
        facts_ = licenses.describe(record["license_id"], record["license_name"], record["license_url"],
                                   repo_id=hub_id)
    else:
        why = {
            "gated": "the Hub refused access: set HF_TOKEN to a token whose account accepted the licence",
            "removed": "the repo is not on the Hub and no earlier metadata is known",
        }.get(status, "not in the offline reference: run a live refresh")
        facts_ = licenses.LicenseFacts(**{**licenses.describe("", "").as_dict(),
                                          "commercial_clause": f"unknown: no Hub metadata for this repo ({why})"})
    row.update(facts_.as_dict())
    return row


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


def resolve_variants_and_licences(rows: list[dict], src: Sources) -> None:
    """Repackagings point at what they copy (variant_of) and inherit its size and licence unless
    they declare their own; a derived model's answers account for its base model's licence and for
    bundled components (the stricter applies, with a warning in plain words); and the licence-vs-base
    flag says whether the two differ."""
    by_id = {r["model_id"].lower(): r for r in rows}
    by_id.update({r["renamed_to"].lower(): r for r in rows if r["renamed_to"]})
    components = _components()
    for row in rows:
        base = row["base_model"].split(";")[0].strip()
        if row["hub_status"] == "closed":
            continue
        if base and (row["base_relation"] == "quantized" or REPACKAGED.search(row["model_id"])):
            row["variant_of"] = base
            if not row["base_relation"]:
                row["base_relation"] = "quantized"
    for row in rows:
        if row["hub_status"] == "closed" or row["metadata_source"].startswith("kept from the previous snapshot"):
            continue   # a kept row keeps its licence answer and warning as they were worked out then
        row["base_license_id"] = row["license_warning"] = ""
        base = row["base_model"].split(";")[0].strip()
        original = by_id.get(row["variant_of"].lower()) if row["variant_of"] else None
        if original is not None and row["params_source"] == "unknown" and original["params_source"] != "unknown":
            row.update(params_b=original["params_b"], params_active_b=original["params_active_b"],
                       params_source=original["params_source"],
                       params_note=f"of the original {original['model_id']} (a repackaging copies its weights): "
                                   f"{original['params_note']}")
        own = licenses.LicenseFacts(**{k: row[k] for k in licenses.LicenseFacts.__dataclass_fields__})
        if row["variant_of"] and row["license_family"] == "unknown":
            theirs = _license_of(row["variant_of"], by_id, src)
            if theirs:
                inherited = licenses.describe(*theirs[:2], repo_id=theirs[2])
                row.update(inherited.as_dict())
                row["license_id"] = theirs[0]
                row["commercial_clause"] = ((row["commercial_clause"] + " " if row["commercial_clause"] else "")
                                            + f"(Licence of the original {row['variant_of']}: this repackaging "
                                              "declares none of its own.)")
                own = licenses.LicenseFacts(**{k: row[k] for k in licenses.LicenseFacts.__dataclass_fields__})
        others: list[tuple[licenses.LicenseFacts, str]] = []
        mine = (row["license_id"], row["license_name"], row["model_id"]) if row["license_family"] != "unknown" else None
        theirs = _license_of(base, by_id, src) if base else None
        if base:
            same = licenses.same_license(mine, theirs) if mine and theirs else None
            row["license_differs_from_base"] = {True: "false", False: "true", None: "unknown"}[same]
            # A maker may relicense its own derivative (DeepSeek-R1 is MIT on DeepSeek's own V3 base);
            # a derivative of someone else's model stays bound by that model's licence.
            same_owner = row["model_id"].split("/")[0].lower() == base.split("/")[0].lower()
            if same is False and not same_owner:
                base_facts = licenses.describe(*theirs[:2], repo_id=theirs[2])
                key = licenses.key_of(*theirs)
                row["base_license_id"] = key or theirs[0]
                name = licenses.table()[key]["license_name"] if key else (base_facts.license_name or theirs[0])
                others.append((base_facts, f"derived from {_name_of(base, by_id, src)}: the {name} applies as well"))
        for part in components.get(row["model_id"].lower(), []):
            facts = licenses.describe(part["license_key"])
            others.append((facts, f"bundled {part['component']} weights are {facts.license_name}"
                                  f" ({part['source_url']})"))
        combined, reasons = licenses.combine(own, others)
        row.update(combined.as_dict())
        row["license_warning"] = "; ".join(reasons)


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
        parts.append("no task declared on the Hub and no score in the leaderboards, arena, llm-stats or the model "
                     "cards read")
    elif row["created_at"] and row["created_at"][:7] >= LEADERBOARD_CLOSED:
        parts.append(f"released after the Open LLM Leaderboard closed ({LEADERBOARD_CLOSED}); not on the arena "
                     "board and no reported scores found (llm-stats, model cards)")
    else:
        parts.append("not evaluated on the Open LLM Leaderboard v2 (closed 2025-03), not on the arena board, no "
                     "reported scores found")
    return "; ".join(parts)


def carry_over(scores: pd.DataFrame, previous: pd.DataFrame, src: Sources, old_manifest: dict,
               model_ids: set[str]) -> tuple[pd.DataFrame, dict]:
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
    return pd.concat([scores, old], ignore_index=True), kept_sources


def _progress(stream):
    from tqdm.auto import tqdm

    def wrap(iterable, desc: str, unit: str):
        items = list(iterable)
        return tqdm(items, desc=desc, unit=unit, file=stream, disable=not stream.isatty(), leave=False)
    return wrap


def _changed(previous: pd.DataFrame, new: pd.DataFrame) -> list[str]:
    if previous.empty:
        return sorted(new["model_id"])
    old = pd.read_csv(io.BytesIO(snapshot.table_bytes("models", previous)), dtype=str,
                      keep_default_na=False).set_index("model_id")
    cur = pd.read_csv(io.BytesIO(snapshot.table_bytes("models", new)), dtype=str,
                      keep_default_na=False).set_index("model_id")
    return sorted(m for m in cur.index if m not in old.index or not old.loc[m].equals(cur.loc[m]))


def build(model_list: pd.DataFrame, src: Sources, *, offline: bool, token: str | None,
          previous: pd.DataFrame, progress, fetch=hub.fetch_model_info,
          deadline: float | None = None, timeout: float | None = None) -> tuple[pd.DataFrame, dict, dict]:
    """The models table for the model list, the models the Hub could not answer (id -> reason),
    and counts for the summary. Scores and licence-vs-base flags are added by the caller."""
    today = dt.date.today().isoformat()
    prev_rows = {r["model_id"]: r for r in previous.to_dict("records")} if not previous.empty else {}
    rows, failed, fetched, notes = [], {}, 0, {}
    for model_id, mention_open in progress(list(zip(model_list["model_id"], model_list["open_weights"])),
                                           desc="hub metadata", unit="model"):
        if model_id.startswith("closed/"):
            rows.append(closed_row(model_id))
            continue
        key = model_id.lower()
        if offline:
            if key in src.facts:
                info, status = hub.model_info_from_facts(src.facts[key]), "ok"
                source, as_of = f"model-facts (offline reference, {FACTS_DATE})", FACTS_DATE
            elif key in src.hub_facts:
                info, status = hub.model_info_from_hub_facts(src.hub_facts[key]), "ok"
                source, as_of = f"hub-facts (offline reference, {HUB_FACTS_DATE})", HUB_FACTS_DATE
            elif key in src.v2_best:
                lb = src.v2_best[key]
                info = hub.model_info_from_contents(lb)
                status = "ok" if lb.get("Available on the hub") in (True, "True", "TRUE") else "removed"
                source, as_of = f"open-llm-leaderboard-v2 (offline reference, {V2_DATE})", V2_DATE
            else:
                rows.append(open_row(model_id, mention_open, None, "unknown",
                                     "not in the offline reference: run a live refresh", "", src))
                continue
            rows.append(open_row(model_id, mention_open, hub.hub_record_from_model_info(info), status,
                                 source, as_of, src))
            continue
        if deadline is not None and time.monotonic() >= deadline:
            failed[model_id] = "not fetched: the refresh's overall deadline was reached (see --deadline)"
            continue
        options = {"deadline": deadline, "timeout": timeout} if fetch is hub.fetch_model_info and deadline else {}
        result = fetch(model_id, token=token, **{k: v for k, v in options.items() if v is not None})
        fetched += 1
        if result.status == "renamed":
            notes[model_id] = f"renamed on the Hub to {result.info.id}"
        elif result.status in ("removed", "gated"):
            notes[model_id] = f"{result.status}: {result.reason} (row kept)"
        if result.status in ("ok", "renamed"):
            rows.append(open_row(model_id, mention_open, hub.hub_record_from_model_info(result.info),
                                 result.status, "hub api", today, src))
            reported = leaderboard.scores_from_eval_results(model_id, hub.eval_results(result.info), today)
            if not reported.empty:
                src.scores.append(reported)
                src.loaded.setdefault(leaderboard.HUB_CARD_SOURCE, {
                    "url": f"{hub.HUB}/api/models/{{repo_id}}", "fetched_at": today,
                    "used_for": ["scores (model-index on the Hub card)"]})
        elif result.status in ("removed", "gated"):
            rows.append(_fallback_row(model_id, mention_open, result, prev_rows.get(model_id), src))
        else:
            failed[model_id] = result.reason
    models = pd.DataFrame(rows, columns=schema.MODELS)
    return models, failed, {"fetched": fetched, "notes": notes}


def _fallback_row(model_id: str, mention_open: str, result, prev: dict | None, src: Sources) -> dict:
    """404 / 401 / 403: keep the row. Previous snapshot values survive; else the offline facts."""
    note = f"Hub: {result.reason}"
    if prev:
        row = {c: ("" if pd.isna(prev.get(c)) else prev.get(c)) for c in schema.MODELS}
        row["metadata_source"] = f"kept from the previous snapshot; {note}"
    elif model_id.lower() in src.facts:
        record = hub.hub_record_from_model_info(hub.model_info_from_facts(src.facts[model_id.lower()]))
        row = open_row(model_id, mention_open, record, result.status,
                       f"model-facts (offline reference, {FACTS_DATE}); {note}", FACTS_DATE, src)
    else:
        row = open_row(model_id, mention_open, None, result.status, note, "", src)
    row["hub_status"] = result.status
    if result.status == "removed":
        row["open_weights"] = mention_open or row["open_weights"] or "unknown"
    return row


def summarise(models: pd.DataFrame, scores: pd.DataFrame, changed: list[str], failed: dict, stats: dict,
              seconds: float, offline: bool) -> str:
    open_ = models[models["hub_status"] != "closed"]
    lines = [
        f"refresh ({'offline' if offline else 'live'}) in {seconds:.1f}s: {len(models)} models "
        f"({len(open_)} open, {len(models) - len(open_)} closed); fetched {stats.get('fetched', 0)}, "
        f"changed {len(changed)}, failed {len(failed)}",
        f"  params known: {(open_['params_source'] != 'unknown').sum()}/{len(open_)} open "
        f"({', '.join(f'{k} {v}' for k, v in open_['params_source'].value_counts().sort_index().items())})",
        f"  licence known: {(open_['license_family'] != 'unknown').sum()}/{len(open_)} open; families: "
        + ", ".join(f"{k} {v}" for k, v in models["license_family"].value_counts().sort_index().items()),
        f"  any score: {scores['model_id'].nunique()}/{len(models)} models; rows by source: "
        + ", ".join(f"{k} {v} ({scores.loc[scores['source'] == k, 'model_id'].nunique()} models)"
                    for k, v in scores["source"].value_counts().sort_index().items()),
    ]
    lines += [f"  NOTE {m}: {why}" for m, why in sorted(stats.get("notes", {}).items())]
    lines += [f"  FAILED {m}: {why}" for m, why in sorted(failed.items())]
    return "\n".join(lines)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--offline", action="store_true",
                        help="build from --reference files only; never touch the network")
    parser.add_argument("--reference", type=Path,
                        help="reference-data folder (model facts, leaderboard and arena CSVs)")
    parser.add_argument("--models", type=Path,
                        help="CSV with a model_id column (default: the snapshot's mentions.csv)")
    parser.add_argument("--token-env", default="HF_TOKEN",
                        help="environment variable holding a Hugging Face token (never printed or stored)")
    parser.add_argument("--snapshot", type=Path, default=snapshot.DEFAULT_DIR,
                        help="snapshot folder to refresh (default: the shipped model_data/snapshot)")
    parser.add_argument("--deadline", type=float, default=DEADLINE,
                        help=f"live only: give up the whole run after this many seconds (default {DEADLINE:g})")
    parser.add_argument("--timeout", type=float, default=REQUEST_TIMEOUT,
                        help=f"live only: seconds to wait for each Hub answer, and for the first probe "
                             f"(default {REQUEST_TIMEOUT:g})")


def run(args: argparse.Namespace) -> int:
    started = time.monotonic()
    folder = Path(args.snapshot)
    try:
        check_reference(args.reference, args.offline)
        model_list = load_model_list(args.models or folder / "mentions.csv")
        if not args.models:
            model_list = with_baselines(model_list)
    except UsageError as err:
        print(f"refresh: {err}", file=sys.stderr)
        return 2
    token = None if args.offline else (os.environ.get(args.token_env) or None)
    try:
        return _refresh(args, folder, model_list, token, started)
    except KeyboardInterrupt:
        if snapshot.swap_pending(folder):
            print(f"refresh: interrupted while swapping the new files into {folder}; run the refresh again, "
                  "or `python -m model_data validate`, to complete it", file=sys.stderr)
        else:
            print(f"refresh: interrupted; the snapshot in {folder} was not changed", file=sys.stderr)
        return 130
    except SourceError as err:
        print(f"refresh: {hub._scrub(str(err), token)}; the snapshot was not changed. Run again later.",
              file=sys.stderr)
        return 1


def _previous(folder: Path) -> tuple[pd.DataFrame, pd.DataFrame, dict]:
    """The current models, scores and manifest, used only to keep rows a source no longer answers
    for. Whatever cannot be read, or does not match the manifest, is left out with a warning: the
    refresh rebuilds from its sources and never copies unchecked rows into the new snapshot."""
    try:
        if snapshot.swap_pending(folder):   # finish an interrupted write first, as the write itself would
            with snapshot.locked(folder):
                snapshot.recover(folder)
        manifest = snapshot.read_manifest(folder)
    except (snapshot.SnapshotError, OSError) as err:
        print(f"refresh: warning: {err}; rebuilding without the previous snapshot", file=sys.stderr)
        return pd.DataFrame(columns=schema.MODELS), pd.DataFrame(columns=schema.SCORES), {}
    frames = []
    for name in ("models", "scores"):
        entry = (manifest.get("tables") or {}).get(name) or {}
        try:
            data = snapshot._read_file(folder / f"{name}.csv")
            if data is not None and hashlib.sha256(data).hexdigest() != entry.get("sha256"):
                raise snapshot.SnapshotError(f"{name}.csv does not match its sha256 in manifest.json")
            frames.append(snapshot._frame(name, data))
        except snapshot.SnapshotError as err:
            print(f"refresh: warning: {err}; rebuilding it from the sources only", file=sys.stderr)
            frames.append(pd.DataFrame(columns=schema.TABLES[name]))
    return frames[0], frames[1], manifest


def _refresh(args: argparse.Namespace, folder: Path, model_list: pd.DataFrame, token: str | None,
             started: float) -> int:
    progress = _progress(sys.stderr)
    deadline = None if args.offline else started + getattr(args, "deadline", DEADLINE)
    timeout = getattr(args, "timeout", REQUEST_TIMEOUT)
    if not args.offline:
        unreachable = hub.probe(timeout)
        if unreachable:
            print(f"refresh: the Hugging Face Hub is not reachable: {unreachable}; the snapshot was not changed. "
                  "Check the network (or HF_ENDPOINT), or build offline with --offline --reference DIR.",
                  file=sys.stderr)
            return 1
    try:
        src = load_sources(args.reference, args.offline, progress, deadline)
        print(f"sources: {', '.join(sorted(src.loaded)) or 'none'} read in {time.monotonic() - started:.1f}s",
              file=sys.stderr)
        phase = time.monotonic()
        previous, prev_scores, old_manifest = _previous(folder)
        models, failed, stats = build(model_list, src, offline=args.offline, token=token,
                                      previous=previous, progress=progress, deadline=deadline, timeout=timeout)
        print(f"hub metadata: {len(models)} models ({stats['fetched']} fetched from the Hub) in "
              f"{time.monotonic() - phase:.1f}s", file=sys.stderr)
        if failed:
            print(summarise(models, pd.DataFrame(columns=schema.SCORES), [], failed, stats,
                            time.monotonic() - started, args.offline), file=sys.stderr)
            print(f"refresh: {len(failed)} model(s) could not be fetched; the snapshot was not changed. "
                  "Run again later (the Hub may be rate limiting or down).", file=sys.stderr)
            return 1
        rows = models.to_dict("records")
        resolve_variants_and_licences(rows, src)
        scores = assign_scores(rows, src)
        scores, kept = carry_over(scores, prev_scores, src, old_manifest, {r["model_id"] for r in rows})
        by_model = scores.groupby("model_id")["source"].agg(set).to_dict()
        independent = set(scores.loc[scores["self_reported"].astype(str) != "true", "model_id"])
        for row in rows:
            mine = by_model.get(row["model_id"], set())
            row["scores_note"] = scores_note(row, mine, bool(mine) and row["model_id"] not in independent)
        models = pd.DataFrame(rows, columns=schema.MODELS)
        changed = _changed(previous, models)
        sources = {**kept, **src.loaded}
        model_sources = {k: v for k, v in src.loaded.items() if k in ("model-facts", "hub-facts", leaderboard.V2_SOURCE,
                                                                    leaderboard.V1_SOURCE)}
        if not args.offline:
            model_sources["hub api"] = {"url": f"{hub.HUB}/api/models/{{repo_id}}", "fetched_at":
                                        dt.date.today().isoformat(), "used_for": ["hub metadata"]}
        updates = {
            "tables": {
                "models": {"sources": model_sources, "values": {
                    "metadata_source": models["metadata_source"].value_counts().sort_index().to_dict(),
                    "params_source": models["params_source"].value_counts().sort_index().to_dict(),
                    "license_family": models["license_family"].value_counts().sort_index().to_dict(),
                }},
                "scores": {"sources": sources, "values": {
                    "rows_by_source": scores["source"].value_counts().sort_index().to_dict()}},
            },
            "licenses": {"table": "model_data/tables/licenses.csv", "disclaimer": licenses.NOT_LEGAL_ADVICE},
        }
        for table in updates["tables"].values():
            table["values"] = {k: {str(a): int(b) for a, b in v.items()} for k, v in table["values"].items()}
        written = writer.write_snapshot(folder, {"models": models, "scores": scores}, updates, complete=True)
    except snapshot.SnapshotError as err:
        print(f"refresh: {err}", file=sys.stderr)
        return 1
    print(summarise(models, scores, changed, failed, stats, time.monotonic() - started, args.offline))
    print(f"  wrote {', '.join(written) if written else 'nothing (snapshot already up to date)'} in {folder}")
    return 0
