"""ui/text/table_cells.grid_cells: what the grids show for unknown values (one short token, "—", never None or nan),
for nothing to say (an empty cell), and which columns a grid leaves out (no row has a value)."""

from __future__ import annotations

import pandas as pd

from ui.text import format as fmt
from ui.text import table_cells


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
    out = table_cells.grid_cells(frame, {"Score": ["", "closed model: not on open leaderboards"]})
    assert list(out["Score"]) == ["71.2", fmt.UNKNOWN_MARK]
    assert pd.api.types.is_integer_dtype(out["Downloads"])  # no unknowns: still sortable as numbers
    assert out.loc[1, "Organisation"] == out.loc[1, "Commercial use"] == out.loc[1, "Section"] == fmt.UNKNOWN_MARK
    cells = out.astype(str).to_numpy().ravel()
    assert not [c for c in cells if c.lower() in ("none", "nan", "unknown", "")]
    assert frame.loc[1, "Score"] != frame.loc[1, "Score"]  # the CSV's frame keeps its empty cell


def test_nothing_to_say_is_empty_and_a_column_without_values_is_left_out():
    frame = pd.DataFrame(
        {
            "Model": ["A", "B"],
            "Licence warning": [None, "read the base licence"],
            "Caveat": [None, ""],
            "Active (B)": [None, 3.0],
            "Organisation": [None, None],
        }
    )
    out = table_cells.grid_cells(frame)
    assert list(out["Licence warning"]) == ["", "read the base licence"] and list(out["Active (B)"]) == ["", "3"]
    assert table_cells.empty_columns(out) == ["Caveat", "Organisation"]
    import pyarrow as pa

    assert table_cells.empty_columns(pa.Table.from_pandas(out, preserve_index=False)) == ["Caveat", "Organisation"]
    assert table_cells.has_unknown(out) and not table_cells.has_unknown(out.drop(columns="Organisation"))
    added = table_cells.grid_cells(
        pd.DataFrame({"Episode": ["S1E1", "S1E2"], "New": [2, 0], "New models": ["A; B", "none"]})
    )
    assert list(added["New models"]) == ["A; B", ""]  # none new is known: never an unknown mark


def test_gated_is_known_for_hub_repos_and_closed_models():
    assert fmt.gated_text("false", True) == "no" and fmt.gated_text("manual", True) == "yes (manual)"
    assert fmt.gated_text(None, False) == "API only" and fmt.gated_text(None, True) == fmt.UNKNOWN


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
    assert fmt.unknown_text("No parameter count.") == fmt.unknown_text(None) == fmt.UNKNOWN_MARK


def test_an_episode_without_models_says_what_it_covered_and_that_it_named_none():
    topics = "Intro & Housekeeping; Foundry Toolkit GA; Welcome; Agents in VS Code; Q&A"
    assert fmt.covered_text(topics) == "Foundry Toolkit GA, Agents in VS Code"  # routine chapters left out
    text = fmt.no_models_text("S3E17", "Agents", True, 2, topics)
    assert "named no model" in text and "Foundry Toolkit GA" in text and "2 names" in text
    assert "covered" not in fmt.no_models_text("S3E17", "Agents", True, 0, None)
    assert "did not air" in fmt.no_models_text("S3E9", "Plan", False, 0, topics)
