"""Wall-clock bounds for network calls: a server that drips one byte every few seconds never trips a
per-read timeout, so every network step also runs against a clock it cannot reset."""

from __future__ import annotations

import threading
import time


class PastWallClock(TimeoutError):
    """The call did not finish by its wall-clock bound (the worker thread is abandoned)."""


def call_by(deadline: float | None, what: str, fn, *args, **kwargs):
    """`fn(*args, **kwargs)`, or PastWallClock once `deadline` (time.monotonic()) passes.

    The call runs in a daemon thread and the caller stops waiting at the deadline; the thread is
    abandoned and dies with the process. Used for library calls without an overall timeout.
    """
    if deadline is None:
        return fn(*args, **kwargs)
    box: dict = {}

    def run():
        try:
            box["value"] = fn(*args, **kwargs)
        except BaseException as err:  # noqa: BLE001  (re-raised in the caller's thread)
            box["error"] = err

    worker = threading.Thread(target=run, name=what, daemon=True)
    worker.start()
    worker.join(max(deadline - time.monotonic(), 0.0))
    if worker.is_alive():
        raise PastWallClock(what)
    if "error" in box:
        raise box["error"]
    return box["value"]


def soonest(*deadlines: float | None) -> float | None:
    """The earliest of the given deadlines (None: no bound)."""
    known = [d for d in deadlines if d is not None]
    return min(known) if known else None
