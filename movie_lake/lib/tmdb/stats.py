"""Counters a TMDB client keeps, for a run's metadata."""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class TMDBStatsSnapshot:
    requests: int
    """HTTP attempts sent, retries included."""
    retries: int
    rate_limited: int
    """Answers with HTTP 429."""
    server_errors: int
    connection_errors: int
    """Dropped connections, refused connections and timeouts."""
    throttle_seconds: float
    """Time spent waiting for the client-side rate cap, summed over threads (can exceed ``seconds``)."""
    backoff_seconds: float
    """Time spent sleeping between retries, summed over threads."""
    missing_ids: list[int] = field(default_factory=list)
    """Movie ids that TMDB answered 404 for."""
    seconds: float = 0.0
    """Wall-clock seconds since the client was created."""

    def as_metadata(self) -> dict[str, Any]:
        """Plain JSON-able values, keys prefixed ``tmdb_``; never holds credentials."""
        return {
            "tmdb_requests": self.requests,
            "tmdb_retries": self.retries,
            "tmdb_rate_limited": self.rate_limited,
            "tmdb_server_errors": self.server_errors,
            "tmdb_connection_errors": self.connection_errors,
            "tmdb_missing_count": len(self.missing_ids),
            "tmdb_missing_ids": sorted(self.missing_ids),
            "tmdb_throttle_seconds": round(self.throttle_seconds, 3),
            "tmdb_backoff_seconds": round(self.backoff_seconds, 3),
            "tmdb_seconds": round(self.seconds, 3),
        }


class TMDBStats:
    """Thread-safe counters; read them with ``snapshot()``."""

    _COUNTERS = ("requests", "retries", "rate_limited", "server_errors", "connection_errors")
    _TIMERS = ("throttle_seconds", "backoff_seconds")

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._started_at = time.monotonic()
        self._values: dict[str, float] = {name: 0 for name in self._COUNTERS + self._TIMERS}
        self._missing_ids: list[int] = []

    def add(self, **increments: float) -> None:
        with self._lock:
            for name, amount in increments.items():
                if name not in self._values:
                    raise KeyError(f"unknown TMDB stat {name!r}")
                self._values[name] += amount

    def record_missing(self, movie_id: int) -> None:
        with self._lock:
            self._missing_ids.append(movie_id)

    def snapshot(self) -> TMDBStatsSnapshot:
        with self._lock:
            counters = {name: int(self._values[name]) for name in self._COUNTERS}
            timers = {name: float(self._values[name]) for name in self._TIMERS}
            return TMDBStatsSnapshot(
                **counters,
                **timers,
                missing_ids=list(self._missing_ids),
                seconds=time.monotonic() - self._started_at,
            )
