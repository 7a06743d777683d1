"""A content-addressed cache for slow, deterministic reads (PDF text, parsed chapter files, a
refresh whose inputs did not change), so an update with nothing new does not redo them.

One JSON file per entry, named by (kind, sha256 of the input bytes and the reader's version), in
`MME_CACHE_DIR` or `.cache/model_data/` at the repository root (git-ignored). Deleting the folder
only costs time. An entry is used only if it parses, names the same kind and key, and its payload
still matches the checksum written with it; anything else is rebuilt and overwritten, never
trusted. A folder that cannot be written just means no cache.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import tempfile
from pathlib import Path
from typing import Any, Callable

DEFAULT_DIR = Path(__file__).resolve().parents[1] / ".cache" / "model_data"


def folder() -> Path:
    return Path(os.environ.get("MME_CACHE_DIR") or DEFAULT_DIR)


def key_of(*parts: bytes | str) -> str:
    """sha256 over the parts, each length-prefixed so ("ab", "c") and ("a", "bc") differ."""
    digest = hashlib.sha256()
    for part in parts:
        raw = part.encode("utf-8") if isinstance(part, str) else part
        digest.update(len(raw).to_bytes(8, "big") + raw)
    return digest.hexdigest()


def _payload(value: Any) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False, allow_nan=False)


def _path(kind: str, key: str) -> Path:
    return folder() / kind / f"{key}.json"


def get(kind: str, key: str) -> Any | None:
    """The stored value, or None when missing, unreadable, or not matching its own checksum."""
    path = _path(kind, key)
    try:
        entry = json.loads(path.read_text(encoding="utf-8"))
        payload = _payload(entry["value"])
        if entry["kind"] != kind or entry["key"] != key or entry["check"] != key_of(payload):
            raise ValueError("entry does not match its key or checksum")
        return entry["value"]
    except FileNotFoundError:
        return None
    except (OSError, ValueError, KeyError, TypeError):
        try:
            path.unlink()
        except OSError:
            pass
        return None


def put(kind: str, key: str, value: Any) -> None:
    """Store `value` (JSON data) atomically; silently nothing if the folder cannot be written."""
    try:
        payload = _payload(value)
    except (TypeError, ValueError):
        return
    path = _path(kind, key)
    entry = {"kind": kind, "key": key, "check": key_of(payload), "value": value}
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
    except OSError:
        return
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(entry, fh, ensure_ascii=False, allow_nan=False)
        os.replace(tmp, path)
    except (OSError, ValueError, TypeError):
        with contextlib.suppress(OSError):
            os.unlink(tmp)


def through(kind: str, key: str, build: Callable[[], Any]) -> Any:
    """The cached value for `key`, else `build()` stored and returned. A value that does not come
    back from JSON unchanged (tuples, non-string keys) is returned but not stored."""
    found = get(kind, key)
    if found is not None:
        return found
    value = build()
    try:
        if json.loads(_payload(value)) == value:
            put(kind, key, value)
    except (TypeError, ValueError):
        pass
    return value
