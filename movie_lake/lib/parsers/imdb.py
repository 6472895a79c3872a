"""IMDb's title.ratings / title.basics TSV files and The Movies Dataset's links.csv, as
`delimited` layouts: which header each file has and how each field is checked and typed."""
from __future__ import annotations

from typing import BinaryIO

import pyarrow as pa

from movie_lake.lib.parsers.delimited import DelimitedLayout, Field, parse_delimited
from movie_lake.lib.parsers.result import ParseResult
from movie_lake.lib.schemas.base import DatasetSchema
from movie_lake.lib.schemas.imdb import IMDB_TITLE_BASICS, IMDB_TITLE_RATINGS, MOVIE_LINKS

TCONST = r"^tt[0-9]{7,}$"
TCONST_SHAPE = "an IMDb id like tt0000001"
YEAR = dict(kind="int", low=1800, high=2200)


def _stored(schema: DatasetSchema) -> pa.Schema:
    return pa.schema([f for f in schema.arrow_schema if f.name != "landed_at"])


RATINGS = DelimitedLayout(
    fields=(
        Field("tconst", "imdb_id", required=True, pattern=TCONST, shape=TCONST_SHAPE),
        Field("averageRating", "imdb_rating", "float", required=True, low=1, high=10),
        Field("numVotes", "imdb_votes", "int", required=True),
    ),
    schema=_stored(IMDB_TITLE_RATINGS),
    key="imdb_id",
)
BASICS = DelimitedLayout(
    fields=(
        Field("tconst", "imdb_id", required=True, pattern=TCONST, shape=TCONST_SHAPE),
        Field("titleType", "title_type", required=True),
        Field("primaryTitle", "primary_title", required=True),
        Field("originalTitle", "original_title"),
        Field("isAdult", "is_adult", "flag"),
        Field("startYear", "start_year", **YEAR),
        Field("endYear", "end_year", **YEAR),
        Field("runtimeMinutes", "runtime_minutes", "int", high=100_000),
        Field("genres", "genres", "list"),
    ),
    schema=_stored(IMDB_TITLE_BASICS),
    key="imdb_id",
)
LINKS = DelimitedLayout(
    fields=(
        Field("movieId", "movielens_id", "int", required=True),
        Field("imdbId", "imdb_id", required=True, prefix="tt", pattern=TCONST, shape="7 or more digits"),
        Field("tmdbId", "tmdb_id", "int"),
    ),
    schema=_stored(MOVIE_LINKS),
    delimiter=",",
    null_text="",
    key="movielens_id",
)


def parse_title_ratings(data: bytes | BinaryIO, file_name: str) -> ParseResult:
    return parse_delimited(data, file_name, RATINGS, "imdb_title_ratings")


def parse_title_basics(data: bytes | BinaryIO, file_name: str) -> ParseResult:
    return parse_delimited(data, file_name, BASICS, "imdb_title_basics")


def parse_movie_links(data: bytes | BinaryIO, file_name: str) -> ParseResult:
    return parse_delimited(data, file_name, LINKS, "movie_links")
