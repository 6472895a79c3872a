"""The Kaggle TMDB 5000 CSV files: movies (one row per movie) and credits (cast/crew JSON).

Both parsers take the landed bytes or a binary stream on them and read it in batches
(`csv_batches`), so memory follows the batch and the output, not the file."""
from __future__ import annotations

from typing import BinaryIO

import pyarrow as pa
import pyarrow.compute as pc

from movie_lake.lib.schemas import tmdb_trusted
from movie_lake.lib.parsers.csv_batches import Batch, JsonColumn, parsed_batches
from movie_lake.lib.parsers.duplicates import later_wins
from movie_lake.lib.parsers.json_lists import empty_to_null
from movie_lake.lib.parsers.result import ParseResult, Reject, RowRejected
from movie_lake.lib.parsers.values import optional_date, optional_float, optional_int, required_int, text_or_none

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
CREDIT_LISTS = (JsonColumn("cast", CAST_ITEM, CREDIT_KEYS), JsonColumn("crew", CREW_ITEM, CREDIT_KEYS))


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


def _movies_table(batch: Batch) -> pa.Table:
    columns = dict(zip(LIST_COLUMNS, batch.lists))
    for name, values in zip(MOVIE_SCALARS, zip(*batch.values) if batch.values else [()] * len(MOVIE_SCALARS)):
        columns[name] = pa.array(values, MOVIES_SCHEMA.field(name).type)
    return pa.Table.from_arrays([columns[f.name] for f in MOVIES_SCHEMA], schema=MOVIES_SCHEMA)


def parse_movies(data: bytes | BinaryIO, source_file: str) -> ParseResult:
    rejects: list[Reject] = []
    missing: list[str] = []
    batches = list(parsed_batches(data, source_file, MOVIE_COLUMNS, _movie_values, MOVIE_LISTS, rejects,
                                  required=REQUIRED_MOVIE_COLUMNS, missing=missing))
    table = pa.concat_tables([_movies_table(b) for b in batches]) if batches else MOVIES_SCHEMA.empty_table()
    rows_in = table.num_rows + len(rejects)
    keep = later_wins(table.column("id").to_pylist(), [line for b in batches for line in b.lines], "id", rejects)
    rejects.sort(key=lambda r: r.line)
    return ParseResult({"movies": table.filter(pa.array(keep, pa.bool_()))}, rejects, rows_in=rows_in,
                       notes=_missing_note(missing))


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


def parse_credits(data: bytes | BinaryIO, source_file: str) -> ParseResult:
    rejects: list[Reject] = []
    batches = list(parsed_batches(data, source_file, CREDIT_COLUMNS, _credit_movie_id, CREDIT_LISTS, rejects))
    read = sum(len(b.values) for b in batches)
    keep = later_wins([v[0] for b in batches for v in b.values], [line for b in batches for line in b.lines], "movie_id", rejects)
    rejects.sort(key=lambda r: r.line)
    cast, crew, start = [], [], 0
    for batch in batches:
        mask = pa.array(keep[start:start + len(batch.values)], pa.bool_())
        start += len(batch.values)
        movie_ids = pa.array([v[0] for v in batch.values], pa.int64()).filter(mask)
        cast.append(_credit_rows(batch.lists[0].filter(mask), movie_ids, CAST_SCHEMA))
        crew.append(_credit_rows(batch.lists[1].filter(mask), movie_ids, CREW_SCHEMA))
    tables = {
        "movie_cast": pa.concat_tables(cast) if cast else CAST_SCHEMA.empty_table(),
        "movie_crew": pa.concat_tables(crew) if crew else CREW_SCHEMA.empty_table(),
    }
    return ParseResult(tables, rejects, rows_in=read + len(rejects) - (len(keep) - sum(keep)), records_out=sum(keep))


def _credit_movie_id(get) -> tuple:
    return (required_int(get("movie_id"), "movie_id"),)
