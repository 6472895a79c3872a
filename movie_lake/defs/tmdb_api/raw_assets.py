"""Raw TMDB API responses, one partition per primary release month.

For a month: discover every movie released in it (windows over TMDB's result cap are
split by the client), fetch details + credits + keywords for each id, and keep the
answers unchanged as gzip JSON Lines, replacing any earlier fetch of that month.
"""

import json
from datetime import datetime, timedelta, timezone

from dagster import AssetExecutionContext, AssetsDefinition, MaterializeResult, MetadataValue, MonthlyPartitionsDefinition, asset

from movie_lake.defs.lake.lake_resource import LakeResource
from movie_lake.defs.tmdb_api.resource import TMDBResource
from movie_lake.lib.landing.rules import TMDB_API_MOVIES
from movie_lake.lib.storage.fetched import FetchedZone

TMDB_API_POOL = "tmdb_api"
"""Runs fetching from TMDB share this concurrency pool; cap it in dagster.yaml to keep
concurrent months under TMDB's rate limit (each run has its own client-side cap)."""


def _response_line(details: dict) -> bytes:
    return json.dumps(details, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def raw_tmdb_api_movies_asset(months: MonthlyPartitionsDefinition) -> AssetsDefinition:
    return asset(
        fetch_month,
        key=TMDB_API_MOVIES.raw_key_path,
        partitions_def=months,
        group_name="raw",
        pool=TMDB_API_POOL,
        description="TMDB API details (+credits, keywords) of every movie released in the month, unchanged, as gzip JSON Lines.",
    )


def fetch_month(context: AssetExecutionContext, lake: LakeResource, tmdb: TMDBResource) -> MaterializeResult:
    window = context.partition_time_window
    first_day, last_day = window.start.date(), (window.end - timedelta(days=1)).date()
    fetched_at = datetime.now(timezone.utc)
    with tmdb.get_client() as client:
        discovered = client.discover_movies(first_day, last_day)
        batch = client.fetch_movie_details(movie["id"] for movie in discovered)
        stats = client.stats()
    if batch.missing_ids:
        context.log.warning(f"TMDB listed but has no details for {len(batch.missing_ids)} id(s): {sorted(batch.missing_ids)}")
    version = FetchedZone(lake.storage).replace(
        TMDB_API_MOVIES, context.partition_key, [_response_line(m) for m in batch.movies], fetched_at
    )
    return MaterializeResult(
        metadata={
            "window": f"{first_day}..{last_day}",
            "movies_discovered": len(discovered),
            "movies_fetched": len(batch.movies),
            "raw_path": MetadataValue.path(lake.storage.uri_of(version.key)),
            "size_bytes": version.size,
            "sha256": version.sha256,
            "fetched_at": fetched_at.isoformat(),
            **stats.as_metadata(),
        }
    )
