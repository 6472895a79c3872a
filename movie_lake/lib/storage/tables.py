"""Parquet tables in hive folders: `<dataset>/<col>=<value>/part-0.parquet`.

A partition is exactly one Parquet object, written whole (see
`LakeStorage.write_bytes`), so re-materializing replaces it completely and a
failed write leaves the previous version in place.
"""
from __future__ import annotations

import os
import re
import tempfile
from collections.abc import Iterable

import pyarrow as pa
import pyarrow.dataset as ds
import pyarrow.parquet as pq

from movie_lake.lib.schemas.base import DatasetSchema
from movie_lake.lib.storage.files import LakeStorage

PART_FILE = "part-0.parquet"
SAFE_PARTITION_VALUE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")


class TableStore:
    def __init__(self, storage: LakeStorage):
        self.storage = storage

    def partition_folder(self, schema: DatasetSchema, partition: str | None) -> str:
        if schema.partition_column is None:
            if partition is not None:
                raise ValueError(f"{schema.name} is not partitioned; got partition {partition!r}")
            return schema.name
        if partition is None or not SAFE_PARTITION_VALUE.match(partition):
            raise ValueError(f"{schema.name}: partition value {partition!r} is not a safe folder name")
        return f"{schema.name}/{schema.partition_column}={partition}"

    def write(self, schema: DatasetSchema, table: pa.Table, partition: str | None = None) -> dict:
        """Write one partition (or the whole unpartitioned table); returns what was written."""
        key = f"{self.partition_folder(schema, partition)}/{PART_FILE}"
        buffer = pa.BufferOutputStream()
        pq.write_table(table, buffer, compression="zstd")
        data = buffer.getvalue()
        self.storage.write_bytes(key, data)
        return self._replaced(key, data.size, table.num_rows)

    def write_batches(self, schema: DatasetSchema, tables: Iterable[pa.Table], partition: str | None = None) -> dict:
        """`write` for a table too large for memory, given as a sequence of tables: they go
        to a local Parquet file first, which then replaces the partition whole."""
        key = f"{self.partition_folder(schema, partition)}/{PART_FILE}"
        with tempfile.TemporaryDirectory(prefix="movie_lake_write_") as folder:
            path, rows = os.path.join(folder, PART_FILE), 0
            with pq.ParquetWriter(path, schema.arrow_schema, compression="zstd") as writer:
                for table in tables:
                    writer.write_table(table)
                    rows += table.num_rows
            self.storage.write_file(key, path)
            return self._replaced(key, os.path.getsize(path), rows)

    def _replaced(self, key: str, size: int, rows: int) -> dict:
        folder = key.rsplit("/", 1)[0]
        for stale in self.storage.list_files(folder):
            if stale.key != key and not stale.key.rsplit("/", 1)[-1].startswith((".", "_")):
                self.storage.delete(stale.key)
        return {"path": self.storage.uri_of(key), "bytes": size, "rows": rows}

    def partitions(self, schema: DatasetSchema) -> list[str]:
        prefix = f"{schema.name}/{schema.partition_column}="
        return sorted(
            {f.key[len(prefix) :].split("/", 1)[0] for f in self.storage.list_files(schema.name) if f.key.startswith(prefix) and f.key.endswith(PART_FILE)}
        )

    def read(self, schema: DatasetSchema, partitions: list[str] | None = None, columns: list[str] | None = None) -> pa.Table:
        """One, several or all partitions as one table, with the partition column present
        (`dataset`, read). An unpartitioned table never written raises FileNotFoundError."""
        stored = self.dataset(schema, partitions, columns)
        if schema.partition_column is None and not isinstance(stored, ds.FileSystemDataset):
            raise FileNotFoundError(f"no table data at {self.storage.uri_of(f'{schema.name}/{PART_FILE}')}")
        return self.storage.retried(stored.to_table)

    def dataset(self, schema: DatasetSchema, partitions: list[str] | None = None, columns: list[str] | None = None) -> ds.Dataset:
        """`read` without reading: the stored files as a dataset that a query engine scans batch by
        batch (so a whole layer never has to fit in memory). A table never written reads as empty."""
        wanted = [c for c in schema.read_schema.names if columns is None or c in columns]
        read_schema = pa.schema([schema.read_schema.field(c) for c in wanted])
        if schema.partition_column is None:
            keys = [f"{schema.name}/{PART_FILE}"] if self.storage.exists(f"{schema.name}/{PART_FILE}") else []
        else:
            values = self.partitions(schema) if partitions is None else partitions
            keys = [f"{self.partition_folder(schema, value)}/{PART_FILE}" for value in values]
        if not keys:
            return ds.dataset(read_schema.empty_table())
        partitioning = None
        if schema.partition_column is not None:
            partitioning = ds.partitioning(pa.schema([(schema.partition_column, pa.string())]), flavor="hive")
        return ds.dataset([self.storage.path(k) for k in keys], schema=read_schema, format="parquet", filesystem=self.storage.fs,
                          partitioning=partitioning, partition_base_dir=self.storage.path(schema.name))

    def stored_schema(self, schema: DatasetSchema, partition: str | None = None) -> pa.Schema:
        """The schema written in the Parquet footer of one partition (or the whole table)."""
        key = f"{self.partition_folder(schema, partition)}/{PART_FILE}"
        def read() -> pa.Schema:
            with self.storage.fs.open_input_file(self.storage.path(key)) as f:
                return pq.read_schema(f)

        return self.storage.retried(read)
