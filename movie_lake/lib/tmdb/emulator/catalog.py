"""The emulator's movies and TV series: the bundled sample, filtered, sorted and paged like
TMDB's discover (`/discover/movie` by primary release date, `/discover/tv` by first air date)."""

from __future__ import annotations

import gzip
import json
import math
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Iterator, MutableMapping, Optional

SAMPLE_DIR = Path(__file__).resolve().parents[3] / "sample" / "tmdb_api"
RESULTS_PER_PAGE = 20
TMDB_MAX_PAGES = 500
APPENDABLE = ("credits", "keywords")
TV_APPENDABLE = ("aggregate_credits", "external_ids", "keywords")
SORT_FIELDS = {
    "popularity": "popularity",
    "primary_release_date": "release_date",
    "revenue": "revenue",
    "vote_average": "vote_average",
    "vote_count": "vote_count",
    "original_title": "original_title",
    "title": "title",
}
TV_SORT_FIELDS = {
    "popularity": "popularity",
    "first_air_date": "first_air_date",
    "vote_average": "vote_average",
    "vote_count": "vote_count",
    "name": "name",
    "original_name": "original_name",
}
TV_SUMMARY_FIELDS = (
    "backdrop_path", "first_air_date", "id", "name", "origin_country", "original_language", "original_name",
    "overview", "popularity", "poster_path", "vote_average", "vote_count",
)
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
    series: dict[int, dict[str, Any]] = field(default_factory=dict)
    tv_genres: dict[str, Any] = field(default_factory=lambda: {"genres": []})

    @classmethod
    def load(cls, sample_dir: Optional[Path] = None) -> "Catalog":
        folder = Path(sample_dir) if sample_dir else SAMPLE_DIR
        movies_path = folder / "movies.jsonl.gz"
        if not movies_path.exists():
            raise FileNotFoundError(f"TMDB emulator sample not found: {movies_path}")
        with gzip.open(movies_path, "rt", encoding="utf-8") as handle:
            movies = {movie["id"]: movie for movie in map(json.loads, handle)}
        genres = json.loads((folder / "genres.json").read_text(encoding="utf-8"))
        series, tv_genres = {}, {"genres": []}
        if (folder / "tv.jsonl.gz").exists():
            with gzip.open(folder / "tv.jsonl.gz", "rt", encoding="utf-8") as handle:
                series = {show["id"]: show for show in map(json.loads, handle)}
            tv_genres = json.loads((folder / "tv_genres.json").read_text(encoding="utf-8"))
        return cls(movies=movies, genres=genres, series=series, tv_genres=tv_genres)

    @classmethod
    def synthetic(cls, movies: int, sample_dir: Optional[Path] = None) -> "Catalog":
        """A catalog of ids 1..`movies`, each a bundled sample movie under a new id and title
        (credits included, so answers have real sizes), made when asked for: a million ids cost
        no memory until fetched. Series stay the bundled ones."""
        sample = cls.load(sample_dir)
        return cls(movies=SyntheticMovies(movies, list(sample.movies.values())), genres=sample.genres,
                   series=sample.series, tv_genres=sample.tv_genres)

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

    def discover_tv(self, gte: Optional[date], lte: Optional[date], sort_by: str) -> list[dict[str, Any]]:
        """Summaries of the series first aired in the window, sorted like ``discover``."""
        field_name, _, direction = sort_by.partition(".")
        if field_name not in TV_SORT_FIELDS or direction not in ("asc", "desc"):
            raise UnknownSortError(f"sort_by={sort_by!r} is not supported")
        key = TV_SORT_FIELDS[field_name]
        low, high = gte.isoformat() if gte else "", lte.isoformat() if lte else "9999-12-31"
        matches = [s for s in self.series.values() if s["first_air_date"] and low <= s["first_air_date"] <= high]
        matches.sort(key=lambda s: (s[key], s["id"]), reverse=direction == "desc")
        return [tv_summary(show) for show in matches]

    def tv_details(self, series_id: int, append: set[str]) -> Optional[dict[str, Any]]:
        show = self.series.get(series_id)
        if show is None:
            return None
        return {k: v for k, v in show.items() if k not in TV_APPENDABLE or k in append}

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


def tv_summary(show: dict[str, Any]) -> dict[str, Any]:
    item = {field_name: show[field_name] for field_name in TV_SUMMARY_FIELDS}
    item["genre_ids"] = [genre["id"] for genre in show["genres"]]
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


class SyntheticMovies(MutableMapping):
    """Movie `i` is template `i mod n` renamed; edits (the change log's) are kept beside."""

    def __init__(self, count: int, templates: list[dict[str, Any]]) -> None:
        self._count, self._templates, self._edited = count, templates, {}

    def __getitem__(self, movie_id: int) -> dict[str, Any]:
        if movie_id in self._edited:
            return self._edited[movie_id]
        if not isinstance(movie_id, int) or not 1 <= movie_id <= self._count:
            raise KeyError(movie_id)
        template = self._templates[movie_id % len(self._templates)]
        movie = {**template, "id": movie_id, "title": f"{template['title']} #{movie_id}"}
        if "credits" in template:
            movie["credits"] = {role: [{**c, "credit_id": f"{c['credit_id']}-{movie_id}"} for c in people]
                                for role, people in template["credits"].items() if isinstance(people, list)}
        return movie

    def __setitem__(self, movie_id: int, movie: dict[str, Any]) -> None:
        self[movie_id]  # only ids the catalog holds
        self._edited[movie_id] = movie

    def __delitem__(self, movie_id: int) -> None:
        raise TypeError("synthetic movies are not deleted; delete their ids in the fault plan")

    def __iter__(self) -> Iterator[int]:
        return iter(range(1, self._count + 1))

    def __len__(self) -> int:
        return self._count
