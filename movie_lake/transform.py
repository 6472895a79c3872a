"""SQL over in-memory Arrow tables (embedded DuckDB), for building refined tables."""
from __future__ import annotations

import duckdb
import pyarrow as pa


def query_arrow(sql: str, **tables: pa.Table) -> pa.Table:
    """Run `sql` with each keyword argument visible as a table of that name."""
    with duckdb.connect() as connection:
        for name, table in tables.items():
            connection.register(name, table)
        return connection.sql(sql).to_arrow_table()
