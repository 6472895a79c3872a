"""Catalogs of the lake's tables, written from the declared schemas: Glue (aws) or a DuckDB file (local)."""
from .duckdb_catalog import CATALOG_FILE, DuckDBCatalog
from .glue_catalog import GlueCatalog

__all__ = ["CATALOG_FILE", "DuckDBCatalog", "GlueCatalog"]
