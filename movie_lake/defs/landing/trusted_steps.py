"""The steps every trusted asset shares: read the newest raw version of its partition,
keep rejected records in quarantine, and account for every record."""
from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from typing import BinaryIO

import pyarrow as pa
from dagster import MetadataValue

from movie_lake.lib.landing.rules import LandingSource
from movie_lake.defs.lake.lake_resource import LakeResource
from movie_lake.lib.schemas.cast import cast_to_schema
from movie_lake.lib.schemas.quarantine import quarantine_schema
from movie_lake.lib.parsers.result import Reject, rejects_to_table
from movie_lake.lib.storage.raw import RawVersion, RawZone


@dataclass(frozen=True)
class RawInput:
    """The newest raw version of a partition, with its bytes or a binary stream on them."""

    version: RawVersion
    data: bytes | BinaryIO


def read_raw(lake: LakeResource, source: LandingSource, partition: str) -> RawInput:
    version = RawZone(lake.storage).latest(source.name, source.partition_column, partition)
    return RawInput(version, lake.storage.read_bytes(version.key))


@contextmanager
def open_raw(lake: LakeResource, source: LandingSource, partition: str) -> Iterator[RawInput]:
    """Like `read_raw`, streamed: for parsers that read any file size in bounded memory."""
    version = RawZone(lake.storage).latest(source.name, source.partition_column, partition)
    with lake.storage.open_stream(version.key) as stream:
        yield RawInput(version, stream)


def with_landed_at(table: pa.Table, landed_at: datetime) -> pa.Table:
    column = pa.array([landed_at] * table.num_rows, pa.timestamp("us", tz="UTC"))
    return table.append_column(pa.field("landed_at", column.type, nullable=False), column)


def quarantine(
    lake: LakeResource, source: LandingSource, partition: str, raw: RawInput, rejects: list[Reject], rows_in: int, rows_out: int
) -> dict:
    """Write this partition's rejects (an empty table clears earlier ones) and return the
    accounting metadata. Fails loudly if records went missing between in and out."""
    schema = quarantine_schema(source.name, source.partition_column)
    table = cast_to_schema(rejects_to_table(rejects, raw.version.file_name), schema)
    written = lake.tables.write(schema, table, partition)
    if rows_in != rows_out + len(rejects):
        raise RuntimeError(
            f"{raw.version.file_name}: {rows_in} records in but {rows_out} kept + {len(rejects)} quarantined"
        )
    reasons: dict[str, int] = {}
    for r in rejects:
        reasons[r.field or "record"] = reasons.get(r.field or "record", 0) + 1
    return {
        "records_in": rows_in,
        "records_out": rows_out,
        "records_quarantined": len(rejects),
        "quarantined_by_field": reasons,
        "quarantine_path": MetadataValue.path(written["path"]),
        "raw_path": MetadataValue.path(lake.storage.uri_of(raw.version.key)),
        "landed_at": raw.version.landed_at.isoformat(),
    }
