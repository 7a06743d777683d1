"""Drawing helpers every page uses, so tables and charts behave the same everywhere.

Every table gets a CSV download of exactly what is shown (as filtered); every chart gets the
modebar's PNG export with a useful file name. In presenter mode tables become st.table (large,
CSS-sized text; the interactive grid draws on a canvas that CSS cannot enlarge).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import streamlit as st

from ui.text import format as fmt
from ui.text import table_cells

if TYPE_CHECKING:
    import pandas as pd


def _slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-") or "table"


def chart(fig, name: str) -> None:
    from ui.draw import charts  # plotly: only for pages that draw a chart

    theme = getattr(st.context.theme, "type", None)
    st.plotly_chart(
        charts.with_text_color(fig, "dark" if theme == "dark" else "light"),
        width="stretch",
        key=f"chart-{name}",
        config={
            "displaylogo": False,
            "toImageButtonOptions": {"format": "png", "filename": f"mme-{_slug(name)}", "scale": 2},
        },
    )


def download(frame, name: str, label: str | None = None, rows: int | None = None) -> None:
    """A CSV download of `frame` (or of what `frame()` returns, for a table only materialised on click).

    The button gets a callable, run only when the viewer clicks: no CSV is built (and held per
    session) on every rerun.
    """
    build = frame if callable(frame) else (lambda: frame)
    count = rows if rows is not None else len(frame)
    st.download_button(
        label or f"Download CSV ({count:,} rows)",
        lambda: build().to_csv(index=False).encode("utf-8"),
        file_name=f"mme-{_slug(name)}.csv",
        mime="text/csv",
        key=f"dl-{_slug(name)}",
        icon=":material/download:",
        # No rerun on the click: the rerun re-registered the callable under a new id while the browser
        # fetched the old one, and the button span for ever (1 click in 3-10 in the browser tests).
        on_click="ignore",
    )


TABLE_KEY = "mme-table-"  # ui/draw/presenter.py's CSS lays out st.table in these containers (not markdown tables)


def static_table(data, name: str, row_style: str | None = None) -> None:
    """st.table without its index, in a keyed container: its class st-key-mme-table-<name> is how presenter
    mode finds a static table (fixed columns, cells that wrap) without Streamlit's internal names.

    `row_style`: CSS for the rows that hold a bold cell (markdown `**...**`; cells from data are escaped,
    so only a marker the caller adds is bold), as one constant rule on the HTML table's rows. A pandas
    Styler styling the same cells cost ~10 ms a rerun; this costs nothing on the server."""
    key = TABLE_KEY + _slug(name)
    if row_style:
        st.html(f"<style>.st-key-{key} tr:has(> td strong) > td {{ {row_style}; }}</style>")
    with st.container(key=key):
        st.table(data, hide_index=True)


def table(
    frame: pd.DataFrame | None,
    name: str,
    present: bool = False,
    column_config: dict | None = None,
    download_frame=None,
    grid_data=None,
    rows: int | None = None,
    reasons: dict | None = None,
    present_rows: int | None = None,
    grid_empty: list[str] | None = None,
    **kwargs,
):
    """A table plus its CSV download; returns the dataframe event when selection is on.

    Unknown cells read "—" (table_cells.grid_cells), with a legend under the table and the reason in the
    column's help; a column no row has a value in is not shown; the CSV keeps every column, empty cells empty. `grid_data` is the same table already converted (a pyarrow Table, taken
    from one per snapshot), so the interactive grid converts nothing per rerun; `frame` may then be
    None, with `download_frame` a callable that builds the CSV's frame on click and `rows` its length.
    In presenter mode `present_rows` caps the static table (a screen holds ~10 rows at 24 px);
    the rest is in the CSV and on the normal page. `grid_empty`: the grid's empty columns when the
    caller keeps what they are made of (table_cells.blank_cells per snapshot), else worked out here.
    """
    if present:
        event, unknown = None, _present_table(frame, name, reasons, present_rows)
    else:
        event, unknown = _grid(frame, name, column_config, grid_data, reasons, grid_empty, kwargs)
    if unknown:
        st.caption(fmt.UNKNOWN_LEGEND)
    download(frame if download_frame is None else download_frame, name, rows=rows)
    return event


def _present_table(frame: pd.DataFrame, name: str, reasons: dict | None, present_rows: int | None) -> bool:
    """The presenter's static table (at most `present_rows`); True when a cell is unknown."""
    shown = frame.reset_index(drop=True)
    if present_rows is not None and len(shown) > present_rows:
        shown = shown.head(present_rows)
        st.caption(f"First {present_rows} of {len(frame):,} rows; all of them in the CSV below.")
    cells = table_cells.grid_cells(shown, _head(reasons, len(shown)))
    cells = cells.drop(columns=table_cells.empty_columns(cells))  # a column no row has a value in says nothing
    static_table(fmt.md_cells(table_cells.as_text(cells)), name)
    return table_cells.has_unknown(cells)


def _grid(frame, name: str, column_config: dict | None, grid_data, reasons: dict | None, empty, kwargs: dict):
    """The interactive grid without its empty columns: (the dataframe event, whether a cell is unknown)."""
    grid = grid_data if grid_data is not None else table_cells.grid_cells(frame.reset_index(drop=True), reasons)
    config = table_cells.column_config(st.column_config, grid) if column_config is None else column_config
    names = list(grid.column_names) if hasattr(grid, "column_names") else list(grid.columns)
    empty = set(table_cells.empty_columns(grid) if empty is None else empty)
    order = [c for c in (kwargs.pop("column_order", None) or names) if c not in empty]
    event = st.dataframe(
        grid,
        hide_index=True,
        column_config=config,
        width="stretch",
        key=f"df-{_slug(name)}",
        column_order=order,
        **kwargs,
    )
    return event, table_cells.has_unknown(grid)


def _head(reasons: dict | None, n: int) -> dict | None:
    return None if reasons is None else {k: list(v)[:n] for k, v in reasons.items()}
