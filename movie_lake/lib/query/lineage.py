"""Column lineage of a SQL query, from sqlglot: for each output column, the lake table columns it
is computed from. Used for the analyses' `dagster/column_lineage` (see `defs/analytics`)."""
from __future__ import annotations

from sqlglot import exp
from sqlglot.lineage import lineage

from movie_lake.lib.query.dialect import LAYERS, SOURCE_DIALECT
from movie_lake.lib.schemas.base import DatasetSchema


def sqlglot_schema(schemas: dict[str, DatasetSchema]) -> dict:
    tables: dict = {}
    for schema in schemas.values():
        layer, table = schema.name.split("/")
        columns = schema.column_names + ([schema.partition_column] if schema.partition_column else [])
        tables.setdefault(layer, {})[table] = {c: "varchar" for c in columns}
    return tables


def column_lineage(sql: str, columns: list[str], schemas: dict[str, DatasetSchema]) -> dict[str, list[list[str]]]:
    """`{output column: [[lake table, column], ...]}`, sorted; a column computed from no table
    column (a count(*)) maps to an empty list."""
    known = sqlglot_schema(schemas)
    out = {}
    for column in columns:
        node = lineage(column, sql, schema=known, dialect=SOURCE_DIALECT)
        sources = {
            (f"{n.source.db}/{n.source.name}", n.name.split(".")[-1])
            for n in node.walk()
            if isinstance(n.source, exp.Table) and n.source.db in LAYERS
        }
        out[column] = [list(s) for s in sorted(sources)]
    return out
