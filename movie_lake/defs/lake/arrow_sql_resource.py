"""SQL over the lake's tables in the run's process (embedded DuckDB), with the memory cap from settings."""
from __future__ import annotations

import pyarrow as pa
from dagster import ConfigurableResource

from movie_lake.lib.parsers.spool import SpooledTable
from movie_lake.lib.query.arrow_sql import DEFAULT_MEMORY_LIMIT, SqlInput, query_arrow, spool_query


class ArrowSQLResource(ConfigurableResource):
    memory_limit: str = DEFAULT_MEMORY_LIMIT

    def query(self, sql: str, **tables: SqlInput) -> pa.Table:
        """A small result (counts, lists for metadata) as an Arrow table."""
        return query_arrow(sql, memory_limit=self.memory_limit, **tables)

    def table(self, sql: str, **tables: SqlInput) -> SpooledTable:
        """An asset's rows, written by DuckDB to a spooled Parquet file that the IO manager copies into the lake."""
        return spool_query(sql, memory_limit=self.memory_limit, **tables)
