"""A parser's output table kept in a local Parquet file once it outgrows memory.

A parser collects its output in memory (`TableCollector`) until it holds `SPOOL_BYTES`; from
then on every batch goes to a temporary zstd Parquet file, so parsing a file of any size
needs memory for a block and its batch, not for the table. Readers take the spooled table
batch by batch (`SpooledTable.batches`), which is how the lake writes it."""
from __future__ import annotations

import os
import shutil
import tempfile
import weakref
from collections.abc import Iterator
from typing import TYPE_CHECKING

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

if TYPE_CHECKING:
    import pyarrow.dataset as ds

SPOOL_BYTES = 128 * 1024 * 1024
READ_BATCH_ROWS = 64 * 1024
SPOOL_COMPRESSION = "lz4"
"""Fast over small: the spool is read once, soon after it is written."""


class SpooledTable:
    """Rows in a temporary Parquet file (removed with the object), plus constant columns
    appended to every batch as it is read."""

    def __init__(self, schema: pa.Schema):
        self._make_folder()
        self.file_schema = schema
        self._writer: pq.ParquetWriter | None = pq.ParquetWriter(self.path, schema, compression=SPOOL_COMPRESSION)
        self.num_rows = 0
        self._constants: list[tuple[pa.Field, object]] = []
        self._dropped: tuple[str, ...] = ()

    @classmethod
    def written_by(cls, write) -> SpooledTable:
        """The Parquet file that `write(path)` creates, as a spooled table."""
        spooled = object.__new__(cls)
        spooled._make_folder()
        write(spooled.path)
        metadata = pq.read_metadata(spooled.path)
        spooled.file_schema, spooled.num_rows = metadata.schema.to_arrow_schema(), metadata.num_rows
        spooled._writer, spooled._constants, spooled._dropped = None, [], ()
        return spooled

    @classmethod
    def of(cls, table: pa.Table) -> SpooledTable:
        """`table`'s rows, moved to a spool file."""
        spooled = cls(table.schema)
        spooled.append(table)
        return spooled.finish()

    def _make_folder(self) -> None:
        self._folder = tempfile.mkdtemp(prefix="movie_lake_spool_")
        self._cleanup = weakref.finalize(self, shutil.rmtree, self._folder, True)
        self.path = os.path.join(self._folder, "rows.parquet")

    def discard(self) -> None:
        """Remove the file now, for this spool and every view of it. Waiting for the object to be
        collected is not enough: the ingest's forked run workers exit without running finalizers,
        and every refined step's spool stayed in the temporary folder (19 per demo)."""
        self.finish()
        self._cleanup()

    def dataset(self) -> ds.Dataset:
        """The rows as a dataset a query engine can scan (plain spools only: no constant or dropped columns)."""
        if self._constants or self._dropped:
            raise ValueError("a spooled view with constant or dropped columns cannot be scanned as a dataset")
        import pyarrow.dataset as ds

        self.finish()
        return ds.dataset(self.path, format="parquet")

    def append(self, table: pa.Table) -> None:
        self._writer.write_table(table)
        self.num_rows += table.num_rows

    def finish(self) -> SpooledTable:
        if self._writer is not None:
            self._writer.close()
            self._writer = None
        return self

    @property
    def schema(self) -> pa.Schema:
        schema = self.file_schema
        for field, _ in self._constants:
            schema = schema.append(field)
        return schema

    def with_constant(self, field: pa.Field, value) -> SpooledTable:
        """The same rows with one more column holding `value` on every row."""
        return self._view(_constants=[*self._constants, (field, value)])

    def without(self, *names: str) -> SpooledTable:
        """The same rows without the named columns."""
        return self._view(file_schema=pa.schema([f for f in self.file_schema if f.name not in names]),
                          _dropped=(*self._dropped, *names))

    def _view(self, **changes) -> SpooledTable:
        self.finish()
        other = object.__new__(SpooledTable)
        other.__dict__.update(self.__dict__, **changes)
        other._owner = self  # the file lives as long as any view of it
        return other

    def batches(self, batch_rows: int = READ_BATCH_ROWS) -> Iterator[pa.Table]:
        self.finish()
        columns = self.file_schema.names if self._dropped else None
        spooled = pq.ParquetFile(self.path)
        for group in range(spooled.metadata.num_row_groups):  # one per append: `iter_batches` reads ahead unbounded
            for table in _slices(spooled.read_row_group(group, columns=columns), batch_rows):
                for field, value in self._constants:
                    table = table.append_column(field, pa.array([value] * table.num_rows, field.type))
                yield table

    def column(self, name: str) -> pa.ChunkedArray:
        self.finish()
        return pq.read_table(self.path, columns=[name]).column(name)

    def filtered(self, keep: np.ndarray, drop: tuple[str, ...] = ()) -> SpooledTable:
        """The rows where `keep` (one bool per row, in order) is true, without the `drop`
        columns, spooled anew."""
        out = SpooledTable(pa.schema([f for f in self.schema if f.name not in drop]))
        start = 0
        for table in self.batches():
            mask = keep[start:start + table.num_rows]
            start += table.num_rows
            table = table if mask.all() else table.filter(pa.array(mask))
            out.append(table.drop_columns(list(drop)) if drop else table)
        return out.finish()


def _slices(table: pa.Table, rows: int) -> Iterator[pa.Table]:
    for start in range(0, max(table.num_rows, 1), rows):
        yield table.slice(start, rows)


class TableCollector:
    """Tables appended in order: kept in memory while small, spooled once large."""

    def __init__(self, schema: pa.Schema, spool_bytes: int | None = None):
        self.schema = schema
        self.spool_bytes = SPOOL_BYTES if spool_bytes is None else spool_bytes
        self._held: list[pa.Table] = []
        self._held_bytes = 0
        self._spool: SpooledTable | None = None

    def append(self, table: pa.Table) -> None:
        if self._spool is not None:
            self._spool.append(table)
            return
        self._held.append(table)
        self._held_bytes += table.nbytes
        if self._held_bytes > self.spool_bytes:
            self._spool = SpooledTable(self.schema)
            for held in self._held:
                self._spool.append(held)
            self._held, self._held_bytes = [], 0

    def result(self, keep: np.ndarray | None = None) -> pa.Table | SpooledTable:
        """Everything appended, minus the rows `keep` marks false."""
        if self._spool is not None:
            spool = self._spool.finish()
            return spool if keep is None or keep.all() else spool.filtered(keep)
        table = pa.concat_tables(self._held) if self._held else self.schema.empty_table()
        return table if keep is None or keep.all() else table.filter(pa.array(keep))
