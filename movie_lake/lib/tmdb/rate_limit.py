"""A thread-safe token bucket that caps how many requests per second leave the process."""

from __future__ import annotations

import threading
import time
from typing import Callable


class TokenBucket:
    """Grants ``rate_per_second`` permits per second on average, at most ``burst`` at once.

    A caller that finds the bucket empty reserves the next permit (the balance goes
    negative) and sleeps until it is due, so waiting callers are served in order
    without polling. ``clock`` and ``sleep`` can be replaced to test without waiting.
    """

    def __init__(
        self,
        rate_per_second: float,
        burst: float = 1.0,
        *,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        if rate_per_second <= 0:
            raise ValueError(f"rate_per_second must be positive, got {rate_per_second}")
        if burst < 1:
            raise ValueError(f"burst must be at least 1, got {burst}")
        self.rate_per_second = float(rate_per_second)
        self.burst = float(burst)
        self._clock = clock
        self._sleep = sleep
        self._lock = threading.Lock()
        self._tokens = self.burst
        self._updated_at = clock()

    def acquire(self) -> float:
        """Take one permit, sleeping until it is due; returns the seconds waited."""
        with self._lock:
            now = self._clock()
            refill = (now - self._updated_at) * self.rate_per_second
            self._tokens = min(self.burst, self._tokens + refill) - 1.0
            self._updated_at = now
            wait = -self._tokens / self.rate_per_second if self._tokens < 0 else 0.0
        if wait > 0:
            self._sleep(wait)
        return wait
