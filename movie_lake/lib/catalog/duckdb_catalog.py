"""The local catalog: `<lake>/catalog.duckdb`, one schema per layer, one view per table.

Views read the lake's Parquet by absolute path, so the file can be opened from anywhere
(`duckdb .movie_lake/catalog.duckdb`). The views' SQL is kept in `catalog_views.json`; every
change builds a new database file from it and renames it over `catalog.duckdb`. A person or a BI
tool holding the old file open keeps reading the views it had, and never makes a run fail or
wait (DuckDB would refuse a second process's write to a file held open).
"""
from __future__ import annotations

import fcntl
import glob
import json
import os
from contextlib import contextmanager

import duckdb

from movie_lake.lib.schemas.base import DatasetSchema
from movie_lake.lib.catalog.types import duckdb_type
from movie_lake.lib.sql_text import identifier, literal

CATALOG_FILE = "catalog.duckdb"
VIEWS_FILE = "catalog_views.json"
"""{"layer/table": "select ..."}: what `catalog.duckdb` is built from."""
LOCK_FILE = ".catalog.lock"


def view_sql(schema: DatasetSchema, lake_root: str) -> str:
    """A view over the table's Parquet files; the partition column comes from the folder names."""
    folder = os.path.join(os.path.abspath(lake_root), *schema.key_path)
    columns = [identifier(c) for c in schema.column_names]
    if schema.partition_column is None:
        source = f"read_parquet({literal(folder + '/*.parquet')}, union_by_name = true)"
    else:
        columns.append(identifier(schema.partition_column))
        source = (
            f"read_parquet({literal(folder + '/*/*.parquet')}, hive_partitioning = true, union_by_name = true, "
            f"hive_types = {{{literal(schema.partition_column)}: 'VARCHAR'}})"
        )
    return f"select {', '.join(columns)} from {source}"


def empty_view_sql(schema: DatasetSchema) -> str:
    """The declared columns and no rows: stands in for a table that has no data yet."""
    columns = [f"cast(null as {duckdb_type(c.type)}) as {identifier(c.name)}" for c in schema.columns]
    if schema.partition_column:
        columns.append(f"cast(null as VARCHAR) as {identifier(schema.partition_column)}")
    return f"select {', '.join(columns)} where false"


class DuckDBCatalog:
    def __init__(self, lake_root: str):
        self.lake_root = os.path.abspath(lake_root)
        self.path = os.path.join(self.lake_root, CATALOG_FILE)
        self.views_path = os.path.join(self.lake_root, VIEWS_FILE)

    def qualified_name(self, schema: DatasetSchema) -> str:
        return f"{schema.layer}.{schema.table_name}"

    def register(self, schema: DatasetSchema, partition: str | None = None) -> str:
        """(Re)define the table's view over what is in the lake now. The view reads a glob, so
        a new partition needs no new definition, and an unchanged view rebuilds nothing."""
        self._set_view(schema, view_sql(schema, self.lake_root), replace=True)
        return self.qualified_name(schema)

    def ensure(self, schema: DatasetSchema) -> None:
        """Make the table exist (empty) when nothing has been written to it yet."""
        self._set_view(schema, empty_view_sql(schema), replace=False)

    def has_table(self, name: str) -> bool:
        return name in self._views()

    def _views(self) -> dict[str, str]:
        try:
            with open(self.views_path, encoding="utf-8") as f:
                return json.load(f)
        except FileNotFoundError:
            return {}

    def _set_view(self, schema: DatasetSchema, sql: str, replace: bool) -> None:
        with self._locked():
            views = self._views() if os.path.exists(self.views_path) else self._views_of_an_older_lake()
            if (views.get(schema.name) == sql or (not replace and schema.name in views)) and os.path.exists(self.path):
                return
            views[schema.name] = sql
            self._build(views)
            _write_atomically(self.views_path, json.dumps(views, indent=1, sort_keys=True).encode("utf-8"))

    def _views_of_an_older_lake(self) -> dict[str, str]:
        """A lake catalogued before the views file existed: every declared table with data."""
        from movie_lake.lib.schemas import ALL_SCHEMAS

        return {name: view_sql(schema, self.lake_root) for name, schema in ALL_SCHEMAS.items()
                if _has_parquet(os.path.join(self.lake_root, *schema.key_path))}

    def _build(self, views: dict[str, str]) -> None:
        """A new database file with every view, renamed over the catalog in one step."""
        for stale in glob.glob(os.path.join(glob.escape(self.lake_root), f".{CATALOG_FILE}.*.tmp*")):
            os.remove(stale)  # a build killed half-way (we hold the lock: nobody else is building)
        tmp = os.path.join(self.lake_root, f".{CATALOG_FILE}.{os.getpid()}.tmp")
        try:
            with duckdb.connect(tmp) as connection:
                for name, sql in sorted(views.items()):
                    layer, table = name.split("/", 1)
                    connection.execute(f"create schema if not exists {identifier(layer)}")
                    connection.execute(f"create or replace view {identifier(layer)}.{identifier(table)} as {sql}")
                connection.execute("checkpoint")
            os.replace(tmp, self.path)
        finally:
            for leftover in (tmp, tmp + ".wal"):
                if os.path.exists(leftover):
                    os.remove(leftover)

    @contextmanager
    def _locked(self):
        """One writer of the views at a time (runs in parallel processes register tables)."""
        os.makedirs(self.lake_root, exist_ok=True)
        with open(os.path.join(self.lake_root, LOCK_FILE), "w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(lock, fcntl.LOCK_UN)


def _has_parquet(folder: str) -> bool:
    return any(name.endswith(".parquet") for _, _, names in os.walk(folder) for name in names)


def _write_atomically(path: str, data: bytes) -> None:
    tmp = f"{path}.{os.getpid()}.tmp"
    with open(tmp, "wb") as f:
        f.write(data)
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, path)
