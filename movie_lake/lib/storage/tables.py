"""The lake's tables. Trusted, refined and analytics tables are Iceberg tables (`iceberg.py`):
a write puts one new Parquet file under `<layer>/<table>/data/[<col>=<value>/]` and then
commits it as the partition's only file, so readers see the old partition or the new one, and a
write killed before its commit leaves nothing visible. Other layers (quarantine) are plain hive
folders with one `part-0.parquet` per partition, replaced whole.
"""
from __future__ import annotations

import json
import re
import uuid
from collections.abc import Callable, Iterable
from datetime import datetime, timedelta, timezone
from typing import TYPE_CHECKING

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from movie_lake.lib.schemas.base import DatasetSchema
from movie_lake.lib.storage.files import LakeStorage
from movie_lake.lib.storage.iceberg import BUILT_FROM_PROPERTY, ICEBERG_LAYERS, IcebergCatalogConfig, IcebergTables, retried_on_conflict

if TYPE_CHECKING:  # imported where used: it imports pandas, which loading the definitions need not (dataset_type.py)
    import pyarrow.dataset as ds

PART_FILE = "part-0.parquet"
SAFE_PARTITION_VALUE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")


class TableStore:
    def __init__(self, storage: LakeStorage, glue_database_prefix: str = "movie_lake"):
        self.storage = storage
        self.iceberg = IcebergTables(IcebergCatalogConfig(
            local_root=storage.root if storage.is_local else None, glue_database_prefix=glue_database_prefix,
            region=storage.region, endpoint_url=storage.endpoint_url))

    @staticmethod
    def is_iceberg(schema: DatasetSchema) -> bool:
        return schema.layer in ICEBERG_LAYERS

    def partition_folder(self, schema: DatasetSchema, partition: str | None) -> str:
        if schema.partition_column is None:
            if partition is not None:
                raise ValueError(f"{schema.name} is not partitioned; got partition {partition!r}")
            return schema.name
        if partition is None or not SAFE_PARTITION_VALUE.match(partition):
            raise ValueError(f"{schema.name}: partition value {partition!r} is not a safe folder name")
        return f"{schema.name}/{schema.partition_column}={partition}"

    def _new_file_key(self, schema: DatasetSchema, partition: str | None) -> str:
        if not self.is_iceberg(schema):
            return f"{self.partition_folder(schema, partition)}/{PART_FILE}"
        folder = self.partition_folder(schema, partition)
        data = f"{schema.name}/data" + folder[len(schema.name):]
        return f"{data}/{uuid.uuid4().hex}.parquet"

    def _stored_columns(self, schema: DatasetSchema, table: pa.Table, partition: str | None) -> pa.Table:
        """An Iceberg data file holds its partition column too (Athena and pyiceberg read it there)."""
        if not self.is_iceberg(schema) or schema.partition_column is None:
            return table
        return table.append_column(schema.read_schema.field(schema.partition_column), pa.array([partition] * table.num_rows, pa.string()))

    def write(self, schema: DatasetSchema, table: pa.Table, partition: str | None = None, properties: dict | None = None) -> dict:
        """Write one partition (or the whole unpartitioned table); returns what was written.
        `properties` go into the Iceberg snapshot's summary (the Dagster run id)."""
        return self.write_batches(schema, [table], partition, properties)

    def write_batches(self, schema: DatasetSchema, tables: Iterable[pa.Table], partition: str | None = None,
                      properties: dict | None = None) -> dict:
        """`write` for a table too large for memory, given as a sequence of tables: they are
        written one by one to a new file, which then becomes the partition whole."""
        return self.write_partitions(schema, {partition: tables}, properties)[partition]

    def write_partitions(self, schema: DatasetSchema, tables: dict[str | None, Iterable[pa.Table]],
                         properties: dict | None = None) -> dict[str | None, dict]:
        """`write_batches` for several partitions at once: a file each, then one Iceberg commit
        making them their partitions' only files. Returns what was written, by partition."""
        keys, written = {}, {}
        for partition, batches in tables.items():
            self.partition_folder(schema, partition)
            keys[partition], rows, size = self._write_file(schema, batches, partition)
            written[partition] = {"path": self.storage.uri_of(keys[partition]), "bytes": size, "rows": rows}
        if self.is_iceberg(schema):
            snapshot_id = self.iceberg.replace_partitions(
                schema, self.storage.table_uri(schema.name), {p: self.storage.table_uri(k) for p, k in keys.items()}, properties or {})
            for partition_written in written.values():
                partition_written["snapshot_id"] = snapshot_id
        else:
            for key in keys.values():
                self._remove_others(key)
        return written

    def _write_file(self, schema: DatasetSchema, tables: Iterable[pa.Table], partition: str | None = None) -> tuple[str, int, int]:
        """A new data file (zstd Parquet, the declared types) holding `tables`: (key, rows, bytes)."""
        key = self._new_file_key(schema, partition)
        stored_schema = schema.read_schema if self.is_iceberg(schema) else schema.arrow_schema
        rows = 0
        with self.storage.output_stream(key) as stream:
            with pq.ParquetWriter(stream, stored_schema, compression="zstd") as writer:
                for table in tables:
                    stored = self._stored_columns(schema, table, partition)
                    writer.write_table(stored if stored.schema == stored_schema else stored.cast(stored_schema))
                    rows += table.num_rows
            size = stream.tell()
        return key, rows, size

    def _remove_others(self, key: str) -> None:
        folder = key.rsplit("/", 1)[0]
        for stale in self.storage.list_files(folder):
            if stale.key != key and not stale.key.rsplit("/", 1)[-1].startswith((".", "_")):
                self.storage.delete(stale.key)

    def partitions(self, schema: DatasetSchema) -> list[str]:
        if self.is_iceberg(schema):
            return sorted({f.partition[0] for f in self.current_files(schema)})
        prefix = f"{schema.name}/{schema.partition_column}="
        return sorted(
            {f.key[len(prefix) :].split("/", 1)[0] for f in self.storage.list_files(schema.name) if f.key.startswith(prefix) and f.key.endswith(PART_FILE)}
        )

    def current_files(self, schema: DatasetSchema, partitions: list[str] | None = None, snapshot_id: int | None = None) -> list:
        """An Iceberg table's data files in its current snapshot (or `snapshot_id`); none when never written."""
        def plan() -> list:
            table = self.iceberg.load(schema)
            return [] if table is None else self.iceberg.data_files(table, schema, partitions, snapshot_id)

        return self.storage.retried(plan)

    def read(self, schema: DatasetSchema, partitions: list[str] | None = None, columns: list[str] | None = None) -> pa.Table:
        """One, several or all partitions as one table, with the partition column present
        (`dataset`, read). An unpartitioned table never written raises FileNotFoundError."""
        import pyarrow.dataset as ds

        stored = self.dataset(schema, partitions, columns)
        written = isinstance(stored, ds.FileSystemDataset) or (self.is_iceberg(schema) and "snapshot_id" in self.current(schema))
        if schema.partition_column is None and not written:
            raise FileNotFoundError(f"no table data at {self.storage.uri_of(schema.name)}")
        return self.storage.retried(stored.to_table)

    def dataset(self, schema: DatasetSchema, partitions: list[str] | None = None, columns: list[str] | None = None,
                snapshot_id: int | None = None) -> ds.Dataset:
        """`read` without reading: the stored files as a dataset that a query engine scans batch by
        batch (so a whole layer never has to fit in memory). A table never written reads as empty."""
        return self.pinned_dataset(schema, partitions, columns, snapshot_id)[0]

    def pinned_dataset(self, schema: DatasetSchema, partitions: list[str] | None = None, columns: list[str] | None = None,
                       snapshot_id: int | None = None) -> tuple[ds.Dataset, int | None]:
        """`dataset`, and the snapshot it reads (None: not an Iceberg table, or never written), from one load of the table."""
        import pyarrow.dataset as ds

        wanted = [c for c in schema.read_schema.names if columns is None or c in columns]
        read_schema = pa.schema([schema.read_schema.field(c) for c in wanted])
        partitioning, read_snapshot = None, None
        if self.is_iceberg(schema):
            def plan() -> tuple[pa.Table | None, list, int | None]:
                table = self.iceberg.load(schema)
                snapshot = None if table is None else table.current_snapshot() if snapshot_id is None else table.snapshot_by_id(snapshot_id)
                if snapshot is None:
                    return None, [], None
                # an engine that changed the table with delete files (Athena): read with the deletes applied
                merged = self.iceberg.rows_with_deletes_applied(table, schema, wanted, partitions, snapshot.snapshot_id)
                files = [] if merged is not None else self.iceberg.data_files(table, schema, partitions, snapshot.snapshot_id)
                return merged, files, snapshot.snapshot_id

            merged, files, read_snapshot = self.storage.retried(plan)
            if merged is not None:
                return ds.dataset(merged.select(wanted).cast(read_schema)), read_snapshot
            paths = [self.storage.fs_path(f.file_path) for f in files]
        elif schema.partition_column is None:
            paths = [self.storage.path(f"{schema.name}/{PART_FILE}")] if self.storage.exists(f"{schema.name}/{PART_FILE}") else []
        else:
            values = self.partitions(schema) if partitions is None else partitions
            paths = [self.storage.path(f"{self.partition_folder(schema, value)}/{PART_FILE}") for value in values]
            partitioning = ds.partitioning(pa.schema([(schema.partition_column, pa.string())]), flavor="hive")
        if not paths:
            return ds.dataset(read_schema.empty_table()), read_snapshot
        return ds.dataset(paths, schema=read_schema, format="parquet", filesystem=self.storage.fs, partitioning=partitioning,
                          partition_base_dir=self.storage.path(schema.name) if partitioning else None), read_snapshot

    def stored_schema(self, schema: DatasetSchema, partition: str | None = None) -> pa.Schema:
        """The declared columns as written in the Parquet footer of one partition (or the whole
        table); the partition column is left out (it is the table's, not the file's)."""
        if self.is_iceberg(schema):
            files = self.current_files(schema, [partition] if partition is not None else None)
            if not files:
                raise FileNotFoundError(f"{schema.name}: no data file for partition {partition!r}")
            path = self.storage.fs_path(files[0].file_path)
        else:
            path = self.storage.path(f"{self.partition_folder(schema, partition)}/{PART_FILE}")

        def read() -> pa.Schema:
            with self.storage.fs.open_input_file(path) as f:
                return pq.read_schema(f)

        stored = self.storage.retried(read)
        return stored.remove(stored.get_field_index(schema.partition_column)) if schema.partition_column in stored.names else stored

    def history(self, schema: DatasetSchema) -> list[dict]:
        return self.storage.retried(lambda: self.iceberg.history(schema))

    def rollback(self, schema: DatasetSchema, snapshot_id: int) -> None:
        self.iceberg.rollback(schema, snapshot_id)

    def expire(self, schema: DatasetSchema, older_than: datetime, keep_last: int, unreferenced_grace: timedelta) -> dict:
        """Expire old snapshots (`IcebergTables.expire_snapshots`), then delete the table's files
        that nothing kept names: the data, manifests and manifest lists only expired snapshots
        named, and files no snapshot ever named (writes that never committed) once they are older
        than `unreferenced_grace` (a younger one may be a write about to commit)."""
        def named() -> set[str]:
            return {self.storage.fs_path(uri) for uri in self.storage.retried(lambda: self.iceberg.referenced_files(schema))}

        named_before = named()
        expired = self.storage.retried(lambda: self.iceberg.expire_snapshots(schema, int(older_than.timestamp() * 1000), keep_last))
        named_now = named()
        settled_before = datetime.now(timezone.utc) - unreferenced_grace
        swept = [f for folder in ("data", "metadata") for f in self.storage.list_files(f"{schema.name}/{folder}")
                 if (path := self.storage.path(f.key)) not in named_now and (path in named_before or f.modified < settled_before)]
        for f in swept:
            self.storage.delete(f.key)
        return {"snapshots_expired": len(expired), "files_deleted": len(swept), "bytes_freed": sum(f.size for f in swept)}

    def expire_all(self, older_than: datetime, keep_last: int, unreferenced_grace: timedelta,
                   schemas: Iterable[DatasetSchema] | None = None,
                   each: Callable[[DatasetSchema, dict], None] = lambda schema, done: None) -> dict:
        """`expire` each Iceberg table (or `schemas`), telling `each` what it did as it goes;
        returns the totals and how many tables were looked at."""
        from movie_lake.lib.schemas import ALL_SCHEMAS

        totals = {"tables": 0, "snapshots_expired": 0, "files_deleted": 0, "bytes_freed": 0}
        for schema in schemas if schemas is not None else [s for _, s in sorted(ALL_SCHEMAS.items()) if self.is_iceberg(s)]:
            done = self.expire(schema, older_than, keep_last, unreferenced_grace)
            each(schema, done)
            totals = {"tables": totals["tables"] + 1, **{k: totals[k] + done[k] for k in done}}
        return totals

    @staticmethod
    def expired_text(done: dict) -> str:
        return f"{done['snapshots_expired']} snapshot(s) expired, {done['files_deleted']} file(s) deleted ({done['bytes_freed'] / 1e6:.1f} MB)"

    def snapshot_id(self, schema: DatasetSchema) -> int | None:
        """The table's current snapshot; None when never written (or not an Iceberg table)."""
        if not self.is_iceberg(schema):
            return None
        table = self.storage.retried(lambda: self.iceberg.load(schema))
        snapshot = table.current_snapshot() if table is not None else None
        return snapshot.snapshot_id if snapshot is not None else None

    def built_from(self, schema: DatasetSchema) -> dict[str, int | str] | None:
        """The input snapshots (and SQL version) the table's current state was built from (`BUILT_FROM_PROPERTY`)."""
        table = self.storage.retried(lambda: self.iceberg.load(schema))
        snapshot = table.current_snapshot() if table is not None else None
        recorded = snapshot.summary.additional_properties.get(BUILT_FROM_PROPERTY) if snapshot and snapshot.summary else None
        return json.loads(recorded) if recorded else None

    def changed_files(self, schema: DatasetSchema, since_snapshot_id: int, until_snapshot_id: int) -> tuple[ds.Dataset, ds.Dataset] | None:
        """The rows of the data files added, and of those removed, between two snapshots (a
        partition replace removes the old file whole and adds the new one; an incremental build
        rewrites the files it touched); None when that cannot be told (see `IcebergTables.changed_files`)."""
        import pyarrow.dataset as ds

        files = self.storage.retried(lambda: self.iceberg.changed_files(schema, since_snapshot_id, until_snapshot_id))
        if files is None:
            return None
        return tuple(ds.dataset([self.storage.fs_path(f.file_path) for f in listed], schema=schema.read_schema, format="parquet",
                                filesystem=self.storage.fs) if listed else ds.dataset(schema.read_schema.empty_table())
                     for listed in files)

    def replace_keys(self, schema: DatasetSchema, key: str, values: list, rows: pa.Table, properties: dict | None = None) -> dict:
        """Replace the rows whose `key` is one of `values` by `rows` (an incremental build's commit),
        in one snapshot: `rows` become a new file, and each file holding such rows is rewritten
        without them (copy-on-write); files without them stay as they are. A concurrent commit to
        the table makes it plan again."""
        wanted = pa.array(values, schema.read_schema.field(key).type)
        added = [self.storage.table_uri(self._write_file(schema, [rows])[0])] if rows.num_rows else []

        def commit() -> dict:
            removed, rewritten = [], []
            for f in self.current_files(schema):
                path = self.storage.fs_path(f.file_path)
                if not pc.any(pc.is_in(self._read_file(path, [key]).column(key), wanted)).as_py():
                    continue
                kept = self._read_file(path)
                kept = kept.filter(pc.invert(pc.is_in(kept.column(key), wanted)))
                removed.append(f)
                if kept.num_rows:
                    rewritten.append(self.storage.table_uri(self._write_file(schema, [kept])[0]))
            snapshot_id = self.iceberg.swap_files(schema, self.storage.table_uri(schema.name), removed, added + rewritten, properties or {})
            return {**self.current(schema), "snapshot_id": snapshot_id, "rows_replaced": rows.num_rows}

        return retried_on_conflict(commit)

    def _read_file(self, path: str, columns: list[str] | None = None) -> pa.Table:
        return self.storage.retried(lambda: pq.read_table(path, columns=columns, filesystem=self.storage.fs))

    def current(self, schema: DatasetSchema) -> dict:
        """What an engine's own commit left (`write`'s answer, from the current snapshot's summary).
        A MERGE that changed nothing commits nothing: the table stays at its snapshot, or at none
        (no rows) when it never had one."""
        latest = next((s for s in reversed(self.history(schema)) if s["current"]), None)
        if latest is None:
            return {"path": self.storage.uri_of(schema.name), "bytes": 0, "rows": 0}
        return {"path": self.storage.uri_of(schema.name), "bytes": latest["total_bytes"], "rows": latest["total_rows"],
                "snapshot_id": latest["snapshot_id"]}

    def ensure(self, schema: DatasetSchema) -> None:
        """An empty table when the table was never written (Glue lists it for Athena)."""
        self.iceberg.ensure(schema, self.storage.table_uri(schema.name))
