"""Delimited text without quoting (IMDb's TSV files, MovieLens links), typed block by block
with Arrow compute: a block of whole lines is split on the delimiter, each declared field is
checked against its pattern and cast as a column, and only the rows that fail (wrong field
count, a missing required value, a value of the wrong shape or out of range) take a Python
step, to be quarantined with their line, field and reason.

IMDb writes no quotes at all (a `"` in a title is a literal character) and `\\N` for null;
a CRLF file (links.csv) has its CR removed with the LF. Lines are counted on LF, the way
`landed_lines` counts them; blank lines are not records."""
from __future__ import annotations

from dataclasses import dataclass
from typing import BinaryIO

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from movie_lake.lib.parsers.duplicates import later_wins
from movie_lake.lib.parsers.landed_lines import landed_blocks
from movie_lake.lib.parsers.result import BadFileError, ParseResult, Reject
from movie_lake.lib.parsers.spool import TableCollector

KIND_PATTERNS = {
    "int": (r"^[0-9]{1,18}$", "a whole number"),
    "float": (r"^[0-9]{1,9}(\.[0-9]+)?$", "a decimal number"),
    "flag": (r"^[01]$", "0 or 1"),
}


@dataclass(frozen=True)
class Field:
    """One column of the file: its header name, the output column it fills, its kind
    (`text`, `int`, `float`, `flag` for 0/1, `list` for values joined by `list_separator`)."""

    header: str
    column: str
    kind: str = "text"
    required: bool = False
    pattern: str | None = None
    """A regex the text must match (on top of the kind's own), e.g. `^tt[0-9]+$`."""
    shape: str = ""
    """How the pattern reads in a reason: "an IMDb id like tt0000001"."""
    low: float | None = None
    high: float | None = None
    prefix: str = ""
    """Prepended to the text before typing (links.csv writes IMDb ids without their `tt`)."""


@dataclass(frozen=True)
class DelimitedLayout:
    fields: tuple[Field, ...]
    schema: pa.Schema
    """The output columns, in the order they are written."""
    delimiter: str = "\t"
    null_text: str = "\\N"
    """The text that means null; an empty field also means null."""
    key: str | None = None
    """A column unique within a file: the later line wins, the earlier is quarantined."""
    list_separator: str = ","

    @property
    def headers(self) -> list[str]:
        return [f.header for f in self.fields]


def parse_delimited(data: bytes | BinaryIO, file_name: str, layout: DelimitedLayout, table_name: str) -> ParseResult:
    rejects: list[Reject] = []
    kept = TableCollector(layout.schema)
    keys, lines, header_seen, rows_in = [], [], False, 0
    for first_line, text in landed_blocks(data, file_name):
        rows = text.split("\n")
        if rows and rows[-1] == "":
            rows.pop()
        numbers = np.arange(first_line, first_line + len(rows))
        if not header_seen:
            _check_header(rows[0].rstrip("\r"), file_name, layout)
            rows, numbers, header_seen = rows[1:], numbers[1:], True
        table, table_lines, records = _typed_block(rows, numbers, layout, rejects)
        rows_in += records
        kept.append(table)
        lines.append(table_lines)
        if layout.key:
            keys.append(table.column(layout.key))
    if not header_seen:
        raise BadFileError(f"{file_name}: the file is empty")
    keep = _later_wins(keys, lines, layout.key, rejects) if layout.key else None
    rejects.sort(key=lambda r: r.line)
    return ParseResult({table_name: kept.result(keep)}, rejects, rows_in=rows_in)


def _later_wins(keys: list[pa.ChunkedArray], lines: list[np.ndarray], key: str, rejects: list[Reject]) -> np.ndarray | None:
    """None when every key is unique (the usual case, settled in Arrow without a Python object per key)."""
    every = pa.chunked_array([c for k in keys for c in k.chunks], keys[0].type) if keys else pa.chunked_array([], pa.string())
    if pc.count_distinct(every).as_py() == len(every):
        return None
    return later_wins(every.to_numpy(), _joined(lines, np.int64), key, rejects)


def _joined(arrays: list[np.ndarray], dtype) -> np.ndarray:
    return np.concatenate(arrays) if arrays else np.empty(0, dtype)


def _check_header(header: str, file_name: str, layout: DelimitedLayout) -> None:
    found = header.split(layout.delimiter)
    if found != layout.headers:
        raise BadFileError(
            f"{file_name}: header should be {layout.delimiter.join(layout.headers)!r} "
            f"(delimiter {layout.delimiter!r}), found {header[:200]!r}"
        )


def _typed_block(rows: list[str], numbers: np.ndarray, layout: DelimitedLayout,
                 rejects: list[Reject]) -> tuple[pa.Table, np.ndarray, int]:
    """The block's good rows as a typed table, their line numbers, and how many records it held."""
    lines = pc.utf8_rtrim(pa.array(rows, pa.string()), characters="\r")
    blank = pc.equal(pc.utf8_trim_whitespace(lines), "").to_numpy(zero_copy_only=False)
    parts = pc.split_pattern(lines, layout.delimiter)
    width = pc.list_value_length(parts).to_numpy(zero_copy_only=False)
    good = (width == len(layout.fields)) & ~blank
    for i in np.flatnonzero(~good & ~blank):
        rejects.append(Reject(int(numbers[i]), f"expected {len(layout.fields)} fields, found {width[i]}", None, rows[i]))
    fitting = pc.filter(parts, pa.array(good))
    fitting_at = np.flatnonzero(good)
    columns, failed = {}, np.zeros(len(fitting_at), bool)
    for position, spec in enumerate(layout.fields):
        text = pc.list_element(fitting, position) if len(fitting_at) else pa.array([], pa.string())
        values, bad, reason = _typed(text, spec, layout)
        for i in np.flatnonzero(bad & ~failed):
            row = fitting_at[i]
            rejects.append(Reject(int(numbers[row]), reason(text[i].as_py()), spec.header, rows[row].rstrip("\r")))
        failed |= bad
        columns[spec.column] = values
    keep = pa.array(~failed)
    table = pa.Table.from_arrays([pc.filter(columns[f.name], keep).cast(f.type) for f in layout.schema], schema=layout.schema)
    return table, numbers[fitting_at[~failed]], int((~blank).sum())


def _typed(text: pa.Array, spec: Field, layout: DelimitedLayout):
    """The typed column, which rows fail, and the reason for a failing value."""
    is_null = pc.fill_null(pc.or_(pc.equal(text, layout.null_text), pc.equal(text, "")), True)
    present = pc.if_else(is_null, pa.scalar(None, pa.string()), pc.binary_join_element_wise(spec.prefix, text, "")
                         if spec.prefix else text)
    missing = is_null.to_numpy(zero_copy_only=False) & spec.required
    patterns = [p for p in (KIND_PATTERNS.get(spec.kind, (None,))[0], spec.pattern) if p]
    shaped = np.ones(len(text), bool)
    for pattern in patterns:
        shaped &= pc.fill_null(pc.match_substring_regex(present, pattern), True).to_numpy(zero_copy_only=False)
    usable = pc.if_else(pa.array(shaped), present, pa.scalar(None, pa.string()))
    values = _cast(usable, spec, layout)
    in_range = np.ones(len(text), bool)
    if spec.low is not None or spec.high is not None:
        low = spec.low if spec.low is not None else -np.inf
        high = spec.high if spec.high is not None else np.inf
        numeric = pc.fill_null(pc.cast(values, pa.float64()), low).to_numpy(zero_copy_only=False)
        in_range = (numeric >= low) & (numeric <= high)
    bad = missing | ~shaped | ~in_range
    return values, bad, _reason(spec)


def _cast(usable: pa.Array, spec: Field, layout: DelimitedLayout) -> pa.Array:
    if spec.kind == "int":
        return pc.cast(usable, pa.int64())
    if spec.kind == "float":
        return pc.cast(usable, pa.float64())
    if spec.kind == "flag":
        return pc.equal(usable, "1")
    if spec.kind == "list":
        return pc.split_pattern(usable, layout.list_separator)
    return usable


def _reason(spec: Field):
    kind_shape = KIND_PATTERNS.get(spec.kind, (None, "text"))[1]
    shape = spec.shape or kind_shape

    def reason(value: str | None) -> str:
        if value is None or value in ("", "\\N"):
            return f"{spec.header} is missing"
        bounds = ""
        if spec.low is not None or spec.high is not None:
            bounds = f" from {spec.low:g} to {spec.high:g}" if spec.low is not None and spec.high is not None else ""
        return f"{spec.header} should be {shape}{bounds}, got {value[:40]!r}"

    return reason
