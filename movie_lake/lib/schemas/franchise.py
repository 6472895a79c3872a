"""The franchise model of the Sci-Fi/Fantasy challenge: a franchise is a TMDB collection plus
the series mapped to it (`lib/franchise_map.py`); the focus settings choose the franchises the
analyses cover. One row per title of a franchise, films and series side by side."""
import pyarrow as pa

from movie_lake.lib.schemas.base import Column, DatasetSchema, ForeignKey

FRANCHISE_ID = Column("franchise_id", pa.int64(), False, "the TMDB collection id")

DIM_FRANCHISE = DatasetSchema(
    name="refined/dim_franchise",
    description="One row per franchise (TMDB collection with films in the lake, or named by the series map), "
                "with its film and series counts and whether the focus settings choose it.",
    primary_key=("franchise_id",),
    columns=(
        FRANCHISE_ID,
        Column("franchise_name", pa.string(), False),
        Column("films", pa.int64(), False),
        Column("series", pa.int64(), False),
        Column("in_focus", pa.bool_(), False),
        Column("focus_reason", pa.string(), description='e.g. "genre Science Fiction" or "named"; null when not in focus'),
    ),
)

FRANCHISE_TITLES = DatasetSchema(
    name="refined/franchise_titles",
    description="Every film and series of every franchise with its money (films), ratings (TMDB and IMDb), "
                "popularity, genres and whether its cast is known.",
    primary_key=("franchise_id", "media", "title_id"),
    foreign_keys=(ForeignKey(("franchise_id",), DIM_FRANCHISE.name, ("franchise_id",)),),
    columns=(
        FRANCHISE_ID,
        Column("media", pa.string(), False, "movie or series"),
        Column("title_id", pa.int64(), False, "TMDB movie or series id"),
        Column("title", pa.string(), False),
        Column("year", pa.int32(), description="release year, or first air year"),
        Column("popularity", pa.float64()),
        Column("vote_average", pa.float64(), description="TMDB rating"),
        Column("vote_count", pa.int64()),
        Column("imdb_rating", pa.float64(), description="null when unknown"),
        Column("imdb_votes", pa.int64()),
        Column("budget", pa.int64(), description="films; null when unknown or implausible"),
        Column("revenue", pa.int64()),
        Column("profit", pa.int64()),
        Column("roi", pa.float64()),
        Column("return_per_dollar", pa.float64()),
        Column("implausible_amount", pa.bool_()),
        Column("genres", pa.list_(pa.string())),
        Column("cast_size", pa.int64(), description="credited cast; null when the lake has no credits for the title"),
    ),
)

SCHEMAS = (DIM_FRANCHISE, FRANCHISE_TITLES)
