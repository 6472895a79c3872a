"""Rows kept aside because they could not be used, with where they came from and why."""
import pyarrow as pa

from movie_lake.lib.schemas.base import Column, DatasetSchema


def quarantine_schema(source: str, partition_column: str) -> DatasetSchema:
    """Quarantine for one landing source, partitioned like that source's raw files."""
    return DatasetSchema(
        name=f"quarantine/{source}",
        description=f"Rejected records of {source} files, one row per rejected record or field.",
        partition_column=partition_column,
        columns=(
            Column("landed_file", pa.string(), False, "name of the landed file"),
            Column("line", pa.int64(), False, "1-based physical line where the record starts"),
            Column("field", pa.string(), description="the column at fault, when one is"),
            Column("reason", pa.string(), False),
            Column("record", pa.string(), description="the raw record text, cut at 2,000 chars"),
            Column("record_kept", pa.bool_(), False, "only `field` was set aside: the record's other fields are in trusted"),
        ),
    )
