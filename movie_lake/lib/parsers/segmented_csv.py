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
    position, line = 0, 1
    while position < len(text):
        start, fields, error = position, [], None
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
            position += 1
            break
        record = text[start:position]
        if fields[-1].endswith("\r") and record.endswith("\r\n"):
            fields[-1] = fields[-1][:-1]
        if error or record.strip("\r\n"):
            yield RawRecord(line, fields, record.rstrip("\r\n"), error)
        line += record.count("\n")


def segmented_records(text: str, file_name: str, required: tuple[str, ...]) -> tuple[dict[str, int], Iterator[RawRecord]]:
    """The header map (a missing required column fails the file), then each record."""
    records = raw_records(text)
    header_rows = ([unquote(f) for f in r.fields] for r in records)
    return read_header(header_rows, file_name, required), records
