"""Readers for the shared Kaggle TMDB files, with their known quirks handled.

See ``DATA.md`` next to each file in ``shared/data`` for the quirks: the TMDB 5000
movies file holds JSON strings, the credits file is a damaged 198-row head, and
The Movies Dataset holds Python literals (``ast.literal_eval``), duplicate rows
and an ``imdbId`` without its ``tt`` prefix in ``links.csv``.
"""

from __future__ import annotations

import ast
import csv
import gzip
import json
from pathlib import Path
from typing import Any, Iterator

TMDB_5000_DIR = "tmdb_5000"
MOVIES_DATASET_DIR = "the_movies_dataset"


def _read_csv(path: Path) -> Iterator[dict[str, str]]:
    if not path.exists():
        raise FileNotFoundError(f"shared data file not found: {path}")
    with gzip.open(path, "rt", encoding="utf-8", newline="") as handle:
        yield from csv.DictReader(handle)


def read_tmdb_5000_movies(data_dir: Path) -> dict[int, dict[str, Any]]:
    """TMDB 5000 movies by id, with the five JSON columns parsed."""
    movies: dict[int, dict[str, Any]] = {}
    json_columns = ("genres", "keywords", "production_companies", "production_countries", "spoken_languages")
    for row in _read_csv(data_dir / TMDB_5000_DIR / "tmdb_5000_movies.csv.gz"):
        parsed: dict[str, Any] = dict(row)
        for column in json_columns:
            parsed[column] = json.loads(row[column])
        movies[int(row["id"])] = parsed
    return movies


def read_tmdb_5000_credits(data_dir: Path, movies: dict[int, dict[str, Any]]) -> dict[int, dict[str, list]]:
    """Credits by movie id: ``{"cast": [...], "crew": [...]}``.

    A row with an empty ``movie_id`` gets its id from the movies file when its title
    matches exactly one movie; an empty ``crew`` cell is an empty list.
    """
    ids_by_title: dict[str, list[int]] = {}
    for movie_id, movie in movies.items():
        ids_by_title.setdefault(movie["title"], []).append(movie_id)
    credits: dict[int, dict[str, list]] = {}
    for row in _read_csv(data_dir / TMDB_5000_DIR / "tmdb_5000_credits.csv.gz"):
        if row["movie_id"]:
            movie_id = int(row["movie_id"])
        else:
            candidates = ids_by_title.get(row["title"], [])
            if len(candidates) != 1:
                continue
            movie_id = candidates[0]
        credits[movie_id] = {
            "cast": json.loads(row["cast"]) if row["cast"] else [],
            "crew": json.loads(row["crew"]) if row["crew"] else [],
        }
    return credits


def _literal(text: str, default: Any) -> Any:
    return ast.literal_eval(text) if text else default


def read_movies_metadata_head(data_dir: Path) -> dict[int, dict[str, Any]]:
    """The Movies Dataset metadata head by id, nested columns parsed; first copy of a duplicate id wins."""
    movies: dict[int, dict[str, Any]] = {}
    list_columns = ("genres", "production_companies", "production_countries", "spoken_languages")
    for row in _read_csv(data_dir / MOVIES_DATASET_DIR / "movies_metadata_head.csv.gz"):
        movie_id = int(row["id"])
        if movie_id in movies:
            continue
        parsed: dict[str, Any] = dict(row)
        for column in list_columns:
            parsed[column] = _literal(row[column], [])
        parsed["belongs_to_collection"] = _literal(row["belongs_to_collection"], None)
        movies[movie_id] = parsed
    return movies


def read_movies_dataset_keywords(data_dir: Path) -> dict[int, list[dict[str, Any]]]:
    """Keywords by TMDB id from The Movies Dataset; duplicate ids are identical, first wins."""
    keywords: dict[int, list[dict[str, Any]]] = {}
    for row in _read_csv(data_dir / MOVIES_DATASET_DIR / "keywords.csv.gz"):
        keywords.setdefault(int(row["id"]), _literal(row["keywords"], []))
    return keywords


def read_imdb_ids_from_links(data_dir: Path) -> dict[int, str]:
    """``tt``-prefixed IMDb ids by TMDB id; TMDB ids that map to two IMDb ids are left out."""
    seen: dict[int, set[str]] = {}
    for row in _read_csv(data_dir / MOVIES_DATASET_DIR / "links.csv.gz"):
        if row["tmdbId"]:
            seen.setdefault(int(row["tmdbId"]), set()).add(f"tt{row['imdbId']}")
    return {tmdb_id: imdb_ids.pop() for tmdb_id, imdb_ids in seen.items() if len(imdb_ids) == 1}
