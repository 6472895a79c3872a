"""Faults the emulator injects on demand, each for the next ``count`` matching requests.

Kinds: ``rate_limit`` (429 with ``Retry-After``), ``server_error`` (a 5xx),
``slow`` (answer after ``seconds``), ``drop`` (close the connection without an answer).
Faults queue in the order they were added; a request takes the first one whose
``path`` prefix matches. Deleted ids are listed by discover but 404 on details.
A hold gate keeps matching requests waiting until released, so tests can see how
many requests a client has in flight at once.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, replace
from typing import Any, Iterable, Optional

FAULT_KINDS = ("rate_limit", "server_error", "slow", "drop")
SERVER_ERROR_STATUSES = (500, 502, 503, 504)
HOLD_SAFETY_SECONDS = 60.0


class FaultSpecError(ValueError):
    pass


@dataclass(frozen=True)
class Fault:
    kind: str
    count: int = 1
    path: str = "/3/"
    status: int = 503
    retry_after: str = "1"
    seconds: float = 1.0

    def __post_init__(self) -> None:
        if self.kind not in FAULT_KINDS:
            raise FaultSpecError(f"fault kind {self.kind!r} is not one of {', '.join(FAULT_KINDS)}")
        if self.count < 1:
            raise FaultSpecError(f"fault count must be at least 1, got {self.count}")
        if self.kind == "server_error" and self.status not in SERVER_ERROR_STATUSES:
            raise FaultSpecError(f"server_error status must be one of {SERVER_ERROR_STATUSES}, got {self.status}")
        if self.seconds < 0:
            raise FaultSpecError(f"fault seconds must not be negative, got {self.seconds}")

    @classmethod
    def from_json(cls, spec: dict[str, Any]) -> "Fault":
        known = {"kind", "count", "path", "status", "retry_after", "seconds"}
        unknown = set(spec) - known
        if unknown or "kind" not in spec:
            raise FaultSpecError(f"a fault needs 'kind' and only {sorted(known)}; got {sorted(spec)}")
        try:
            return cls(
                kind=str(spec["kind"]),
                count=int(spec.get("count", 1)),
                path=str(spec.get("path", "/3/")),
                status=int(spec.get("status", 503)),
                retry_after=str(spec.get("retry_after", "1")),
                seconds=float(spec.get("seconds", 1.0)),
            )
        except (TypeError, ValueError) as exc:
            raise FaultSpecError(f"bad fault spec {spec!r}: {exc}") from None


class FaultPlan:
    def __init__(self, faults: Iterable[Fault] = (), deleted_ids: Iterable[int] = ()) -> None:
        self._lock = threading.Lock()
        self._pending: list[Fault] = list(faults)
        self._deleted: set[int] = set(deleted_ids)
        self._hold_path: Optional[str] = None
        self._released = threading.Event()
        self._released.set()

    def add(self, fault: Fault) -> None:
        with self._lock:
            self._pending.append(fault)

    def clear(self) -> None:
        with self._lock:
            self._pending.clear()

    def take(self, path: str) -> Optional[Fault]:
        """The fault for this request, if any; counts it as used."""
        with self._lock:
            for index, fault in enumerate(self._pending):
                if path.startswith(fault.path):
                    if fault.count == 1:
                        del self._pending[index]
                    else:
                        self._pending[index] = replace(fault, count=fault.count - 1)
                    return fault
        return None

    def pending(self) -> list[Fault]:
        with self._lock:
            return list(self._pending)

    def delete_ids(self, ids: Iterable[int]) -> None:
        with self._lock:
            self._deleted.update(int(i) for i in ids)

    def is_deleted(self, movie_id: int) -> bool:
        with self._lock:
            return movie_id in self._deleted

    def hold(self, path: str = "/3/") -> None:
        with self._lock:
            self._hold_path = path
            self._released.clear()

    def release(self) -> None:
        with self._lock:
            self._hold_path = None
            self._released.set()

    def wait_if_held(self, path: str) -> None:
        with self._lock:
            held = self._hold_path is not None and path.startswith(self._hold_path)
        if held:
            self._released.wait(HOLD_SAFETY_SECONDS)


class RateCap:
    """TMDB's own limit: at most `per_second` requests a second on average (bursts up to one
    second's worth); a request over it answers 429 with `Retry-After: 1`."""

    def __init__(self, per_second: float) -> None:
        if per_second <= 0:
            raise FaultSpecError(f"a rate cap must be positive, got {per_second}")
        self.per_second = per_second
        self._lock = threading.Lock()
        self._tokens = per_second
        self._updated_at = time.monotonic()

    def admit(self) -> bool:
        with self._lock:
            now = time.monotonic()
            self._tokens = min(self.per_second, self._tokens + (now - self._updated_at) * self.per_second)
            self._updated_at = now
            if self._tokens < 1:
                return False
            self._tokens -= 1
            return True
