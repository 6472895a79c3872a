"""The emulator's movies: the bundled sample, filtered, sorted and paged like TMDB's discover."""

from __future__ import annotations

import gzip
import json
import math
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, Optional

SAMPLE_DIR = Path(__file__).resolve().parents[3] / "sample" / "tmdb_api"
RESULTS_PER_PAGE = 20
TMDB_MAX_PAGES = 500
APPENDABLE = ("credits", "keywords")
SORT_FIELDS = {
    "popularity": "popularity",
    "primary_release_date": "release_date",
    "revenue": "revenue",
    "vote_average": "vote_average",
    "vote_count": "vote_count",
    "original_title": "original_title",
    "title": "title",
}
SUMMARY_FIELDS = (
    "adult", "backdrop_path", "id", "original_language", "original_title", "overview", "popularity",
    "poster_path", "release_date", "title", "video", "vote_average", "vote_count",
)


class UnknownSortError(ValueError):
    pass


@dataclass(frozen=True)
class Catalog:
    movies: dict[int, dict[str, Any]]
    genres: dict[str, Any]

    @classmethod
    def load(cls, sample_dir: Optional[Path] = None) -> "Catalog":
        folder = Path(sample_dir) if sample_dir else SAMPLE_DIR
        movies_path = folder / "movies.jsonl.gz"
        if not movies_path.exists():
            raise FileNotFoundError(f"TMDB emulator sample not found: {movies_path}")
        with gzip.open(movies_path, "rt", encoding="utf-8") as handle:
            movies = {movie["id"]: movie for movie in map(json.loads, handle)}
        genres = json.loads((folder / "genres.json").read_text(encoding="utf-8"))
        return cls(movies=movies, genres=genres)

    def ids_released_between(self, gte: Optional[date], lte: Optional[date]) -> set[int]:
        """Ids whose ``release_date`` lies in the closed window; None leaves that side open."""
        low = gte.isoformat() if gte else ""
        high = lte.isoformat() if lte else "9999-12-31"
        return {i for i, m in self.movies.items() if m["release_date"] and low <= m["release_date"] <= high}

    def discover(self, gte: Optional[date], lte: Optional[date], sort_by: str) -> list[dict[str, Any]]:
        """Summaries of the movies in the window, sorted by ``field.asc|desc`` with id as tie-break."""
        field, _, direction = sort_by.partition(".")
        if field not in SORT_FIELDS or direction not in ("asc", "desc"):
            raise UnknownSortError(f"sort_by={sort_by!r} is not supported")
        key = SORT_FIELDS[field]
        matches = [self.movies[i] for i in self.ids_released_between(gte, lte)]
        matches.sort(key=lambda m: (m[key], m["id"]), reverse=direction == "desc")
        return [summary(movie) for movie in matches]

    def details(self, movie_id: int, append: set[str]) -> Optional[dict[str, Any]]:
        movie = self.movies.get(movie_id)
        if movie is None:
            return None
        return {k: v for k, v in movie.items() if k not in APPENDABLE or k in append}


def summary(movie: dict[str, Any]) -> dict[str, Any]:
    """A discover result item: the movie's headline fields and ``genre_ids``."""
    item = {field: movie[field] for field in SUMMARY_FIELDS}
    item["genre_ids"] = [genre["id"] for genre in movie["genres"]]
    return item


def max_pages(max_results: int) -> int:
    return min(TMDB_MAX_PAGES, max(1, max_results // RESULTS_PER_PAGE))


def page_of(results: list[dict[str, Any]], page: int, max_results: int) -> dict[str, Any]:
    """One discover page. ``total_results`` is the true count; ``total_pages`` stops at the cap."""
    total_pages = min(max(1, math.ceil(len(results) / RESULTS_PER_PAGE)), max_pages(max_results))
    start = (page - 1) * RESULTS_PER_PAGE
    return {
        "page": page,
        "results": results[start : start + RESULTS_PER_PAGE],
        "total_pages": total_pages,
        "total_results": len(results),
    }
