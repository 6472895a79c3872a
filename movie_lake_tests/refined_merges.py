"""Athena's MERGE for each refined table, run by DuckDB on a copy of a built lake whose target
table was first put in an older state: rows missing, rows changed, rows that should go."""
from __future__ import annotations

import os

import duckdb
import pyarrow as pa

from movie_lake.lib.catalog.duckdb_catalog import CATALOG_FILE
from movie_lake.lib.query.dialect import tables_read, to_duckdb
from movie_lake.lib.query.table_writes import merge_statement
from movie_lake.lib.schemas import schema_for
from movie_lake.lib.sql_text import literal


def merged_and_built(lake_root: str, queries: dict[str, str]) -> dict[str, tuple[list, list]]:
    """Per table: (its rows after the MERGE, its rows as the lake built them)."""
    compared = {}
    with duckdb.connect() as connection:
        connection.execute(f"attach {literal(os.path.join(lake_root, CATALOG_FILE))} as lake (read_only)")
        for name, sql in queries.items():
            schema = schema_for(name)
            for layer in ("trusted", "refined"):
                connection.execute(f"drop schema if exists {layer} cascade; create schema {layer}")
            present = {f"{s}/{t}" for s, t in connection.sql(
                "select schema_name, view_name from duckdb_views() where database_name = 'lake'").fetchall()}
            for read in {*tables_read(sql), name}:
                layer, table = read.split("/")
                if read in present:
                    connection.execute(f"create table {layer}.{table} as select * from lake.{layer}.{table}")
                else:  # never written: no rows, its declared columns
                    connection.register("declared_empty", schema_for(read).read_schema.empty_table())
                    connection.execute(f"create table {layer}.{table} as select * from declared_empty")
                    connection.unregister("declared_empty")
            built = _rows(connection, name)
            _make_older(connection, schema)
            connection.execute(to_duckdb(merge_statement(schema, sql)))
            compared[name] = (_rows(connection, name), built)
    return compared


def _rows(connection, name: str) -> list:
    return sorted(connection.sql(f"select * from {name.replace('/', '.')}").fetchall(), key=repr)


def _make_older(connection, schema) -> None:
    """A third of the rows gone, a third with their first other column nulled, and a copy of
    each remaining row under a key the query never gives."""
    table = schema.name.replace("/", ".")
    key = schema.primary_key[0]
    other = next((c for c in schema.column_names if c not in schema.primary_key), None)
    connection.execute(f"create temp table numbered as select *, row_number() over () as n from {table}")
    connection.execute(f"delete from {table}")
    columns = ", ".join(schema.column_names)
    connection.execute(f"insert into {table} ({columns}) select {columns} from numbered where n % 3 <> 0")
    if other is not None:
        keys = " and ".join(f"{table}.{k} = numbered.{k}" for k in schema.primary_key)
        connection.execute(f"update {table} set {other} = null from numbered where {keys} and numbered.n % 3 = 1")
    shifted = f"{key} || '~gone'" if pa.types.is_string(schema.arrow_schema.field(key).type) else f"{key} + 1000000000000"
    stale = ", ".join(shifted if c == key else c for c in schema.column_names)
    connection.execute(f"insert into {table} ({columns}) select {stale} from numbered where n % 3 = 2")
    connection.execute("drop table numbered")
