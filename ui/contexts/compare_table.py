"""The Compare page's attribute table as shown: views.compare_table's values as text (unknowns with their
reason, scores per source in their own units), what differs marked, the rows a view asks for."""

from __future__ import annotations

import pandas as pd

from model_data import views
from ui.text import format as fmt
from ui.text import labels

# Rows are views.COMPARE_FIELDS codes until the table is drawn: behaviour never depends on a label
# (ui/labels.COMPARE_LABELS words them in `build`'s last step only).
IDENTITY = {"display_name", "model_id"}  # they always differ between two models: never marked or shaded
SCORES_ROW = "score_headlines"
WHY_ROW = "no_score_reason"
# The rows a presenter shows (one screen): may I use it, how big, how good.
PRESENT_ROWS = [
    "display_name",
    "open_weights",
    "license_family",
    "commercial_use",
    "startup_product",
    "license_warning",
    "params_b",
    "params_active_b",
    "mem_4bit_gb",
    SCORES_ROW,
]
# Rows that say something only when there is something to say: an empty cell there is not an unknown.
NOTE_ROWS = {"params_note", WHY_ROW, "license_warning", "base_license_id", "variant_of", "repackagings"}
SIZE_ROWS = {"params_b", "mem_4bit_gb", "mem_8bit_gb", "mem_16bit_gb"}
SHADE = "font-weight: bold; background-color: rgba(230, 159, 0, 0.25)"  # the rows that differ (marked)


def number_text(value) -> str:
    """Counts with thousands separators, measurements to at most two decimals, text as is."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return f"{value:,.0f}" if abs(value) >= 1000 else f"{round(value, 2):g}"
    return str(value)


def no_score(record: dict) -> str:
    """Why a model has no score, as format.word_models worded it ("" when it has one)."""
    return record.get("scores_why") or ""


def unknown_reason(field: str, value, record: dict) -> str | None:
    """Why a compare cell is unknown (None: it is not): the model's own note where it has one."""
    if field == SCORES_ROW:
        return None if isinstance(value, list) and value else (no_score(record) or "no score in the sources used")
    if field in NOTE_ROWS or field == "params_active_b" or field == "open_weights":
        return None
    if fmt.missing(value) or (isinstance(value, str) and value.strip().lower() in ("", "unknown")):
        if field in SIZE_ROWS:
            return fmt.size_reason(record.get("params_note"))
        return fmt.UNKNOWN_REASONS.get(labels.COMPARE_LABELS.get(field, field), fmt.FALLBACK_REASON)
    return None


def cell_text(field: str, value, record: dict) -> str:
    """A compare cell as text ("—" for unknown: its reason is in the legend, `unknown_reason`), dense
    models' active parameters said as such, open weights as yes / closed."""
    if unknown_reason(field, value, record) is not None:
        return fmt.UNKNOWN_MARK
    if field == SCORES_ROW:  # views.score_headlines: each source in its own unit
        return fmt.score_summary(value)
    if field == WHY_ROW:
        return no_score(record)
    if field == "open_weights":
        return "yes" if str(value).lower() == "true" else "no (closed, API only)"
    if field == "params_active_b" and fmt.missing(value):
        return "dense (all active)" if not fmt.missing(record.get("params_b")) else ""
    if fmt.missing(value) or (isinstance(value, str) and value.strip().lower() in ("", "unknown")):
        return ""  # a note row with nothing to say
    return number_text(value)


Attributes = tuple[pd.DataFrame, dict[str, dict]]


def attributes(records: dict[str, list[dict]], chosen: list[str]) -> Attributes:
    """views.compare_table of the chosen models and each of its columns' record: what `build` and
    `legend` both read (a page computes it once per rerun and hands it to both)."""
    rows = [records[m][0] for m in dict.fromkeys(chosen) if m in records]
    table = views.compare_table(rows, chosen)
    return table, dict(zip(table.columns[:-1], [records.get(m, [{}])[0] for m in chosen]))


def build(
    records: dict[str, list[dict]], chosen: list[str], only_diff: bool, present: bool, attrs: Attributes | None = None
) -> pd.DataFrame:
    """Attribute rows x the chosen models (records: Data.compare_records, with `scores_why`), with a "Differs" column.

    `only_diff` keeps the rows that differ (and the names); `present` keeps PRESENT_ROWS; a note row
    no model has anything in is left out. Rows are field codes until the labels are applied at the end."""
    table, by_column = attrs or attributes(records, chosen)
    columns = list(table.columns[:-1])
    # Plain lists: a Compare table is ~27 x 6 cells, where each pandas step (mask, insert, rename) cost more.
    rows = []
    for field, values in zip(table.index, table[columns].to_numpy().tolist()):
        cells = [cell_text(field, v, by_column[col]) for col, v in zip(columns, values)]
        differs = len(set(cells)) > 1 and field not in IDENTITY
        if only_diff and not (differs or field in IDENTITY - {"model_id"}):
            continue
        if not any(c != "" for c in cells) or (present and field not in PRESENT_ROWS):
            continue
        rows.append([labels.COMPARE_LABELS.get(field, field), "differs" if differs else "", *cells])
    return pd.DataFrame(rows, columns=["Attribute", "Differs", *columns], dtype="str")


def legend(
    records: dict[str, list[dict]], chosen: list[str], shown: pd.DataFrame, attrs: Attributes | None = None
) -> list[str]:
    """Why each "—" in the shown table is unknown: "Attribute, Model: reason" (one line per reason)."""
    table, by_column = attrs or attributes(records, chosen)
    shown_labels = set(shown.iloc[:, 0])  # the Attribute column (by position: a model may be named anything)
    columns = list(by_column)
    out: dict[str, list[str]] = {}
    for field, values in zip(table.index, table[columns].to_numpy().tolist()):  # plain lists: no Series per row
        label = labels.COMPARE_LABELS.get(field, field)
        if label not in shown_labels:
            continue
        for col, value in zip(columns, values):
            why = unknown_reason(field, value, by_column[col])
            if why is not None:
                out.setdefault(f"{why[:1].upper()}{why[1:].rstrip('.')}", []).append(f"{label} of {col}")
    return [f"{', '.join(where)}: {why}." for why, where in out.items()]


def marked(cells: pd.DataFrame) -> pd.DataFrame:
    """The shown table (format.md_cells of `build`) with each "differs" in bold markdown: the one bold
    cell of its row, by which widgets.static_table's `row_style` shades the row. Only the Differs
    column (the second, by position: a model may be named anything): every other cell is escaped text,
    so nothing else renders bold."""
    out = cells.copy()
    out.isetitem(1, [f"**{v}**" if v else "" for v in out.iloc[:, 1]])
    return out
