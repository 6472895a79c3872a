"""The catalog as a Dagster resource: every table write registers itself (see the IO manager).
Local mode keeps `<lake>/catalog.duckdb`; aws mode keeps Glue databases `<prefix>_<layer>`."""
from __future__ import annotations

from dagster import ConfigurableResource

from movie_lake.lib.aws import aws_client
from movie_lake.lib.catalog import CATALOGUED_LAYERS, DuckDBCatalog, GlueCatalog
from movie_lake.lib.schemas.base import DatasetSchema
from movie_lake.settings import Settings



class CatalogResource(ConfigurableResource):
    """Interface: `register` after a write, `ensure` (an empty table if absent), `has_table`."""

    def register(self, schema: DatasetSchema, partition: str | None = None) -> str:
        """Returns the table's name in the catalog (e.g. `refined.dim_movie`)."""
        return self.catalog().register(schema, partition)

    def ensure(self, schema: DatasetSchema) -> None:
        self.catalog().ensure(schema)

    def has_table(self, name: str) -> bool:
        return self.catalog().has_table(name)

    def catalog(self) -> DuckDBCatalog | GlueCatalog:
        raise NotImplementedError


class LocalCatalogResource(CatalogResource):
    local_root: str

    @classmethod
    def from_settings(cls, settings: Settings) -> "LocalCatalogResource":
        return cls(local_root=str(settings.local_root))

    def catalog(self) -> DuckDBCatalog:
        return DuckDBCatalog(self.local_root)


class GlueCatalogResource(CatalogResource):
    database_prefix: str
    table_uris: dict[str, str]
    """Each catalogued layer's URI (`s3://bucket/prefix/refined`): layers may sit in buckets of their own."""
    region: str = "us-east-1"
    endpoint_url: str | None = None

    @classmethod
    def from_settings(cls, settings: Settings) -> "GlueCatalogResource":
        return cls(database_prefix=settings.glue_database_prefix, table_uris={layer: settings.zone_uri(layer) for layer in CATALOGUED_LAYERS},
                   region=settings.aws_region, endpoint_url=settings.aws_endpoint_url)

    def catalog(self) -> GlueCatalog:
        client = aws_client("glue", self.region, self.endpoint_url)
        return GlueCatalog(client, self.database_prefix, self.table_uris)

