"""The query engine as a Dagster resource: `query(sql)` → `QueryResult` (Arrow table + stats).
DuckDB over the local catalog file, or Athena over Glue; the SQL is the same (Trino)."""
from __future__ import annotations

from dagster import ConfigurableResource

from movie_lake.lib.aws import aws_client
from movie_lake.lib.query import AthenaQueryEngine, DuckDBQueryEngine, QueryResult
from movie_lake.settings import Settings


class QueryEngineResource(ConfigurableResource):
    def query(self, sql: str) -> QueryResult:
        return self.engine().query(sql)

    def engine(self) -> DuckDBQueryEngine | AthenaQueryEngine:
        raise NotImplementedError


class DuckDBQueryResource(QueryEngineResource):
    local_root: str
    threads: int | None = None

    @classmethod
    def from_settings(cls, settings: Settings) -> "DuckDBQueryResource":
        return cls(local_root=str(settings.local_root))

    def engine(self) -> DuckDBQueryEngine:
        return DuckDBQueryEngine(self.local_root, self.threads)


class AthenaQueryResource(QueryEngineResource):
    workgroup: str = "primary"
    database_prefix: str = "movie_lake"
    output_location: str
    timeout_seconds: float = 600.0
    poll_seconds: float = 1.0
    region: str = "us-east-1"
    endpoint_url: str | None = None

    @classmethod
    def from_settings(cls, settings: Settings) -> "AthenaQueryResource":
        return cls(workgroup=settings.athena_workgroup, database_prefix=settings.glue_database_prefix,
                   output_location=settings.athena_output_uri, timeout_seconds=settings.athena_timeout_seconds,
                   region=settings.aws_region, endpoint_url=settings.aws_endpoint_url)

    def engine(self) -> AthenaQueryEngine:
        client = aws_client("athena", self.region, self.endpoint_url)
        return AthenaQueryEngine(client, self.workgroup, self.database_prefix, self.output_location,
                                 self.timeout_seconds, self.poll_seconds)

