"""What the emulator saw: every API request, its answer, and the most requests in flight at once."""

from __future__ import annotations

import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class RequestRecord:
    path: str
    status: int
    started_at: float
    """``time.monotonic()`` when the request arrived."""


@dataclass(frozen=True)
class TrafficStats:
    requests: list[RequestRecord] = field(default_factory=list)
    in_flight: int = 0
    max_in_flight: int = 0

    @property
    def count(self) -> int:
        return len(self.requests)

    def count_by_status(self) -> Counter:
        return Counter(record.status for record in self.requests)

    def paths(self) -> list[str]:
        return [record.path for record in self.requests]

    def to_json(self) -> dict[str, Any]:
        return {
            "requests": len(self.requests),
            "by_status": {str(status): n for status, n in sorted(self.count_by_status().items())},
            "in_flight": self.in_flight,
            "max_in_flight": self.max_in_flight,
            "log": [{"path": r.path, "status": r.status, "started_at": r.started_at} for r in self.requests],
        }


class TrafficLog:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._records: list[RequestRecord] = []
        self._in_flight = 0
        self._max_in_flight = 0

    def enter(self) -> float:
        with self._lock:
            self._in_flight += 1
            self._max_in_flight = max(self._max_in_flight, self._in_flight)
        return time.monotonic()

    def record(self, path: str, status: int, started_at: float) -> None:
        """Record a request's answer before it is sent, so a client that has the answer
        also finds it in the stats; status 0 means the connection was dropped unanswered."""
        with self._lock:
            self._records.append(RequestRecord(path=path, status=status, started_at=started_at))

    def leave(self) -> None:
        with self._lock:
            self._in_flight -= 1

    def snapshot(self) -> TrafficStats:
        with self._lock:
            return TrafficStats(list(self._records), self._in_flight, self._max_in_flight)

    def reset(self) -> None:
        with self._lock:
            self._records.clear()
            self._max_in_flight = self._in_flight
