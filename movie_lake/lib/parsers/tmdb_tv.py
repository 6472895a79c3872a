"""TMDB API TV answers, one JSON object per line, gzipped: series, and one cast or crew row
per person and role of `aggregate_credits` (a person playing two characters is two rows).

A line that is not a JSON object, lacks `id`/`name`, or has a value of the wrong type is
quarantined with its line and the field at fault; in = out + quarantined."""
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
from movie_lake.lib.schemas import tmdb_tv

NAMED_ID = {"id": int, "name": str}
PERSON = {"id": int, "name": str, "gender": int}
CAST_PERSON = {**PERSON, "order": int, "roles": list}
CREW_PERSON = {**PERSON, "department": str, "jobs": list}
CAST_ROLE = {"credit_id": str, "character": str, "episode_count": int}
CREW_ROLE = {"credit_id": str, "job": str, "episode_count": int}


def _series_row(details: dict) -> dict:
    series_id, name = id_and_name(details, "name")
    external = typed_value(details, "external_ids", dict) or {}
    keywords = typed_value(details, "keywords", dict) or {}
    row = {"id": series_id, "name": name}
    for field in ("original_name", "original_language", "overview", "status", "type"):
        row[field] = text_field(details, field)
    row.update(
        first_air_date=date_field(details, "first_air_date"), last_air_date=date_field(details, "last_air_date"),
        number_of_seasons=typed_value(details, "number_of_seasons", int),
        number_of_episodes=typed_value(details, "number_of_episodes", int),
        in_production=typed_value(details, "in_production", bool),
        popularity=number_field(details, "popularity"), vote_average=number_field(details, "vote_average"),
        vote_count=typed_value(details, "vote_count", int),
        genres=record_list(details, "genres", NAMED_ID, ("id",)),
        networks=record_list(details, "networks", NAMED_ID, ("id",)),
        keywords=record_list(keywords, "results", NAMED_ID, ("id",)),
        origin_country=[c for c in typed_value(details, "origin_country", list) or [] if isinstance(c, str)],
        imdb_id=text_field(external, "imdb_id"),
    )
    return row


def _role_rows(people: list[dict], roles_field: str, role_spec: dict, series_id: int, role_of) -> list[dict]:
    rows = []
    for position, person in enumerate(people):
        for role in record_list(person, roles_field, role_spec, ("credit_id",)):
            rows.append({"series_id": series_id, "credit_id": role["credit_id"], "person_id": person["id"],
                         "name": person["name"], **role_of(person, role), "episode_count": role["episode_count"],
                         "gender": person["gender"]})
    return rows


def _series_tables(details: dict) -> dict[str, list[dict]]:
    series = _series_row(details)
    credits = typed_value(details, "aggregate_credits", dict) or {}
    cast = record_list(credits, "cast", CAST_PERSON, ("id", "name"))
    crew = record_list(credits, "crew", CREW_PERSON, ("id", "name"))
    return {
        "tmdb_tv_series": [series],
        "tmdb_tv_cast": _role_rows(cast, "roles", CAST_ROLE, series["id"],
                                   lambda p, r: {"character": r["character"] or None, "cast_order": p["order"]}),
        "tmdb_tv_crew": _role_rows(crew, "jobs", CREW_ROLE, series["id"],
                                   lambda p, r: {"department": p["department"] or None, "job": r["job"] or None}),
    }


def parse_tv_details(data: bytes, file_name: str) -> ParseResult:
    return parse_responses(data, file_name, _series_tables, tmdb_tv.SCHEMAS)
