"""The Compare page's attribute table as shown: views.compare_table's values as text (unknowns with their
reason, scores per source in their own units), what differs marked, the rows a view asks for."""

from __future__ import annotations

import numpy as np
import pandas as pd

from model_data import views
from ui import format as fmt
from ui import labels

IDENTITY = {"Name", "Model id"}  # they always differ between two models: never marked or shaded
SCORES_ROW = labels.COMPARE_LABELS["score_headlines"]
WHY_ROW = labels.COMPARE_LABELS["no_score_reason"]
# The rows a presenter shows (one screen): may I use it, how big, how good.
PRESENT_ROWS = [
    "Name",
    "Licence family",
    "Commercial use",
    "Startup product?",
    "Licence warning",
    "Parameters (B)",
    "Active parameters (B)",
    "Memory 4-bit (GB, estimate)",
    SCORES_ROW,
]
# Rows that say something only when there is something to say: an empty cell there is not an unknown.
NOTE_ROWS = {
    "Parameters: note",
    WHY_ROW,
    "Licence warning",
    "Base model's licence",
    "Repackaging of",
    "Repackagings",
}
SHADE = "font-weight: bold; background-color: rgba(230, 159, 0, 0.25)"


def number_text(value) -> str:
    """Counts with thousands separators, measurements to at most two decimals, text as is."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return f"{value:,.0f}" if abs(value) >= 1000 else f"{round(value, 2):g}"
    return str(value)


def no_score(record: dict) -> str:
    """Why a model has no score, as format.word_models worded it ("" when it has one)."""
    return record.get("scores_why") or ""


def cell_text(attribute: str, value, record: dict) -> str:
    """A compare cell as text: unknowns with their reason, dense models' active parameters said as such."""
    if attribute == SCORES_ROW:  # views.score_headlines: each source in its own unit
        if isinstance(value, list) and value:
            return fmt.score_summary(value)
        return fmt.unknown_text(no_score(record) or "no score in the sources used")
    if attribute == WHY_ROW:
        return no_score(record)
    if attribute == "Active parameters (B)" and fmt.missing(value) and not fmt.missing(record.get("params_b")):
        return "dense (all active)"
    if fmt.missing(value) or (isinstance(value, str) and value.strip().lower() in ("", "unknown")):
        if attribute in NOTE_ROWS:  # notes: nothing to say is said by an empty cell
            return ""
        if attribute == "Parameters (B)" or attribute.startswith("Memory"):
            return fmt.unknown_text(record.get("params_note") or "no parameter count in the sources")
        return fmt.unknown_text(fmt.UNKNOWN_REASONS.get(attribute, "not in the sources"))
    return number_text(value)


def build(records: dict[str, list[dict]], chosen: list[str], only_diff: bool, present: bool) -> pd.DataFrame:
    """Attribute rows x the chosen models (records: Data.compare_records, with `scores_why`), with a "Differs" column.

    `only_diff` keeps the rows that differ (and the names); `present` keeps PRESENT_ROWS; a note row
    no model has anything in is left out."""
    rows = [records[m][0] for m in dict.fromkeys(chosen) if m in records]
    table = views.compare_table(rows, chosen).rename(index=labels.COMPARE_LABELS)
    by_column = dict(zip(table.columns[:-1], [records.get(m, [{}])[0] for m in chosen]))
    cells = pd.DataFrame(
        {col: [cell_text(attr, v, by_column[col]) for attr, v in table[col].items()] for col in table.columns[:-1]},
        index=table.index,
    )
    differs = pd.Series(
        [len(set(vals)) > 1 and attr not in IDENTITY for attr, vals in zip(cells.index, cells.to_numpy().tolist())],
        index=table.index,
    )
    keep = differs | cells.index.isin(IDENTITY - {"Model id"}) if only_diff else pd.Series(True, index=table.index)
    keep &= (cells != "").any(axis=1)
    if present:
        keep &= cells.index.isin(PRESENT_ROWS)
    display = cells[keep.to_numpy()].copy()
    display.insert(0, "Differs", differs[keep.to_numpy()].map({True: "differs", False: ""}))
    return display.reset_index(names="Attribute")


def shading(frame: pd.DataFrame) -> pd.DataFrame:
    """Every cell's style at once for Styler.apply(axis=None): the rows that differ shaded (a per-row
    Styler.apply costs a pandas call per attribute row)."""
    marked = (frame["Differs"] != "").to_numpy()
    return pd.DataFrame(
        np.where(np.broadcast_to(marked[:, None], frame.shape), SHADE, ""), index=frame.index, columns=frame.columns
    )
