"""The app's one way to the lake: the mode's query engine (DuckDB over the local catalog, Athena
over Glue), read-only, with each result kept until a table it reads changes. A table's version
is its file listing (names, sizes, times), looked at no more than once per `version_seconds`,
so a page viewed again costs no query at all."""
from __future__ import annotations

import hashlib
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass

import pyarrow as pa

from movie_lake.lib.dashboard_app.filters import Sql
from movie_lake.lib.query.dialect import tables_read
from movie_lake.lib.storage import LakeStorage

NOT_YET_MATERIALIZED = ("does not exist", "no files found", "no local catalog", "table_not_found",
                        "entitynotfound", "not found: table")
"""How the engines say a table has no data yet (DuckDB, Athena/Glue), lower-cased."""
KEPT_RESULTS = 512


class NoDataYet(Exception):
    """A table the query reads was never written."""


@dataclass
class ReaderStats:
    queries: int = 0
    cache_hits: int = 0
    bytes_scanned: int = 0


class LakeReader:
    def __init__(self, engine, storage: LakeStorage, version_seconds: float = 30.0,
                 clock: Callable[[], float] = time.monotonic):
        self.engine = engine
        self.storage = storage
        self.version_seconds = version_seconds
        self.clock = clock
        self.stats = ReaderStats()
        self._versions: dict[str, tuple[float, str]] = {}
        self._results: OrderedDict[tuple, pa.Table] = OrderedDict()
        self._lock = threading.Lock()

    @property
    def engine_name(self) -> str:
        return self.engine.name

    def query(self, sql: Sql) -> pa.Table:
        key = (sql.text, tuple(sql.params), tuple(self.version(t) for t in tables_read(sql.text)))
        with self._lock:
            if key in self._results:
                self._results.move_to_end(key)
                self.stats.cache_hits += 1
                return self._results[key]
        try:
            result = self.engine.query(sql.text, sql.params)
        except Exception as error:
            if any(marker in str(error).lower() for marker in NOT_YET_MATERIALIZED):
                raise NoDataYet(str(error).splitlines()[0]) from error
            raise
        with self._lock:
            self.stats.queries += 1
            self.stats.bytes_scanned += result.bytes_scanned or 0
            self._results[key] = result.table
            while len(self._results) > KEPT_RESULTS:
                self._results.popitem(last=False)
        return result.table

    def version(self, table: str) -> str:
        """A digest of the table's files (`refined/dim_movie`), re-listed after `version_seconds`."""
        now = self.clock()
        with self._lock:
            seen = self._versions.get(table)
            if seen is not None and now - seen[0] < self.version_seconds:
                return seen[1]
        listing = "\n".join(f"{f.key} {f.size} {f.modified.isoformat()}" for f in self.storage.list_files(table))
        digest = hashlib.sha1(listing.encode("utf-8")).hexdigest()
        with self._lock:
            self._versions[table] = (now, digest)
        return digest
