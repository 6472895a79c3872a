"""CSV where a field may hold several quoted segments, as the trending-video scraper wrote
its tag lists: `"tag one"|"tag two"` with no outer quotes. RFC 4180 parsers either fail on
that (`strict=True`) or mangle it (`tag one|"tag two"`), and a comma inside a later tag
would split the field. Here a field is any run of quoted segments (`""` is an escaped
quote) and unquoted characters up to a comma outside quotes; records end at an LF outside
quotes. A bare CR is an ordinary character, so it never ends a record (one CR before the
LF is the CRLF line end and is dropped).

Fields come back raw (with their quotes) so a caller can split segmented fields itself;
`unquote` gives the plain value of an ordinary field.
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

from movie_lake.lib.parsers.csv_records import read_header

FIELD = re.compile(r'(?:"(?:[^"]++|"")*+"|[^,"\n]++)*+')
SEGMENT = re.compile(r'"((?:[^"]|"")*)"|([^"]+)')


@dataclass(frozen=True)
class RawRecord:
    line: int
    fields: list[str]
    text: str
    error: str | None = None


def unquote(raw: str) -> str:
    return "".join(m[1].replace('""', '"') if m[1] is not None else m[2] for m in SEGMENT.finditer(raw))


def raw_records(text: str) -> Iterator[RawRecord]:
    """Each record, its fields raw. Records with as many fields as the first (the header) are
    matched whole, one regular-expression match each; any other record is read field by field
    (`_fields`), which also says what is wrong with it."""
    position, line, whole = 0, 1, None
    while position < len(text):
        start = position
        match = whole.match(text, position) if whole is not None else None
        if match:
            fields, error, position = list(match.groups()), None, match.end()
        else:
            fields, error, position = _fields(text, position)
        record = text[start:position]
        if fields[-1].endswith("\r") and record.endswith("\r\n"):
            fields[-1] = fields[-1][:-1]
        if error or record.strip("\r\n"):
            if whole is None:
                whole = _whole_record(len(fields))
            yield RawRecord(line, fields, record.rstrip("\r\n"), error)
        line += record.count("\n")


def _fields(text: str, position: int) -> tuple[list[str], str | None, int]:
    """The fields of the record at `position`, an error or None, and where the next record starts."""
    fields, error = [], None
    while True:
        match = FIELD.match(text, position)
        fields.append(match.group())
        position = match.end()
        following = text[position : position + 1]
        if following == ",":
            position += 1
            continue
        if following == '"':
            error = "a quoted field is never closed (truncated record?)"
            end = text.find("\n", position)
            position = len(text) if end < 0 else end
        return fields, error, position + 1


@lru_cache(maxsize=4)
def _whole_record(width: int) -> re.Pattern:
    """`width` fields (each a group, read as `_fields` reads them), then a line end or the end of the text."""
    return re.compile(",".join([f"({FIELD.pattern})"] * width) + r"(?:\n|\Z)")


def segmented_records(text: str, file_name: str, required: tuple[str, ...]) -> tuple[dict[str, int], Iterator[RawRecord]]:
    """The header map (a missing required column fails the file), then each record."""
    records = raw_records(text)
    header_rows = ([unquote(f) for f in r.fields] for r in records)
    return read_header(header_rows, file_name, required), records
