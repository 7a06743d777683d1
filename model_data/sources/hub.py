"""Hub metadata for one repo: fetched live with the real `huggingface_hub` client, or rebuilt
offline from the curated reference tables, and normalised by the one function both paths share.

Why one normaliser: the offline snapshot must be built by the same code that reads live data,
so a model_facts.csv row (or a leaderboard row) is first dressed up as the object
`HfApi.model_info` returns, then both go through `hub_record_from_model_info`.
The network client is imported only inside `fetch_model_info`: an offline build never loads it.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import time
from dataclasses import dataclass
from types import SimpleNamespace
from typing import Any, Callable

from model_data.errors import scrub
from model_data.wall_clock import PastWallClock, call_by, soonest

HUB = "https://huggingface.co"

# One model_info call per repo asks for exactly the fields the models table needs.
EXPAND = [
    "author",
    "cardData",
    "gated",
    "pipeline_tag",
    "library_name",
    "downloads",
    "likes",
    "createdAt",
    "lastModified",
    "safetensors",
    "tags",
]
RETRY_STATUS = {408, 429, 500, 502, 503, 504}
_sleep = time.sleep  # looked up at call time so tests can record waits instead of waiting


@dataclass
class Fetch:
    """Outcome of asking the Hub about one repo. `status`: ok | renamed | removed | gated | failed."""

    repo_id: str
    status: str
    info: Any = None
    reason: str = ""
    tries: int = 0


def _wait_seconds(response, attempt: int, base: float, cap: float) -> float:
    """Honour Retry-After (seconds or HTTP date) or the RateLimit reset; else exponential backoff."""
    headers = getattr(response, "headers", None) or {}
    value = headers.get("retry-after") if hasattr(headers, "get") else None
    if value:
        value = value.strip()
        if value.isdigit():
            return min(float(value), cap)
        try:
            when = email.utils.parsedate_to_datetime(value)
            return min(max((when - dt.datetime.now(dt.timezone.utc)).total_seconds(), 0.0), cap)
        except (TypeError, ValueError):
            pass
    if headers:
        from huggingface_hub.utils import parse_ratelimit_headers

        info = parse_ratelimit_headers(headers)
        if info is not None and info.remaining == 0:
            return min(float(info.reset_in_seconds), cap)
    return min(base * (2 ** (attempt - 1)), cap)


def fetch_model_info(
    repo_id: str,
    *,
    token: str | None = None,
    max_tries: int = 4,
    timeout: float = 10.0,
    backoff: float = 2.0,
    max_wait: float = 120.0,
    sleep: Callable[[float], None] | None = None,
    deadline: float | None = None,
) -> Fetch:
    """One `HfApi.model_info(repo_id, expand=EXPAND)` call with bounded retries.

    429 / 5xx / timeouts / resets / undecodable bodies are retried (waiting as long as the Hub
    asks, capped); 404 means the
    repo left the Hub; 401 / 403 mean a token with access is needed. The token never appears
    in a returned reason.
    """
    from huggingface_hub import HfApi

    sleep = sleep or _sleep
    api = HfApi()
    if deadline is not None:  # the refresh's overall deadline (time.monotonic()): no wait or try past it
        inner = sleep

        def sleep(seconds: float) -> None:
            if time.monotonic() + seconds >= deadline:
                raise _PastDeadline
            inner(seconds)

    try:
        return _fetch(api, repo_id, token, max_tries, timeout, backoff, max_wait, sleep, deadline)
    except _PastDeadline:
        return Fetch(repo_id, "failed", reason="the refresh's overall deadline was reached while retrying")


class _PastDeadline(Exception):
    pass


def _fetch(api, repo_id, token, max_tries, timeout, backoff, max_wait, sleep, deadline) -> Fetch:
    for attempt in range(1, max_tries + 1):
        if deadline is not None:
            left = deadline - time.monotonic()
            if left <= 0:
                raise _PastDeadline
            timeout = min(timeout, left)
        try:  # `timeout` bounds each read; the wall clock bounds the whole answer (a slow drip)
            info = call_by(
                soonest(time.monotonic() + timeout, deadline),
                f"hub: {repo_id}",
                api.model_info,
                repo_id,
                expand=EXPAND,
                token=token or False,
                timeout=timeout,
            )
        except Exception as err:  # noqa: BLE001  (what `_answer` does not know is raised again)
            answer = _answer(err, repo_id, token, attempt)
            if isinstance(answer, _Retry) and attempt < max_tries:
                sleep(answer.wait(backoff, max_wait))
                continue
            return answer.failed if isinstance(answer, _Retry) else answer
        renamed = info.id.lower() != repo_id.lower()
        return Fetch(repo_id, "renamed" if renamed else "ok", info=info, tries=attempt)
    raise AssertionError("unreachable: the loop always returns")


@dataclass(frozen=True)
class _Retry:
    """A failure worth another try (5xx, 429, timeout, network, a cut-short body): how long to wait,
    and the answer once no try is left."""

    failed: Fetch
    attempt: int
    response: Any = None  # an HTTP answer whose Retry-After header says how long to wait

    def wait(self, backoff: float, max_wait: float) -> float:
        if self.response is not None:
            return _wait_seconds(self.response, self.attempt, backoff, max_wait)
        return min(backoff * (2 ** (self.attempt - 1)), max_wait)


def _answer(err: Exception, repo_id: str, token: str | None, attempt: int) -> Fetch | _Retry:
    """What a failed `model_info` call means: the answer for this model, or a retry. Errors it does
    not know are raised again."""
    import httpx2
    from huggingface_hub.errors import GatedRepoError, HfHubHTTPError, RepositoryNotFoundError

    if isinstance(err, GatedRepoError):
        return Fetch(
            repo_id,
            "gated",
            reason="gated repo: the Hub needs a token whose account accepted the licence (set HF_TOKEN)",
            tries=attempt,
        )
    if isinstance(err, (RepositoryNotFoundError, HfHubHTTPError)):
        return _http_answer(err, repo_id, token, attempt, isinstance(err, RepositoryNotFoundError))
    if isinstance(err, httpx2.TooManyRedirects):
        return Fetch(repo_id, "failed", reason="the Hub's answer redirects in a loop", tries=attempt)
    if isinstance(err, (httpx2.TimeoutException, PastWallClock)):
        reason = f"timeout after {attempt} tries"
    elif isinstance(err, httpx2.RequestError):
        reason = scrub(f"network error ({type(err).__name__}) after {attempt} tries", token)
    elif isinstance(err, (ValueError, TypeError, KeyError)):
        # A 200 whose body is cut short or is not the model JSON (a proxy's HTML page, say):
        # the client raises while decoding. Often transient, so retried like a 5xx.
        reason = (
            f"invalid response body from the Hub ({type(err).__name__}: truncated or not JSON) after {attempt} tries"
        )
    else:
        raise err
    return _Retry(Fetch(repo_id, "failed", reason=reason, tries=attempt), attempt)


def _http_answer(err, repo_id: str, token: str | None, attempt: int, not_found: bool) -> Fetch | _Retry:
    status = err.response.status_code if err.response is not None else None
    if status == 404:
        reason = "not found on the Hub (404): removed or renamed without a redirect"
        return Fetch(repo_id, "removed", reason=reason, tries=attempt)
    if status in (401, 403):
        reason = f"the Hub answered {status}: a token with access is needed (gated or private repo)"
        return Fetch(repo_id, "gated", reason=reason, tries=attempt)
    if not_found:
        final = Fetch(repo_id, "removed", reason="not found on the Hub", tries=attempt)
    else:
        what = f"HTTP {status}" if status else scrub(type(err).__name__, token)
        final = Fetch(repo_id, "failed", reason=f"{what} after {attempt} tries", tries=attempt)
    return _Retry(final, attempt, err.response) if status in RETRY_STATUS else final


def probe(timeout: float = 10.0) -> str | None:
    """One cheap request to the Hub before a live refresh: None when it answers (any HTTP status),
    else why not, in words. A hanging or unreachable Hub then fails the run in `timeout` seconds
    instead of after minutes of retries per model."""
    import httpx2
    from huggingface_hub import constants
    from huggingface_hub.utils import get_session

    url = f"{constants.ENDPOINT}/api/models"
    try:
        call_by(
            time.monotonic() + timeout, "hub: probe", get_session().get, url, params={"limit": "1"}, timeout=timeout
        )
        return None
    except (httpx2.TimeoutException, PastWallClock):
        return f"{constants.ENDPOINT} did not answer within {timeout:g} s"
    except httpx2.TooManyRedirects:
        return f"{constants.ENDPOINT} redirects in a loop"
    except httpx2.RequestError as err:
        return f"{constants.ENDPOINT} cannot be reached ({type(err).__name__})"


def _card_get(card: Any, key: str) -> Any:
    if card is None:
        return None
    return card.get(key) if hasattr(card, "get") else getattr(card, key, None)


def _first(value: Any) -> str:
    if isinstance(value, (list, tuple)):
        return str(value[0]) if value else ""
    return "" if value is None else str(value)


def _date(value: Any) -> str:
    if value is None or value == "":
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    return str(value)[:10]


def _gated(value: Any) -> str:
    if value is None or value == "":
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value).lower()


def _base_model(card: Any, tags: list[str] | None) -> str:
    base = _card_get(card, "base_model")
    if base:
        return ";".join(base) if isinstance(base, (list, tuple)) else str(base)
    for tag in tags or []:
        if tag.startswith("base_model:"):
            return tag.split(":")[-1]
    return ""


def _base_relation(tags: list[str] | None) -> str:
    """The Hub writes `base_model:<relation>:<repo>` tags (finetune, quantized, adapter, merge)."""
    for tag in tags or []:
        parts = tag.split(":")
        if len(parts) == 3 and parts[0] == "base_model" and parts[1] in RELATIONS:
            return parts[1]
    return ""


RELATIONS = ("finetune", "quantized", "adapter", "merge")


def eval_results(info: Any) -> list[dict[str, Any]]:
    """The card's model-index results (what the maker reports, unless the Hub verified a metric),
    through huggingface_hub's own parser (`ModelCardData.eval_results`)."""
    card = getattr(info, "card_data", None)
    found = getattr(card, "eval_results", None) if card is not None and not isinstance(card, dict) else None
    out = []
    for r in found or []:
        out.append(
            {
                "dataset": getattr(r, "dataset_name", None) or getattr(r, "dataset_type", None),
                "metric": getattr(r, "metric_name", None) or getattr(r, "metric_type", None),
                "value": getattr(r, "metric_value", None),
                "verified": bool(getattr(r, "verified", False)),
                "source_url": getattr(r, "source_url", None),
            }
        )
    return out


def _license_url(link: str, repo_id: str) -> str:
    if not link:
        return ""
    if link.startswith(("http://", "https://")):
        return link
    return f"{HUB}/{repo_id}/blob/main/{link.lstrip('./')}"


def hub_record_from_model_info(info: Any) -> dict[str, Any]:
    """The models-table fields one `ModelInfo` (or an offline stand-in of the same shape) gives."""
    card = getattr(info, "card_data", None)
    safetensors = getattr(info, "safetensors", None)
    total = getattr(safetensors, "total", None) if safetensors is not None else None
    return {
        "hub_id": info.id,
        "author": getattr(info, "author", None) or info.id.split("/")[0],
        "license_id": _first(_card_get(card, "license")).strip().lower(),
        "license_name": _first(_card_get(card, "license_name")),
        "license_url": _license_url(_first(_card_get(card, "license_link")), info.id),
        "gated": _gated(getattr(info, "gated", None)),
        "task": getattr(info, "pipeline_tag", None) or "",
        "library": getattr(info, "library_name", None) or "",
        "downloads": getattr(info, "downloads", None),
        "likes": getattr(info, "likes", None),
        "created_at": _date(getattr(info, "created_at", None)),
        "last_modified": _date(getattr(info, "last_modified", None)),
        "base_model": _base_model(card, getattr(info, "tags", None)),
        "base_relation": _base_relation(getattr(info, "tags", None)),
        "params_safetensors_b": (total / 1e9) if total else None,
    }


def model_info_from_facts(row: dict[str, str]) -> SimpleNamespace:
    """A model_facts.csv row in the shape of `HfApi.model_info`'s result (no downloads/likes:
    the curated table does not carry them, so they stay unknown rather than 0)."""
    gated = {"false": False, "true": True}.get(row.get("gated", ""), row.get("gated") or None)
    card = {
        "license": row.get("hub_license") or None,
        "license_name": row.get("license_name") or None,
        "license_link": row.get("license_url") or None,
        "base_model": row.get("base_model") or None,
    }
    return _offline_info(
        row["hub_id"], card, gated, row.get("pipeline_tag"), row.get("library_name"), created_at=row.get("released")
    )


def model_info_from_contents(row: dict[str, Any]) -> SimpleNamespace:
    """An Open LLM Leaderboard `contents` row in the shape of `HfApi.model_info`'s result: the
    leaderboard copied licence, likes, upload date and base model from the Hub when it ran."""
    base = str(row.get("Base Model") or "")
    if base == "Removed" or base.endswith(" (Merge)") or base == row["fullname"]:
        base = ""
    likes = row.get("Hub ❤️")
    card = {"license": row.get("Hub License") or None, "base_model": base or None}
    return _offline_info(
        row["fullname"],
        card,
        likes=int(likes) if likes is not None and likes == likes else None,
        created_at=row.get("Upload To Hub Date"),
    )


def model_info_from_hub_facts(row: dict[str, str]) -> SimpleNamespace:
    """A hub_facts.csv row (the offline stand-in for the Hub) in the shape of `HfApi.model_info`'s
    result: the declared base model and its relation become the same `base_model:<relation>:<repo>`
    tag the Hub writes, so both paths read them with one normaliser."""
    gated = {"false": False, "true": True}.get(row.get("gated", ""), row.get("gated") or None)
    base, relation = row.get("base_model") or "", row.get("base_relation") or ""
    tags = [f"base_model:{relation}:{base}"] if base and relation in RELATIONS else []
    card = {
        "license": row.get("license_id") or None,
        "license_name": row.get("license_name") or None,
        "base_model": base or None,
    }
    # downloads / likes are left unknown: hub-facts read them on pages of different ages.
    return _offline_info(
        row["repo_id"],
        card,
        gated,
        row.get("pipeline_tag"),
        row.get("library_name"),
        created_at=row.get("created_at"),
        tags=tags,
    )


def _offline_info(
    repo_id: str, card: dict, gated=None, pipeline_tag=None, library_name=None, *, likes=None, created_at=None, tags=()
) -> SimpleNamespace:
    """A reference row's facts in the shape of `HfApi.model_info`'s result, so the offline and live
    paths share one reader. Downloads, last-modified and safetensors counts are unknown offline."""
    return SimpleNamespace(
        id=repo_id,
        author=repo_id.split("/")[0],
        card_data=card,
        gated=gated,
        pipeline_tag=pipeline_tag or None,
        library_name=library_name or None,
        downloads=None,
        likes=likes,
        created_at=created_at or None,
        last_modified=None,
        safetensors=None,
        tags=list(tags),
    )
