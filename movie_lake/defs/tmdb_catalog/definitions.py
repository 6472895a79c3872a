from dagster import Definitions

from movie_lake.defs.tmdb_catalog.automation import (
    CATALOG_SOURCES, tmdb_changes_job, tmdb_sync_catch_up_sensor, tmdb_sync_daily_schedule,
)
from movie_lake.defs.tmdb_catalog.changes import changes_asset
from movie_lake.defs.tmdb_catalog.crawl import raw_catalog_asset
from movie_lake.defs.tmdb_catalog.exports import id_export_asset
from movie_lake.defs.tmdb_catalog.partitions import change_days
from movie_lake.defs.tmdb_catalog.trusted import trusted_catalog_asset
from movie_lake.settings import Settings


def defs(settings: Settings) -> Definitions:
    days = change_days(settings)
    assets = [changes_asset(days)]
    for media, source in CATALOG_SOURCES.items():
        assets += [id_export_asset(media, settings), raw_catalog_asset(media, source, settings),
                   trusted_catalog_asset(media, source)]
    return Definitions(assets=assets, jobs=[tmdb_changes_job()], schedules=[tmdb_sync_daily_schedule(settings, days)],
                       sensors=[tmdb_sync_catch_up_sensor(settings)])
