"""Short-lived use of the local catalog file, retried while another process holds it.

DuckDB lets one process write a database file at a time (readers and writers of other
processes get a lock error), so every user opens the file for one batch of statements and
closes it at once; concurrent runs wait their turn instead of failing.
"""
from __future__ import annotations

import random
import time
from collections.abc import Callable
from contextlib import contextmanager
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


@contextmanager
def connect_retrying(path: str, read_only: bool = False):
    connection = retry_on_lock(lambda: duckdb.connect(path, read_only=read_only))
    try:
        yield connection
    finally:
        connection.close()
