"""Load the real input files that the synthetic scale-ups are drawn from.

The TMDB files parse cleanly with Python's csv module. The YouTube files do not: their tag lists
(`"a"|"b"`) break RFC 4180, so they are kept as raw field text, split only where quote parity says
a comma or line ending is outside quotes. Rewriting those raw fields reproduces the quirks exactly.
"""

from __future__ import annotations

import csv
import gzip
import io
from dataclasses import dataclass
from pathlib import Path

from benchmarks.paths import real_data_root

VIDEO_REGIONS = ("US", "GB", "CA", "FR")


@dataclass(frozen=True)
class CsvTable:
    """A real CSV file as parsed rows plus the line-ending style to write it back with."""

    header: list[str]
    rows: list[list[str]]
    eol: str
    final_eol: bool


@dataclass(frozen=True)
class RawRecords:
    """A real file whose records are kept as raw field text (no unquoting)."""

    header: str
    records: list[list[str]]
    eol: str
    final_eol: bool


@dataclass(frozen=True)
class RealTmdb:
    movies: CsvTable
    credits: CsvTable


def read_text(path: Path) -> str:
    data = path.read_bytes()
    if path.suffix == ".gz":
        data = gzip.decompress(data)
    return data.decode("utf-8")


def load_real_tmdb(root: Path | None = None, max_movies: int | None = None) -> RealTmdb:
    """Real TMDB 5000 movies and (partial) credits; `max_movies` keeps a prefix for tiny test runs."""
    folder = (root or real_data_root()) / "tmdb_5000"
    movies = _parse_csv(read_text(folder / "tmdb_5000_movies.csv.gz"))
    credits = _parse_csv(read_text(folder / "tmdb_5000_credits.csv.gz"))
    if max_movies is not None:
        kept_movies = movies.rows[:max_movies]
        kept_titles = {row[17] for row in kept_movies}
        kept_credits = [row for row in credits.rows if row[1] in kept_titles]
        movies = CsvTable(movies.header, kept_movies, movies.eol, movies.final_eol)
        credits = CsvTable(credits.header, kept_credits, credits.eol, credits.final_eol)
    return RealTmdb(movies=movies, credits=credits)


def load_real_videos(region: str, root: Path | None = None) -> RawRecords:
    text = read_text((root or real_data_root()) / "youtube_trending" / f"{region}videos.csv.gz")
    eol = "\r\n" if text.split("\n", 1)[0].endswith("\r") else "\n"
    final_eol = text.endswith(eol)
    lines = split_outside_quotes(text.removesuffix(eol) if final_eol else text, eol)
    return RawRecords(
        header=lines[0],
        records=[split_outside_quotes(line, ",") for line in lines[1:]],
        eol=eol,
        final_eol=final_eol,
    )


def _parse_csv(text: str) -> CsvTable:
    eol = "\r\n" if text.split("\n", 1)[0].endswith("\r") else "\n"
    rows = list(csv.reader(io.StringIO(text, newline=""), strict=True))
    return CsvTable(header=rows[0], rows=rows[1:], eol=eol, final_eol=text.endswith(eol))


def split_outside_quotes(text: str, sep: str) -> list[str]:
    """Split on `sep` where an even number of quotes precede it: every `"` toggles the quoted state."""
    parts: list[str] = []
    pending: list[str] = []
    quotes = 0
    for piece in text.split(sep):
        pending.append(piece)
        quotes += piece.count('"')
        if quotes % 2 == 0:
            parts.append(sep.join(pending))
            pending = []
            quotes = 0
    if pending:
        parts.append(sep.join(pending))
    return parts
