"""From landed bytes to text: gunzip when gzipped, strip a BOM, decode UTF-8 strictly."""
from __future__ import annotations

import gzip
import zlib

from .result import BadFileError

GZIP_MAGIC = b"\x1f\x8b"
UTF8_BOM = b"\xef\xbb\xbf"


def landed_bytes_to_text(data: bytes, file_name: str) -> str:
    if data[:2] == GZIP_MAGIC:
        try:
            data = gzip.decompress(data)
        except (OSError, EOFError, zlib.error) as error:
            raise BadFileError(f"{file_name}: not a readable gzip file ({error})") from None
    if not data.strip():
        raise BadFileError(f"{file_name}: the file is empty")
    if data.startswith(UTF8_BOM):
        data = data[len(UTF8_BOM) :]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise BadFileError(
            f"{file_name}: not valid UTF-8 at line {line} (byte {error.start}: {data[error.start:error.start + 4]!r})"
        ) from None
