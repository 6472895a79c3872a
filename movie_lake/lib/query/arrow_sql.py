"""SQL over in-memory Arrow tables (embedded DuckDB), for building refined tables."""
from __future__ import annotations

import os
import tempfile

import duckdb
import pyarrow as pa

DEFAULT_MEMORY_LIMIT = "1GB"
SPILL_DIRECTORY = os.path.join(tempfile.gettempdir(), "movie_lake_duckdb_spill")


def query_arrow(sql: str, memory_limit: str = DEFAULT_MEMORY_LIMIT, **tables: pa.Table) -> pa.Table:
    """Run `sql` with each keyword argument visible as a table of that name.

    DuckDB's working memory is capped at `memory_limit` (spilling to a temp folder beyond
    it) so that a refined step stays within the pipeline's memory budget at large sizes."""
    config = {"memory_limit": memory_limit, "temp_directory": SPILL_DIRECTORY}
    with duckdb.connect(config=config) as connection:
        for name, table in tables.items():
            connection.register(name, table)
        return connection.sql(sql).to_arrow_table()
