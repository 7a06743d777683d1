"""Snapshot tables as Arrow tables with declared types: numbers as numbers, flags as booleans, and
an unknown (an empty cell) as null, never 0 or the text "None". Types come from store/schema.py."""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa

from model_data.errors import ModelDataError
from model_data.curated import LICENSE_TABLE
from model_data.store import schema, snapshot

FLAG_VALUES = {"true": True, "false": False}


def column_type(table: str, column: str) -> pa.DataType:
    """The Arrow type a column is published with, from the schema's declarations."""
    if column in schema.FLAGS.get(table, []):
        return pa.bool_()
    if column in schema.WHOLE.get(table, []):
        return pa.int64()
    if column in schema.NUMERIC.get(table, []):
        return pa.float64()
    return pa.string()


def _whole(text: str) -> int:
    try:
        return int(text)
    except ValueError:
        number = float(text)
        if not number.is_integer():
            raise
        return int(number)


def _parse(kind: pa.DataType, text: str):
    if text == "":
        return None
    if kind == pa.bool_():
        if text not in FLAG_VALUES:
            raise ValueError
        return FLAG_VALUES[text]
    if kind == pa.int64():
        return _whole(text)
    if kind == pa.float64():
        return float(text)
    return text


def typed_table(table: str, rows: list[dict[str, str]], file: str) -> pa.Table:
    """`rows` (cells as read from the CSV) as an Arrow table in the schema's column order and types;
    ModelDataError naming the file, line and column of a cell its declared type cannot hold."""
    columns = schema.DESCRIPTIONS[table]
    arrays, fields = [], []
    for column, meaning in columns.items():
        kind = column_type(table, column)
        values = []
        for line, row in enumerate(rows, start=2):
            try:
                values.append(_parse(kind, row[column]))
            except ValueError:
                raise ModelDataError(
                    f"{file} line {line}: column {column} holds {row[column]!r}, not a {kind} value"
                ) from None
        arrays.append(pa.array(values, type=kind))
        fields.append(pa.field(column, kind, metadata={"description": meaning}))
    return pa.Table.from_arrays(arrays, schema=pa.schema(fields))


def _csv_rows(data: bytes, expected: list[str], file: str) -> list[dict[str, str]]:
    """The cells as text, read as the app reads them (store/snapshot.parse_csv)."""
    frame = snapshot.parse_csv(Path(file).stem, data)
    if list(frame.columns) != expected:
        raise ModelDataError(f"{file}: columns {list(frame.columns)} differ from store/schema.py {expected}")
    return frame.to_dict("records")


def snapshot_tables(folder: Path) -> dict[str, pa.Table]:
    """Every config's table: the snapshot's tables of the same name, and the reviewed licence table."""
    out = {}
    for name in ("models", "episodes", "mentions", "scores"):
        data = snapshot._read_file(folder / f"{name}.csv") or b""
        out[name] = typed_table(name, _csv_rows(data, schema.TABLES[name], f"{name}.csv"), f"{name}.csv")
    file = f"model_data/tables/{LICENSE_TABLE.name}"
    out["licenses"] = typed_table("licenses", _csv_rows(LICENSE_TABLE.read_bytes(), schema.LICENSE_TABLE, file), file)
    return out
