"""A TMDB API v3 client with no Dagster in it: discover by release (movies) or first-air
(series) window, details with what is appended to them, genres."""

from __future__ import annotations

import logging
import random
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, Callable, Iterable, Optional

from movie_lake.lib.tmdb.rate_limit import TokenBucket
from movie_lake.lib.tmdb.errors import TMDBConfigError, TMDBDiscoverCapError
from movie_lake.lib.tmdb.http import RetryPolicy, TMDBHttp
from movie_lake.lib.tmdb.stats import TMDBStats, TMDBStatsSnapshot

logger = logging.getLogger("movie_lake.tmdb")

DEFAULT_BASE_URL = "https://api.themoviedb.org/3"
TMDB_DISCOVER_MAX_RESULTS = 10_000
"""TMDB serves discover pages 1 to 500 of 20 results: one query reaches at most 10,000 movies."""
DETAILS_APPEND = "credits,keywords"
DEFAULT_EXPORTS_URL = "http://files.tmdb.org/p/exports"
CHANGES_MAX_DAYS = 14
"""TMDB's changes feed answers at most 14 days per call."""


@dataclass(frozen=True)
class Media:
    """What differs between TMDB's movie and TV endpoints."""

    path: str
    date_param: str
    date_field: str
    append: str
    export_name: str

    def export_file_name(self, day: date) -> str:
        """TMDB's daily id export of that day, e.g. `movie_ids_12_01_2026.json.gz`."""
        return f"{self.export_name}_{day:%m_%d_%Y}.json.gz"

    @property
    def sort(self) -> str:
        return f"{self.date_param}.asc"


MOVIE = Media("movie", "primary_release_date", "release_date", DETAILS_APPEND, "movie_ids")
TV = Media("tv", "first_air_date", "first_air_date", "aggregate_credits,external_ids,keywords", "tv_series_ids")
MEDIA = {"movie": MOVIE, "tv": TV}


@dataclass(frozen=True)
class MovieDetailsBatch:
    movies: list[dict[str, Any]]
    """Details responses, unchanged, in the order the ids were asked for."""
    missing_ids: list[int]
    """Ids TMDB answered 404 for (deleted or never existed)."""


def _check_movie_id(movie_id: Any) -> int:
    if isinstance(movie_id, bool) or not isinstance(movie_id, int) or movie_id <= 0:
        raise ValueError(f"a TMDB movie id must be a positive int, got {movie_id!r}")
    return movie_id


class TMDBClient:
    """Talks to TMDB (or the emulator) through one pooled session; see ``TMDBHttp`` for retries and auth.

    ``stats()`` reports requests, retries, 404 ids and seconds for run metadata.
    ``sleep``, ``clock`` and ``rng`` are there so tests need not wait.
    """

    def __init__(
        self,
        base_url: str = DEFAULT_BASE_URL,
        *,
        api_token: Optional[str] = None,
        api_key: Optional[str] = None,
        timeout_seconds: float = 10.0,
        retry: RetryPolicy = RetryPolicy(),
        requests_per_second: float = 40.0,
        max_concurrency: int = 4,
        discover_max_results: int = TMDB_DISCOVER_MAX_RESULTS,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
        rng: Optional[random.Random] = None,
    ) -> None:
        if max_concurrency < 1:
            raise TMDBConfigError(f"max_concurrency must be at least 1, got {max_concurrency}")
        if discover_max_results < 1:
            raise TMDBConfigError(f"discover_max_results must be at least 1, got {discover_max_results}")
        if requests_per_second <= 0:
            raise TMDBConfigError(f"requests_per_second must be positive, got {requests_per_second}")
        self.max_concurrency = max_concurrency
        self.discover_max_results = discover_max_results
        self._stats = TMDBStats()
        self._http = TMDBHttp(
            base_url,
            api_token=api_token or None,
            api_key=api_key or None,
            timeout_seconds=timeout_seconds,
            retry=retry,
            limiter=TokenBucket(requests_per_second, clock=clock, sleep=sleep),
            pool_size=max_concurrency,
            stats=self._stats,
            sleep=sleep,
            rng=rng,
        )

    def stats(self) -> TMDBStatsSnapshot:
        return self._stats.snapshot()

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> "TMDBClient":
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def genres(self, media: Media = MOVIE) -> list[dict[str, Any]]:
        """``/genre/movie/list`` or ``/genre/tv/list``: ``[{"id": ..., "name": ...}, ...]``."""
        return self._http.get_json(f"/genre/{media.path}/list")["genres"]

    def movie_details(self, movie_id: int) -> Optional[dict[str, Any]]:
        """``/movie/{id}`` with credits and keywords appended; None (and recorded as missing) on 404."""
        return self.details(MOVIE, movie_id)

    def details(self, media: Media, title_id: int) -> Optional[dict[str, Any]]:
        """``/{movie|tv}/{id}`` with the media's appended answers; None (and recorded as missing) on 404."""
        title_id = _check_movie_id(title_id)
        details = self._http.get_json(f"/{media.path}/{title_id}", {"append_to_response": media.append}, allow_404=True)
        if details is None:
            logger.info("TMDB has no %s %d (404); recorded as missing", media.path, title_id)
            self._stats.record_missing(title_id)
        return details

    def fetch_movie_details(self, movie_ids: Iterable[int]) -> MovieDetailsBatch:
        return self.fetch_details(MOVIE, movie_ids)

    def fetch_details(self, media: Media, title_ids: Iterable[int]) -> MovieDetailsBatch:
        """Details for many ids, at most ``max_concurrency`` requests at once; duplicates fetched once."""
        ids = list(dict.fromkeys(_check_movie_id(i) for i in title_ids))
        with ThreadPoolExecutor(max_workers=self.max_concurrency, thread_name_prefix="tmdb-details") as pool:
            futures = [pool.submit(self.details, media, title_id) for title_id in ids]
            try:
                results = [future.result() for future in futures]
            except BaseException:
                for future in futures:
                    future.cancel()
                raise
        movies = [details for details in results if details is not None]
        missing = [movie_id for movie_id, details in zip(ids, results) if details is None]
        return MovieDetailsBatch(movies=movies, missing_ids=missing)

    def id_export(self, media: Media, day: date, exports_url: str = DEFAULT_EXPORTS_URL) -> Optional[bytes]:
        """The daily export of every id as TMDB published it (gzip JSON Lines), or None when
        that day's file is not there (not yet published, or older than TMDB keeps)."""
        return self._http.get_public_bytes(f"{exports_url.rstrip('/')}/{media.export_file_name(day)}")

    def changes(self, media: Media, start: date, end: date) -> list[int]:
        """Ids TMDB lists as changed from `start` to `end` (at most 14 days), each once, ascending."""
        if start > end or (end - start).days > CHANGES_MAX_DAYS:
            raise ValueError(f"a changes window is 0 to {CHANGES_MAX_DAYS} days, got {start}..{end}")
        ids: set[int] = set()
        page, pages = 1, 1
        while page <= pages:
            answer = self._http.get_json(f"/{media.path}/changes",
                                         {"start_date": start.isoformat(), "end_date": end.isoformat(), "page": page})
            ids.update(int(item["id"]) for item in answer["results"] if isinstance(item.get("id"), int))
            pages = int(answer.get("total_pages") or 1)
            page += 1
        return sorted(ids)

    def discover_movies(self, gte: date, lte: date) -> list[dict[str, Any]]:
        return self.discover(MOVIE, gte, lte)

    def discover(self, media: Media, gte: date, lte: date) -> list[dict[str, Any]]:
        """Every discover result released (first aired) in ``[gte, lte]``, each id once, sorted by date and id.

        A window whose ``total_results`` is over ``discover_max_results`` is split in
        halves until each part fits; a single day over the cap raises ``TMDBDiscoverCapError``.
        """
        if not isinstance(gte, date) or not isinstance(lte, date):
            raise TypeError(f"discover_movies needs two dates, got {gte!r} and {lte!r}")
        if gte > lte:
            raise ValueError(f"discover window starts ({gte}) after it ends ({lte})")
        found: dict[int, dict[str, Any]] = {}
        self._discover_window(media, gte, lte, found)
        return sorted(found.values(), key=lambda title: (title.get(media.date_field) or "", title["id"]))

    def _discover_page(self, media: Media, gte: date, lte: date, page: int) -> dict[str, Any]:
        params = {
            f"{media.date_param}.gte": gte.isoformat(),
            f"{media.date_param}.lte": lte.isoformat(),
            "sort_by": media.sort,
            "include_adult": "false",
            "page": page,
        }
        if media is MOVIE:
            params["include_video"] = "false"
        return self._http.get_json(f"/discover/{media.path}", params)

    def _discover_window(self, media: Media, gte: date, lte: date, found: dict[int, dict[str, Any]]) -> None:
        first = self._discover_page(media, gte, lte, 1)
        total = int(first["total_results"])
        if total > self.discover_max_results:
            if gte == lte:
                raise TMDBDiscoverCapError(
                    f"TMDB discover lists {total} movies released on {gte}, over the {self.discover_max_results} "
                    "one query can page through; a one-day window cannot be split further"
                )
            middle = gte + (lte - gte) // 2
            logger.info("discover %s..%s has %d results (cap %d); splitting", gte, lte, total, self.discover_max_results)
            self._discover_window(media, gte, middle, found)
            self._discover_window(media, middle + timedelta(days=1), lte, found)
            return
        window_ids = self._collect(first, found)
        for page in range(2, int(first["total_pages"]) + 1):
            results = self._discover_page(media, gte, lte, page)
            if not results["results"]:
                break
            window_ids |= self._collect(results, found)
        if len(window_ids) < total:
            logger.warning(
                "discover %s..%s reported %d results but paging returned %d distinct ids",
                gte, lte, total, len(window_ids),
            )

    @staticmethod
    def _collect(page: dict[str, Any], found: dict[int, dict[str, Any]]) -> set[int]:
        ids = set()
        for movie in page["results"]:
            found[movie["id"]] = movie
            ids.add(movie["id"])
        return ids
