"""Derive the bundled TMDB CSV sample from ../shared/data/tmdb_5000 (run once; output is committed).

movies: the first 300 rows plus every row whose overview holds a bare CR; credits: the
first 120 rows (CRLF, no final newline, as in the source), which include the row with
an empty movie_id and the one with an empty crew, so the demo shows quarantine at work. Bytes of kept rows are unchanged.
"""
from __future__ import annotations

import csv
import gzip
import io
import sys
from pathlib import Path

SHARED = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "tmdb_5000"
OUT = Path(__file__).resolve().parents[1] / "movie_lake" / "sample" / "landing"
MOVIE_ROWS = 300
CREDIT_ROWS = 120


def _records(text: str) -> list[str]:
    """Each CSV record's exact text (header first), split by the csv module's own record ends."""
    lines = io.StringIO(text, newline="").read().split("\n")
    records, pending = [], ""
    for line in lines:
        pending = pending + "\n" + line if pending else line
        try:
            fields = next(csv.reader([pending], strict=True))
        except (csv.Error, StopIteration):
            continue
        if pending.count('"') % 2 == 0 and fields is not None:
            records.append(pending)
            pending = ""
    return records


def build() -> None:
    movies = gzip.decompress((SHARED / "tmdb_5000_movies.csv.gz").read_bytes()).decode("utf-8")
    records = _records(movies)
    header, rows = records[0], records[1:]
    keep = rows[:MOVIE_ROWS] + [r for r in rows[MOVIE_ROWS:] if "\r" in r]
    _write(OUT / "tmdb_movies" / "tmdb_5000_movies_sample.csv.gz", "\n".join([header, *keep]) + "\n")
    credits = _records(gzip.decompress((SHARED / "tmdb_5000_credits.csv.gz").read_bytes()).decode("utf-8"))
    _write(OUT / "tmdb_credits" / "tmdb_5000_credits_sample.csv.gz", "\n".join(credits[: CREDIT_ROWS + 1]))
    print(f"movies: {len(keep)} rows; credits: {CREDIT_ROWS} rows", file=sys.stderr)


def _write(path: Path, text: str) -> None:
    _write_bytes(path, gzip.compress(text.encode("utf-8"), mtime=0))


def _write_bytes(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)


if __name__ == "__main__":
    build()
