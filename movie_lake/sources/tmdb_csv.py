"""The Kaggle TMDB 5000 CSV files: movies (one row per movie) and credits (cast/crew JSON)."""
from __future__ import annotations

from dataclasses import dataclass

import pyarrow as pa

from ..schemas import tmdb_trusted
from .csv_records import csv_records
from .result import ParseResult, Reject, RowRejected
from .text import landed_bytes_to_text
from .values import json_records, optional_date, optional_float, optional_int, required_int, text_or_none

MOVIE_COLUMNS = (
    "budget", "genres", "homepage", "id", "keywords", "original_language", "original_title",
    "overview", "popularity", "production_companies", "production_countries", "release_date",
    "revenue", "runtime", "spoken_languages", "status", "tagline", "title", "vote_average", "vote_count",
)
CREDIT_COLUMNS = ("movie_id", "title", "cast", "crew")
LIST_COLUMNS = ("genres", "keywords", "production_companies", "production_countries", "spoken_languages")


def _movie_row(get) -> dict:
    title = text_or_none(get("title"))
    if title is None:
        raise RowRejected("title", "title is missing")
    budget = optional_int(get("budget"), "budget")
    revenue = optional_int(get("revenue"), "revenue")
    row = {
        "id": required_int(get("id"), "id"),
        "title": title,
        "original_title": text_or_none(get("original_title")),
        "original_language": text_or_none(get("original_language")),
        "overview": text_or_none(get("overview")),
        "tagline": text_or_none(get("tagline")),
        "homepage": text_or_none(get("homepage")),
        "status": text_or_none(get("status")),
        "release_date": optional_date(get("release_date"), "release_date"),
        "budget": budget,
        "revenue": revenue,
        "budget_known": bool(budget),
        "revenue_known": bool(revenue),
        "runtime": optional_int(get("runtime"), "runtime"),
        "popularity": optional_float(get("popularity"), "popularity"),
        "vote_average": optional_float(get("vote_average"), "vote_average"),
        "vote_count": optional_int(get("vote_count"), "vote_count"),
    }
    for column in LIST_COLUMNS:
        row[column] = json_records(get(column), column)
    return row


def _credit_rows(get) -> tuple[list[dict], list[dict]]:
    movie_id = required_int(get("movie_id"), "movie_id")
    cast = [
        {
            "movie_id": movie_id, "credit_id": c["credit_id"], "person_id": c["id"], "name": c["name"],
            "character": c.get("character") or None, "cast_id": c.get("cast_id"),
            "cast_order": c.get("order"), "gender": c.get("gender"),
        }
        for c in json_records(get("cast"), "cast", ("credit_id", "id", "name"))
    ]
    crew = [
        {
            "movie_id": movie_id, "credit_id": c["credit_id"], "person_id": c["id"], "name": c["name"],
            "department": c.get("department") or None, "job": c.get("job") or None, "gender": c.get("gender"),
        }
        for c in json_records(get("crew"), "crew", ("credit_id", "id", "name"))
    ]
    return cast, crew


def _each_record(data: bytes, source_file: str, columns: tuple[str, ...], parse_row, rejects: list[Reject]):
    """Yield parsed rows; records that fail go to `rejects` with line, field and reason."""
    text = landed_bytes_to_text(data, source_file)
    header, records = csv_records(text, source_file, columns)
    width = len(header)
    count = 0
    for line, fields, error in records:
        count += 1
        raw = ",".join(fields)
        if error is None and len(fields) != width:
            error = f"expected {width} fields, found {len(fields)}"
        if error is not None:
            rejects.append(Reject(line, error, None, raw))
            continue
        try:
            yield parse_row(lambda name: fields[header[name]])
        except RowRejected as bad:
            rejects.append(Reject(line, bad.reason, bad.field, raw))


def _table(rows: list[dict], schema, exclude=("landed_at",)) -> pa.Table:
    fields = [f for f in schema.arrow_schema if f.name not in exclude]
    return pa.Table.from_pylist(rows, schema=pa.schema(fields))


def parse_movies(data: bytes, source_file: str) -> ParseResult:
    rejects: list[Reject] = []
    rows = list(_each_record(data, source_file, MOVIE_COLUMNS, _movie_row, rejects))
    return ParseResult(_table(rows, tmdb_trusted.MOVIES), rejects, rows_in=len(rows) + len(rejects))


@dataclass
class CreditsParseResult:
    cast: pa.Table
    crew: pa.Table
    rejects: list[Reject]
    rows_in: int
    rows_out: int


def parse_credits(data: bytes, source_file: str) -> CreditsParseResult:
    rejects: list[Reject] = []
    cast: list[dict] = []
    crew: list[dict] = []
    kept = 0
    for movie_cast, movie_crew in _each_record(data, source_file, CREDIT_COLUMNS, _credit_rows, rejects):
        cast.extend(movie_cast)
        crew.extend(movie_crew)
        kept += 1
    return CreditsParseResult(
        _table(cast, tmdb_trusted.MOVIE_CAST), _table(crew, tmdb_trusted.MOVIE_CREW), rejects, kept + len(rejects), kept
    )
