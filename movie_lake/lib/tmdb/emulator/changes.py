"""The emulator's change log and daily id exports, like TMDB's.

TMDB publishes every id it holds each day (`movie_ids_MM_DD_YYYY.json.gz`,
`tv_series_ids_MM_DD_YYYY.json.gz`: gzip JSON Lines) and lists changed ids per window of at
most 14 days (`/movie/changes`, `/tv/changes`). Here a change edits a title in the catalog
(or deletes it: details 404 from then on, the export still lists it, as TMDB's does until
the next day's file) and is recorded under its date, so the feed answers what was changed.
"""
from __future__ import annotations

import gzip
import json
import re
import threading
from dataclasses import dataclass
from datetime import date
from typing import Any, Iterator, Optional

from movie_lake.lib.tmdb.emulator.catalog import Catalog

CHANGES_MAX_DAYS = 14
CHANGES_PER_PAGE = 100
EXPORT_NAME = re.compile(r"^/p/exports/(movie_ids|tv_series_ids)_(\d\d)_(\d\d)_(\d{4})\.json\.gz$")
EXPORT_MEDIA = {"movie_ids": "movie", "tv_series_ids": "tv"}


@dataclass(frozen=True)
class Change:
    media: str
    title_id: int
    on: date
    deleted: bool = False


class ChangeLog:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._changes: list[Change] = []

    def record(self, catalog: Catalog, change: Change, fields: dict[str, Any]) -> None:
        titles = catalog.movies if change.media == "movie" else catalog.series
        if change.title_id not in titles:
            raise KeyError(f"the emulator has no {change.media} {change.title_id}")
        with self._lock:
            if fields:
                titles[change.title_id] = {**titles[change.title_id], **fields}
            self._changes.append(change)

    def changed_ids(self, media: str, start: date, end: date) -> list[int]:
        with self._lock:
            return sorted({c.title_id for c in self._changes if c.media == media and start <= c.on <= end})


def changes_page(ids: list[int], page: int) -> dict[str, Any]:
    pages = max(1, -(-len(ids) // CHANGES_PER_PAGE))
    chunk = ids[(page - 1) * CHANGES_PER_PAGE : page * CHANGES_PER_PAGE]
    return {"results": [{"id": i, "adult": False} for i in chunk], "page": page, "total_pages": pages,
            "total_results": len(ids)}


def export_media(path: str) -> Optional[tuple[str, date]]:
    """`(media, export date)` for an export file's path, or None when the path is no export."""
    match = EXPORT_NAME.match(path)
    if not match:
        return None
    kind, month, day, year = match.groups()
    return EXPORT_MEDIA[kind], date(int(year), int(month), int(day))


def export_lines(catalog: Catalog, media: str) -> Iterator[bytes]:
    """One line per title the catalog holds (deleted ones included), as TMDB's export writes them."""
    if media == "movie":
        for movie_id in sorted(catalog.movies):
            movie = catalog.movies[movie_id]
            yield _line({"adult": bool(movie.get("adult")), "id": movie_id, "original_title": movie.get("original_title"),
                         "popularity": movie.get("popularity"), "video": bool(movie.get("video"))})
    else:
        for series_id in sorted(catalog.series):
            show = catalog.series[series_id]
            yield _line({"id": series_id, "original_name": show.get("original_name"), "popularity": show.get("popularity")})


def export_file(catalog: Catalog, media: str) -> bytes:
    return gzip.compress(b"".join(export_lines(catalog, media)), compresslevel=1, mtime=0)


def _line(record: dict[str, Any]) -> bytes:
    return json.dumps(record, ensure_ascii=False, separators=(",", ":")).encode("utf-8") + b"\n"
