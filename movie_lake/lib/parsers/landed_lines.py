"""Landed bytes as a stream of decoded lines, so a file of any size parses in bounded memory.

Gunzips on the fly (multi-member files too), strips a UTF-8 BOM, decodes strictly as UTF-8
one block of whole lines at a time (an error names the file, line and byte), and splits on LF
only: a bare CR inside a quoted field stays in the field. Each line keeps its LF, which the
csv module needs to keep line breaks inside quoted fields.

A file starting with a UTF-16 byte-order mark cannot be split on LF bytes; it is read whole
and decoded by `text.decode_landed`, as are sources that need encoding detection over the
whole file."""
from __future__ import annotations

import zlib
from collections.abc import Iterator
from typing import BinaryIO

from movie_lake.lib.parsers.result import BadFileError
from movie_lake.lib.parsers.text import GZIP_MAGIC, UTF16_BOMS, UTF8_BOM, decode_landed

CHUNK = 4 * 1024 * 1024


def landed_lines(source: bytes | BinaryIO, file_name: str) -> Iterator[str]:
    chunks = _plain_chunks(_chunks(source), file_name)
    first = next(chunks, b"")
    if first[:2] in UTF16_BOMS:
        whole = first + b"".join(chunks)
        yield from decode_landed(whole, file_name).text.splitlines(keepends=True)
        return
    if first.startswith(UTF8_BOM):
        first = first[len(UTF8_BOM) :]
    yield from _lines(_skip_blank_start(first, chunks, file_name), file_name)


def landed_blocks(source: bytes | BinaryIO, file_name: str) -> Iterator[tuple[int, str]]:
    """The decoded text in blocks of whole lines, each with the number of its first line:
    for line-oriented formats without quoting (IMDb TSV), split and typed block by block."""
    chunks = _plain_chunks(_chunks(source), file_name)
    first = next(chunks, b"")
    if first[:2] in UTF16_BOMS:
        raise BadFileError(f"{file_name}: UTF-16 text; this source takes UTF-8")
    if first.startswith(UTF8_BOM):
        first = first[len(UTF8_BOM) :]
    yield from _blocks(_skip_blank_start(first, chunks, file_name), file_name)


def _chunks(source: bytes | BinaryIO) -> Iterator[bytes]:
    if isinstance(source, (bytes, bytearray, memoryview)):
        view = memoryview(source)
        for start in range(0, len(view), CHUNK):
            yield bytes(view[start : start + CHUNK])
        return
    while chunk := source.read(CHUNK):
        yield chunk


def _plain_chunks(chunks: Iterator[bytes], file_name: str) -> Iterator[bytes]:
    """The chunks as they are, or gunzipped when the first one starts with the gzip magic."""
    first = next(chunks, b"")
    if first[:2] != GZIP_MAGIC:
        if first:
            yield first
        yield from chunks
        return
    try:
        yield from _gunzip(_prepend(first, chunks))
    except (zlib.error, EOFError) as error:
        raise BadFileError(f"{file_name}: not a readable gzip file ({error})") from None


def _gunzip(chunks: Iterator[bytes]) -> Iterator[bytes]:
    inflater, fed = zlib.decompressobj(wbits=31), False
    for pending in chunks:
        while pending:
            fed = True
            if out := inflater.decompress(pending):
                yield out
            pending = inflater.unused_data
            if inflater.eof:
                inflater, fed = zlib.decompressobj(wbits=31), False
    if fed:
        raise EOFError("compressed file ended before the end-of-stream marker was reached")


def _prepend(first: bytes, rest: Iterator[bytes]) -> Iterator[bytes]:
    yield first
    yield from rest


def _skip_blank_start(first: bytes, chunks: Iterator[bytes], file_name: str) -> Iterator[bytes]:
    """The chunks again, after checking the file holds more than whitespace."""
    held = [first]
    while not held[-1].strip():
        chunk = next(chunks, None)
        if chunk is None:
            raise BadFileError(f"{file_name}: the file is empty")
        held.append(chunk)
    yield from held
    yield from chunks


def _blocks(chunks: Iterator[bytes], file_name: str, line: int = 1, offset: int = 0) -> Iterator[tuple[int, str]]:
    rest = b""
    for chunk in chunks:
        block = rest + chunk if rest else chunk
        end = block.rfind(b"\n") + 1
        if not end:
            rest = block
            continue
        rest = block[end:]
        yield line, _decoded(block[:end], file_name, line, offset)
        line += block.count(b"\n", 0, end)
        offset += end
    if rest:
        yield line, _decoded(rest, file_name, line, offset)


def _decoded(block: bytes, file_name: str, line: int, offset: int) -> str:
    try:
        return block.decode("utf-8")
    except UnicodeDecodeError as error:
        at = line + block.count(b"\n", 0, error.start)
        where = f"line {at} (byte {offset + error.start}: {block[error.start:error.start + 4]!r})"
        raise BadFileError(f"{file_name}: not valid UTF-8 at {where}") from None


def _split_lines(text: str) -> list[str]:
    parts = text.split("\n")
    last = parts.pop()
    lines = [part + "\n" for part in parts]
    if last:
        lines.append(last)
    return lines


def _lines(chunks: Iterator[bytes], file_name: str, line: int = 1, offset: int = 0) -> Iterator[str]:
    for _, text in _blocks(chunks, file_name, line, offset):
        yield from _split_lines(text)


def _decoded_lines(block: bytes, file_name: str, line: int, offset: int) -> list[str]:
    return _split_lines(_decoded(block, file_name, line, offset))
