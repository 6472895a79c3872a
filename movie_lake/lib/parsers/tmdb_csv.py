"""The Kaggle TMDB 5000 CSV files: movies (one row per movie) and credits (cast/crew JSON).

Both parsers take the landed bytes or a binary stream on them and read it in batches
(`csv_batches`), so memory follows the batch and the output, not the file."""
from __future__ import annotations

from typing import BinaryIO

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from movie_lake.lib.parsers import vector_values
from movie_lake.lib.parsers.csv_batches import JsonColumn, parsed_batches
from movie_lake.lib.parsers.duplicates import later_wins
from movie_lake.lib.parsers.json_lists import empty_to_null
from movie_lake.lib.parsers.native_csv import (
    ColumnBatch,
    CsvLayout,
    collector_paused,
    from_rows,
    native_batches,
)
from movie_lake.lib.parsers.result import ParseResult, Reject, RowRejected
from movie_lake.lib.parsers.spool import SpooledTable, TableCollector
from movie_lake.lib.parsers.values import (
    json_records,
    optional_date,
    optional_float,
    optional_int,
    required_int,
    text_or_none,
)
from movie_lake.lib.schemas import tmdb_trusted

MOVIE_COLUMNS = (
    "budget", "genres", "homepage", "id", "keywords", "original_language", "original_title",
    "overview", "popularity", "production_companies", "production_countries", "release_date",
    "revenue", "runtime", "spoken_languages", "status", "tagline", "title", "vote_average", "vote_count",
)
REQUIRED_MOVIE_COLUMNS = ("id", "title")
"""Without these a movies file is unusable; any other missing column reads as null (with a note)."""
CREDIT_COLUMNS = ("movie_id", "title", "cast", "crew")
LIST_COLUMNS = ("genres", "keywords", "production_companies", "production_countries", "spoken_languages")
MOVIE_SCALARS = (
    "id", "title", "original_title", "original_language", "overview", "tagline", "homepage", "status",
    "release_date", "budget", "revenue", "budget_known", "revenue_known", "runtime", "popularity",
    "vote_average", "vote_count",
)
CAST_ITEM = pa.struct([
    ("cast_id", pa.int64()), ("character", pa.string()), ("credit_id", pa.string()), ("gender", pa.int64()),
    ("id", pa.int64()), ("name", pa.string()), ("order", pa.int64()),
])
CREW_ITEM = pa.struct([
    ("credit_id", pa.string()), ("department", pa.string()), ("gender", pa.int64()), ("id", pa.int64()),
    ("job", pa.string()), ("name", pa.string()),
])
CREDIT_KEYS = ("credit_id", "id", "name")
CREDIT_JSON_KEYS = {"person_id": "id", "cast_order": "order"}
EMPTY_MEANS_NULL = ("character", "department", "job")


def _arrow_schema(schema, exclude=("landed_at",)) -> pa.Schema:
    return pa.schema([f for f in schema.arrow_schema if f.name not in exclude])


MOVIES_SCHEMA = _arrow_schema(tmdb_trusted.MOVIES)
CAST_SCHEMA = _arrow_schema(tmdb_trusted.MOVIE_CAST)
CREW_SCHEMA = _arrow_schema(tmdb_trusted.MOVIE_CREW)
MOVIE_LISTS = tuple(JsonColumn(c, MOVIES_SCHEMA.field(c).type.value_type) for c in LIST_COLUMNS)
CREDIT_LISTS = (JsonColumn("cast", CAST_ITEM, CREDIT_KEYS, field_level=True), JsonColumn("crew", CREW_ITEM, CREDIT_KEYS, field_level=True))
"""An empty or broken crew (Jurassic World in the shared file) keeps the record's valid cast, and the other way round."""


def _movie_values(get) -> tuple:
    """The plain (non-JSON) fields of a movie, in `MOVIE_SCALARS` order."""
    title = text_or_none(get("title"))
    if title is None:
        raise RowRejected("title", "title is missing")
    budget = optional_int(get("budget"), "budget")
    revenue = optional_int(get("revenue"), "revenue")
    return (
        required_int(get("id"), "id"), title, text_or_none(get("original_title")),
        text_or_none(get("original_language")), text_or_none(get("overview")), text_or_none(get("tagline")),
        text_or_none(get("homepage")), text_or_none(get("status")), optional_date(get("release_date"), "release_date"),
        budget, revenue, bool(budget), bool(revenue), optional_int(get("runtime"), "runtime"),
        optional_float(get("popularity"), "popularity"), optional_float(get("vote_average"), "vote_average"),
        optional_int(get("vote_count"), "vote_count"),
    )


def _movie_scalars(column) -> dict:
    budget, revenue = vector_values.optional_int(column("budget")), vector_values.optional_int(column("revenue"))
    known = lambda amount: (pc.fill_null(pc.not_equal(amount[0], 0), False), amount[1])  # noqa: E731
    typed = {"id": vector_values.required_int(column("id")), "title": vector_values.required_text(column("title")),
             "release_date": vector_values.optional_date(column("release_date")), "budget": budget, "revenue": revenue,
             "budget_known": known(budget), "revenue_known": known(revenue),
             "runtime": vector_values.optional_int(column("runtime")), "vote_count": vector_values.optional_int(column("vote_count")),
             "popularity": vector_values.optional_float(column("popularity")),
             "vote_average": vector_values.optional_float(column("vote_average"))}
    for name in ("original_title", "original_language", "overview", "tagline", "homepage", "status"):
        typed[name] = vector_values.text_or_none(column(name))
    return typed


MOVIES_LAYOUT = CsvLayout(MOVIE_COLUMNS, REQUIRED_MOVIE_COLUMNS, pa.schema([MOVIES_SCHEMA.field(n) for n in MOVIE_SCALARS]),
                          _movie_values, _movie_scalars, MOVIE_LISTS)


def _movies_table(batch: ColumnBatch) -> pa.Table:
    columns = dict(zip(LIST_COLUMNS, batch.lists))
    columns.update(zip(batch.scalars.column_names, batch.scalars.columns))
    return pa.Table.from_arrays([columns[f.name] for f in MOVIES_SCHEMA], schema=MOVIES_SCHEMA)


def parse_movies(data: bytes | BinaryIO, source_file: str) -> ParseResult:
    """The movies file through Arrow's readers; the same result as `parse_movies_by_rows`."""
    with collector_paused():
        return _movies_result(lambda rejects, missing: native_batches(data, source_file, MOVIES_LAYOUT, rejects, missing))


def parse_movies_by_rows(data: bytes | BinaryIO, source_file: str) -> ParseResult:
    """The reference reader: every record through the csv module and the scalar converters."""
    return _movies_result(lambda rejects, missing: _by_rows(data, source_file, MOVIES_LAYOUT, rejects, missing))


def _by_rows(data, source_file: str, layout: CsvLayout, rejects: list[Reject], missing: list[str]):
    batches = parsed_batches(data, source_file, layout.columns, layout.parse_row, layout.json_columns, rejects,
                             required=layout.required, missing=missing)
    return (from_rows(b, layout) for b in batches)


def _movies_result(read) -> ParseResult:
    """Batch by batch into a collector (memory bounded by `spool.SPOOL_BYTES`); ids and
    lines are kept aside to settle repeated ids once the whole file is read."""
    rejects: list[Reject] = []
    missing: list[str] = []
    movies = TableCollector(MOVIES_SCHEMA)
    ids, lines = [], []
    for batch in read(rejects, missing):
        table = _movies_table(batch)
        movies.append(table)
        ids.append(table.column("id").to_numpy())
        lines.append(batch.lines)
    ids_in, lines_in = _joined(ids), _joined(lines)
    rows_in = len(ids_in) + len(rejects)
    keep = later_wins(ids_in, lines_in, "id", rejects)
    rejects.sort(key=lambda r: r.line)
    return ParseResult({"movies": movies.result(keep)}, rejects, rows_in=rows_in, notes=_missing_note(missing))


def _joined(arrays: list[np.ndarray]) -> np.ndarray:
    return np.concatenate(arrays) if arrays else np.empty(0, np.int64)


def _missing_note(missing: list[str]) -> dict:
    return {"missing_optional_columns": ", ".join(missing)} if missing else {}


def _credit_rows(lists: pa.ListArray, movie_ids: pa.Array, schema: pa.Schema) -> pa.Table:
    """One row per list item, with its movie's id; empty text becomes null, as in the JSON API."""
    items = lists.flatten()
    columns = []
    for f in schema:
        if f.name == "movie_id":
            column = pc.take(movie_ids, pc.list_parent_indices(lists))
        else:
            column = items.field(CREDIT_JSON_KEYS.get(f.name, f.name))
            column = empty_to_null(column) if f.name in EMPTY_MEANS_NULL else column
        columns.append(column.cast(f.type))
    return pa.Table.from_arrays(columns, schema=schema)


CREDITS_LAYOUT = CsvLayout(CREDIT_COLUMNS, CREDIT_COLUMNS, pa.schema([("movie_id", pa.int64())]),
                           lambda get: (required_int(get("movie_id"), "movie_id"),),
                           lambda column: {"movie_id": vector_values.required_int(column("movie_id"))}, CREDIT_LISTS)


def parse_credits(data: bytes | BinaryIO, source_file: str) -> ParseResult:
    """The credits file through Arrow's readers; the same result as `parse_credits_by_rows`."""
    with collector_paused():
        return _credits_result(lambda rejects, missing: native_batches(data, source_file, CREDITS_LAYOUT, rejects, missing))


def parse_credits_by_rows(data: bytes | BinaryIO, source_file: str) -> ParseResult:
    return _credits_result(lambda rejects, missing: _by_rows(data, source_file, CREDITS_LAYOUT, rejects, missing))


RECORD = "__record"
"""The credits record a cast or crew row came from (while the file is read), so the rows of a
record another record with the same movie_id supersedes can be dropped afterwards."""


def _credits_result(read) -> ParseResult:
    rejects: list[Reject] = []
    collectors = {name: TableCollector(schema.append(pa.field(RECORD, pa.int64())))
                  for name, schema in (("movie_cast", CAST_SCHEMA), ("movie_crew", CREW_SCHEMA))}
    ids, lines, records = [], [], 0
    for batch in read(rejects, []):
        movie_ids = batch.scalars.column("movie_id").combine_chunks()
        numbers = pa.array(np.arange(records, records + len(batch.lines)), pa.int64())
        records += len(batch.lines)
        for collector, lists, schema in zip(collectors.values(), batch.lists, (CAST_SCHEMA, CREW_SCHEMA)):
            rows = _credit_rows(lists, movie_ids, schema)
            collector.append(rows.append_column(RECORD, pc.take(numbers, pc.list_parent_indices(lists))))
        ids.append(movie_ids.to_numpy())
        lines.append(batch.lines)
    keep = later_wins(_joined(ids), _joined(lines), "movie_id", rejects)
    rejects.sort(key=lambda r: r.line)
    tables = {name: _without_superseded(collector, keep) for name, collector in collectors.items()}
    kept = int(keep.sum())
    rejects, tables["unkeyed_credits"], unkeyed = _keep_unkeyed(rejects)
    whole = sum(1 for r in rejects if not r.record_kept)
    return ParseResult(tables, rejects, rows_in=records + whole + unkeyed - (records - kept), records_out=kept + unkeyed)


UNKEYED_SCHEMA = _arrow_schema(tmdb_trusted.UNKEYED_CREDITS)


def _keep_unkeyed(rejects: list[Reject]) -> tuple[list[Reject], pa.Table, int]:
    """A record with an empty movie_id but readable cast or crew: its credits go to
    `unkeyed_credits` with its title (the conform step matches the title), and its reject
    becomes a field-level one."""
    rows, kept, records = [], [], 0
    for reject in rejects:
        values = reject.values or {}
        if reject.field != "movie_id" or values.get("movie_id", "x").strip():
            kept.append(reject)
            continue
        credits = []
        for role, spec in (("cast", CAST_ITEM), ("crew", CREW_ITEM)):
            try:
                items = json_records(values.get(role, ""), role, CREDIT_KEYS)
            except RowRejected:
                continue
            for item in pa.array(items, spec).to_pylist():
                credits.append({"line": reject.line, "movie_title": text_or_none(values.get("title", "")), "role": role,
                                "person_id": item["id"], "cast_order": item.get("order"),
                                **{k: v for k, v in item.items() if k not in ("id", "order")}})
        if not credits:
            kept.append(reject)
            continue
        records += 1
        rows.extend(credits)
        kept.append(Reject(reject.line, f"movie_id is missing; its {len(credits)} credits are kept in trusted/unkeyed_credits "
                                         "to be matched by title", "movie_id", reject.record, record_kept=True))
    for row in rows:
        for name in ("character", "department", "job"):
            row[name] = row.get(name) or None
    collector = TableCollector(UNKEYED_SCHEMA)
    collector.append(pa.Table.from_pylist(rows, schema=UNKEYED_SCHEMA))
    return kept, collector.result(), records


def _without_superseded(collector: TableCollector, keep: np.ndarray):
    """The rows of kept records, without the record column."""
    result = collector.result()
    if isinstance(result, SpooledTable):
        if keep.all():
            return result.without(RECORD)
        return result.filtered(keep[result.column(RECORD).to_numpy()], drop=(RECORD,))
    if not keep.all():
        result = result.filter(pa.array(keep[result.column(RECORD).to_numpy()]))
    return result.drop_columns([RECORD])
