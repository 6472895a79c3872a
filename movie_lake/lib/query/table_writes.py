"""A lake table rebuilt by the engine that holds the data: the MERGE statement that turns an
Iceberg table into exactly a query's rows, for Athena, and what such a write reports.

Athena has no INSERT OVERWRITE for Iceberg tables, and DELETE then INSERT is two commits (a
reader between them sees an empty table). One MERGE keyed on the table's primary key is one
commit: rows the query no longer gives are deleted, changed rows updated, new rows inserted,
and unchanged rows left where they are (so a small change writes little). The embedded engine's
incremental builds are `RowsToCommit` with a refreshed key."""
from __future__ import annotations

from dataclasses import dataclass, field

from movie_lake.lib.parsers.spool import SpooledTable
from movie_lake.lib.query.dialect import parse
from movie_lake.lib.schemas.base import DatasetSchema

STALE = "stale_row"


def merge_statement(schema: DatasetSchema, select_sql: str) -> str:
    """`MERGE INTO <layer>.<table>` replacing its rows with `select_sql`'s (Trino)."""
    if not schema.primary_key:
        raise ValueError(f"{schema.name}: a table rebuilt by MERGE needs a primary key")
    target = schema.name.replace("/", ".")
    names = schema.column_names
    values = ", ".join(names)
    on = " and ".join(f"t.{k} = s.{k}" for k in schema.primary_key)
    gone = " and ".join(f"f.{k} = o.{k}" for k in schema.primary_key)
    others = [c for c in names if c not in schema.primary_key]
    update = (f"\nwhen matched and ({' or '.join(f't.{c} is distinct from s.{c}' for c in others)}) "
              f"then update set {', '.join(f'{c} = s.{c}' for c in others)}") if others else ""
    sql = f"""merge into {target} t
using (
    with fresh as ({select_sql})
    select {values}, false as {STALE} from fresh
    union all
    select {values}, true as {STALE} from {target} o where not exists (select 1 from fresh f where {gone})
) s
on {on}
when matched and s.{STALE} then delete{update}
when not matched and not s.{STALE} then insert ({values}) values ({", ".join(f"s.{c}" for c in names)})"""
    parse(sql)  # a statement that is not Trino fails here, before Athena sees it
    return sql


@dataclass(frozen=True)
class WrittenInPlace:
    """A table the engine wrote itself (no rows passed through the run): the IO manager records
    its new snapshot instead of writing."""

    engine: str
    query_ids: tuple[str, ...]
    bytes_scanned: int
    estimated_cost_usd: float
    seconds: float
    statements: tuple[str, ...] = field(default=(), repr=False)


@dataclass(frozen=True)
class RowsToCommit:
    """A table's rows computed in the run, for the IO manager to commit: the whole table, or
    (an incremental build) the rows of the `refreshed_key` values that changed, which replace
    the rows those values had. `built_from` is the snapshot of each input that was read (and the
    version of the SQL)."""

    rows: SpooledTable
    built_from: dict[str, int | str]
    refreshed_key: str | None = None
    refreshed_values: tuple = ()
