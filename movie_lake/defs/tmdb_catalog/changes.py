"""Raw: the ids TMDB's changes feed lists, one partition per day. A run covers a window of at
most 14 days (TMDB's limit for one call), so a backfill of a 20-day gap is two runs, each one
call series per media; every day of the window stores the window's answer."""
from datetime import datetime, timedelta, timezone

from dagster import AssetExecutionContext, AssetsDefinition, BackfillPolicy, DailyPartitionsDefinition, MaterializeResult, asset

from movie_lake.defs.lake.lake_resource import LakeResource
from movie_lake.defs.tmdb_api.raw_assets import TMDB_API_POOL
from movie_lake.defs.tmdb_api.resource import TMDBResource
from movie_lake.defs.tmdb_catalog.partitions import CATALOG_MEDIA
from movie_lake.lib.tmdb.client import CHANGES_MAX_DAYS, MEDIA
from movie_lake.lib.tmdb_catalog.zone import CHANGES, CatalogZone


def changes_asset(days: DailyPartitionsDefinition) -> AssetsDefinition:
    @asset(key=CHANGES.split("/"), partitions_def=days, group_name="raw", pool=TMDB_API_POOL,
           backfill_policy=BackfillPolicy.multi_run(max_partitions_per_run=CHANGES_MAX_DAYS),
           description="The ids TMDB's /movie/changes and /tv/changes list per day (a run reads a window of up to 14 days).")
    def _changes(context: AssetExecutionContext, lake: LakeResource, tmdb: TMDBResource) -> MaterializeResult:
        window = context.partition_time_window
        first, last = window.start.date(), (window.end - timedelta(days=1)).date()
        read_at = datetime.now(timezone.utc)
        with tmdb.get_client() as client:
            ids = {media: client.changes(MEDIA[media], first, last) for media in CATALOG_MEDIA}
        zone = CatalogZone(lake.storage)
        day = first
        while day <= last:
            zone.record_changes(day, (first, last), ids, read_at)
            day += timedelta(days=1)
        return MaterializeResult(metadata={"window": f"{first}..{last}", "days": (last - first).days + 1,
                                           **{f"{media}_ids_changed": len(found) for media, found in ids.items()}})

    return _changes
