"""Builds a lake table from its Trino SELECT where the data is, as a Dagster resource.

Embedded (local mode, and aws mode with MOVIE_LAKE_TABLE_ENGINE=embedded): DuckDB reads the
input tables' data files and spools the rows to a Parquet file the IO manager commits; its memory
limit bounds the step. Athena (aws mode's default): one MERGE turns the Iceberg table into the
query's rows inside Athena; no row passes through the run, and the output records the query ids,
bytes scanned and the cost estimate."""
from __future__ import annotations

import time

import pyarrow as pa
from dagster import AssetIn, ConfigurableResource

from movie_lake.defs.lake.lake_resource import LakeResource
from movie_lake.defs.lake.query_resource import AthenaQueryResource
from movie_lake.lib.parsers.spool import SpooledTable
from movie_lake.lib.query.arrow_sql import DEFAULT_MEMORY_LIMIT, SqlInput, query_arrow, spool_query
from movie_lake.lib.query.dialect import tables_read, to_duckdb
from movie_lake.lib.query.result import athena_cost_usd
from movie_lake.lib.query.table_writes import WrittenInPlace, merge_statement
from movie_lake.lib.schemas import schema_for
from movie_lake.lib.schemas.base import DatasetSchema

TableRows = SpooledTable | WrittenInPlace


def lake_inputs(ins: dict[str, AssetIn], **values: SqlInput) -> dict[str, SqlInput]:
    """An asset's inputs by the lake table each one is (`trusted/movies`), as its SQL names them."""
    return {"/".join(ins[name].key.path): value for name, value in values.items()}


def including(inputs: dict[str, SqlInput], schema: DatasetSchema, rows: TableRows) -> dict[str, SqlInput]:
    """`inputs` and a table just built, for a query that reads it (rows written in place are
    read from the table itself)."""
    return {**inputs, schema.name: rows} if isinstance(rows, SpooledTable) else inputs


class TableSQLResource(ConfigurableResource):
    def build(self, schema: DatasetSchema, sql: str, inputs: dict[str, SqlInput]):
        """`schema`'s table as `sql` gives it: rows for the IO manager to commit, or the record of
        the engine having committed them itself."""
        raise NotImplementedError

    def query(self, sql: str, inputs: dict[str, SqlInput], built: TableRows | None = None,
              schema: DatasetSchema | None = None) -> pa.Table:
        """A small result (counts for metadata) of Trino `sql`, which may read the table just
        built (`built`, of `schema`) by its lake name."""
        raise NotImplementedError


class EmbeddedTableSQL(TableSQLResource):
    memory_limit: str = DEFAULT_MEMORY_LIMIT

    def build(self, schema: DatasetSchema, sql: str, inputs: dict[str, SqlInput]) -> SpooledTable:
        return spool_query(to_duckdb(sql), self.memory_limit, **inputs)

    def query(self, sql: str, inputs: dict[str, SqlInput], built: TableRows | None = None,
              schema: DatasetSchema | None = None) -> pa.Table:
        if built is not None and schema is not None:
            inputs = including(inputs, schema, built)
        return query_arrow(to_duckdb(sql), self.memory_limit, **inputs)


class AthenaTableSQL(TableSQLResource):
    athena: AthenaQueryResource
    lake: LakeResource

    def build(self, schema: DatasetSchema, sql: str, inputs: dict[str, SqlInput]) -> WrittenInPlace:
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
