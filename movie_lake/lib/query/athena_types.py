"""Athena returns every value as text; the result set's column metadata says what it is.
These turn a page of `GetQueryResults` rows into typed Arrow columns."""
from __future__ import annotations

import pyarrow as pa
import pyarrow.compute as pc

_SIMPLE = {
    "boolean": pa.bool_(), "tinyint": pa.int8(), "smallint": pa.int16(), "integer": pa.int32(), "int": pa.int32(),
    "bigint": pa.int64(), "real": pa.float32(), "float": pa.float32(), "double": pa.float64(),
    "date": pa.date32(), "varchar": pa.string(), "char": pa.string(), "string": pa.string(),
}


def arrow_type(column_info: dict) -> pa.DataType:
    """Athena's `ColumnInfo` → an Arrow type. Nested types (array, map, row) arrive in a text
    form that is not JSON; they stay strings rather than being guessed at."""
    name = column_info["Type"].lower()
    if name in _SIMPLE:
        return _SIMPLE[name]
    if name == "decimal":
        return pa.decimal128(int(column_info.get("Precision") or 38), int(column_info.get("Scale") or 0))
    if name.startswith("timestamp"):
        return pa.timestamp("us", tz="UTC") if "zone" in name else pa.timestamp("us")
    return pa.string()


def typed_column(texts: list[str | None], column_info: dict) -> pa.Array:
    target = arrow_type(column_info)
    strings = pa.array(texts, pa.string())
    if target == pa.string():
        return strings
    if pa.types.is_boolean(target):
        return pc.equal(pc.utf8_lower(strings), "true")
    if pa.types.is_timestamp(target):
        return _timestamps(strings, target)
    try:
        return pc.cast(strings, target)
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError) as error:
        raise ValueError(f"Athena column {column_info.get('Name')!r} ({column_info['Type']}): {error}") from None


def _timestamps(strings: pa.Array, target: pa.TimestampType) -> pa.Array:
    """Athena writes `2017-11-14 17:13:01.000` (and ` UTC` or a zone name for zoned values)."""
    bare = pc.replace_substring_regex(strings, r" (UTC|Z)$", "")
    parsed = pc.cast(bare, pa.timestamp("us"))
    return pc.assume_timezone(parsed, "UTC") if target.tz else parsed


def result_table(rows: list[list[str | None]], columns: list[dict]) -> pa.Table:
    """Rows of text cells (None for SQL null) with their `ColumnInfo` → a typed table."""
    arrays = [typed_column([row[i] for row in rows], info) for i, info in enumerate(columns)]
    return pa.Table.from_arrays(arrays, names=[c.get("Label") or c["Name"] for c in columns])


def cell_text(datum: dict) -> str | None:
    """A `Datum` with no `VarCharValue` is SQL null; an empty string is an empty string."""
    return datum.get("VarCharValue")
