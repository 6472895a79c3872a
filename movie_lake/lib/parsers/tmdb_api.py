"""TMDB API details responses (`/movie/{id}?append_to_response=credits,keywords`), one JSON
object per line, gzipped: movies, and cast/crew flattened from the appended credits.

A line that is not a JSON object, or lacks `id`/`title`, or has a value of the wrong
type, is quarantined with its line number and the field at fault; in = out + quarantined.
"""
from __future__ import annotations

from movie_lake.lib.parsers.json_fields import (
    date_field,
    id_and_name,
    number_field,
    parse_responses,
    record_list,
    text_field,
    typed_value,
)
from movie_lake.lib.parsers.result import ParseResult
from movie_lake.lib.schemas import tmdb_api

PERSON = {"credit_id": str, "id": int, "name": str, "gender": int}
CAST = {**PERSON, "character": str, "cast_id": int, "order": int}
CREW = {**PERSON, "department": str, "job": str}
REQUIRED_PERSON = ("credit_id", "id", "name")


NAMED_ID = {"id": int, "name": str}


def _movie_row(details: dict) -> dict:
    movie_id, title = id_and_name(details, "title")
    budget = typed_value(details, "budget", int)
    revenue = typed_value(details, "revenue", int)
    collection = typed_value(details, "belongs_to_collection", dict) or {}
    keywords = typed_value(details, "keywords", dict) or {}
    return {
        "id": movie_id,
        "title": title,
        "original_title": text_field(details, "original_title"),
        "original_language": text_field(details, "original_language"),
        "overview": text_field(details, "overview"),
        "tagline": text_field(details, "tagline"),
        "homepage": text_field(details, "homepage"),
        "status": text_field(details, "status"),
        "release_date": date_field(details, "release_date"),
        "budget": budget,
        "revenue": revenue,
        "budget_known": bool(budget),
        "revenue_known": bool(revenue),
        "runtime": typed_value(details, "runtime", int),
        "popularity": number_field(details, "popularity"),
        "vote_average": number_field(details, "vote_average"),
        "vote_count": typed_value(details, "vote_count", int),
        "genres": record_list(details, "genres", NAMED_ID, ("id",)),
        "keywords": record_list(keywords, "keywords", NAMED_ID, ("id",)),
        "production_companies": record_list(details, "production_companies", NAMED_ID, ("id",)),
        "production_countries": record_list(details, "production_countries", {"iso_3166_1": str, "name": str}),
        "spoken_languages": record_list(details, "spoken_languages", {"iso_639_1": str, "name": str}),
        "imdb_id": text_field(details, "imdb_id"),
        "collection_id": typed_value(collection, "id", int, "belongs_to_collection.id"),
        "collection_name": typed_value(collection, "name", str, "belongs_to_collection.name"),
        "origin_country": [c for c in typed_value(details, "origin_country", list) or [] if isinstance(c, str)],
    }


def _credit_rows(details: dict, movie_id: int) -> tuple[list[dict], list[dict]]:
    credits = typed_value(details, "credits", dict) or {}
    cast = [
        {"movie_id": movie_id, "credit_id": c["credit_id"], "person_id": c["id"], "name": c["name"],
         "character": c["character"] or None, "cast_id": c["cast_id"], "cast_order": c["order"], "gender": c["gender"]}
        for c in record_list(credits, "cast", CAST, REQUIRED_PERSON)
    ]
    crew = [
        {"movie_id": movie_id, "credit_id": c["credit_id"], "person_id": c["id"], "name": c["name"],
         "department": c["department"] or None, "job": c["job"] or None, "gender": c["gender"]}
        for c in record_list(credits, "crew", CREW, REQUIRED_PERSON)
    ]
    return cast, crew


def _movie_tables(details: dict) -> dict[str, list[dict]]:
    movie = _movie_row(details)
    cast, crew = _credit_rows(details, movie["id"])
    return {"tmdb_movies": [movie], "tmdb_cast": cast, "tmdb_crew": crew}


def parse_details(data: bytes, file_name: str) -> ParseResult:
    """An empty file is a month without movies, not an error."""
    return parse_responses(data, file_name, _movie_tables, tmdb_api.SCHEMAS)
