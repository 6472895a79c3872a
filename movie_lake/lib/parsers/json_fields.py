"""Typed reads of fields of TMDB's JSON answers, raising `RowRejected` naming the field at
fault, and the gzip JSON Lines files the raw zone keeps them in."""
from __future__ import annotations

import gzip
import json
import zlib
from datetime import date
from collections.abc import Callable
from typing import Any

import pyarrow as pa

from movie_lake.lib.parsers.result import BadFileError, ParseResult, Reject, RowRejected
from movie_lake.lib.parsers.text import GZIP_MAGIC


def typed_value(obj: dict, field: str, kind: type | tuple[type, ...], label: str | None = None) -> Any:
    value = obj.get(field)
    if value is None:
        return None
    if not isinstance(value, kind) or (isinstance(value, bool) and kind is not bool):
        name = label or field
        raise RowRejected(name, f"{name} should be {kind_name(kind)}, got {json.dumps(value)[:40]}")
    return value


def id_and_name(obj: dict, name_field: str) -> tuple[int, str]:
    """The `id` and the title (`title` of a movie, `name` of a series) every answer must have."""
    title_id = typed_value(obj, "id", int)
    if title_id is None:
        raise RowRejected("id", "id is missing")
    name = text_field(obj, name_field)
    if name is None:
        raise RowRejected(name_field, f"{name_field} is missing")
    return title_id, name


def kind_name(kind) -> str:
    return "/".join(k.__name__ for k in kind) if isinstance(kind, tuple) else kind.__name__


def text_field(obj: dict, field: str) -> str | None:
    value = typed_value(obj, field, str)
    return value if value and value.strip() else None


def number_field(obj: dict, field: str) -> float | None:
    value = typed_value(obj, field, (int, float))
    return None if value is None else float(value)


def date_field(obj: dict, field: str) -> date | None:
    value = text_field(obj, field)
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise RowRejected(field, f"{field} is not a YYYY-MM-DD date: {value[:40]!r}") from None


def record_list(obj: dict, field: str, spec: dict[str, type | tuple[type, ...]], required: tuple[str, ...] = ()) -> list[dict]:
    """A list of objects, each reduced to the `spec` keys with their types checked."""
    rows = []
    for position, item in enumerate(typed_value(obj, field, list) or []):
        if not isinstance(item, dict):
            raise RowRejected(field, f"{field} item {position} is not an object")
        absent = [k for k in required if item.get(k) is None]
        if absent:
            raise RowRejected(field, f"{field} item {position} has no {', '.join(absent)}")
        rows.append({k: typed_value(item, k, kind, f"{field}[{position}].{k}") for k, kind in spec.items()})
    return rows


def response_lines(data: bytes, file_name: str) -> list[str]:
    if data[:2] == GZIP_MAGIC:
        try:
            data = gzip.decompress(data)
        except (OSError, EOFError, zlib.error) as error:
            raise BadFileError(f"{file_name}: not a readable gzip file ({error})") from None
    try:
        return data.decode("utf-8").splitlines()
    except UnicodeDecodeError as error:
        raise BadFileError(f"{file_name}: not valid UTF-8 at byte {error.start}") from None


def rows_table(rows: list[dict], schema) -> pa.Table:
    fields = [f for f in schema.arrow_schema if f.name != "landed_at"]
    return pa.Table.from_pylist(rows, schema=pa.schema(fields))




def parse_responses(data: bytes, file_name: str, tables_of: Callable[[dict], dict[str, list[dict]]], schemas) -> ParseResult:
    """Each non-blank line is one answer; `tables_of` turns it into rows per table (its first
    table has one row per answer) or raises `RowRejected`. An empty file is a fetch that found
    nothing, not an error."""
    rows: dict[str, list[dict]] = {schema.table_name: [] for schema in schemas}
    rejects: list[Reject] = []
    rows_in = 0
    for number, line in enumerate(response_lines(data, file_name), start=1):
        if not line.strip():
            continue
        rows_in += 1
        try:
            answer = json.loads(line)
            if not isinstance(answer, dict):
                raise RowRejected(None, "the line is not a JSON object")
            parsed = tables_of(answer)
        except ValueError as error:
            field = error.field if isinstance(error, RowRejected) else None
            reason = error.reason if isinstance(error, RowRejected) else f"not valid JSON: {error}"
            rejects.append(Reject(number, reason, field, line))
            continue
        for name, table_rows in parsed.items():
            rows[name].extend(table_rows)
    tables = {schema.table_name: rows_table(rows[schema.table_name], schema) for schema in schemas}
    first = schemas[0].table_name
    return ParseResult(tables, rejects, rows_in=rows_in, records_out=len(rows[first]))
