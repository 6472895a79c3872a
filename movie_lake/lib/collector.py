"""Python's cyclic garbage collector, kept out of work that makes many long-lived objects.

Importing Dagster and building the definitions allocates ~1 M objects that live as long as the
process; the collector's generation-2 passes rescan all of them as they grow (0.3 s of a 1.3 s
import, measured). Paused while they are made, then frozen (`gc.freeze`): later collections skip
them, and processes forked afterwards (the ingest's run workers) inherit that."""
from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused(freeze: bool = False) -> Iterator[None]:
    """`freeze`: afterwards, move every object alive to the collector's permanent generation
    (for objects that live as long as the process: modules, definitions)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if freeze:
            gc.freeze()
        if was_enabled:
            gc.enable()
