"""Catalogs of the lake's tables, written from the declared schemas: Glue (aws) or a DuckDB file (local)."""
CATALOGUED_LAYERS = ("trusted", "refined", "analytics")
"""The layers whose tables are registered in the catalog (DuckDB views, Glue tables)."""

from movie_lake.lib.catalog.duckdb_catalog import CATALOG_FILE, DuckDBCatalog
from movie_lake.lib.catalog.glue_catalog import GlueCatalog

__all__ = ["CATALOG_FILE", "DuckDBCatalog", "GlueCatalog"]
