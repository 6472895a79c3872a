"""Table maintenance as a Dagster job on a daily schedule: expire the Iceberg tables' old snapshots
and delete the files only they named (`TableStore.expire`). `movie-lake expire-snapshots` is the
same by hand. Running by default in aws mode; locally, switch it on in the UI."""

from datetime import datetime, timedelta, timezone

from dagster import Config, DefaultScheduleStatus, MetadataValue, OpExecutionContext, Output, ScheduleDefinition, job, op

from movie_lake.defs.lake.lake_resource import LakeResource
from movie_lake.settings import Settings

EXPIRE_CRON = "30 3 * * *"


class ExpireSnapshotsConfig(Config):
    older_than_days: float = 7.0
    keep: int = 5
    """Snapshots each table keeps whatever their age (what `movie-lake rollback` can go back to)."""
    grace_minutes: float = 60.0
    """Files no snapshot names are kept this long: a write may be about to commit them."""


@op(description="Expire old snapshots of every Iceberg table and delete the files nothing kept names.")
def expire_table_snapshots(context: OpExecutionContext, config: ExpireSnapshotsConfig, lake: LakeResource) -> Output[None]:
    older_than = datetime.now(timezone.utc) - timedelta(days=config.older_than_days)
    def each(schema, done: dict) -> None:
        if done["files_deleted"] or done["snapshots_expired"]:
            context.log.info(f"{schema.name}: {lake.tables.expired_text(done)}")

    totals = lake.tables.expire_all(older_than, config.keep, timedelta(minutes=config.grace_minutes), each=each)
    return Output(None, metadata={**totals, "mb_freed": MetadataValue.float(round(totals["bytes_freed"] / 1e6, 3))})


@job(description="Daily table maintenance: expire snapshots older than a week (each table keeps 5) and delete unreferenced files.")
def expire_snapshots():
    expire_table_snapshots()


def expire_snapshots_schedule(settings: Settings) -> ScheduleDefinition:
    return ScheduleDefinition(job=expire_snapshots, cron_schedule=EXPIRE_CRON, execution_timezone="UTC",
                              default_status=DefaultScheduleStatus.RUNNING if settings.mode == "aws" else DefaultScheduleStatus.STOPPED)
