"""Streaming CSV writer that reproduces a source file's line endings, including a missing final one.

Rows are formatted by `csv.writer` (QUOTE_MINIMAL, which re-serialises the real TMDB files byte for byte)
into an in-memory chunk that is flushed to disk about every megabyte, so memory stays flat whatever
the output size. The last chunk is held back until `close()` so its trailing line ending can be dropped
for formats whose real files end without one.
"""

from __future__ import annotations

import csv
import gzip
import io
from pathlib import Path

FLUSH_CHARS = 1 << 20


class CsvSink:
    def __init__(self, path: Path, eol: str, final_eol: bool = True, compress: bool = False):
        self.path = path
        self._eol = eol
        self._final_eol = final_eol
        self._out = _open_text(path, compress)
        self._chunk = io.StringIO()
        self._writer = csv.writer(self._chunk, lineterminator=eol)
        self.records = 0

    def write_row(self, fields: list[str]) -> None:
        self._flush_if_full()
        self._writer.writerow(fields)
        self.records += 1

    def write_record(self, text: str) -> None:
        """Write one already formatted record (no line ending), for formats csv.writer cannot reproduce."""
        self._flush_if_full()
        self._chunk.write(text)
        self._chunk.write(self._eol)
        self.records += 1

    def close(self) -> None:
        tail = self._chunk.getvalue()
        if not self._final_eol and tail.endswith(self._eol):
            tail = tail[: -len(self._eol)]
        self._out.write(tail)
        self._out.close()

    def __enter__(self) -> CsvSink:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def _flush_if_full(self) -> None:
        if self._chunk.tell() >= FLUSH_CHARS:
            self._out.write(self._chunk.getvalue())
            self._chunk.seek(0)
            self._chunk.truncate()


def _open_text(path: Path, compress: bool) -> io.TextIOBase:
    path.parent.mkdir(parents=True, exist_ok=True)
    if compress:
        # mtime=0 keeps gzip output byte-identical across runs.
        raw = gzip.GzipFile(path, mode="wb", compresslevel=1, mtime=0)
    else:
        raw = open(path, "wb")
    return io.TextIOWrapper(raw, encoding="utf-8", newline="", write_through=False)
