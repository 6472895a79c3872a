"""The local catalog: `<lake>/catalog.duckdb`, one schema per layer, one view per table.

Views read the lake's Parquet by absolute path, so the file can be opened from anywhere
(`duckdb .movie_lake/catalog.duckdb`), and they are rebuilt from the declaration on every
write, so a new column or partition shows up at once.
"""
from __future__ import annotations

import os

from movie_lake.lib.schemas.base import DatasetSchema
from movie_lake.lib.catalog.duckdb_file import connect_retrying
from movie_lake.lib.catalog.types import duckdb_type

CATALOG_FILE = "catalog.duckdb"
_DEFINED: dict[tuple[str, int | None, str], str] = {}
"""(catalog file, its inode, view) → the SQL this process last defined it with."""


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def view_sql(schema: DatasetSchema, lake_root: str) -> str:
    """A view over the table's Parquet files; the partition column comes from the folder names."""
    folder = os.path.join(os.path.abspath(lake_root), *schema.key_path)
    columns = [_quote(c) for c in schema.column_names]
    if schema.partition_column is None:
        source = f"read_parquet({_literal(folder + '/*.parquet')}, union_by_name = true)"
    else:
        columns.append(_quote(schema.partition_column))
        source = (
            f"read_parquet({_literal(folder + '/*/*.parquet')}, hive_partitioning = true, union_by_name = true, "
            f"hive_types = {{{_literal(schema.partition_column)}: 'VARCHAR'}})"
        )
    return f"select {', '.join(columns)} from {source}"


def empty_view_sql(schema: DatasetSchema) -> str:
    """The declared columns and no rows: stands in for a table that has no data yet."""
    columns = [f"cast(null as {duckdb_type(c.type)}) as {_quote(c.name)}" for c in schema.columns]
    if schema.partition_column:
        columns.append(f"cast(null as VARCHAR) as {_quote(schema.partition_column)}")
    return f"select {', '.join(columns)} where false"


class DuckDBCatalog:
    def __init__(self, lake_root: str):
        self.lake_root = os.path.abspath(lake_root)
        self.path = os.path.join(self.lake_root, CATALOG_FILE)

    def qualified_name(self, schema: DatasetSchema) -> str:
        return f"{schema.layer}.{schema.table_name}"

    def register(self, schema: DatasetSchema, partition: str | None = None) -> str:
        """(Re)define the table's view over what is in the lake now. The view reads a glob, so
        a new partition needs no new definition: a view this process already defined in this
        very file (same inode) with the same SQL is left as it is, sparing a DuckDB open per write."""
        sql = view_sql(schema, self.lake_root)
        done = (self.path, self._inode(), self.qualified_name(schema))
        if _DEFINED.get(done) != sql:
            self._define(schema, sql)
            _DEFINED[(self.path, self._inode(), self.qualified_name(schema))] = sql
        return self.qualified_name(schema)

    def _inode(self) -> int | None:
        try:
            return os.stat(self.path).st_ino
        except FileNotFoundError:
            return None

    def ensure(self, schema: DatasetSchema) -> None:
        """Make the table exist (empty) when nothing has been written to it yet."""
        if not self.has_table(schema.name):
            self._define(schema, empty_view_sql(schema))

    def has_table(self, name: str) -> bool:
        layer, table = name.split("/")
        if not os.path.exists(self.path):
            return False
        with connect_retrying(self.path, read_only=True) as connection:
            found = connection.execute(
                "select count(*) from information_schema.tables where table_schema = ? and table_name = ?", [layer, table]
            ).fetchone()[0]
        return bool(found)

    def _define(self, schema: DatasetSchema, select_sql: str) -> None:
        os.makedirs(self.lake_root, exist_ok=True)
        with connect_retrying(self.path) as connection:
            connection.execute(f"create schema if not exists {_quote(schema.layer)}")
            connection.execute(
                f"create or replace view {_quote(schema.layer)}.{_quote(schema.table_name)} as {select_sql}"
            )
