"""Today's date for the pages: which episode is the latest aired depends on it."""

from __future__ import annotations

import datetime
import os


def today() -> str:
    """Today's date (ISO); MME_TODAY pins it (tests, screenshots)."""
    return os.environ.get("MME_TODAY") or datetime.date.today().isoformat()
