"""One id range of the catalog crawl, typed: every finished batch parsed with the monthly API
parser, then each id's newest answer kept. An id whose newest answer is a 404 keeps its last
details (marked missing, so the conform step can say it was deleted upstream).

Accounting per range: answers in = kept + superseded (an older answer of an id answered
again) + quarantined; a 404 is no answer but is listed in the missing table."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

import duckdb
import pyarrow as pa

from movie_lake.lib.parsers.result import ParseResult, rejects_to_table
from movie_lake.lib.schemas.base import DatasetSchema
from movie_lake.lib.schemas.cast import cast_to_schema
from movie_lake.lib.tmdb_catalog.zone import Batch, answered_at

Parser = Callable[[bytes, str], ParseResult]
TIMESTAMP = pa.timestamp("us", tz="UTC")


@dataclass
class RangeParse:
    tables: dict[str, pa.Table]
    """By catalog table name: titles, cast, crew, missing."""
    rejects: pa.Table
    """Quarantine rows, each naming its batch file."""
    answers_in: int = 0
    superseded: int = 0
    quarantined: int = 0
    kept: int = 0
    notes: dict = field(default_factory=dict)


def parse_range(batches: list[Batch], read: Callable[[str], bytes], parse: Parser, schemas: tuple[DatasetSchema, ...],
                title_key: str, credit_key: str) -> RangeParse:
    """`read`: a batch's stored answers by key (read one batch at a time); `schemas`: titles, cast,
    crew, missing (catalog tables); `parse` yields the monthly tables in that order.
    `title_key`/`credit_key`: the id column of titles and of credits."""
    titles, cast, crew, missing_schema = schemas
    parts: dict[str, list[pa.Table]] = {s.table_name: [] for s in (titles, cast, crew)}
    rejects, answers_in, quarantined = [], 0, 0
    for batch in batches:
        parsed = parse(read(batch.data_key), batch.file_name)
        answers_in += parsed.rows_in
        quarantined += parsed.records_rejected
        if parsed.rejects:
            rejects.append(rejects_to_table(parsed.rejects, batch.file_name))
        for schema, table in zip((titles, cast, crew), parsed.tables.values()):
            stamp = pa.array([batch.fetched_at] * table.num_rows, TIMESTAMP)
            parts[schema.table_name].append(table.append_column(pa.field("landed_at", TIMESTAMP, False), stamp))
    answered = answered_at(batches)
    combined = {s.table_name: cast_to_schema(_concat(parts[s.table_name], s), s) for s in (titles, cast, crew)}
    con = duckdb.connect()
    try:
        con.execute("set threads to 2")
        con.register("titles", combined[titles.table_name])
        newest = con.sql(
            f"select * from titles qualify row_number() over (partition by {title_key} order by landed_at desc) = 1 "
            f"order by {title_key}").to_arrow_table()
        con.register("newest", newest)
        tables = {titles.table_name: cast_to_schema(newest, titles)}
        for schema in (cast, crew):
            con.register("credits", combined[schema.table_name])
            kept = con.sql(f"select c.* from credits c join newest n on c.{credit_key} = n.{title_key} "
                               f"and c.landed_at = n.landed_at order by c.{credit_key}, c.credit_id").to_arrow_table()
            tables[schema.table_name] = cast_to_schema(kept, schema)
            con.unregister("credits")
    finally:
        con.close()
    tables[missing_schema.table_name] = _missing_table(batches, answered, tables[titles.table_name], title_key, missing_schema)
    result = RangeParse(tables, _rejects(rejects), answers_in, quarantined=quarantined)
    result.kept = tables[titles.table_name].num_rows
    result.superseded = answers_in - quarantined - result.kept
    return result


def _missing_table(batches, answered: dict[int, datetime], titles: pa.Table, key: str, schema: DatasetSchema) -> pa.Table:
    last_fetched = dict(zip(titles.column(key).to_pylist(), titles.column("landed_at").to_pylist()))
    rows = []
    for batch in batches:
        for title_id in batch.missing:
            if answered[title_id] == batch.fetched_at:  # the id's newest answer is this 404
                rows.append({"id": title_id, "checked_at": batch.fetched_at, "last_fetched_at": last_fetched.get(title_id),
                             "reason": batch.reason})
    rows.sort(key=lambda r: r["id"])
    return pa.Table.from_pylist(rows, schema=schema.arrow_schema)


def _concat(tables: list[pa.Table], schema: DatasetSchema) -> pa.Table:
    return pa.concat_tables(tables) if tables else schema.arrow_schema.empty_table()


def _rejects(tables: list[pa.Table]) -> pa.Table:
    return pa.concat_tables(tables) if tables else rejects_to_table([], "")

