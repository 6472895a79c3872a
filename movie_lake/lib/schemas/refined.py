"""The refined layer: the conformed movies and credits (one row per TMDB id across sources,
newest landing wins), and the star schema built from them: movie, genre and person
dimensions, finance and credit facts."""
import pyarrow as pa

from movie_lake.lib.schemas.base import Column, DatasetSchema, ForeignKey
from movie_lake.lib.schemas.tmdb_api import API_ONLY_MOVIE_COLUMNS
from movie_lake.lib.schemas.tmdb_trusted import MOVIE_CAST, MOVIE_CREW, MOVIES

CONFORMED_FROM = (
    Column("source", pa.string(), False, "tmdb_csv, tmdb_api (a month) or tmdb_catalog (an id range): where this row came from"),
    Column("landing", pa.string(), False, "the landed file, fetched month or id range it came from"),
    Column("landed_at", pa.timestamp("us", tz="UTC"), False),
)


DELETED_UPSTREAM_AT = Column("deleted_upstream_at", pa.timestamp("us", tz="UTC"),
                             description="when TMDB answered 404 for a title the lake held (its last known row is kept)")


def _conformed(schema: DatasetSchema, name: str, description: str, extra: tuple[Column, ...] = ()) -> DatasetSchema:
    own = tuple(c for c in schema.columns if c.name != "landed_at")
    return DatasetSchema(name=name, description=description, primary_key=schema.primary_key,
                         columns=(*own, *extra, *CONFORMED_FROM))


CONFORMED_MOVIES = _conformed(
    MOVIES, "refined/conformed_movies",
    "One row per TMDB movie id from its newest landing (CSV file, API month or catalog id range; ties go to "
    "the API, then the later file, month or range); imdb id and collection from the newest API row whichever "
    "source wins.",
    (*API_ONLY_MOVIE_COLUMNS, DELETED_UPSTREAM_AT),
)
CONFORMED_CAST = _conformed(
    MOVIE_CAST, "refined/conformed_cast",
    "The cast of each movie of conformed_movies, from the newest landing that has credits for it.",
)
CONFORMED_CREW = _conformed(
    MOVIE_CREW, "refined/conformed_crew",
    "The crew of each movie of conformed_movies, from the same landing as its cast.",
)


def _movie_fk(table_columns=("movie_id",)) -> ForeignKey:
    return ForeignKey(table_columns, "refined/dim_movie", ("movie_id",))


def _person_fk() -> ForeignKey:
    return ForeignKey(("person_id",), "refined/dim_person", ("person_id",))


DIM_MOVIE = DatasetSchema(
    name="refined/dim_movie",
    description="One row per TMDB movie id, from the newest landing of any source.",
    primary_key=("movie_id",),
    columns=(
        Column("movie_id", pa.int64(), False),
        Column("title", pa.string(), False),
        Column("original_title", pa.string()),
        Column("original_language", pa.string()),
        Column("release_date", pa.date32()),
        Column("release_year", pa.int32()),
        Column("runtime", pa.int32()),
        Column("status", pa.string()),
        Column("popularity", pa.float64()),
        Column("vote_average", pa.float64()),
        Column("vote_count", pa.int64()),
        Column("imdb_id", pa.string(), description="from the TMDB API, else the newest links file"),
        Column("imdb_id_source", pa.string(), description="tmdb_api or movie_links; null when unknown"),
        Column("imdb_rating", pa.float64(), description="newest IMDb ratings file; null when unknown"),
        Column("imdb_votes", pa.int64()),
        Column("collection_id", pa.int64(), description="franchise (TMDB collection), when known"),
        Column("collection_name", pa.string()),
        Column("overview", pa.string()),
        DELETED_UPSTREAM_AT,
        Column("source", pa.string(), False, "tmdb_csv, tmdb_api or tmdb_catalog: where this row came from"),
        Column("landed_at", pa.timestamp("us", tz="UTC"), False),
    ),
)

DIM_GENRE = DatasetSchema(
    name="refined/dim_genre",
    primary_key=("genre_id",),
    columns=(Column("genre_id", pa.int64(), False), Column("genre_name", pa.string(), False)),
)

BRIDGE_MOVIE_GENRE = DatasetSchema(
    name="refined/bridge_movie_genre",
    primary_key=("movie_id", "genre_id"),
    foreign_keys=(_movie_fk(), ForeignKey(("genre_id",), "refined/dim_genre", ("genre_id",))),
    columns=(Column("movie_id", pa.int64(), False), Column("genre_id", pa.int64(), False)),
)

DIM_PERSON = DatasetSchema(
    name="refined/dim_person",
    description="One row per person credited in a movie's or series' cast or crew; name and gender from the newest credit.",
    primary_key=("person_id",),
    columns=(
        Column("person_id", pa.int64(), False),
        Column("name", pa.string(), False),
        Column("gender", pa.int8()),
    ),
)

PLAUSIBLE_AMOUNT_MIN_USD = 1_000
"""A budget or revenue below this is a typo for millions in TMDB's data (Chasing Liberty: a $23 M
budget and $12 revenue; Modern Times: an 8.5-million-fold ROI), so it counts as unknown, flagged.
The one rule: fact_movie_finance applies it, and every tile, ROI and ranking reads that table."""

FACT_MOVIE_FINANCE = DatasetSchema(
    name="refined/fact_movie_finance",
    description="Money per movie; profit and ratios only where budget and revenue are both known. "
                f"Amounts under ${PLAUSIBLE_AMOUNT_MIN_USD:,} are implausible (typos for millions): unknown, flagged.",
    primary_key=("movie_id",),
    foreign_keys=(_movie_fk(),),
    columns=(
        Column("movie_id", pa.int64(), False),
        Column("release_year", pa.int32()),
        Column("budget", pa.int64(), description="USD, null when unknown"),
        Column("revenue", pa.int64(), description="USD, null when unknown"),
        Column("profit", pa.int64(), description="revenue - budget"),
        Column("roi", pa.float64(), description="(revenue - budget) / budget"),
        Column("return_per_dollar", pa.float64(), description="revenue / budget"),
        Column("reported_budget", pa.int64(), description="as the source gave it (0 there means unknown)"),
        Column("reported_revenue", pa.int64()),
        Column("implausible_amount", pa.bool_(), False, f"budget or revenue reported between $1 and ${PLAUSIBLE_AMOUNT_MIN_USD - 1:,}"),
    ),
)

def _credit_fact(table: str, *role_columns: Column) -> DatasetSchema:
    return DatasetSchema(
        name=f"refined/{table}",
        primary_key=("credit_id",),
        foreign_keys=(_movie_fk(), _person_fk()),
        columns=(
            Column("credit_id", pa.string(), False),
            Column("movie_id", pa.int64(), False),
            Column("person_id", pa.int64(), False),
            *role_columns,
        ),
    )


FACT_CAST = _credit_fact("fact_cast", Column("character", pa.string()), Column("cast_order", pa.int32()))
FACT_CREW = _credit_fact("fact_crew", Column("department", pa.string()), Column("job", pa.string()))

SCHEMAS = (CONFORMED_MOVIES, CONFORMED_CAST, CONFORMED_CREW, DIM_MOVIE, DIM_GENRE, BRIDGE_MOVIE_GENRE, DIM_PERSON, FACT_MOVIE_FINANCE, FACT_CAST, FACT_CREW)


def _series_fk() -> ForeignKey:
    return ForeignKey(("series_id",), "refined/dim_series", ("series_id",))


DIM_SERIES = DatasetSchema(
    name="refined/dim_series",
    description="One row per TMDB series id from its newest fetch, with its IMDb rating when known.",
    primary_key=("series_id",),
    columns=(
        Column("series_id", pa.int64(), False),
        Column("name", pa.string(), False),
        Column("original_name", pa.string()),
        Column("original_language", pa.string()),
        Column("first_air_date", pa.date32()),
        Column("first_air_year", pa.int32()),
        Column("last_air_date", pa.date32()),
        Column("status", pa.string()),
        Column("number_of_seasons", pa.int32()),
        Column("number_of_episodes", pa.int32()),
        Column("networks", pa.string(), description='comma-joined, e.g. "HBO"'),
        Column("popularity", pa.float64()),
        Column("vote_average", pa.float64()),
        Column("vote_count", pa.int64()),
        Column("imdb_id", pa.string(), description="from the series' external ids"),
        Column("imdb_rating", pa.float64(), description="newest IMDb ratings file; null when unknown"),
        Column("imdb_votes", pa.int64()),
        Column("overview", pa.string()),
        Column("landing", pa.string(), False, "the first-air month whose fetch this row came from"),
        Column("landed_at", pa.timestamp("us", tz="UTC"), False),
    ),
)

BRIDGE_SERIES_GENRE = DatasetSchema(
    name="refined/bridge_series_genre",
    description="Which TV genres each series has (TMDB's TV genre list: Sci-Fi & Fantasy, Action & Adventure, ...).",
    primary_key=("series_id", "genre_id"),
    foreign_keys=(_series_fk(),),
    columns=(Column("series_id", pa.int64(), False), Column("genre_id", pa.int64(), False), Column("genre_name", pa.string())),
)


def _series_credit_fact(table: str, *role_columns: Column) -> DatasetSchema:
    return DatasetSchema(
        name=f"refined/{table}",
        primary_key=("credit_id",),
        foreign_keys=(_series_fk(), _person_fk()),
        columns=(
            Column("credit_id", pa.string(), False),
            Column("series_id", pa.int64(), False),
            Column("person_id", pa.int64(), False),
            *role_columns,
            Column("episode_count", pa.int32()),
        ),
    )


FACT_SERIES_CAST = _series_credit_fact("fact_series_cast", Column("character", pa.string()), Column("cast_order", pa.int32()))
FACT_SERIES_CREW = _series_credit_fact("fact_series_crew", Column("department", pa.string()), Column("job", pa.string()))

SCHEMAS = (*SCHEMAS, DIM_SERIES, BRIDGE_SERIES_GENRE, FACT_SERIES_CAST, FACT_SERIES_CREW)
