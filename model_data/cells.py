"""What counts as an unknown cell: one rule for the data layer and the pages, without importing pandas.

Unknown is never 0: None, NaN, pd.NA and NaT are unknown; a string or a number never is. The
landing page formats cells before pandas is loaded (ui/store/landing.py), so pandas is asked only
about objects that can only exist once it is imported.
"""

from __future__ import annotations

import sys


def missing(value) -> bool:
    """None, NaN, NaT or pd.NA (a scalar cell); a string or a number is never missing."""
    if value is None:
        return True
    if isinstance(value, float):
        return value != value
    if isinstance(value, (str, int)):
        return False
    pd = sys.modules.get("pandas")
    try:
        return pd is not None and bool(pd.isna(value))
    except (TypeError, ValueError):
        return False
