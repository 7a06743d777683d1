"""ui/format.grid_cells: what the interactive grid shows for unknown values ('unknown — <reason>', never None or nan)."""

from __future__ import annotations

import pandas as pd

from ui import format as fmt


def test_unknowns_say_why_and_known_numbers_stay_numbers():
    frame = pd.DataFrame(
        {
            "Model": ["A", "B"],
            "Score": [71.234, None],
            "Downloads": [1200, 3000],
            "Organisation": ["Meta", None],
            "Commercial use": ["yes", "unknown"],
            "Section": ["news", ""],
        }
    )
    out = fmt.grid_cells(frame, {"Score": ["", "closed model: not on open leaderboards"]})
    assert list(out["Score"]) == ["71.2", "unknown — closed model: not on open leaderboards"]
    assert pd.api.types.is_integer_dtype(out["Downloads"])  # no unknowns: still sortable as numbers
    assert out.loc[1, "Organisation"] == "unknown — not in the sources"
    assert out.loc[1, "Commercial use"].startswith("unknown — ")
    assert out.loc[1, "Section"].startswith("unknown — ")
    cells = out.astype(str).to_numpy().ravel()
    assert not [c for c in cells if c.lower() in ("none", "nan", "unknown", "")]
    assert frame.loc[1, "Score"] != frame.loc[1, "Score"]  # the CSV's frame keeps its empty cell


def test_model_columns_put_the_answer_first():
    cols = fmt.answer_first(
        [
            "model_id",
            "size_text",
            "display_name",
            "score_summary",
            "commercial_use",
            "license_family",
            "license_warning",
            "extra",
        ]
    )
    assert cols == [
        "display_name",
        "license_family",
        "commercial_use",
        "license_warning",
        "score_summary",
        "size_text",
        "model_id",
        "extra",
    ]


def test_unknown_text():
    assert fmt.unknown_text("No parameter count.") == "unknown — no parameter count"
    assert fmt.unknown_text(None) == "unknown"
