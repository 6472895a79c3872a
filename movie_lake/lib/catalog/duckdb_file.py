"""Opening the local catalog file, retried while another process holds it for writing.

The lake never writes `catalog.duckdb` in place (it renames a new file over it), but a person
may open the current file read-write (the duckdb CLI does by default); a query attaching it
then waits for them instead of failing at once.
"""
from __future__ import annotations

import random
import time
from collections.abc import Callable
from typing import TypeVar

import duckdb

LOCK_WAIT_SECONDS = 60.0
T = TypeVar("T")


def _is_lock_conflict(error: duckdb.Error) -> bool:
    return "lock" in str(error).lower()


def retry_on_lock(action: Callable[[], T], wait_seconds: float = LOCK_WAIT_SECONDS) -> T:
    deadline = time.monotonic() + wait_seconds
    delay = 0.02
    while True:
        try:
            return action()
        except duckdb.IOException as error:
            if not _is_lock_conflict(error) or time.monotonic() > deadline:
                raise
            time.sleep(delay * (1 + random.random()))
            delay = min(delay * 2, 0.5)
