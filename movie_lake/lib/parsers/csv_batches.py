"""CSV records read in batches of typed columns, with their JSON list columns parsed per batch.

A row parser turns each record's plain fields into a tuple of typed values (raising
`RowRejected`); the JSON list columns of a batch are then parsed together (`json_lists`),
falling back to `json.loads` row by row when the fast path declines, so a bad row is named
with its line and field exactly as a row-by-row parser would name it. Records stream from
`landed_lines`, so memory holds one batch of records at a time."""
from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import BinaryIO

import pyarrow as pa

from movie_lake.lib.parsers.csv_records import csv_records
from movie_lake.lib.parsers.json_lists import json_lists
from movie_lake.lib.parsers.landed_lines import landed_lines
from movie_lake.lib.parsers.result import Reject, RowRejected
from movie_lake.lib.parsers.values import json_records

BATCH_ROWS = 8192
BATCH_CHARS = 1 << 25


@dataclass(frozen=True)
class JsonColumn:
    name: str
    item_type: pa.StructType
    required: tuple[str, ...] = ()
    field_level: bool = False
    """A bad value sets aside only this field (null: unknown) while another JSON column of the
    record is good; the record is rejected whole only when every such column is bad."""


@dataclass
class Batch:
    """Rows kept from one batch: their typed values and one list array per JSON column."""

    values: list[tuple]
    lists: list[pa.ListArray]
    lines: list[int] = field(default_factory=list)
    """The physical line each kept row starts on (to tell duplicates apart)."""


@dataclass
class _Pending:
    lines: list[int] = field(default_factory=list)
    records: list[list[str]] = field(default_factory=list)
    values: list[tuple] = field(default_factory=list)
    texts: list[tuple[str, ...]] = field(default_factory=list)
    chars: int = 0


def parsed_batches(
    source: bytes | BinaryIO,
    source_file: str,
    columns: tuple[str, ...],
    parse_row: Callable[[Callable[[str], str]], tuple],
    json_columns: tuple[JsonColumn, ...],
    rejects: list[Reject],
    required: tuple[str, ...] | None = None,
    missing: list[str] | None = None,
) -> Iterator[Batch]:
    """Kept rows batch by batch; rejected records go to `rejects` (sorted by line at the end).

    Only `required` columns (default: all `columns`) must be in the header; the names of
    absent optional ones are appended to `missing`, and their values read as null."""
    header, records = csv_records(landed_lines(source, source_file), source_file, columns if required is None else required)
    absent = [c for c in columns if c not in header]
    if missing is not None:
        missing.extend(absent)
    yield from typed_batches(header, records, parse_row, json_columns, rejects, absent)
    rejects.sort(key=lambda r: r.line)


def typed_batches(
    header: dict[str, int],
    records: Iterable[tuple[int, list[str], str | None]],
    parse_row: Callable[[Callable[[str], str]], tuple],
    json_columns: tuple[JsonColumn, ...],
    rejects: list[Reject],
    absent: list[str],
) -> Iterator[Batch]:
    """`parsed_batches` after the header: split records in, kept rows out batch by batch."""
    width = len(header)
    null_lists = {n for n, c in enumerate(json_columns) if c.name in absent}
    pending = _Pending()
    for line, fields, error in records:
        if error is None and len(fields) != width:
            error = f"expected {width} fields, found {len(fields)}"
        if error is not None:
            rejects.append(Reject(line, error, None, ",".join(fields)))
            continue
        get = lambda name: fields[header[name]] if name in header else ""  # noqa: E731
        try:
            values = parse_row(get)
        except RowRejected as bad:
            rejects.append(Reject(line, bad.reason, bad.field, ",".join(fields), values={n: fields[i] for n, i in header.items()}))
            continue
        texts = tuple("[]" if n in null_lists else get(c.name) for n, c in enumerate(json_columns))
        pending.lines.append(line)
        pending.records.append(fields)
        pending.values.append(values)
        pending.texts.append(texts)
        pending.chars += sum(map(len, texts))
        if len(pending.lines) >= BATCH_ROWS or pending.chars >= BATCH_CHARS:
            yield _finish(pending, json_columns, rejects, null_lists)
            pending = _Pending()
    if pending.lines:
        yield _finish(pending, json_columns, rejects, null_lists)


def _finish(pending: _Pending, json_columns: tuple[JsonColumn, ...], rejects: list[Reject], null_lists: set[int]) -> Batch:
    """A batch with a blank JSON text goes row by row (which names the first bad field, and
    keeps the record when only a field-level column is bad); the others take the fast path,
    or row by row when it declines."""
    everything = range(len(pending.lines))
    if any(not t.strip() for texts in pending.texts for t in texts):
        rows, lists = _row_by_row(pending, json_columns, rejects, everything)
    else:
        rows = list(everything)
        lists = [json_lists([texts[n] for texts in pending.texts], c.item_type, c.required) for n, c in enumerate(json_columns)]
        if any(a is None for a in lists):
            rows, lists = _row_by_row(pending, json_columns, rejects, rows)
    lists = [pa.nulls(len(rows), pa.list_(c.item_type)) if n in null_lists else a for n, (a, c) in enumerate(zip(lists, json_columns))]
    return Batch([pending.values[i] for i in rows], lists, [pending.lines[i] for i in rows])


def _row_by_row(pending: _Pending, json_columns: tuple[JsonColumn, ...], rejects: list[Reject], indices) -> tuple[list[int], list[pa.ListArray]]:
    kept: list[int] = []
    parsed: list[list] = [[] for _ in json_columns]
    for i in indices:
        row, failed, whole = [], [], None
        for n, column in enumerate(json_columns):
            try:
                row.append(json_records(pending.texts[i][n], column.name, column.required))
            except RowRejected as bad:
                if not column.field_level:
                    whole = bad
                    break
                row.append(None)
                failed.append(bad)
        record = ",".join(pending.records[i])
        if whole is None and failed and len(failed) == len(json_columns):
            whole = failed[0]
        if whole is not None:
            rejects.append(Reject(pending.lines[i], whole.reason, whole.field, record))
            continue
        for bad in failed:
            rejects.append(Reject(pending.lines[i], f"{bad.reason}; the record's other fields are kept", bad.field, record,
                                  record_kept=True))
        kept.append(i)
        for values, items in zip(parsed, row):
            values.append(items)
    return kept, [pa.array(values, pa.list_(c.item_type)) for values, c in zip(parsed, json_columns)]
