"""Local queries: an in-memory DuckDB that attaches the lake's catalog file read-only, so
`refined.dim_movie` means the same view a person gets from `duckdb .movie_lake/catalog.duckdb`.
Hive partition columns in a `where` prune the folders read."""
from __future__ import annotations

import os
import time
from collections.abc import Sequence

import duckdb

from movie_lake.lib.catalog.duckdb_catalog import CATALOG_FILE, DuckDBCatalog
from movie_lake.lib.catalog.duckdb_file import retry_on_lock
from movie_lake.lib.process_local import process_local
from movie_lake.lib.query.dialect import to_duckdb
from movie_lake.lib.query.result import QueryResult
from movie_lake.lib.sql_text import literal


class DuckDBQueryEngine:
    name = "duckdb"

    def __init__(self, lake_root: str, threads: int | None = None):
        self.lake_root = os.path.abspath(lake_root)
        self.catalog_path = os.path.join(self.lake_root, CATALOG_FILE)
        self.threads = threads

    def query(self, sql: str, params: Sequence[object] = ()) -> QueryResult:
        """Run Trino-dialect `sql` (translated by sqlglot) against the catalog's tables; each `?`
        takes the next of `params` as a bound value."""
        if not os.path.exists(self.catalog_path):
            raise FileNotFoundError(f"no local catalog at {self.catalog_path}: materialize a table first")
        DuckDBCatalog(self.lake_root).follow_move()
        translated = to_duckdb(sql)
        started = time.monotonic()
        idle = process_local(("idle catalog readers", self.threads), list)
        connection = idle.pop() if idle else self._connect()
        try:
            table = self._run(connection, translated, list(params))
        except BaseException:
            connection.close()
            raise
        idle.append(connection)  # opening an in-memory DuckDB costs ~9 ms; the analyses make one query each
        return QueryResult(table=table, sql=sql, engine=self.name, seconds=time.monotonic() - started)

    def _connect(self) -> duckdb.DuckDBPyConnection:
        connection = duckdb.connect()
        if self.threads:
            connection.execute(f"set threads = {int(self.threads)}")
        return connection

    def _run(self, connection: duckdb.DuckDBPyConnection, sql: str, params: list):
        """Attach the catalog only for this query: another process may want to write it next."""
        retry_on_lock(lambda: connection.execute(f"attach {literal(self.catalog_path)} as lake (read_only)"))
        try:
            connection.execute("use lake")
            return connection.sql(sql, params=params or None).to_arrow_table()
        finally:
            connection.execute("use memory")
            connection.execute("detach lake")
