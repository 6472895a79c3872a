from dagster import Definitions

from movie_lake.defs.tmdb_api.partitions import tmdb_api_months
from movie_lake.defs.tmdb_api.raw_assets import raw_tmdb_api_asset
from movie_lake.defs.tmdb_api.schedules import tmdb_api_daily_schedule, tmdb_api_months_job
from movie_lake.defs.tmdb_api.trusted_assets import trusted_tmdb_api_asset, trusted_tmdb_api_tv_asset
from movie_lake.settings import Settings


def defs(settings: Settings) -> Definitions:
    months = tmdb_api_months(settings)
    return Definitions(
        assets=[raw_tmdb_api_asset("movie", months), trusted_tmdb_api_asset(months),
                raw_tmdb_api_asset("tv", months), trusted_tmdb_api_tv_asset(months)],
        jobs=[tmdb_api_months_job()],
        schedules=[tmdb_api_daily_schedule(settings, months)],
    )
