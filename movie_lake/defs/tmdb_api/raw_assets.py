"""Raw TMDB API responses, one partition per month: movies by primary release date, TV
series by first air date.

For a month: discover every title of it (windows over TMDB's result cap are split by the
client), fetch details with what is appended (movies: credits, keywords; series: aggregate
credits, external ids, keywords) for each id, and keep the answers unchanged as gzip JSON
Lines, replacing any earlier fetch of that month.
"""

from datetime import datetime, timedelta, timezone

from dagster import AssetExecutionContext, AssetsDefinition, BackfillPolicy, MaterializeResult, MetadataValue, MonthlyPartitionsDefinition, asset

from movie_lake.defs.lake.lake_resource import LakeResource
from movie_lake.defs.tmdb_api.resource import TMDBResource
from movie_lake.lib.landing.rules import TMDB_API_MOVIES, TMDB_API_TV, RawSource
from movie_lake.lib.storage.fetched import FetchedZone, response_line
from movie_lake.lib.tmdb.client import MOVIE, TV, Media

TMDB_API_POOL = "tmdb_api"
"""Runs fetching from TMDB share this concurrency pool; cap it in dagster.yaml to keep
concurrent months under TMDB's rate limit (each run has its own client-side cap)."""


API_SOURCES: dict[str, tuple[RawSource, Media]] = {"movie": (TMDB_API_MOVIES, MOVIE), "tv": (TMDB_API_TV, TV)}
"""What `--media movie,tv` names: the raw source each media's months land in, and its endpoints."""


def raw_tmdb_api_asset(media_name: str, months: MonthlyPartitionsDefinition) -> AssetsDefinition:
    """A run may cover a range of months (`BackfillPolicy.single_run`: a backfill, or
    `movie-lake tmdb fetch --from --to`, is one run): each month is fetched and replaced in
    turn, and its materialization carries that month's own metadata."""
    source, media = API_SOURCES[media_name]

    @asset(key=source.raw_key_path, partitions_def=months, group_name="raw", pool=TMDB_API_POOL,
           backfill_policy=BackfillPolicy.single_run(),
           description=f"{source.description}, unchanged, as gzip JSON Lines.")
    def _raw(context: AssetExecutionContext, lake: LakeResource, tmdb: TMDBResource) -> MaterializeResult:
        fetched = {month: fetch_month(context, lake, tmdb, source, media, month, months) for month in context.partition_keys}
        if len(fetched) == 1:
            return MaterializeResult(metadata=next(iter(fetched.values())))
        for month, metadata in fetched.items():
            context.add_asset_metadata(metadata, partition_key=month)
        return MaterializeResult(metadata={"months": len(fetched)})

    return _raw


def fetch_month(context: AssetExecutionContext, lake: LakeResource, tmdb: TMDBResource, source: RawSource,
                media: Media, month: str, months: MonthlyPartitionsDefinition) -> dict:
    """Fetch one month and replace its stored answers; returns the month's metadata."""
    window = months.time_window_for_partition_key(month)
    first_day, last_day = window.start.date(), (window.end - timedelta(days=1)).date()
    fetched_at = datetime.now(timezone.utc)
    with tmdb.get_client() as client:
        discovered = client.discover(media, first_day, last_day)
        batch = client.fetch_details(media, (title["id"] for title in discovered))
        stats = client.stats()
    if batch.missing_ids:
        context.log.warning(f"{month}: TMDB listed but has no details for {len(batch.missing_ids)} id(s): {sorted(batch.missing_ids)}")
    version = FetchedZone(lake.storage).replace(source, month, [response_line(m) for m in batch.movies], fetched_at)
    return {
        "window": f"{first_day}..{last_day}",
        "titles_discovered": len(discovered),
        "titles_fetched": len(batch.movies),
        "raw_path": MetadataValue.path(lake.storage.uri_of(version.key)),
        "size_bytes": version.size,
        "sha256": version.sha256,
        "fetched_at": fetched_at.isoformat(),
        **stats.as_metadata(),
    }
