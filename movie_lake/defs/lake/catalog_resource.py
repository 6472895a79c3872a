"""The catalog as a Dagster resource: every table write registers itself (see the IO manager).
Local mode keeps `<lake>/catalog.duckdb`; aws mode keeps Glue databases `<prefix>_<layer>`
(both follow the Iceberg tables of `lake`)."""
from __future__ import annotations

from dagster import ConfigurableResource

from movie_lake.lib.aws import aws_client
from movie_lake.defs.lake.lake_resource import LakeResource
from movie_lake.lib.catalog import DuckDBCatalog, GlueCatalog
from movie_lake.lib.schemas.base import DatasetSchema



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
    lake: LakeResource

    def catalog(self) -> DuckDBCatalog:
        return DuckDBCatalog(self.lake.local_root, self.lake.tables)


class GlueCatalogResource(CatalogResource):
    lake: LakeResource

    def catalog(self) -> GlueCatalog:
        return GlueCatalog(lambda: aws_client("glue", self.lake.region, self.lake.endpoint_url), self.lake.tables)
