"""The Models page's table: the models found, in the chosen order, with the chosen benchmark's columns
right after the answer columns, as the interactive grid (a pyarrow Table) or a presenter's static frame.

The formatted table is built once per snapshot (Data.model_display / model_display_arrow); a view state
(filters, sort, benchmark) only picks and orders its rows, and is kept for every viewer (Data.recent).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import numpy as np
import pandas as pd

from model_data import views
from ui.text import format as fmt
from ui.text import table_cells
from ui.text import labels

LEAD = 4  # Model, Weights, Licence family, Commercial use: the answer columns come first
PRESENT_COLUMNS = ["display_name", "weights", "license_family", "commercial_use", "size_text"]


@dataclass(frozen=True)
class Bench:
    """The benchmark chosen for the score column: one comparable group (one source, one unit)."""

    group: str
    benchmark: str
    column: pd.DataFrame  # views.benchmark_column: one row per model with its unit, CI, self-reported flag

    @property
    def unit(self) -> str:
        return self.column["unit"].iloc[0] if len(self.column) else ""

    @property
    def label(self) -> str:
        return f"{self.benchmark} · {self.group} ({self.unit})"


@dataclass(frozen=True)
class ModelsTable:
    rows: pd.DataFrame  # the models found, sorted (views columns)
    frame: pd.DataFrame | None  # presenter: the static table's frame (None: the grid)
    grid: object | None  # normal: the grid's pyarrow Table
    column_order: list[str]
    reasons: dict | None  # presenter: per-row reasons for unknown cells
    download: Callable[[], pd.DataFrame]  # the CSV of exactly these rows and columns (built on click)
    grid_empty: list[str] | None = None  # normal: the grid's columns no row of this view has a value in


def _bench_cells(by_model: pd.DataFrame, ids: list[str]) -> dict[str, list]:
    """The chosen benchmark's fields for these rows, in their order (None where a model has no score):
    one vectorised lookup (a per-row lookup cost ~0.7 ms per field at 4,500 models)."""
    fields = ["score", "decimals", "ci_lower", "ci_upper", "self_reported", "reported_by", "caveat"]
    rows = by_model.reindex(columns=fields).reindex(ids).astype(object)  # an older snapshot: no reported_by
    return {c: rows[c].where(rows[c].notna(), None).tolist() for c in fields}


def _score_columns(bench: Bench | None, cells: dict[str, list], present: bool) -> dict[str, list]:
    """The chosen benchmark's columns: value (numeric in the CSV; as the source reports it when
    presenting), CI, who reported it, caveat."""
    if bench is None:
        return {}
    score, decimals, lo, hi, self_rep, who = (
        cells[c] for c in ("score", "decimals", "ci_lower", "ci_upper", "self_reported", "reported_by")
    )
    if present:
        return {
            bench.label: [
                fmt.score_text(v, d, a, b, s, w) if v is not None else fmt.UNKNOWN_MARK
                for v, d, a, b, s, w in zip(score, decimals, lo, hi, self_rep, who)
            ]
        }
    return {
        bench.label: score,
        "±95% CI": [fmt.ci_text(d, a, b) for d, a, b in zip(decimals, lo, hi)],
        "Reported by": ["" if v is None else labels.reported_by_text(w, s) for v, s, w in zip(score, self_rep, who)],
        "Caveat": [c or "" for c in cells["caveat"]],
    }


def _grid_scores(bench: Bench, values: list, decimals: list) -> list[str]:
    """The grid's score cells as text, so it never prints None (the CSV keeps the numbers)."""
    return [
        fmt.unknown_text(f"no {bench.benchmark} score") if fmt.missing(v) else fmt.score_text(v, d)
        for v, d in zip(values, decimals)
    ]


@dataclass(frozen=True)
class _Columns:
    """The chosen benchmark's columns for every model, in the formatted table's row order: a view state
    takes its rows from these (built once per snapshot, benchmark and mode; formatting 4,500 scores
    and taking rows of wide Arrow frames on every rerun was most of a Models rerun at 50,000 mentions)."""

    extra: dict[str, np.ndarray]  # _score_columns: column label -> cells (object arrays)
    grid: object | None  # normal: the formatted table's pyarrow Table with the benchmark's columns as text
    blank: np.ndarray | None = None  # normal: table_cells.blank_cells(grid), a view's empty columns by a take


def _columns(data, bench: Bench | None, cols: list[str] | None, present: bool) -> _Columns:
    full = data.model_display(cols)
    by_model = bench.column.set_index("model_id") if bench is not None else None  # one row per model
    ids = list(data.models["model_id"].reindex(full.index))
    cells = _bench_cells(by_model, ids) if by_model is not None else {}
    extra = {name: _objects(values) for name, values in _score_columns(bench, cells, present).items()}
    if present:
        return _Columns(extra, None)
    import pyarrow as pa

    grid = data.model_display_arrow(cols)
    for name, values in extra.items():
        text = _grid_scores(bench, list(values), cells["decimals"]) if name == bench.label else list(values)
        grid = grid.append_column(name, pa.array(text, type=pa.string()))
    return _Columns(extra, grid, table_cells.blank_cells(grid))


def _objects(values: list) -> np.ndarray:
    out = np.empty(len(values), dtype=object)  # np.array(values) would make a list of lists 2-D
    out[:] = values
    return out


def build(data, found: pd.DataFrame, sort: str, bench: Bench | None, present: bool) -> ModelsTable:
    """The table for one view state: `found` (views.filter_models, one row per model) in `sort` order."""
    cols = PRESENT_COLUMNS if present else None
    scores = data.once(
        f"models-table-scores:{bench.group}|{bench.benchmark}" if bench is not None else "models-table-scores:",
        lambda: bench.column.set_index("model_id")["score"] if bench is not None else None,
    )
    rows = views.sort_models(found, sort, scores, open_first=True)
    full = data.model_display(cols)
    pos = full.index.get_indexer(rows.index)  # the formatted table shares the models frame's index
    key = f"models-table-columns:{cols}:{present}:" + (f"{bench.group}|{bench.benchmark}" if bench is not None else "")
    columns = data.once(key, lambda: _columns(data, bench, cols, present))
    extra = {name: values[pos].tolist() for name, values in columns.extra.items()}
    order = list(full.columns[:LEAD]) + list(extra) + list(full.columns[LEAD:])

    def download() -> pd.DataFrame:
        return full.take(pos).assign(**extra)[order]

    if present:
        reasons = data.once("model_reasons", lambda: table_cells.model_reasons(data.models))
        return ModelsTable(
            rows=rows,
            frame=download(),
            grid=None,
            column_order=order,
            reasons={k: [v[i] for i in pos] for k, v in reasons.items()},
            download=download,
        )
    return ModelsTable(
        rows=rows,
        frame=None,
        grid=columns.grid.take(pos),
        column_order=order,
        reasons=None,
        download=download,
        grid_empty=table_cells.empty_of(columns.grid.column_names, columns.blank[:, pos]),
    )
