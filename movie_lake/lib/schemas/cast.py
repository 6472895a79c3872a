"""Make a table match its declared schema, or say exactly which column and value do not fit."""
from __future__ import annotations

import pyarrow as pa
import pyarrow.compute as pc

from movie_lake.lib.schemas.base import DatasetSchema


class SchemaMismatch(ValueError):
    pass


def cast_to_schema(table: pa.Table, schema: DatasetSchema) -> pa.Table:
    """Columns in declared order and type. Missing or undeclared columns and values that
    cannot be cast safely (no truncation, no overflow) raise `SchemaMismatch`."""
    if schema.partition_column and schema.partition_column in table.column_names:
        table = table.drop_columns([schema.partition_column])
    missing = [c for c in schema.column_names if c not in table.column_names]
    extra = [c for c in table.column_names if c not in schema.column_index]
    if missing or extra:
        raise SchemaMismatch(
            f"{schema.name}: columns do not match the declaration"
            + (f"; missing: {', '.join(missing)}" if missing else "")
            + (f"; undeclared: {', '.join(extra)}" if extra else "")
        )
    arrays = [_cast_column(table.column(c.name), c, schema.name) for c in schema.columns]
    return pa.Table.from_arrays(arrays, schema=schema.arrow_schema)


def _cast_column(values: pa.ChunkedArray, column, dataset: str) -> pa.ChunkedArray:
    if values.type != column.type:
        try:
            values = pc.cast(values, column.type, safe=True)
        except (pa.ArrowInvalid, pa.ArrowNotImplementedError, pa.ArrowTypeError) as error:
            row, value = _first_uncastable(values, column.type)
            raise SchemaMismatch(
                f"{dataset}: column {column.name!r} cannot be cast to {column.type}: "
                f"value {value!r} at row {row}" if row is not None else
                f"{dataset}: column {column.name!r} ({values.type}) cannot be cast to {column.type}: {error}"
            ) from None
    if not column.nullable and values.null_count:
        row = pc.index(pc.is_null(values), True).as_py()
        raise SchemaMismatch(f"{dataset}: column {column.name!r} is not nullable but row {row} is null")
    return values


def _first_uncastable(values: pa.ChunkedArray, target: pa.DataType) -> tuple[int | None, object]:
    """Slow path, only taken after a failed cast: find the first value that does not fit."""
    for row, scalar in enumerate(values.combine_chunks()):
        if not scalar.is_valid:
            continue
        try:
            pc.cast(pa.array([scalar.as_py()], values.type), target, safe=True)
        except (pa.ArrowInvalid, pa.ArrowNotImplementedError, pa.ArrowTypeError):
            return row, scalar.as_py()
    return None, None
