"""Trusted tables parsed from TMDB API details responses, one partition per release month.

Typed like their CSV counterparts (`tmdb_trusted`), whose column declarations they
reuse, plus what only the API has: imdb id, collection (franchise), origin countries.
"""
import pyarrow as pa

from movie_lake.lib.schemas.base import Column, DatasetSchema
from movie_lake.lib.schemas.tmdb_trusted import MOVIE_CAST, MOVIE_CREW, MOVIES

RELEASE_MONTH = "release_month"
FETCHED_AT = Column("landed_at", pa.timestamp("us", tz="UTC"), False, "when the API responses were fetched")
API_ONLY_MOVIE_COLUMNS = (
    Column("imdb_id", pa.string(), description="IMDb title id, e.g. tt0076759"),
    Column("collection_id", pa.int64(), description="TMDB collection (franchise) id, from belongs_to_collection"),
    Column("collection_name", pa.string()),
    Column("origin_country", pa.list_(pa.string()), description="ISO 3166-1 codes"),
)


def _without_landed_at(schema: DatasetSchema) -> tuple[Column, ...]:
    return tuple(c for c in schema.columns if c.name != "landed_at")


TMDB_MOVIES = DatasetSchema(
    name="trusted/tmdb_movies",
    description="One row per movie per release month fetched from the TMDB API (details endpoint), typed.",
    primary_key=("id",),
    partition_column=RELEASE_MONTH,
    columns=(*_without_landed_at(MOVIES), *API_ONLY_MOVIE_COLUMNS, FETCHED_AT),
)

TMDB_CAST = DatasetSchema(
    name="trusted/tmdb_cast",
    description="One row per cast credit, from the credits appended to each details response.",
    primary_key=("credit_id",),
    partition_column=RELEASE_MONTH,
    columns=(*_without_landed_at(MOVIE_CAST), FETCHED_AT),
)

TMDB_CREW = DatasetSchema(
    name="trusted/tmdb_crew",
    description="One row per crew credit, from the credits appended to each details response.",
    primary_key=("credit_id",),
    partition_column=RELEASE_MONTH,
    columns=(*_without_landed_at(MOVIE_CREW), FETCHED_AT),
)

SCHEMAS = (TMDB_MOVIES, TMDB_CAST, TMDB_CREW)
