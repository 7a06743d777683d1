"""The reviewed tables in model_data/tables that more than one stage reads.

licenses.csv is applied by the refresh (model_data.sources.licenses) and checked by validate;
reading it here keeps the snapshot's code (model_data.store) free of any stage.
"""

from __future__ import annotations

import csv
from functools import lru_cache

from model_data import TABLES

LICENSE_TABLE = TABLES / "licenses.csv"


@lru_cache(maxsize=1)
def license_table() -> dict[str, dict[str, str]]:
    """licence key -> its reviewed row (family, commercial use, plain answers, where it was read)."""
    with LICENSE_TABLE.open(encoding="utf-8", newline="") as fh:
        return {row["license_key"]: row for row in csv.DictReader(fh)}
