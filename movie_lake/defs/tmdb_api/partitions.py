"""The TMDB API is fetched by primary release month."""
from dagster import MonthlyPartitionsDefinition

from movie_lake.settings import Settings


def tmdb_api_months(settings: Settings) -> MonthlyPartitionsDefinition:
    """Keys `YYYY-MM` (also the `release_month=` folder value) from
    MOVIE_LAKE_TMDB_START_MONTH through the current month (`end_offset=1`), so the month in
    progress can be refreshed."""
    return MonthlyPartitionsDefinition(start_date=settings.tmdb_start_month, fmt="%Y-%m", end_offset=1)
