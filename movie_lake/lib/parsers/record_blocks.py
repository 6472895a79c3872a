"""Landed CSV bytes cut into blocks of whole records, each record's first physical line known.

A record ends at an LF where the count of `"` since the record began is even (quotes open
and close in pairs; a doubled `""` counts two). numpy finds those LFs, so cutting a block
costs no Python per row. Lines are counted on LF only, as `landed_lines` counts them, so
line numbers agree with the row-by-row reader. Gunzip, BOM and empty-file handling are
`landed_lines`'; a UTF-16 file cannot be cut on LF bytes and is left to the row reader."""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import BinaryIO

import numpy as np

from movie_lake.lib.parsers.landed_lines import (
    _chunks,
    _lines,
    _plain_chunks,
    _skip_blank_start,
)
from movie_lake.lib.parsers.text import UTF8_BOM, UTF16_BOMS

BLOCK_BYTES = 16 * 1024 * 1024
LF, QUOTE = 10, 34
SEPARATOR = np.zeros(256, bool)
SEPARATOR[[ord(","), LF, ord("\r"), QUOTE]] = True
"""The bytes after which a quote may open a field."""


@dataclass(frozen=True)
class RecordBlock:
    """Whole records: `data[starts[i]:starts[i + 1]]` is record i (the last one runs to the
    end), beginning on physical line `lines[i]`; `offset` is where `data` sits in the file."""

    data: bytes
    starts: np.ndarray
    lines: np.ndarray
    offset: int

    @property
    def next_line(self) -> int:
        """The physical line the record after this block starts on."""
        return int(self.lines[0]) + self.data.count(b"\n") if len(self.lines) else 1

    def record(self, i: int) -> bytes:
        end = self.starts[i + 1] if i + 1 < len(self.starts) else len(self.data)
        return self.data[self.starts[i]:end]


class NotCuttable(Exception):
    """The file must go through the row-by-row reader (UTF-16); `data` is all of it, gunzipped."""

    def __init__(self, data: bytes):
        super().__init__("not cuttable on LF bytes")
        self.data = data


@dataclass(frozen=True)
class RowByRowTail:
    """The rest of the file from a record boundary on, for the row-by-row reader: past a
    quote the csv module reads as a literal character (see `_cut`), counting quotes no
    longer finds its record ends."""

    chunks: Iterator[bytes]
    first_line: int
    offset: int

    def lines(self, file_name: str) -> Iterator[str]:
        return _lines(self.chunks, file_name, self.first_line, self.offset)


def record_blocks(source: bytes | BinaryIO, file_name: str) -> Iterator[RecordBlock | RowByRowTail]:
    """Blocks of whole records in file order (the header is record 0 of the first block),
    possibly ending with a `RowByRowTail`. Raises `NotCuttable` before yielding anything
    when the file cannot be cut here."""
    chunks = _plain_chunks(_chunks(source), file_name)
    first = next(chunks, b"")
    if first[:2] in UTF16_BOMS:
        raise NotCuttable(first + b"".join(chunks))
    if first.startswith(UTF8_BOM):
        first = first[len(UTF8_BOM):]
    pieces = _regrouped(_skip_blank_start(first, chunks, file_name), BLOCK_BYTES)
    pending, line, offset = b"", 1, 0
    for chunk in pieces:
        block, pending, literal_quote = _cut(pending + chunk if pending else chunk, line, offset, final=False)
        if block is not None:
            yield block
            line, offset = block.next_line, offset + len(block.data)
        if literal_quote:
            yield RowByRowTail(_then(pending, pieces), line, offset)
            return
    if pending:
        block, rest, literal_quote = _cut(pending, line, offset, final=True)
        if block is not None:
            yield block
            line, offset = block.next_line, offset + len(block.data)
        if literal_quote:
            yield RowByRowTail(iter([rest]), line, offset)


def _then(first: bytes, rest: Iterator[bytes]) -> Iterator[bytes]:
    if first:
        yield first
    yield from rest


def _regrouped(chunks: Iterator[bytes], size: int) -> Iterator[bytes]:
    """The bytes again in pieces of at least `size` (the last one may be shorter)."""
    held, held_bytes = [], 0
    for chunk in chunks:
        held.append(chunk)
        held_bytes += len(chunk)
        if held_bytes >= size:
            yield b"".join(held)
            held, held_bytes = [], 0
    if held:
        yield b"".join(held)


def _cut(data: bytes, line: int, offset: int, final: bool) -> tuple[RecordBlock | None, bytes, bool]:
    """The whole records at the start of `data`, the bytes after them, and whether cutting
    stopped at a literal quote.

    Counting quotes follows the csv module's state while every quote that could open a
    field (an odd one, counting from the block's start) follows a delimiter, a line break
    or another quote. One that follows anything else is a literal character to the csv
    module (`ab"c`, or `"ab"c"`): from the record holding it on, only the row-by-row reader
    knows where records end."""
    view = np.frombuffer(data, np.uint8)
    newlines = np.flatnonzero(view == LF)
    quotes = np.flatnonzero(view == QUOTE)
    opening = quotes[::2]
    literal = ~SEPARATOR[view[np.maximum(opening - 1, 0)]] & (opening > 0)
    ends = newlines[np.searchsorted(quotes, newlines) % 2 == 0]
    if literal.any():
        ends = ends[ends < opening[np.argmax(literal)]]
    elif final and (not len(ends) or ends[-1] != len(data) - 1):
        ends = np.append(ends, len(data) - 1)
    if not len(ends):
        return None, data, bool(literal.any())
    used = int(ends[-1]) + 1
    starts = np.concatenate(([0], ends[:-1] + 1)).astype(np.int64)
    lines = line + np.searchsorted(newlines, starts)
    return RecordBlock(data[:used], starts, lines.astype(np.int64), offset), data[used:], bool(literal.any())
