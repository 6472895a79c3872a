"""CSV → typed columns at the speed of Arrow's C++ readers, with the row-by-row quarantine.

Per block of whole records (`record_blocks`), Arrow splits the fields (`arrow_records`),
vectorised converters type them (`vector_values`) and Arrow's JSON reader parses the list
columns (`json_lists_by_row`). Every record any of them is not sure of — a wrong field
count, a value in an unusual form, bad JSON — goes through the row-by-row path
(`csv_batches.typed_batches`), which keeps it or rejects it naming its line, field and
reason. Rows come out in file order, so the tables and rejects are the row-by-row reader's.
Blocks are parsed on a small thread pool (Arrow works outside the GIL)."""
from __future__ import annotations

import csv
import functools
import os
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from typing import BinaryIO

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from movie_lake.lib.collector import collector_paused as python_collector_paused
from movie_lake.lib.freed_memory import release_freed_memory
from movie_lake.lib.parsers.arrow_records import column_name, split_records
from movie_lake.lib.parsers.csv_batches import (
    Batch,
    JsonColumn,
    parsed_batches,
    typed_batches,
)
from movie_lake.lib.parsers.csv_records import (
    MAX_FIELD_CHARS,
    csv_records,
    read_header,
    records_at,
)
from movie_lake.lib.parsers.json_lists import json_lists_by_row
from movie_lake.lib.parsers.landed_lines import CHUNK, _decoded_lines
from movie_lake.lib.parsers.record_blocks import (
    NotCuttable,
    RecordBlock,
    RowByRowTail,
    record_blocks,
)
from movie_lake.lib.parsers.result import BadFileError, Reject

RELEASE_EVERY_BLOCKS = 8

FastScalars = Callable[[Callable[[str], pa.Array]], dict[str, tuple[pa.Array, pa.BooleanArray]]]
"""Given the string column of a header name, each scalar's typed column and sure-mask."""


@dataclass(frozen=True)
class CsvLayout:
    columns: tuple[str, ...]
    required: tuple[str, ...]
    scalars: pa.Schema
    """The row parser's tuple, in order, as typed columns."""
    parse_row: Callable
    fast_scalars: FastScalars
    json_columns: tuple[JsonColumn, ...]


@dataclass(frozen=True)
class ColumnBatch:
    """Kept rows of one block: typed scalar columns, one list array per JSON column, and the
    physical line each row starts on."""

    scalars: pa.Table
    lists: list[pa.ListArray]
    lines: np.ndarray


def native_batches(source: bytes | BinaryIO, file_name: str, layout: CsvLayout, rejects: list[Reject],
                   missing: list[str]) -> Iterator[ColumnBatch]:
    try:
        blocks = record_blocks(source, file_name)
        first = next(blocks)
    except NotCuttable as whole:
        batches = parsed_batches(whole.data, file_name, layout.columns, layout.parse_row, layout.json_columns,
                                 rejects, layout.required, missing)
        yield from (from_rows(b, layout) for b in batches)
        return
    if isinstance(first, RowByRowTail):
        header, records = csv_records(first.lines(file_name), file_name, layout.required)
    else:
        header = _header(first, blocks, file_name, layout.required)
    absent = [c for c in layout.columns if c not in header]
    missing.extend(absent)
    if isinstance(first, RowByRowTail):
        yield from _by_rows(header, records, absent, layout, rejects)
        return
    parse = lambda block, skip: _block(block, skip, header, absent, layout, file_name)  # noqa: E731
    with ThreadPoolExecutor(max_workers=max(1, min(2, os.cpu_count() or 1))) as pool:
        in_flight = deque([pool.submit(parse, first, 1)])
        for count, block in enumerate(blocks, 1):
            if count % RELEASE_EVERY_BLOCKS == 0:
                release_freed_memory()  # else a file of GBs grows the process by its freed blocks
            if isinstance(block, RowByRowTail):
                while in_flight:
                    yield from _collect(in_flight.popleft().result(), rejects)
                yield from _by_rows(header, records_at(block.lines(file_name), block.first_line), absent, layout, rejects)
                break
            in_flight.append(pool.submit(parse, block, 0))
            if len(in_flight) > 2:
                yield from _collect(in_flight.popleft().result(), rejects)
        while in_flight:
            yield from _collect(in_flight.popleft().result(), rejects)
    rejects.sort(key=lambda r: r.line)


def _header(first: RecordBlock, blocks: Iterator, file_name: str, required: tuple[str, ...]) -> dict[str, int]:
    """The header as `read_header` judges it. A bad header is reported after any undecodable
    text in the first `CHUNK` bytes, as the row-by-row reader (which decodes that much
    before it reads the header) reports it."""
    try:
        return read_header(csv.reader(_record_lines(first, 0, file_name), strict=False), file_name, required)
    except BadFileError:
        window = first.data
        for block in blocks:
            for piece in block.chunks if isinstance(block, RowByRowTail) else [block.data]:
                if len(window) >= CHUNK:
                    break
                window += piece
        window = window[:CHUNK]
        _decoded_lines(window[:window.rfind(b"\n") + 1] or window, file_name, 1, 0)
        raise


def _by_rows(header, records, absent: list[str], layout: CsvLayout, rejects: list[Reject]) -> Iterator[ColumnBatch]:
    for batch in typed_batches(header, records, layout.parse_row, layout.json_columns, rejects, absent):
        yield from_rows(batch, layout)


def _collect(parsed: tuple[ColumnBatch, list[Reject]], rejects: list[Reject]) -> Iterator[ColumnBatch]:
    batch, block_rejects = parsed
    rejects.extend(block_rejects)
    if len(batch.lines):
        yield batch


def _block(block: RecordBlock, skip: int, header: dict[str, int], absent: list[str], layout: CsvLayout,
           file_name: str) -> tuple[ColumnBatch, list[Reject]]:
    block_rejects: list[Reject] = []
    split = split_records(block, len(header), skip)
    if split is None:
        unsure = np.arange(skip, len(block.starts))
        fast = None
    else:
        fast, unsure = _fast_rows(split, block, header, absent, layout)
    records = (record for i in unsure.tolist() for record in _row_records(block, i, file_name))
    slow = [from_rows(b, layout) for b in typed_batches(header, records, layout.parse_row, layout.json_columns,
                                                          block_rejects, absent)]
    return _in_line_order([fast, *slow] if fast is not None else slow, layout), block_rejects


def _record_lines(block: RecordBlock, i: int, file_name: str) -> list[str]:
    """Record i's physical lines, decoded as `landed_lines` decodes them (same errors)."""
    return _decoded_lines(block.record(i), file_name, int(block.lines[i]), block.offset + int(block.starts[i]))


def _row_records(block: RecordBlock, i: int, file_name: str):
    return records_at(_record_lines(block, i, file_name), int(block.lines[i]))


def _fast_rows(split, block: RecordBlock, header: dict[str, int], absent: list[str],
               layout: CsvLayout) -> tuple[ColumnBatch, np.ndarray]:
    strings = split.strings
    blank = pa.array([""] * strings.num_rows, pa.string()) if absent else None

    @functools.cache
    def column(name: str) -> pa.Array:
        return blank if name not in header else strings.column(column_name(header[name])).combine_chunks()

    typed = layout.fast_scalars(column)
    sure = _within_field_limit(strings)
    for _, mask in typed.values():
        sure &= mask.to_numpy(zero_copy_only=False)
    lists = []
    for json_column in layout.json_columns:
        if json_column.name in absent:
            lists.append(None)
            continue
        texts = column(json_column.name).filter(pa.array(sure))
        parsed, parsed_sure = json_lists_by_row(texts, json_column.item_type, json_column.required)
        lists.append((np.flatnonzero(sure)[parsed_sure], parsed))
        kept = np.zeros_like(sure)
        kept[np.flatnonzero(sure)[parsed_sure]] = True
        sure = kept
    rows = np.flatnonzero(sure)
    scalars = pa.table({f.name: typed[f.name][0].filter(pa.array(sure)).cast(f.type) for f in layout.scalars},
                       schema=layout.scalars)
    fast = ColumnBatch(scalars, [_lists_for(rows, entry, json_column.item_type)
                                 for entry, json_column in zip(lists, layout.json_columns)], split.lines[rows])
    unsure_rows = np.flatnonzero(~sure)
    unsure = np.concatenate((split.set_aside, np.searchsorted(block.lines, split.lines[unsure_rows])))
    return fast, np.sort(unsure)


def _within_field_limit(strings: pa.Table) -> np.ndarray:
    """Rows whose every field is within `MAX_FIELD_CHARS` (the csv module rejects the others)."""
    within = np.ones(strings.num_rows, bool)
    for column in strings.columns:
        if (pc.max(pc.binary_length(column)).as_py() or 0) > MAX_FIELD_CHARS:
            within &= pc.less_equal(pc.utf8_length(column), MAX_FIELD_CHARS).to_numpy(zero_copy_only=False)
    return within


def _lists_for(rows: np.ndarray, entry, item_type: pa.StructType) -> pa.ListArray:
    """The lists of `rows`, from the rows a JSON read was sure of (a superset, in order)."""
    if entry is None:
        return pa.nulls(len(rows), pa.list_(item_type))
    parsed_rows, parsed = entry
    return parsed.take(pa.array(np.searchsorted(parsed_rows, rows)))


def from_rows(batch: Batch, layout: CsvLayout) -> ColumnBatch:
    columns = list(zip(*batch.values)) if batch.values else [()] * len(layout.scalars)
    scalars = pa.table({f.name: pa.array(v, f.type) for f, v in zip(layout.scalars, columns)}, schema=layout.scalars)
    return ColumnBatch(scalars, list(batch.lists), np.array(batch.lines, np.int64))


def _in_line_order(batches: list[ColumnBatch], layout: CsvLayout) -> ColumnBatch:
    batches = [b for b in batches if len(b.lines)]
    if not batches:
        return ColumnBatch(layout.scalars.empty_table(), [pa.array([], pa.list_(c.item_type)) for c in layout.json_columns],
                           np.empty(0, np.int64))
    if len(batches) == 1:
        return batches[0]
    lines = np.concatenate([b.lines for b in batches])
    order = pa.array(np.argsort(lines, kind="stable"))
    scalars = pa.concat_tables([b.scalars for b in batches]).take(order)
    lists = [pa.concat_arrays([b.lists[n] for b in batches]).take(order) for n in range(len(layout.json_columns))]
    return ColumnBatch(scalars, lists, lines[order.to_numpy()])


@contextmanager
def collector_paused():
    """The parse allocates few Python objects that could form cycles; a collection pass in
    the middle of it only costs time."""
    with python_collector_paused():
        try:
            yield
        finally:
            pa.default_memory_pool().release_unused()  # the blocks' buffers, back to the system
