"""The one factory behind every trusted asset: read the newest raw version of a partition,
parse it with a pure parser, keep rejects in quarantine, account for every record, and
write each of the source's trusted tables (the outputs are the source's declared tables)."""

from collections.abc import Callable
from datetime import datetime
from typing import BinaryIO, Protocol

import pyarrow as pa
from dagster import AssetExecutionContext, AssetKey, AssetOut, AssetsDefinition, BackfillPolicy, MetadataValue, Output, PartitionsDefinition, multi_asset

from movie_lake.defs.lake.lake_resource import LakeResource
from movie_lake.lib.landing.rules import RawSource
from movie_lake.lib.parsers.result import ParseResult, rejects_to_table
from movie_lake.lib.parsers.spool import SPOOL_BYTES, SpooledTable
from movie_lake.lib.schemas.cast import cast_to_schema
from movie_lake.lib.schemas.quarantine import quarantine_schema
from movie_lake.lib.storage.files import LakeStorage
from movie_lake.lib.storage.raw import RawZone

Parser = Callable[[bytes | BinaryIO, str], ParseResult]


class StoredRaw(Protocol):
    key: str
    landed_at: datetime

    @property
    def file_name(self) -> str: ...


def newest_raw(storage: LakeStorage, source: RawSource, partition: str) -> StoredRaw:
    """The newest landed version of a landing source's partition (a landed file)."""
    return RawZone(storage).latest(source, partition)


def trusted_asset(source: RawSource, parse: Parser, partitions_def: PartitionsDefinition,
                  newest_raw: Callable[[LakeStorage, RawSource, str], StoredRaw], streamed: bool = False,
                  backfill_policy: BackfillPolicy | None = None) -> AssetsDefinition:
    """`streamed`: the parser reads a binary stream (any file size in bounded memory)
    rather than the whole file's bytes. With `BackfillPolicy.single_run()` a run may cover a
    range of partitions: each is parsed in turn and every output is then a dict of its
    tables by partition (see `LakeParquetIOManager`)."""
    outs = {
        schema.table_name: AssetOut(key=schema.key_path, description=schema.description, io_manager_key="lake_io_manager")
        for schema in source.tables
    }

    @multi_asset(name=f"trusted_{source.name}", outs=outs, deps=[AssetKey(source.raw_key_path)],
                 partitions_def=partitions_def, group_name="trusted", backfill_policy=backfill_policy,
                 description=f"{source.description}: parsed, typed and validated; rejected records kept in quarantine/{source.name}.")
    def _trusted(context: AssetExecutionContext, lake: LakeResource):
        tables: dict[str, dict[str, pa.Table | SpooledTable]] = {schema.table_name: {} for schema in source.tables}
        metadata: dict[str, dict] = {}
        for partition in context.partition_keys:
            _spool_once_large(tables)
            raw = newest_raw(lake.storage, source, partition)
            if streamed:
                with lake.storage.open_stream(raw.key) as stream:
                    parsed = parse(stream, raw.file_name)
            else:
                parsed = parse(lake.storage.read_bytes(raw.key), raw.file_name)
            metadata[partition] = {**keep_rejects(lake, source, partition, raw, parsed), **parsed.notes}
            if parsed.notes.get("missing_optional_columns"):
                context.log.warning(f"{raw.file_name}: no column {parsed.notes['missing_optional_columns']}; read as null")
            for schema in source.tables:
                tables[schema.table_name][partition] = with_landed_at(parsed[schema.table_name], raw.landed_at)
        for schema in source.tables:
            by_partition = tables[schema.table_name]
            if len(by_partition) == 1:
                (partition, table), = by_partition.items()
                yield Output(table, schema.table_name, metadata=metadata[partition])
                continue
            for partition, partition_metadata in metadata.items():
                context.add_asset_metadata(partition_metadata, asset_key=schema.key_path, partition_key=partition)
            yield Output(by_partition, schema.table_name)

    return _trusted


def _spool_once_large(tables: dict[str, dict[str, pa.Table | SpooledTable]]) -> None:
    """A run over a long range of partitions holds the parsed ones until all are written: once
    they pass SPOOL_BYTES in memory, they move to spool files (memory for one partition, not the range)."""
    held = [(by_partition, p) for by_partition in tables.values() for p, t in by_partition.items() if isinstance(t, pa.Table)]
    if sum(by_partition[p].nbytes for by_partition, p in held) > SPOOL_BYTES:
        for by_partition, partition in held:
            by_partition[partition] = SpooledTable.of(by_partition[partition])


def with_landed_at(table: pa.Table | SpooledTable, landed_at: datetime) -> pa.Table | SpooledTable:
    field = pa.field("landed_at", pa.timestamp("us", tz="UTC"), nullable=False)
    if isinstance(table, SpooledTable):
        return table.with_constant(field, landed_at)
    return table.append_column(field, pa.array([landed_at] * table.num_rows, field.type))


def keep_rejects(lake: LakeResource, source: RawSource, partition: str, raw: StoredRaw, parsed: ParseResult) -> dict:
    """Write this partition's rejects (an empty table clears earlier ones) and return the
    accounting metadata. Fails loudly if records went missing between in and out."""
    schema = quarantine_schema(source.name, source.partition_column)
    table = cast_to_schema(rejects_to_table(parsed.rejects, raw.file_name), schema)
    written = lake.tables.write(schema, table, partition)
    if parsed.rows_in != parsed.rows_out + parsed.records_rejected:
        raise RuntimeError(
            f"{raw.file_name}: {parsed.rows_in} records in but {parsed.rows_out} kept + {parsed.records_rejected} quarantined"
        )
    reasons: dict[str, int] = {}
    for r in parsed.rejects:
        reasons[r.field or "record"] = reasons.get(r.field or "record", 0) + 1
    return {
        "records_in": parsed.rows_in,
        "records_out": parsed.rows_out,
        "records_quarantined": parsed.records_rejected,
        "fields_quarantined": len(parsed.rejects) - parsed.records_rejected,
        "quarantined_by_field": reasons,
        "quarantine_path": MetadataValue.path(written["path"]),
        "raw_path": MetadataValue.path(lake.storage.uri_of(raw.key)),
        "landed_at": raw.landed_at.isoformat(),
    }
