"""A merge-on-read commit as Athena makes one (a position-delete file: data file path and row
positions, in a DELETES manifest), for tests of readers: pyiceberg writes copy-on-write only."""
from __future__ import annotations

import uuid

import pyarrow as pa
import pyarrow.parquet as pq
from pyiceberg.manifest import DataFile, DataFileContent, FileFormat, ManifestContent, ManifestWriterV2
from pyiceberg.typedef import Record


class _DeleteManifestWriter(ManifestWriterV2):
    def content(self) -> ManifestContent:
        return ManifestContent.DELETES


def commit_position_deletes(table, data_file_path: str, positions: list[int]) -> None:
    """Delete rows `positions` (0-based) of one data file in a new snapshot."""
    delete_path = f"{data_file_path.rsplit('/', 1)[0]}/delete-{uuid.uuid4().hex}.parquet"
    rows = pa.table({"file_path": pa.array([data_file_path] * len(positions), pa.string()),
                     "pos": pa.array(sorted(positions), pa.int64())})
    output = table.io.new_output(delete_path)
    with output.create() as stream:
        pq.write_table(rows, stream)
    deletes = DataFile.from_args(
        content=DataFileContent.POSITION_DELETES, file_path=delete_path, file_format=FileFormat.PARQUET,
        partition=Record(), record_count=len(positions), file_size_in_bytes=table.io.new_input(delete_path).__len__(),
        _table_format_version=table.format_version)
    deletes.spec_id = table.spec().spec_id
    with table.transaction() as tx:
        append = tx.update_snapshot().fast_append()
        append.new_manifest_writer = lambda spec: _DeleteManifestWriter(
            spec, append.schema(), append.new_manifest_output(), append._snapshot_id, append._compression)
        append.append_data_file(deletes)
        append.commit()
