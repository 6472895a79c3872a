"""Schedules: the TMDB API's current month (movies and series), refreshed every day.

Other months are fetched on purpose: `movie-lake tmdb fetch`, one at a time in the UI or
`dagster asset materialize --partition 2009-03`, or a range as a backfill of the
`tmdb_api_months` job (`dagster job backfill -j tmdb_api_months --from 2009-01 --to 2009-06`).
The trusted tables and everything below follow through the lake_reconcile sensor.
"""
from dagster import (
    AssetKey,
    DefaultScheduleStatus,
    JobDefinition,
    MonthlyPartitionsDefinition,
    RunRequest,
    ScheduleDefinition,
    ScheduleEvaluationContext,
    define_asset_job,
    schedule,
)

from movie_lake.lib.landing.rules import TMDB_API_MOVIES, TMDB_API_TV
from movie_lake.settings import Settings

TMDB_API_REFRESH_CRON = "0 4 * * *"
TMDB_API_JOB = "tmdb_api_months"
SOURCE_TAG = "movie_lake/source"
"""deploy/dagster.yaml caps concurrent runs with this tag's value `tmdb_api` (one shared rate budget)."""


def tmdb_api_months_job() -> JobDefinition:
    keys = [AssetKey(s.raw_key_path) for s in (TMDB_API_MOVIES, TMDB_API_TV)]
    keys += [AssetKey(t.key_path) for s in (TMDB_API_MOVIES, TMDB_API_TV) for t in s.tables]
    return define_asset_job(
        TMDB_API_JOB, selection=keys, tags={SOURCE_TAG: "tmdb_api"},
        description="Fetch TMDB API months (movies and series: discover + details) into raw and trusted; the assets' "
                    "BackfillPolicy.single_run makes an asset backfill of several months one run.",
    )


def tmdb_api_daily_schedule(settings: Settings, months: MonthlyPartitionsDefinition) -> ScheduleDefinition:
    """Daily at 04:00 UTC, the month that day falls in; running by default where
    `settings.tmdb_schedule_running` says so (aws mode, which reads the real API)."""

    @schedule(
        name="tmdb_api_current_month_daily",
        job_name=TMDB_API_JOB,
        cron_schedule=TMDB_API_REFRESH_CRON,
        execution_timezone="UTC",
        default_status=DefaultScheduleStatus.RUNNING if settings.tmdb_schedule_running else DefaultScheduleStatus.STOPPED,
    )
    def _daily(context: ScheduleEvaluationContext) -> RunRequest:
        return RunRequest(partition_key=months.get_partition_key_for_timestamp(context.scheduled_execution_time.timestamp()))

    return _daily
