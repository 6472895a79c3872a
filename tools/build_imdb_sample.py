"""Derive the bundled IMDb and links samples from ../shared/data (run once; output is committed).

- `movie_links/links_sample.csv.gz`: the links.csv rows (CRLF, bytes unchanged) whose tmdbId is
  a movie of the CSV or API sample, plus the first three rows with an empty tmdbId.
- `imdb_title_ratings/title.ratings.sample.tsv.gz`: the 2017 title.ratings rows of every IMDb id
  those movies have (API imdb_id, or links), plus rows for the emulator's synthetic series
  (ids tt99xxxxx, made up here: see tools/build_tmdb_tv_sample.py), one of them left unrated.
- `imdb_title_basics/title.basics.sample.tsv.gz`: the basics-head rows of those ids, plus the
  head's first 50 rows (so the types and `\\N` nulls of the real file show).
"""
from __future__ import annotations

import csv
import gzip
import io
import json
import random
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "data"
SAMPLE = ROOT / "movie_lake" / "sample"
OUT = SAMPLE / "landing"
SEED = 17


def _sample_tmdb_ids() -> tuple[set[int], set[str]]:
    csv_text = gzip.decompress((OUT / "tmdb_movies" / "tmdb_5000_movies_sample.csv.gz").read_bytes()).decode("utf-8")
    ids = {int(row["id"]) for row in csv.DictReader(io.StringIO(csv_text, newline=""))}
    imdb_ids = set()
    with gzip.open(SAMPLE / "tmdb_api" / "movies.jsonl.gz", "rt", encoding="utf-8") as handle:
        for movie in map(json.loads, handle):
            ids.add(movie["id"])
            if movie.get("imdb_id"):
                imdb_ids.add(movie["imdb_id"])
    return ids, imdb_ids


def _series_imdb_ids() -> list[str]:
    with gzip.open(SAMPLE / "tmdb_api" / "tv.jsonl.gz", "rt", encoding="utf-8") as handle:
        return [show["external_ids"]["imdb_id"] for show in map(json.loads, handle)]


def build() -> None:
    tmdb_ids, imdb_ids = _sample_tmdb_ids()
    links = gzip.decompress((SHARED / "the_movies_dataset" / "links.csv.gz").read_bytes()).decode("ascii")
    lines = links.split("\r\n")
    kept, empty = [lines[0]], 0
    for line in lines[1:]:
        if not line:
            continue
        movie_id, imdb_digits, tmdb_id = line.split(",")
        if tmdb_id and int(tmdb_id) in tmdb_ids:
            kept.append(line)
            imdb_ids.add(f"tt{imdb_digits}")
        elif not tmdb_id and empty < 3:
            kept.append(line)
            empty += 1
    _write(OUT / "movie_links" / "links_sample.csv.gz", "\r\n".join(kept) + "\r\n")

    ratings = gzip.decompress((SHARED / "imdb" / "title.ratings.tsv.gz").read_bytes()).decode("utf-8").split("\n")
    rated = [ratings[0]] + [r for r in ratings[1:] if r and r.split("\t", 1)[0] in imdb_ids]
    rng = random.Random(SEED)
    for imdb_id in _series_imdb_ids()[:-1]:
        rated.append(f"{imdb_id}\t{rng.uniform(6.0, 8.8):.1f}\t{rng.randint(800, 250_000)}")
    _write(OUT / "imdb_title_ratings" / "title.ratings.sample.tsv.gz", "\n".join(rated) + "\n")

    basics = gzip.decompress((SHARED / "imdb" / "title.basics_head.tsv.gz").read_bytes()).decode("utf-8").split("\n")
    head = [b for b in basics[1:51] if b]
    matched = [b for b in basics[51:] if b and b.split("\t", 1)[0] in imdb_ids]
    _write(OUT / "imdb_title_basics" / "title.basics.sample.tsv.gz", "\n".join([basics[0], *head, *matched]) + "\n")
    print(f"links {len(kept) - 1}, ratings {len(rated) - 1}, basics {len(head) + len(matched)}")


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(gzip.compress(text.encode("utf-8"), mtime=0))


if __name__ == "__main__":
    build()
