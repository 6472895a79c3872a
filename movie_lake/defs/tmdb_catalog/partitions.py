"""The catalog's partitions: id ranges per media (added when an export lands), and the days of
the changes feed."""
from dagster import DailyPartitionsDefinition, DynamicPartitionsDefinition

from movie_lake.settings import Settings

CATALOG_MEDIA = ("movie", "tv")


def id_ranges(media: str) -> DynamicPartitionsDefinition:
    return DynamicPartitionsDefinition(name=f"tmdb_{media}_id_ranges")


def change_days(settings: Settings) -> DailyPartitionsDefinition:
    """One partition per day of TMDB's changes feed, through today (`tmdb sync --date` may read a day
    in progress; the schedule and the catch-up sensor read days once they are over)."""
    return DailyPartitionsDefinition(start_date=settings.tmdb_sync_start, end_offset=1)
