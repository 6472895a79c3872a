"""TMDB API details responses (`/movie/{id}?append_to_response=credits,keywords`), one JSON
object per line, gzipped: movies, and cast/crew flattened from the appended credits.

A line that is not a JSON object, or lacks `id`/`title`, or has a value of the wrong
type, is quarantined with its line number and the field at fault; in = out + quarantined.
"""
from __future__ import annotations

import gzip
import json
import zlib
from datetime import date
from typing import Any

import pyarrow as pa

from movie_lake.lib.schemas import tmdb_api
from movie_lake.lib.parsers.result import BadFileError, ParseResult, Reject, RowRejected
from movie_lake.lib.parsers.text import GZIP_MAGIC

PERSON = {"credit_id": str, "id": int, "name": str, "gender": int}
CAST = {**PERSON, "character": str, "cast_id": int, "order": int}
CREW = {**PERSON, "department": str, "job": str}
REQUIRED_PERSON = ("credit_id", "id", "name")



def _value(obj: dict, field: str, kind: type | tuple[type, ...], label: str | None = None) -> Any:
    value = obj.get(field)
    if value is None:
        return None
    if not isinstance(value, kind) or (isinstance(value, bool) and kind is not bool):
        name = label or field
        raise RowRejected(name, f"{name} should be {_kind_name(kind)}, got {json.dumps(value)[:40]}")
    return value


def _kind_name(kind) -> str:
    return "/".join(k.__name__ for k in kind) if isinstance(kind, tuple) else kind.__name__


def _text(obj: dict, field: str) -> str | None:
    value = _value(obj, field, str)
    return value if value and value.strip() else None


def _number(obj: dict, field: str) -> float | None:
    value = _value(obj, field, (int, float))
    return None if value is None else float(value)


def _date(obj: dict, field: str) -> date | None:
    value = _text(obj, field)
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise RowRejected(field, f"{field} is not a YYYY-MM-DD date: {value[:40]!r}") from None


def _records(obj: dict, field: str, spec: dict[str, type | tuple[type, ...]], required: tuple[str, ...] = ()) -> list[dict]:
    """A list of objects, each reduced to the `spec` keys with their types checked."""
    rows = []
    for position, item in enumerate(_value(obj, field, list) or []):
        if not isinstance(item, dict):
            raise RowRejected(field, f"{field} item {position} is not an object")
        absent = [k for k in required if item.get(k) is None]
        if absent:
            raise RowRejected(field, f"{field} item {position} has no {', '.join(absent)}")
        rows.append({k: _value(item, k, kind, f"{field}[{position}].{k}") for k, kind in spec.items()})
    return rows


NAMED_ID = {"id": int, "name": str}
def _movie_row(details: dict) -> dict:
    movie_id = _value(details, "id", int)
    if movie_id is None:
        raise RowRejected("id", "id is missing")
    title = _text(details, "title")
    if title is None:
        raise RowRejected("title", "title is missing")
    budget = _value(details, "budget", int)
    revenue = _value(details, "revenue", int)
    collection = _value(details, "belongs_to_collection", dict) or {}
    keywords = _value(details, "keywords", dict) or {}
    return {
        "id": movie_id,
        "title": title,
        "original_title": _text(details, "original_title"),
        "original_language": _text(details, "original_language"),
        "overview": _text(details, "overview"),
        "tagline": _text(details, "tagline"),
        "homepage": _text(details, "homepage"),
        "status": _text(details, "status"),
        "release_date": _date(details, "release_date"),
        "budget": budget,
        "revenue": revenue,
        "budget_known": bool(budget),
        "revenue_known": bool(revenue),
        "runtime": _value(details, "runtime", int),
        "popularity": _number(details, "popularity"),
        "vote_average": _number(details, "vote_average"),
        "vote_count": _value(details, "vote_count", int),
        "genres": _records(details, "genres", NAMED_ID, ("id",)),
        "keywords": _records(keywords, "keywords", NAMED_ID, ("id",)),
        "production_companies": _records(details, "production_companies", NAMED_ID, ("id",)),
        "production_countries": _records(details, "production_countries", {"iso_3166_1": str, "name": str}),
        "spoken_languages": _records(details, "spoken_languages", {"iso_639_1": str, "name": str}),
        "imdb_id": _text(details, "imdb_id"),
        "collection_id": _value(collection, "id", int, "belongs_to_collection.id"),
        "collection_name": _value(collection, "name", str, "belongs_to_collection.name"),
        "origin_country": [c for c in _value(details, "origin_country", list) or [] if isinstance(c, str)],
    }


def _credit_rows(details: dict, movie_id: int) -> tuple[list[dict], list[dict]]:
    credits = _value(details, "credits", dict) or {}
    cast = [
        {"movie_id": movie_id, "credit_id": c["credit_id"], "person_id": c["id"], "name": c["name"],
         "character": c["character"] or None, "cast_id": c["cast_id"], "cast_order": c["order"], "gender": c["gender"]}
        for c in _records(credits, "cast", CAST, REQUIRED_PERSON)
    ]
    crew = [
        {"movie_id": movie_id, "credit_id": c["credit_id"], "person_id": c["id"], "name": c["name"],
         "department": c["department"] or None, "job": c["job"] or None, "gender": c["gender"]}
        for c in _records(credits, "crew", CREW, REQUIRED_PERSON)
    ]
    return cast, crew


def _lines(data: bytes, file_name: str) -> list[str]:
    if data[:2] == GZIP_MAGIC:
        try:
            data = gzip.decompress(data)
        except (OSError, EOFError, zlib.error) as error:
            raise BadFileError(f"{file_name}: not a readable gzip file ({error})") from None
    try:
        return data.decode("utf-8").splitlines()
    except UnicodeDecodeError as error:
        raise BadFileError(f"{file_name}: not valid UTF-8 at byte {error.start}") from None


def _table(rows: list[dict], schema) -> pa.Table:
    fields = [f for f in schema.arrow_schema if f.name != "landed_at"]
    return pa.Table.from_pylist(rows, schema=pa.schema(fields))


def parse_details(data: bytes, file_name: str) -> ParseResult:
    """An empty file is a month without movies, not an error."""
    movies: list[dict] = []
    cast: list[dict] = []
    crew: list[dict] = []
    rejects: list[Reject] = []
    rows_in = 0
    for number, line in enumerate(_lines(data, file_name), start=1):
        if not line.strip():
            continue
        rows_in += 1
        try:
            details = json.loads(line)
            if not isinstance(details, dict):
                raise RowRejected(None, "the line is not a JSON object")
            movie = _movie_row(details)
            movie_cast, movie_crew = _credit_rows(details, movie["id"])
        except ValueError as error:
            field = error.field if isinstance(error, RowRejected) else None
            reason = error.reason if isinstance(error, RowRejected) else f"not valid JSON: {error}"
            rejects.append(Reject(number, reason, field, line))
            continue
        movies.append(movie)
        cast.extend(movie_cast)
        crew.extend(movie_crew)
    tables = {
        "tmdb_movies": _table(movies, tmdb_api.TMDB_MOVIES),
        "tmdb_cast": _table(cast, tmdb_api.TMDB_CAST),
        "tmdb_crew": _table(crew, tmdb_api.TMDB_CREW),
    }
    return ParseResult(tables, rejects, rows_in=rows_in, records_out=len(movies))
