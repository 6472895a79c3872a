"""Fetch the details of a range's ids in batches, each batch stored (answers, then manifest)
before the next starts, reporting progress as it goes."""
from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timezone

from movie_lake.lib.storage.fetched import response_line
from movie_lake.lib.tmdb.client import Media, TMDBClient
from movie_lake.lib.tmdb_catalog.zone import CatalogZone

PROGRESS = "progress"
"""Metadata key of a crawl's progress observations (`movie-lake` prints them as they come)."""


@dataclass(frozen=True)
class Progress:
    done: int
    total: int
    seconds: float

    @property
    def rate(self) -> float:
        """Titles a second so far."""
        return self.done / self.seconds if self.seconds > 0 else 0.0

    @property
    def eta_seconds(self) -> float | None:
        return (self.total - self.done) / self.rate if self.rate > 0 else None

    def line(self) -> str:
        eta = f", ETA {self.eta_seconds:,.0f} s" if self.eta_seconds is not None else ""
        return f"{self.done:,}/{self.total:,} ids ({self.rate:,.1f}/s{eta})"


@dataclass(frozen=True)
class CrawlOutcome:
    asked: int
    fetched: int
    missing: list[int]
    batches: int
    unfinished_dropped: int
    seconds: float


def crawl(client: TMDBClient, zone: CatalogZone, folder: str, media: Media, ids: list[int], batch_size: int,
          reason: str, report: Callable[[Progress], None] = lambda progress: None) -> CrawlOutcome:
    """Fetch `ids` (in order) into `folder`; each finished batch survives a kill of what follows."""
    if batch_size < 1:
        raise ValueError(f"batch size must be at least 1, got {batch_size}")
    dropped = zone.remove_unfinished(folder)
    started, fetched, missing, batches = time.monotonic(), 0, [], 0
    for first in range(0, len(ids), batch_size):
        chunk = ids[first : first + batch_size]
        fetched_at = datetime.now(timezone.utc)
        answer = client.fetch_details(media, chunk)
        zone.write_batch(folder, chunk, [response_line(d) for d in answer.movies], answer.missing_ids, fetched_at, reason)
        fetched += len(answer.movies)
        missing += answer.missing_ids
        batches += 1
        report(Progress(first + len(chunk), len(ids), time.monotonic() - started))
    return CrawlOutcome(len(ids), fetched, sorted(missing), batches, dropped, time.monotonic() - started)

