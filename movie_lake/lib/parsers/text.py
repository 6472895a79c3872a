"""From landed bytes to text: gunzip when gzipped, strip a BOM, decode UTF-8 strictly.

Sources that may receive spreadsheet exports opt into `single_byte_fallback`: a file
that is not UTF-8 is then decoded as cp1252 or cp1251 when its letters say clearly
which (see `legacy_encoding`), and rejected otherwise, never decoded into mojibake."""
from __future__ import annotations

import gzip
import zlib
from dataclasses import dataclass

from movie_lake.lib.parsers.legacy_encoding import UnclearEncoding, guess_single_byte
from movie_lake.lib.parsers.result import BadFileError

GZIP_MAGIC = b"\x1f\x8b"
UTF8_BOM = b"\xef\xbb\xbf"
UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")


@dataclass(frozen=True)
class DecodedText:
    text: str
    encoding: str


def decode_landed(data: bytes, file_name: str, single_byte_fallback: bool = False) -> DecodedText:
    if data[:2] == GZIP_MAGIC:
        try:
            data = gzip.decompress(data)
        except (OSError, EOFError, zlib.error) as error:
            raise BadFileError(f"{file_name}: not a readable gzip file ({error})") from None
    if not data.strip():
        raise BadFileError(f"{file_name}: the file is empty")
    if data[:2] in UTF16_BOMS:
        return _decode_utf16(data, file_name)
    encoding = "utf-8"
    if data.startswith(UTF8_BOM):
        data = data[len(UTF8_BOM) :]
        encoding = "utf-8-sig"
    try:
        return DecodedText(data.decode("utf-8"), encoding)
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        where = f"line {line} (byte {error.start}: {data[error.start:error.start + 4]!r})"
        if not single_byte_fallback or encoding == "utf-8-sig":
            raise BadFileError(f"{file_name}: not valid UTF-8 at {where}") from None
        try:
            legacy, text = guess_single_byte(data)
        except UnclearEncoding as unclear:
            raise BadFileError(f"{file_name}: not valid UTF-8 at {where}, and {unclear}") from None
        return DecodedText(text, legacy)


def _decode_utf16(data: bytes, file_name: str) -> DecodedText:
    try:
        return DecodedText(data.decode("utf-16"), "utf-16")
    except UnicodeDecodeError as error:
        raise BadFileError(f"{file_name}: starts with a UTF-16 byte-order mark but is not valid UTF-16 ({error.reason})") from None
