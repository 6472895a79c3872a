"""Trusted tables parsed from TMDB API TV answers
(`/tv/{id}?append_to_response=aggregate_credits,external_ids,keywords`), one partition per
first-air month: series, and one row per person and role of the aggregated credits."""
import pyarrow as pa

from movie_lake.lib.schemas.base import Column, DatasetSchema
from movie_lake.lib.schemas.tmdb_api import FETCHED_AT
from movie_lake.lib.schemas.tmdb_trusted import NAMED_IDS

FIRST_AIR_MONTH = "first_air_month"


def _person_columns(*role: Column) -> tuple[Column, ...]:
    return (
        Column("series_id", pa.int64(), False, "TMDB series id"),
        Column("credit_id", pa.string(), False, "one per person and role"),
        Column("person_id", pa.int64(), False),
        Column("name", pa.string(), False),
        *role,
        Column("episode_count", pa.int32(), description="episodes this person has this role in"),
        Column("gender", pa.int8(), description="0 unknown, 1 female, 2 male, 3 non-binary"),
        FETCHED_AT,
    )


TMDB_TV_SERIES = DatasetSchema(
    name="trusted/tmdb_tv_series",
    description="One row per TV series per first-air month fetched from the TMDB API, typed.",
    primary_key=("id",),
    partition_column=FIRST_AIR_MONTH,
    columns=(
        Column("id", pa.int64(), False, "TMDB series id"),
        Column("name", pa.string(), False),
        Column("original_name", pa.string()),
        Column("original_language", pa.string()),
        Column("overview", pa.string()),
        Column("status", pa.string(), description="Returning Series, Ended, Canceled, ..."),
        Column("type", pa.string(), description="Scripted, Miniseries, Documentary, ..."),
        Column("first_air_date", pa.date32()),
        Column("last_air_date", pa.date32()),
        Column("number_of_seasons", pa.int32()),
        Column("number_of_episodes", pa.int32()),
        Column("in_production", pa.bool_()),
        Column("popularity", pa.float64()),
        Column("vote_average", pa.float64()),
        Column("vote_count", pa.int64()),
        Column("genres", NAMED_IDS),
        Column("networks", NAMED_IDS),
        Column("keywords", NAMED_IDS),
        Column("origin_country", pa.list_(pa.string()), description="ISO 3166-1 codes"),
        Column("imdb_id", pa.string(), description="from external_ids"),
        FETCHED_AT,
    ),
)

TMDB_TV_CAST = DatasetSchema(
    name="trusted/tmdb_tv_cast",
    description="One row per person and character of a series' aggregated cast.",
    primary_key=("credit_id",),
    partition_column=FIRST_AIR_MONTH,
    columns=_person_columns(Column("character", pa.string()), Column("cast_order", pa.int32(), description="0 = top")),
)

TMDB_TV_CREW = DatasetSchema(
    name="trusted/tmdb_tv_crew",
    description="One row per person and job of a series' aggregated crew.",
    primary_key=("credit_id",),
    partition_column=FIRST_AIR_MONTH,
    columns=_person_columns(Column("department", pa.string()), Column("job", pa.string())),
)

SCHEMAS = (TMDB_TV_SERIES, TMDB_TV_CAST, TMDB_TV_CREW)
