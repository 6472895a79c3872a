"""SQL over Arrow tables in the run's process (embedded DuckDB), with the memory cap from settings."""
from __future__ import annotations

import pyarrow as pa
from dagster import ConfigurableResource

from movie_lake.lib.query.arrow_sql import DEFAULT_MEMORY_LIMIT, query_arrow


class ArrowSQLResource(ConfigurableResource):
    memory_limit: str = DEFAULT_MEMORY_LIMIT

    def query(self, sql: str, **tables: pa.Table) -> pa.Table:
        return query_arrow(sql, memory_limit=self.memory_limit, **tables)
