"""CSV records with the physical line each starts on, robust to bare CRs inside quoted text."""
from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator

from movie_lake.lib.parsers.result import BadFileError

MAX_FIELD_CHARS = 10 * 1024 * 1024
"""The longest field a CSV record may hold (10 MiB of text); a longer one rejects its record,
saying so. Python's csv module allows only 131,072 characters unless told otherwise."""
csv.field_size_limit(MAX_FIELD_CHARS)


def read_header(reader, file_name: str, required: tuple[str, ...]) -> dict[str, int]:
    """Map column name → position; a missing required column fails the file, naming it."""
    try:
        header = [h.strip() for h in next(reader)]
    except StopIteration:
        raise BadFileError(f"{file_name}: the file is empty") from None
    missing = [c for c in required if c not in header]
    if missing:
        raise BadFileError(f"{file_name}: header is missing columns: {', '.join(missing)}")
    return {name: i for i, name in enumerate(header)}


def csv_records(
    lines: Iterable[str], file_name: str, required: tuple[str, ...]
) -> tuple[dict[str, int], Iterator[tuple[int, list[str], str | None]]]:
    """The header map, then `(line, fields, error)` per record; `error` is set for records
    the csv module could not split (the row is then rejected, the file goes on).

    `lines` are physical lines split on LF only (see `landed_lines`), so a bare CR inside a
    quoted field never ends a record."""
    reader = csv.reader(lines, strict=False)
    columns = read_header(reader, file_name, required)
    return columns, _records(reader, 0)


def records_at(lines: Iterable[str], first_line: int) -> Iterator[tuple[int, list[str], str | None]]:
    """`(line, fields, error)` for physical lines that begin on line `first_line` of their file."""
    return _records(csv.reader(lines, strict=False), first_line - 1)


def _records(reader, lines_before: int) -> Iterator[tuple[int, list[str], str | None]]:
    while True:
        start = lines_before + reader.line_num + 1
        try:
            fields = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            reason = (f"a field is longer than the declared limit of {MAX_FIELD_CHARS:,} characters"
                      if "field larger than field limit" in str(error) else f"unreadable CSV record: {error}")
            yield start, [], reason
            continue
        if fields:
            yield start, fields, None
