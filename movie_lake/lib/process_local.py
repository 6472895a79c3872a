"""Objects a process makes once and keeps: database engines, in-memory DuckDB databases, a Dagster
instance. Each is kept under the process id as well as its key, so a forked child makes its own
and never uses (nor closes) the one it inherited from its parent."""
from __future__ import annotations

import os
import threading
from collections.abc import Callable, Hashable
from typing import TypeVar

T = TypeVar("T")
_MADE: dict[tuple[int, Hashable], object] = {}
_LOCK = threading.Lock()


def process_local(key: Hashable, make: Callable[[], T]) -> T:
    """This process's object for `key`, made by `make()` the first time it is asked for."""
    kept = (os.getpid(), key)
    with _LOCK:
        if kept in _MADE:
            return _MADE[kept]  # type: ignore[return-value]
    made = make()
    with _LOCK:
        return _MADE.setdefault(kept, made)  # type: ignore[return-value]
