"""The resources for a mode, in one dict: the only place where local and aws differ."""
from __future__ import annotations

from ..io_managers import LakeParquetIOManager
from ..settings import Settings
from .catalog import GlueCatalogResource, LocalCatalogResource
from .lake import LakeResource
from .query_engine import AthenaQueryResource, DuckDBQueryResource
from .tmdb_offline import tmdb_for


def resources_for(settings: Settings) -> dict:
    lake = LakeResource.from_settings(settings)
    aws = settings.mode == "aws"
    catalog = GlueCatalogResource.from_settings(settings) if aws else LocalCatalogResource.from_settings(settings)
    return {
        "lake": lake,
        "catalog": catalog,
        "query_engine": AthenaQueryResource.from_settings(settings) if aws else DuckDBQueryResource.from_settings(settings),
        "lake_io_manager": LakeParquetIOManager(lake=lake, catalog=catalog),
        "tmdb": tmdb_for(settings),
    }
