"""The cells of the app's tables: every unknown shown as one mark (its reason in the column's help),
a cell with nothing to say left empty, numbers kept numeric where they can sort (st.dataframe's grid)
or formatted as text (static tables). format.py words single values and columns; this module, whole tables.

Importing this module does not import pandas; the functions that take frames import it when called.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from model_data.cells import missing
from ui.text.format import MODEL_COLUMNS, SELF_REPORTED_LEGEND, UNKNOWN_MARK, UNKNOWN_REASONS, size_reason

if TYPE_CHECKING:
    import numpy as np
    import pandas as pd


# Columns where an empty cell has nothing to say (no warning, no repackaging, a dense model's active
# parameters, a closed model's Hub gating): shown empty, never as unknown.
NOT_APPLICABLE = {
    "Commercial clause",
    "Licence warning",
    "Hub facts",
    "Repackagings (ONNX, GGUF, ...)",
    "Repackaging of",
    "Why no score",
    "Why size unknown",
    "Active (B)",
    "Caveat",
    "Reported by",
    "±95% CI",
    "Weights",
    "New models",  # an episode that named no new model: its "New" column says 0
}


def model_reasons(models: pd.DataFrame) -> dict[str, list[str]]:
    """Per-row reasons for the model columns whose reason depends on the model (aligned with `models`' rows)."""
    import pandas as pd

    notes = models["params_note"] if "params_note" in models else pd.Series([None] * len(models), index=models.index)
    size = [size_reason(n) for n in notes]
    score = [w if isinstance(w, str) and w.strip() else "no score in the sources used" for w in models["scores_why"]]
    return {
        "Size": size,
        "Params (B)": size,
        "Size class": size,
        "4-bit GB (est.)": size,
        "16-bit GB (est.)": size,
        MODEL_COLUMNS["score_summary"]: score,
        # a slide's cell stays short: the reason in full is on the normal page
        MODEL_COLUMNS["score_brief"]: ["no score in the sources used"] * len(score),
    }


def grid_cells(frame: pd.DataFrame, reasons: dict[str, list[str]] | None = None) -> pd.DataFrame:
    """The grid's cells: every unknown as UNKNOWN_MARK (the grid itself prints None), an empty cell of a
    NOT_APPLICABLE column as "" (nothing to say is not unknown).

    A numeric column with unknowns becomes text (numbers formatted as in the static tables); a column
    without unknowns stays numeric, so it sorts. Why a cell is unknown is in the column's help
    (column_config) and the table's legend; `reasons` (model_reasons) is accepted for callers that keep
    per-row reasons. The CSV download keeps the frame as it was: empty cells.
    """
    import pandas as pd

    out = frame.copy()
    for col in out.columns:
        values = out[col]
        is_unknown = values.isna() | values.astype(str).str.strip().str.lower().isin(["unknown", "none", "nan", ""])
        if col in ("Hub",):  # a link column: empty = no Hub page, drawn empty by LinkColumn
            continue
        if not is_unknown.any():
            continue
        if col in NOT_APPLICABLE:  # nothing is unknown there: the cell just has nothing to say
            known = values.astype(object).where(~is_unknown, "")
            out[col] = known.map(lambda v: v if isinstance(v, str) else f"{v:g}" if isinstance(v, float) else str(v))
            continue
        numeric = pd.api.types.is_numeric_dtype(values) and not pd.api.types.is_bool_dtype(values)
        big = col in {"Downloads", "Likes"}
        text = [
            UNKNOWN_MARK
            if miss
            else (f"{v:,.0f}" if big else f"{v:.1f}" if col == "Score" else f"{round(v, 2):g}")
            if numeric
            else str(v)
            for v, miss in zip(values, is_unknown)
        ]
        out[col] = pd.Series(text, index=out.index, dtype=object)
    return out


def blank_cells(grid) -> np.ndarray:
    """Per column of an Arrow grid (after grid_cells), per row: whether the cell shows nothing (null, empty,
    or the unknown mark). Kept per snapshot by a page, a view's empty columns are then a numpy take."""
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc

    blank = pa.array(sorted({"", UNKNOWN_MARK}))
    rows = []
    for name in grid.column_names:
        col = grid.column(name)
        none = pc.is_null(col)
        if pa.types.is_string(col.type) or pa.types.is_large_string(col.type):
            none = pc.or_(none, pc.is_in(col, value_set=blank))
        rows.append(none.to_numpy(zero_copy_only=False))
    return np.vstack(rows) if rows else np.zeros((0, len(grid)), dtype=bool)


def empty_of(names: list[str], blank: np.ndarray) -> list[str]:
    """The columns (`names`, rows of blank_cells) where no row has a value; none in a grid of no rows."""
    if not blank.shape[1]:
        return []
    return [n for n, empty in zip(names, blank.all(axis=1)) if empty]


def empty_columns(grid) -> list[str]:
    """The columns of a grid (frame or Arrow table, after grid_cells) where no row has a value: not shown."""
    if hasattr(grid, "column_names"):  # pyarrow
        return empty_of(list(grid.column_names), blank_cells(grid))
    if not len(grid):
        return []
    blank = {"", UNKNOWN_MARK}
    return [c for c in grid.columns if grid[c].map(lambda v: missing(v) or (isinstance(v, str) and v in blank)).all()]


def has_unknown(grid) -> bool:
    """Whether any cell of the grid shows UNKNOWN_MARK (its legend is then drawn)."""
    if hasattr(grid, "column_names"):
        import pyarrow as pa
        import pyarrow.compute as pc

        return any(
            pc.any(pc.equal(grid.column(n), UNKNOWN_MARK)).as_py()
            for n in grid.column_names
            if pa.types.is_string(grid.column(n).type)
        )
    return bool((grid.astype(str) == UNKNOWN_MARK).to_numpy().any())


def as_text(frame: pd.DataFrame) -> pd.DataFrame:
    """Every cell as text, an empty one as UNKNOWN_MARK (static tables: presenter mode, never 0 or None).

    The interactive grid keeps numbers as numbers so its columns sort; it ignores pandas Styler
    display values, so there the text columns 'Size' and the 'Why ...' columns carry the unknowns.
    """
    import pandas as pd

    out = frame.copy()
    for col in out.columns:
        if pd.api.types.is_numeric_dtype(out[col]) and not pd.api.types.is_bool_dtype(out[col]):
            big = col in {"Downloads", "Likes", "downloads", "likes"}
            out[col] = out[col].map(
                lambda v, c=col: (
                    UNKNOWN_MARK
                    if pd.isna(v)
                    else (f"{v:,.0f}" if big else f"{v:.1f}" if c == "Score" else f"{round(v, 2):g}")
                )
            )
        else:
            out[col] = out[col].map(
                lambda v: UNKNOWN_MARK if v is None or (isinstance(v, float) and pd.isna(v)) else str(v)
            )
    return out


def column_config(st_column_config, frame=None) -> dict:
    """Column settings for st.dataframe; takes st.column_config so this module stays Streamlit-free.

    Given the grid's `frame` (or Arrow table), a number setting is kept only for columns that are
    still numeric (grid_cells turns a column with unknowns into text)."""
    cc = st_column_config
    config = {
        "Hub": cc.LinkColumn("Hub", display_text="open on Hub", help="Hugging Face page (built from the model id)"),
        "Params (B)": cc.NumberColumn(
            "Params (B)", help="Total parameters, billions (sortable). — = unknown: see 'Why size unknown'."
        ),
        "Size": cc.TextColumn(
            "Size", help="Total parameters; — when no source gives a count (reason in 'Why size unknown')."
        ),
        "4-bit GB (est.)": cc.NumberColumn(
            "4-bit GB (est.)", format="%.1f", help="Estimate: params x 4/8 bytes x 1.2 overhead."
        ),
        "16-bit GB (est.)": cc.NumberColumn(
            "16-bit GB (est.)", format="%.1f", help="Estimate: params x 2 bytes x 1.2 overhead."
        ),
        MODEL_COLUMNS["score_summary"]: cc.TextColumn(MODEL_COLUMNS["score_summary"], help=SELF_REPORTED_LEGEND),
        "Hub facts": cc.TextColumn(
            "Hub facts",
            help="sourced = read on a cited page; recalled = not checked against a page: treat as unverified.",
        ),
    }
    for name, why in UNKNOWN_REASONS.items():  # the reason behind a column's "—", in its header's help
        config.setdefault(name, cc.Column(help=f"{UNKNOWN_MARK} = unknown: {why}."))
    if frame is None:
        return config
    names = list(frame.column_names) if hasattr(frame, "column_names") else list(frame.columns)
    text = {n for n in names if str(_dtype(frame, n)) in ("object", "string", "str", "large_string")}
    for name in text & set(config):
        if name != "Hub":
            config[name] = cc.TextColumn(
                name, help=config[name].get("help") if isinstance(config[name], dict) else None
            )
    return config


def _dtype(frame, name):
    return frame.schema.field(name).type if hasattr(frame, "schema") else frame[name].dtype
