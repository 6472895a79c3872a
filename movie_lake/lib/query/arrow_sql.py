"""SQL over Arrow data in the run's process (embedded DuckDB), for building refined tables.

Inputs may be Arrow tables, datasets over the lake's files (`TableStore.dataset`, scanned batch
by batch with the query's columns and filters pushed down) or spooled tables. `query_arrow`
returns a table, for results that are small; `spool_query` has DuckDB write the result to a
temporary Parquet file, for an asset's rows, so neither its inputs nor its output become one
Arrow object in the process."""
from __future__ import annotations

import ctypes
import ctypes.util
import gc
import os
import sys
import time
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

import duckdb
import pyarrow as pa
import pyarrow.fs as pafs

from movie_lake.lib.parsers.spool import SpooledTable
from movie_lake.lib.process_local import process_local
from movie_lake.lib.sql_text import identifier, literal
from movie_lake.lib.storage.dataset_type import Dataset
from movie_lake.lib.storage.files import STREAM_ATTEMPTS

if TYPE_CHECKING:
    import pyarrow.dataset as ds

DEFAULT_MEMORY_LIMIT = "512MB"
SPOOL_ROW_GROUP_ROWS = 16 * 1024
"""Rows per row group of a query's spooled result: the IO manager holds one at a time, so this bounds
its memory on wide rows (16 K movies with their overviews and lists are ~20 MB)."""
ARROW_GARBAGE_BYTES = 64 * 1024 * 1024
_LIBC = ctypes.CDLL(ctypes.util.find_library("c")) if sys.platform.startswith("linux") else None
SPILL_DIRECTORY = os.path.join(tempfile.gettempdir(), "movie_lake_duckdb_spill")
SqlInput = pa.Table | Dataset | SpooledTable


def query_arrow(sql: str, memory_limit: str = DEFAULT_MEMORY_LIMIT, views: dict[str, str] | None = None, **tables: SqlInput) -> pa.Table:
    """Run `sql` with each keyword argument visible as a table of that name (a lake name such
    as `trusted/movies` as the view `trusted.movies`).

    DuckDB's working memory is capped at `memory_limit` (spilling to a temp folder beyond
    it) so that a refined step stays within the pipeline's memory budget at large sizes. `views`
    (name → DuckDB SELECT over the tables) are defined after the tables."""
    def run() -> pa.Table:
        with _connection(memory_limit, tables, reused=True) as connection:
            for name, definition in (views or {}).items():
                connection.execute(f"create view {_view_name(connection, name)} as {definition}")
            return connection.sql(sql).to_arrow_table()

    return _retried_on_cut_streams(run, tables)


def spool_query(sql: str, memory_limit: str = DEFAULT_MEMORY_LIMIT, **tables: SqlInput) -> SpooledTable:
    """`query_arrow`, with the rows written by DuckDB to a spooled table (in the query's order)."""
    def write(path: str) -> None:
        with _connection(memory_limit, tables, reused=False) as connection:
            connection.execute(f"copy ({sql}) to {literal(path)} (format parquet, compression snappy, row_group_size {SPOOL_ROW_GROUP_ROWS})")

    return _retried_on_cut_streams(lambda: SpooledTable.written_by(write), tables)


def _retried_on_cut_streams(run, tables: dict[str, SqlInput]):
    """`run()`, again when a dataset on S3 had its response stream cut half-way (the SDK's own
    retries cover requests that get an answer; DuckDB reports the cut as an IOError of the
    stream it was scanning). The query only reads, so running it again is safe."""
    import pyarrow.dataset as ds

    remote = any(isinstance(t, ds.FileSystemDataset) and not isinstance(t.filesystem, pafs.LocalFileSystem) for t in tables.values())
    for attempt in range(STREAM_ATTEMPTS):
        try:
            return run()
        except duckdb.Error as error:
            if not remote or "IOError" not in str(error) or attempt == STREAM_ATTEMPTS - 1:
                raise
            time.sleep(0.2 * 2 ** attempt)
    raise AssertionError("unreachable")


@contextmanager
def _connection(memory_limit: str, tables: dict[str, SqlInput], reused: bool) -> Iterator[duckdb.DuckDBPyConnection]:
    """A DuckDB database with `tables` as views. `reused`: one this process used before and
    emptied (opening a database costs 12 ms, and a materialization's checks make several
    queries each); else a new one, closed after, for the large queries that build tables,
    so that nothing they cached stays in the process."""
    import pyarrow.dataset as ds

    _release_freed_memory()
    connection = _take_idle(memory_limit) if reused else None
    if connection is None:
        connection = duckdb.connect(config={"memory_limit": memory_limit, "temp_directory": SPILL_DIRECTORY})
    try:
        for name, table in tables.items():
            table = table.dataset() if isinstance(table, SpooledTable) else table
            view = _view_name(connection, name)
            if isinstance(table, ds.FileSystemDataset) and isinstance(table.filesystem, pafs.LocalFileSystem):
                connection.execute(f"create view {view} as {_parquet_scan(table)}")
            elif "/" in name:
                registered = "input_" + name.replace("/", "_")
                connection.register(registered, table)
                connection.execute(f"create view {view} as select * from {identifier(registered)}")
            else:
                connection.register(name, table)
        yield connection
    except BaseException:
        connection.close()
        raise
    if reused and _emptied(connection):
        _idle(memory_limit).append(connection)
    else:
        connection.close()


def _emptied(connection: duckdb.DuckDBPyConnection) -> bool:
    """Drop every view and schema a query defined (registered tables are temporary views)."""
    try:
        for (schema,) in connection.execute(
                "select schema_name from information_schema.schemata where catalog_name = current_database() "
                "and schema_name not in ('main', 'information_schema', 'pg_catalog')").fetchall():
            connection.execute(f"drop schema {identifier(schema)} cascade")
        for database, schema, view, temporary in connection.execute(
                "select database_name, schema_name, view_name, temporary from duckdb_views() where not internal").fetchall():
            if temporary:
                connection.unregister(view)
            else:
                connection.execute(f"drop view {identifier(database)}.{identifier(schema)}.{identifier(view)}")
    except duckdb.Error:
        return False
    return True


def _idle(memory_limit: str) -> list[duckdb.DuckDBPyConnection]:
    """This process's emptied databases with that memory limit."""
    return process_local(("idle duckdb", memory_limit), list)


def _take_idle(memory_limit: str) -> duckdb.DuckDBPyConnection | None:
    try:
        return _idle(memory_limit).pop()
    except IndexError:
        return None


def _view_name(connection: duckdb.DuckDBPyConnection, name: str) -> str:
    """A lake name (`trusted/movies`) becomes the view `trusted.movies`, as the SQL names it."""
    if "/" not in name:
        return identifier(name)
    layer, table = name.split("/", 1)
    connection.execute(f"create schema if not exists {identifier(layer)}")
    return f"{identifier(layer)}.{identifier(table)}"


def _release_freed_memory() -> None:
    """Hand back to the system what earlier steps freed (Arrow's pool, the C heap), so that
    DuckDB's cap is what a step adds. Dagster's step contexts form reference cycles, so a
    finished step's Arrow tables live until the cycle collector runs: collect first when
    Arrow holds a lot."""
    if pa.total_allocated_bytes() > ARROW_GARBAGE_BYTES:
        gc.collect()
    pa.default_memory_pool().release_unused()
    if _LIBC is not None:
        _LIBC.malloc_trim(0)


def _parquet_scan(dataset: ds.FileSystemDataset) -> str:
    """Local files are read by DuckDB's own Parquet reader: its memory is within DuckDB's cap,
    which pyarrow's read-ahead (of whole row groups) is not."""
    files = ", ".join(literal(path) for path in dataset.files)
    hive = dataset.partitioning.schema.names if dataset.partitioning is not None else []
    options = (", hive_partitioning = true, hive_types_autocast = false, hive_types = {"
               + ", ".join(f"{identifier(n)}: VARCHAR" for n in hive) + "}") if hive else ", hive_partitioning = false"
    options += ", union_by_name = true"  # a file written before a column was declared reads it as null
    columns = ", ".join(identifier(n) for n in dataset.schema.names)
    return f"select {columns} from read_parquet([{files}]{options})"
