"""One way to run SQL over the lake's catalog, two engines: DuckDB (local) and Athena (aws)."""
from movie_lake.lib.query.athena_engine import AthenaQueryCancelled, AthenaQueryEngine, AthenaQueryFailed, AthenaQueryTimeout
from movie_lake.lib.query.duckdb_engine import DuckDBQueryEngine
from movie_lake.lib.query.result import QueryResult, athena_cost_usd

__all__ = [
    "AthenaQueryCancelled", "AthenaQueryEngine", "AthenaQueryFailed", "AthenaQueryTimeout",
    "DuckDBQueryEngine", "QueryResult", "athena_cost_usd",
]
