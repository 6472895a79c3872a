"""The resources for a mode, in one dict: the only place where local and aws differ."""
from __future__ import annotations

from movie_lake.defs.lake.io_manager import LakeParquetIOManager
from movie_lake.defs.lake.table_sql_resource import AthenaTableSQL, EmbeddedTableSQL
from movie_lake.settings import Settings
from movie_lake.defs.lake.catalog_resource import GlueCatalogResource, LocalCatalogResource
from movie_lake.defs.lake.lake_resource import LakeResource
from movie_lake.defs.lake.landing_queue_resource import LandingQueueResource
from movie_lake.defs.lake.query_resource import AthenaQueryResource, DuckDBQueryResource
from movie_lake.defs.tmdb_api.offline import tmdb_for


def resources_for(settings: Settings) -> dict:
    lake = LakeResource.from_settings(settings)
    aws = settings.mode == "aws"
    catalog = GlueCatalogResource(lake=lake) if aws else LocalCatalogResource(lake=lake)
    athena = AthenaQueryResource.from_settings(settings) if aws else None
    queue = {"landing_queue": LandingQueueResource.from_settings(settings)} if aws and settings.landing_queue else {}
    return {
        **queue,
        "lake": lake,
        "catalog": catalog,
        "query_engine": athena or DuckDBQueryResource.from_settings(settings),
        "lake_io_manager": LakeParquetIOManager(lake=lake, catalog=catalog),
        "tmdb": tmdb_for(settings),
        "table_sql": AthenaTableSQL(athena=athena, lake=lake) if athena and settings.table_engine == "athena"
        else EmbeddedTableSQL(lake=lake, memory_limit=settings.duckdb_memory_limit, incremental=not settings.full_rebuild),
    }
