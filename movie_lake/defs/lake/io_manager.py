"""Assets in, Parquet out: each asset's declared schema decides the casting and the layout."""
from __future__ import annotations

import json
from collections.abc import Iterable
from typing import TYPE_CHECKING

import pyarrow as pa
from dagster import ConfigurableIOManager, InputContext, MetadataValue, OutputContext

from movie_lake.defs.lake.catalog_resource import CatalogResource
from movie_lake.lib.catalog import CATALOGUED_LAYERS
from movie_lake.defs.lake.lake_resource import LakeResource
from movie_lake.lib.parsers.spool import SpooledTable
from movie_lake.lib.query.table_writes import RowsToCommit, WrittenInPlace
from movie_lake.lib.schemas import schema_for
from movie_lake.lib.schemas.cast import cast_to_schema
from movie_lake.lib.storage.iceberg import BUILT_FROM_PROPERTY, RUN_ID_PROPERTY
from movie_lake.defs.lake.column_schema import table_schema

if TYPE_CHECKING:  # imported where used (see lib/storage/dataset_type.py)
    import pandas as pd
    import pyarrow.dataset as ds
    Stored = pa.Table | pd.DataFrame | SpooledTable | RowsToCommit | WrittenInPlace


def _one_partition(context: OutputContext) -> str | None:
    """The partition a single table is written to: the run's one partition, or the only one of
    its range (a range run of one month has no single partition key); None when unpartitioned."""
    if not context.has_asset_partitions:
        return None
    keys = context.asset_partition_keys
    if len(keys) != 1:
        raise ValueError(f"{context.asset_key.to_user_string()}: a run over {len(keys)} partitions writes a dict of tables "
                         "by partition, not one table")
    return keys[0]


class LakeParquetIOManager(ConfigurableIOManager):
    """Writes each output as a partition of its table (`TableStore`: an Iceberg commit for
    trusted, refined and analytics, recorded with the run id and shown as `snapshot_id`).

    An output the engine wrote itself (`WrittenInPlace`: Athena's MERGE) is not written again: its
    metadata is the table's new snapshot and the engine's query ids, bytes scanned and cost.

    Inputs load as datasets over the stored files, scanned lazily by the query that reads
    them. A downstream asset with the same partitioning loads its own partition; an
    unpartitioned downstream asset loads every partition that has data, as one
    dataset with the partition column; an unpartitioned table never written yet loads as
    empty (an optional source such as IMDb not landed yet). `AssetIn(metadata={"columns": [...]})` loads
    only those columns.
    """

    lake: LakeResource
    catalog: CatalogResource | None = None

    def handle_output(self, context: OutputContext, obj: Stored | dict[str, Stored]) -> None:
        """A dict holds the tables of a run over a range of partitions (`BackfillPolicy.single_run`),
        by partition key: each is written as its own partition, all in one commit, and each
        partition's materialization gets its own metadata."""
        if obj is None:
            return
        try:
            if isinstance(obj, dict):
                self._write_range(context, obj)
            else:
                context.add_output_metadata(self._write(context, obj, _one_partition(context)))
        finally:
            for value in obj.values() if isinstance(obj, dict) else [obj]:
                spooled = value.rows if isinstance(value, RowsToCommit) else value if isinstance(value, SpooledTable) else None
                if spooled is not None:
                    spooled.discard()  # written, or to be computed again: its file is done with either way

    def _write_range(self, context: OutputContext, tables: dict[str, Stored]) -> None:
        if sorted(tables) != sorted(context.asset_partition_keys):
            raise ValueError(f"{context.asset_key.to_user_string()}: the run covers {sorted(context.asset_partition_keys)}, "
                             f"the output holds {sorted(tables)}")
        schema = schema_for("/".join(context.asset_key.path))
        written = self.lake.tables.write_partitions(schema, {p: self._batches(schema, t) for p, t in tables.items()},
                                                    {RUN_ID_PROPERTY: context.run_id})
        registered = self._registered(schema, None)
        for partition, partition_written in written.items():
            context.step_context.add_asset_metadata({**self._written_metadata(schema, partition_written), **registered},
                                                    context.asset_key, partition)

    def _write(self, context: OutputContext, obj: Stored, partition: str | None) -> dict:
        schema = schema_for("/".join(context.asset_key.path))
        snapshot = {RUN_ID_PROPERTY: context.run_id}
        metadata: dict = {}
        if isinstance(obj, WrittenInPlace):
            written = self.lake.tables.current(schema)
            metadata.update({
                "engine": obj.engine, "query_ids": ", ".join(obj.query_ids), "bytes_scanned": obj.bytes_scanned,
                "estimated_cost_usd": obj.estimated_cost_usd, "engine_seconds": round(obj.seconds, 3),
            })
        elif isinstance(obj, RowsToCommit):
            properties = {**snapshot, **({BUILT_FROM_PROPERTY: json.dumps(obj.built_from, sort_keys=True)} if obj.built_from else {})}
            if obj.refreshed_key is None:
                written = self.lake.tables.write_batches(schema, self._batches(schema, obj.rows), partition, properties)
                metadata["refresh"] = "full"
            elif not obj.refreshed_values:  # no key changed: the table stays at its snapshot
                written = self.lake.tables.current(schema)
                metadata["refresh"] = "incremental: no row changed"
            else:
                rows = pa.concat_tables(list(self._batches(schema, obj.rows))) if obj.rows.num_rows else schema.arrow_schema.empty_table()
                written = self.lake.tables.replace_keys(schema, obj.refreshed_key, list(obj.refreshed_values), rows, properties)
                metadata.update({"refresh": f"incremental: the rows of {len(obj.refreshed_values)} {obj.refreshed_key} value(s)",
                                 "rows_rebuilt": written["rows_replaced"]})
        else:
            written = self.lake.tables.write_batches(schema, self._batches(schema, obj), partition, snapshot)
        return {**metadata, **self._written_metadata(schema, written), **self._registered(schema, partition)}

    @staticmethod
    def _batches(schema, obj: pa.Table | pd.DataFrame | SpooledTable) -> Iterable[pa.Table]:
        """The rows as tables of the declared types (a spool's batch by batch)."""
        if isinstance(obj, SpooledTable):
            return (cast_to_schema(t, schema) for t in obj.batches())
        table = obj if isinstance(obj, pa.Table) else pa.Table.from_pandas(obj, preserve_index=False)
        return [cast_to_schema(table, schema)]

    @staticmethod
    def _written_metadata(schema, written: dict) -> dict:
        return {
            "dagster/row_count": written["rows"],
            "bytes": written["bytes"],
            "path": MetadataValue.path(written["path"]),
            "dagster/column_schema": table_schema(schema),
            **({"snapshot_id": MetadataValue.text(str(written["snapshot_id"]))} if "snapshot_id" in written else {}),
        }

    def _registered(self, schema, partition: str | None) -> dict:
        if self.catalog is None or schema.layer not in CATALOGUED_LAYERS:
            return {}
        return {"catalog_table": self.catalog.register(schema, partition)}

    def load_input(self, context: InputContext) -> ds.Dataset:
        """The stored files as a dataset (read lazily, batch by batch, by the query that uses it)."""
        import pyarrow.dataset as ds

        schema = schema_for("/".join(context.asset_key.path))
        columns = (context.definition_metadata or {}).get("columns")
        if schema.partition_column is None:
            stored = self.lake.tables.dataset(schema, columns=columns)
            if not isinstance(stored, ds.FileSystemDataset) and stored.count_rows() == 0:
                context.log.warning(f"{schema.name}: no data yet; reading it as an empty table")
            return stored
        if context.has_partition_key:
            return self.lake.tables.dataset(schema, list(context.asset_partition_keys), columns)
        stored = self.lake.tables.partitions(schema)
        if context.has_asset_partitions:
            absent = sorted(set(context.asset_partition_keys) - set(stored))
            if absent:
                shown = ", ".join(absent[:5]) + (f", … ({len(absent) - 5} more)" if len(absent) > 5 else "")
                context.log.warning(f"{schema.name}: no data yet for {len(absent)} partition(s) ({shown}); reading the other {len(stored)}")
        return self.lake.tables.dataset(schema, stored, columns)
