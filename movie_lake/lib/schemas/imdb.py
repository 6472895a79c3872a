"""Trusted tables from IMDb's datasets (datasets.imdbws.com) and the MovieLens links file
that bridges TMDB ids to IMDb ids for titles whose TMDB row carries none (the CSV movies).

Each landed file is one partition; a newer landing replaces the older one as a whole (the
refined layer reads the newest partition only), since IMDb republishes complete files."""
import pyarrow as pa

from movie_lake.lib.schemas.base import Column, DatasetSchema
from movie_lake.lib.schemas.tmdb_trusted import LANDED_AT, SOURCE_FILE

IMDB_ID = Column("imdb_id", pa.string(), False, "IMDb title id (tconst), e.g. tt0076759")

IMDB_TITLE_RATINGS = DatasetSchema(
    name="trusted/imdb_title_ratings",
    description="IMDb title.ratings: the weighted average rating and vote count of every rated title.",
    primary_key=("imdb_id",),
    partition_column=SOURCE_FILE,
    columns=(
        IMDB_ID,
        Column("imdb_rating", pa.float64(), False, "averageRating, 1.0 to 10.0"),
        Column("imdb_votes", pa.int64(), False, "numVotes"),
        LANDED_AT,
    ),
)

IMDB_TITLE_BASICS = DatasetSchema(
    name="trusted/imdb_title_basics",
    description="IMDb title.basics: type, titles, years, runtime and genres of every title.",
    primary_key=("imdb_id",),
    partition_column=SOURCE_FILE,
    columns=(
        IMDB_ID,
        Column("title_type", pa.string(), False, "movie, short, tvSeries, tvEpisode, ..."),
        Column("primary_title", pa.string(), False),
        Column("original_title", pa.string()),
        Column("is_adult", pa.bool_()),
        Column("start_year", pa.int32(), description="release year, or a series' first year"),
        Column("end_year", pa.int32(), description="a series' last year"),
        Column("runtime_minutes", pa.int32()),
        Column("genres", pa.list_(pa.string()), description="up to three IMDb genres"),
        LANDED_AT,
    ),
)

MOVIE_LINKS = DatasetSchema(
    name="trusted/movie_links",
    description="The Movies Dataset links: MovieLens id, IMDb id and TMDB id of each movie (TMDB id null when the file has none).",
    primary_key=("movielens_id",),
    partition_column=SOURCE_FILE,
    columns=(
        Column("movielens_id", pa.int64(), False),
        IMDB_ID,
        Column("tmdb_id", pa.int64(), description="empty in the source for some rows"),
        LANDED_AT,
    ),
)


IMDB_TITLES = DatasetSchema(
    name="refined/imdb_titles",
    description="Every IMDb title of the newest landed title.basics and title.ratings files (each newer landing "
                "replaces the older as a whole): type, title, year, genres, rating and votes.",
    primary_key=("imdb_id",),
    columns=(
        IMDB_ID,
        Column("title_type", pa.string(), description="null when the title is only in the ratings file"),
        Column("primary_title", pa.string()),
        Column("start_year", pa.int32()),
        Column("genres", pa.list_(pa.string())),
        Column("imdb_rating", pa.float64(), description="null when the ratings file has no row for the title"),
        Column("imdb_votes", pa.int64()),
    ),
)

TMDB_IMDB_LINKS = DatasetSchema(
    name="refined/tmdb_imdb_links",
    description="TMDB movie id → IMDb id from the newest landed links file; a TMDB id the file links to two "
                "IMDb ids is left out (ambiguous, counted in the materialization), never guessed.",
    primary_key=("tmdb_id",),
    columns=(Column("tmdb_id", pa.int64(), False), IMDB_ID),
)

SCHEMAS = (IMDB_TITLE_RATINGS, IMDB_TITLE_BASICS, MOVIE_LINKS, IMDB_TITLES, TMDB_IMDB_LINKS)
