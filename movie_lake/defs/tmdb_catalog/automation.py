"""Keeping the catalog current: a daily schedule reads yesterday's changes, and a catch-up
sensor requests whatever is owed after downtime: changes windows of up to 14 days for the days
not read, then a refresh of every id range holding changed titles. The trusted tables and all
below follow through the lake_reconcile sensor."""
from datetime import date, datetime, timedelta, timezone

from dagster import (
    AssetKey,
    DailyPartitionsDefinition,
    DefaultScheduleStatus,
    DefaultSensorStatus,
    JobDefinition,
    RunRequest,
    RunsFilter,
    ScheduleDefinition,
    SensorDefinition,
    SensorEvaluationContext,
    SkipReason,
    define_asset_job,
    schedule,
    sensor,
)
from dagster._core.storage.tags import ASSET_PARTITION_RANGE_END_TAG, ASSET_PARTITION_RANGE_START_TAG

from movie_lake.defs.lake.lake_resource import LakeResource
from movie_lake.defs.lake.reconcile import IN_PROGRESS
from movie_lake.defs.tmdb_api.schedules import SOURCE_TAG
from movie_lake.defs.tmdb_catalog.partitions import CATALOG_MEDIA
from movie_lake.lib.landing.rules import TMDB_CATALOG_MOVIES, TMDB_CATALOG_TV
from movie_lake.lib.tmdb_catalog.sync import days_owed, stale_ranges, windows
from movie_lake.lib.tmdb_catalog.zone import CHANGES, CatalogZone
from movie_lake.settings import Settings

SYNC_JOB = "tmdb_changes"
SYNC_CRON = "0 9 * * *"
"""After TMDB's day is over and its export is out (about 08:00 UTC)."""
CATCH_UP_SECONDS = 3600
CATALOG_SOURCES = {"movie": TMDB_CATALOG_MOVIES, "tv": TMDB_CATALOG_TV}
SYNC_TAG = "movie_lake/tmdb_sync"


def refresh_keys(media: str) -> list[AssetKey]:
    """A range refresh: its raw batch and its trusted tables together."""
    source = CATALOG_SOURCES[media]
    return [AssetKey(source.raw_key_path), *(AssetKey(t.key_path) for t in source.tables)]


def refresh_config(media: str) -> dict:
    op = "__".join(CATALOG_SOURCES[media].raw_key_path)
    return {"ops": {op: {"config": {"fetch_new": False, "max_id": 0}}}}


def window_tags(first, last) -> dict[str, str]:
    return {ASSET_PARTITION_RANGE_START_TAG: first.isoformat(), ASSET_PARTITION_RANGE_END_TAG: last.isoformat(),
            SYNC_TAG: f"changes {first}..{last}"}


def tmdb_changes_job() -> JobDefinition:
    return define_asset_job(SYNC_JOB, selection=[AssetKey(CHANGES.split("/"))], tags={SOURCE_TAG: "tmdb_api"},
                            description="Read TMDB's changes feed for days (windows of up to 14 days per run).")


def tmdb_sync_daily_schedule(settings: Settings, days: DailyPartitionsDefinition) -> ScheduleDefinition:
    @schedule(name="tmdb_sync_daily", job_name=SYNC_JOB, cron_schedule=SYNC_CRON, execution_timezone="UTC",
              default_status=DefaultScheduleStatus.RUNNING if settings.tmdb_schedule_running else DefaultScheduleStatus.STOPPED)
    def _daily(context) -> RunRequest:
        yesterday = (context.scheduled_execution_time - timedelta(days=1)).date()
        return RunRequest(partition_key=yesterday.isoformat())

    return _daily


def tmdb_sync_catch_up_sensor(settings: Settings) -> SensorDefinition:
    @sensor(name="tmdb_sync_catch_up", minimum_interval_seconds=CATCH_UP_SECONDS,
            default_status=DefaultSensorStatus.RUNNING if settings.tmdb_schedule_running else DefaultSensorStatus.STOPPED,
            description="After downtime: changes windows (≤ 14 days) for the days not read, then a refresh of the "
                        "id ranges whose titles changed since they were fetched.")
    def _catch_up(context: SensorEvaluationContext, lake: LakeResource):
        if context.instance.get_runs(RunsFilter(statuses=IN_PROGRESS, tags={SOURCE_TAG: "tmdb_api"}), limit=1):
            return SkipReason("a TMDB run is in progress; what it leaves owed is seen on the next tick")
        requests = sync_requests(CatalogZone(lake.storage), settings, datetime.now(timezone.utc))
        return requests or SkipReason("nothing owed: every day through yesterday is read and no fetched title is stale")

    return _catch_up


def sync_requests(zone: CatalogZone, settings: Settings, now: datetime) -> list[RunRequest]:
    """The changes windows owed, or, once none is, the range refreshes owed."""
    yesterday = (now - timedelta(days=1)).date()
    owed = days_owed(zone, CATALOG_MEDIA, date.fromisoformat(settings.tmdb_sync_start), yesterday)
    if owed:
        return [RunRequest(job_name=SYNC_JOB, tags={**window_tags(first, last), SOURCE_TAG: "tmdb_api"})
                for first, last in windows(owed)]
    return [RunRequest(asset_selection=refresh_keys(media), partition_key=key, run_config=refresh_config(media),
                       tags={SYNC_TAG: f"refresh {media} {key}", SOURCE_TAG: "tmdb_api"})
            for media in CATALOG_MEDIA for key in stale_ranges(zone, media, CATALOG_SOURCES[media].name)]
