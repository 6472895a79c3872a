"""Schedules: the TMDB API's current release month, refreshed every day.

Other months are fetched on purpose: one at a time (`dagster asset materialize
--partition 2009-03`), or a range as a backfill of the `tmdb_api_months` job (UI, or
`dagster job backfill -j tmdb_api_months --from 2009-01 --to 2009-06`), one run per month.
"""
from dagster import (
    AssetKey,
    AssetSelection,
    DefaultScheduleStatus,
    RunRequest,
    ScheduleDefinition,
    ScheduleEvaluationContext,
    define_asset_job,
    schedule,
)

from movie_lake.defs.landing.partitions import TMDB_API_MONTHS
from movie_lake.settings import Settings

TMDB_API_KEYS = (
    AssetKey(["raw", "tmdb_api_movies"]),
    AssetKey(["trusted", "tmdb_movies"]),
    AssetKey(["trusted", "tmdb_cast"]),
    AssetKey(["trusted", "tmdb_crew"]),
)
TMDB_API_REFRESH_CRON = "0 4 * * *"

tmdb_api_months = define_asset_job(
    "tmdb_api_months",
    selection=AssetSelection.assets(*TMDB_API_KEYS),
    description="Fetch TMDB API months (discover + details) into raw and trusted; one run per month.",
)


def tmdb_api_daily_schedule(settings: Settings) -> ScheduleDefinition:
    """Daily at 04:00 UTC, the month that day falls in. Running by default in aws mode; in
    local mode (which reads the bundled emulator) turn it on in the UI if wanted."""

    @schedule(
        name="tmdb_api_current_month_daily",
        job=tmdb_api_months,
        cron_schedule=TMDB_API_REFRESH_CRON,
        execution_timezone="UTC",
        default_status=DefaultScheduleStatus.RUNNING if settings.mode == "aws" else DefaultScheduleStatus.STOPPED,
    )
    def _daily(context: ScheduleEvaluationContext) -> RunRequest:
        month = TMDB_API_MONTHS.get_partition_key_for_timestamp(context.scheduled_execution_time.timestamp())
        return RunRequest(partition_key=month)

    return _daily
