"""Builds a lake table from its Trino SELECT where the data is, as a Dagster resource.

Embedded (local mode, and aws mode with MOVIE_LAKE_TABLE_ENGINE=embedded): DuckDB reads the
input tables' data files (at the snapshots it records) and spools the rows to a Parquet file the
IO manager commits; its memory limit bounds the step. A table with an affected-keys query
(`sql/<table>.affected.sql`) is built incrementally when it can be: only the rows of the keys the
inputs' changes since the last build touch are recomputed and replaced.

Athena (aws mode's default): one MERGE turns the Iceberg table into the query's rows inside
Athena; no row passes through the run, and the output records the query ids, bytes scanned and
the cost estimate."""
from __future__ import annotations

import hashlib
import time

import pyarrow as pa
import pyarrow.compute as pc
from dagster import AssetIn, ConfigurableResource

from movie_lake.defs.lake.lake_resource import LakeResource
from movie_lake.defs.lake.query_resource import AthenaQueryResource
from movie_lake.lib.query.arrow_sql import DEFAULT_MEMORY_LIMIT, SqlInput, query_arrow, spool_query
from movie_lake.lib.query.dialect import tables_read, to_duckdb
from movie_lake.lib.query.result import athena_cost_usd
from movie_lake.lib.query.table_writes import RowsToCommit, WrittenInPlace, merge_statement
from movie_lake.lib.schemas import schema_for
from movie_lake.lib.schemas.base import DatasetSchema
from movie_lake.lib.sql_text import identifier, literal
from movie_lake.lib.storage.dataset_type import Dataset

TableRows = RowsToCommit | WrittenInPlace
SQL_VERSION = "sql"
"""Recorded beside the input snapshots: the hash of the SQL that built the table."""
INCREMENTAL_MAX_SHARE = 0.2
"""An incremental build whose keys touch more than this share of the table's rows rebuilds it whole."""


def lake_inputs(ins: dict[str, AssetIn], **values: SqlInput) -> dict[str, SqlInput]:
    """An asset's inputs by the lake table each one is (`trusted/movies`), as its SQL names them."""
    return {"/".join(ins[name].key.path): value for name, value in values.items()}


def including(inputs: dict[str, SqlInput], schema: DatasetSchema, rows: TableRows) -> dict[str, SqlInput]:
    """`inputs` and a table just built, for a query that reads it (rows written in place are
    read from the table itself)."""
    return {**inputs, schema.name: rows.rows} if isinstance(rows, RowsToCommit) else inputs


class TableSQLResource(ConfigurableResource):
    def build(self, schema: DatasetSchema, sql: str, inputs: dict[str, SqlInput], affected_sql: str | None = None) -> TableRows:
        """`schema`'s table as `sql` gives it: rows for the IO manager to commit, or the record of
        the engine having committed them itself. `affected_sql` (Trino, reading `changed.<layer>_<table>`:
        the rows of each input that changed since the last build) names the keys to rebuild."""
        raise NotImplementedError

    def query(self, sql: str, inputs: dict[str, SqlInput], built: TableRows | None = None,
              schema: DatasetSchema | None = None) -> pa.Table:
        """A small result (counts for metadata) of Trino `sql`, which may read the table just
        built (`built`, of `schema`) by its lake name."""
        raise NotImplementedError


class EmbeddedTableSQL(TableSQLResource):
    lake: LakeResource
    memory_limit: str = DEFAULT_MEMORY_LIMIT
    incremental: bool = True
    """False: every table is rebuilt whole (a full rebuild; its rows equal an incremental build's)."""

    def build(self, schema: DatasetSchema, sql: str, inputs: dict[str, SqlInput], affected_sql: str | None = None) -> RowsToCommit:
        if affected_sql is None:  # never incremental: the inputs as the IO manager loaded them, nothing to record
            return RowsToCommit(spool_query(to_duckdb(sql), self.memory_limit, **inputs), {})
        pinned, built_from = self._pinned(inputs)
        built_from[SQL_VERSION] = hashlib.sha256(sql.encode()).hexdigest()[:16]
        refresh = self._affected_keys(schema, affected_sql, pinned, built_from) if self.incremental else None
        if refresh is None:
            return RowsToCommit(spool_query(to_duckdb(sql), self.memory_limit, **pinned), built_from)
        key, values = refresh
        # a list of constants (not a join) is a filter DuckDB pushes down to the scans, through the joins,
        # groupings and windows on that key, so only the rows of those keys are read and computed
        keys = ", ".join(literal(v) if isinstance(v, str) else str(int(v)) for v in values.to_pylist()) or "null"
        rows = spool_query(f"select * from ({to_duckdb(sql, inline_ctes=True)}) where {identifier(key)} in ({keys})",
                           self.memory_limit, **pinned)
        return RowsToCommit(rows, built_from, key, tuple(values.to_pylist()))

    def query(self, sql: str, inputs: dict[str, SqlInput], built: TableRows | None = None,
              schema: DatasetSchema | None = None) -> pa.Table:
        if built is not None and schema is not None:
            inputs = including(inputs, schema, built)
        return query_arrow(to_duckdb(sql), self.memory_limit, **inputs)

    def _pinned(self, inputs: dict[str, SqlInput]) -> tuple[dict[str, SqlInput], dict[str, int | str]]:
        """Each input table read at its current snapshot, recorded: the next incremental build
        diffs from exactly what this one read."""
        pinned, built_from = dict(inputs), {}
        for name, value in inputs.items():
            if isinstance(value, Dataset):
                dataset, snapshot_id = self.lake.tables.pinned_dataset(schema_for(name))
                if snapshot_id is not None:
                    pinned[name], built_from[name] = dataset, snapshot_id
        return pinned, built_from

    def _affected_keys(self, schema: DatasetSchema, affected_sql: str, pinned: dict[str, SqlInput],
                       built_from: dict[str, int | str]) -> tuple[str, pa.Array] | None:
        """(key column, its values to rebuild), or None for a full build: never built with a
        record, built by other SQL, an input's change that cannot be told (a snapshot expired), or
        too large a change."""
        import pyarrow.dataset as ds

        tables = self.lake.tables
        previous = tables.built_from(schema)
        if previous is None or set(previous) != set(built_from):
            return None
        changes, views = {}, {}
        if previous.get(SQL_VERSION) != built_from[SQL_VERSION]:
            return None  # the query changed: rows it built before may differ anywhere
        for name in pinned:
            table = name.replace("/", "_")
            if name in built_from:
                files = tables.changed_files(schema_for(name), previous[name], built_from[name])
                if files is None:
                    return None
            else:  # never written, then or now
                files = (ds.dataset(schema_for(name).read_schema.empty_table()),) * 2
            changes[f"added/{table}"], changes[f"removed/{table}"] = files
            # rows in one and not the other: rows a rewrite or a re-landing left as they were cancel out
            views[f"changed/{table}"] = (f"(select * from added.{table} except all select * from removed.{table}) union all "
                                         f"(select * from removed.{table} except all select * from added.{table})")
        keys = query_arrow(to_duckdb(affected_sql), self.memory_limit, views, **pinned, **changes)
        key = keys.column_names[0]
        values = pc.unique(keys.column(key).combine_chunks().drop_null())
        if len(values) > INCREMENTAL_MAX_SHARE * max(tables.current(schema)["rows"], 1):
            return None
        return key, values


class AthenaTableSQL(TableSQLResource):
    athena: AthenaQueryResource
    lake: LakeResource

    def build(self, schema: DatasetSchema, sql: str, inputs: dict[str, SqlInput], affected_sql: str | None = None) -> WrittenInPlace:
        # a table never written yet is created empty, so the query reads it as no rows
        for name in {*tables_read(sql), schema.name}:
            self.lake.tables.ensure(schema_for(name))
        started = time.monotonic()
        result = self.athena.engine().query(merge_statement(schema, sql))
        return WrittenInPlace(engine="athena", query_ids=(result.query_id,), bytes_scanned=result.bytes_scanned or 0,
                              estimated_cost_usd=athena_cost_usd(result.bytes_scanned or 0),
                              seconds=time.monotonic() - started, statements=(result.sql,))

    def query(self, sql: str, inputs: dict[str, SqlInput], built: TableRows | None = None,
              schema: DatasetSchema | None = None) -> pa.Table:
        return self.athena.engine().query(sql).table
