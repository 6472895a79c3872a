"""The local catalog: `<lake>/catalog.duckdb`, one schema per layer, one view per table.

A view reads its table's current Iceberg snapshot: the list of its data files, by absolute
path, so the file can be opened from anywhere (`duckdb .movie_lake/catalog.duckdb`) with no
Iceberg reader. Each commit changes the list, so `register` runs after every write. The views'
SQL is kept in `catalog_views.json`; every change builds a new database file from it and
renames it over `catalog.duckdb`. A person or a BI
tool holding the old file open keeps reading the views it had, and never makes a run fail or
wait (DuckDB would refuse a second process's write to a file held open).

Absolute paths because DuckDB reads a relative path in a view from the working directory, not
from the database file's folder. So a lake folder that was moved has views naming the old
folder until `follow_move` (every local query and every write calls it) rebuilds them under the
new one; `catalog_views.json` records the folder its views were made for.
"""
from __future__ import annotations

import errno
import fcntl
import glob
import json
import os
import shutil
import uuid
from collections.abc import Callable
from contextlib import contextmanager
from functools import lru_cache

import duckdb

from movie_lake.lib.process_local import process_local
from movie_lake.lib.schemas.base import DatasetSchema
from movie_lake.lib.catalog.types import duckdb_type
from movie_lake.lib.sql_text import identifier, literal
from movie_lake.lib.storage import LakeStorage, TableStore

CATALOG_FILE = "catalog.duckdb"
VIEWS_FILE = "catalog_views.json"
"""{"lake_root": the folder they read under, "views": {"layer/table": "select ..."}}: what
`catalog.duckdb` is built from."""
LOCK_FILE = ".catalog.lock"


def view_sql(schema: DatasetSchema, files: list[str]) -> str:
    """A view over these Parquet files (a snapshot's; each holds the partition column too).
    Columns declared after a file was written read as null from it."""
    if not files:
        return empty_view_sql(schema)
    columns = ", ".join(identifier(c) for c in schema.read_schema.names)
    listed = ", ".join(literal(f) for f in files)
    return f"select {columns} from read_parquet([{listed}], union_by_name = true)"


def empty_view_sql(schema: DatasetSchema) -> str:
    """The declared columns and no rows: stands in for a table that has no data yet."""
    columns = [f"cast(null as {duckdb_type(c.type)}) as {identifier(c.name)}" for c in schema.columns]
    if schema.partition_column:
        columns.append(f"cast(null as VARCHAR) as {identifier(schema.partition_column)}")
    return f"select {', '.join(columns)} where false"


class DuckDBCatalog:
    def __init__(self, lake_root: str, tables: TableStore | None = None):
        self.lake_root = os.path.abspath(lake_root)
        self.tables = tables or TableStore(LakeStorage.local(self.lake_root))
        self.path = os.path.join(self.lake_root, CATALOG_FILE)
        self.views_path = os.path.join(self.lake_root, VIEWS_FILE)

    def qualified_name(self, schema: DatasetSchema) -> str:
        return f"{schema.layer}.{schema.table_name}"

    def register(self, schema: DatasetSchema, partition: str | None = None) -> str:
        """(Re)define the table's view over its current snapshot. The files are listed under the
        catalog's lock, so two runs committing to one table leave the view with both commits."""
        self._set_view(schema, lambda: view_sql(schema, self._current_files(schema)), replace=True)
        return self.qualified_name(schema)

    def _current_files(self, schema: DatasetSchema) -> list[str]:
        return [self.tables.storage.fs_path(f.file_path) for f in self.tables.current_files(schema)]

    def ensure(self, schema: DatasetSchema) -> None:
        """Make the table exist (empty) when nothing has been written to it yet."""
        self._set_view(schema, lambda: empty_view_sql(schema), replace=False)

    def has_table(self, name: str) -> bool:
        return name in self._recorded()[1]

    def _recorded(self) -> tuple[str | None, dict[str, str]]:
        """The folder the views were made for, and their SQL by table name."""
        try:
            status = os.stat(self.views_path)
        except FileNotFoundError:
            return self.lake_root, {}
        return _read_views(self.views_path, status.st_ino, status.st_mtime_ns, status.st_size)

    def follow_move(self) -> None:
        """When the lake folder moved since the views were made, make them read under the folder now.
        A reader that may not write the folder (a read-only mount) reads the views as they are."""
        if self._recorded()[0] != self.lake_root:
            try:
                with self._locked():
                    self._follow_move()
            except OSError as error:
                if error.errno not in (errno.EACCES, errno.EPERM, errno.EROFS):
                    raise

    def _follow_move(self) -> dict[str, str]:
        """The views, moved to this folder if they were made for another (call under the lock).
        Views recorded before the folder was (older lakes) were made where the lake was created."""
        made_for, views = self._recorded()
        if made_for != self.lake_root:
            before, now = literal((made_for or self.tables.storage.named_root) + "/")[:-1], literal(self.lake_root + "/")[:-1]
            views = {name: sql.replace(before, now) for name, sql in views.items()}
            self._build(views, changed=None)
            self._record(views)
        return views

    def _set_view(self, schema: DatasetSchema, sql_now: Callable[[], str], replace: bool) -> None:
        with self._locked():
            views, sql = self._follow_move(), sql_now()
            if (views.get(schema.name) == sql or (not replace and schema.name in views)) and os.path.exists(self.path):
                return
            views = {**views, schema.name: sql}
            self._build(views, schema.name)
            self._record(views)

    def _record(self, views: dict[str, str]) -> None:
        recorded = {"lake_root": self.lake_root, "views": views}
        _write_atomically(self.views_path, json.dumps(recorded, indent=1, sort_keys=True).encode("utf-8"))

    def _build(self, views: dict[str, str], changed: str | None) -> None:
        """A new database file, renamed over the catalog in one step: a copy of the current one
        with the changed view replaced (a third of the time of building all 60 anew), or every
        view when there is no catalog file yet or `changed` is None."""
        for stale in glob.glob(os.path.join(glob.escape(self.lake_root), f".{CATALOG_FILE}.*.tmp*")):
            os.remove(stale)  # a build killed half-way (we hold the lock: nobody else is building)
        tmp = os.path.join(self.lake_root, f".{CATALOG_FILE}.{os.getpid()}.tmp")
        if os.path.exists(self.path) and changed is not None:
            shutil.copyfile(self.path, tmp)
            views = {changed: views[changed]}
        # attaching the file to this process's in-memory DuckDB takes 1 ms; opening it as a database takes 12
        connection, building = process_local("catalog builder", duckdb.connect), identifier(f"building_{uuid.uuid4().hex}")
        try:
            connection.execute(f"attach {literal(tmp)} as {building}")
            try:
                for name, sql in sorted(views.items()):
                    layer, table = name.split("/", 1)
                    connection.execute(f"create schema if not exists {building}.{identifier(layer)}")
                    connection.execute(f"create or replace view {building}.{identifier(layer)}.{identifier(table)} as {sql}")
                connection.execute(f"checkpoint {building}")
            finally:
                connection.execute(f"detach {building}")
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


@lru_cache(maxsize=8)
def _read_views(path: str, inode: int, mtime_ns: int, size: int) -> tuple[str | None, dict[str, str]]:
    with open(path, encoding="utf-8") as f:
        recorded = json.load(f)
    if "views" in recorded and isinstance(recorded.get("views"), dict):
        return recorded["lake_root"], recorded["views"]
    return None, recorded  # written before the folder was recorded: {name: sql}


def _write_atomically(path: str, data: bytes) -> None:
    tmp = f"{path}.{os.getpid()}.tmp"
    with open(tmp, "wb") as f:
        f.write(data)
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, path)
