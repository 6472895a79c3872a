"""Trusted video tables, one partition per region: category lists and trending stats."""

from dagster import AssetExecutionContext, Output, asset

from movie_lake.lib.landing.rules import VIDEO_CATEGORIES, VIDEO_STATS, LandingSource
from movie_lake.defs.lake.lake_resource import LakeResource
from movie_lake.lib.parsers.result import ParseResult
from movie_lake.lib.parsers.video_categories import parse_video_categories
from movie_lake.lib.parsers.video_csv import parse_video_stats
from movie_lake.defs.landing.trusted_steps import quarantine, read_raw, with_landed_at
from movie_lake.defs.landing.raw_assets import RAW_ASSETS
from movie_lake.defs.tmdb_csv.assets import TRUSTED


def _parsed_output(context: AssetExecutionContext, lake: LakeResource, source: LandingSource, parse) -> Output:
    raw = read_raw(lake, source, context.partition_key)
    parsed: ParseResult = parse(raw.data, raw.version.file_name)
    accounting = quarantine(lake, source, context.partition_key, raw, parsed.rejects, parsed.rows_in, parsed.rows_out)
    return Output(with_landed_at(parsed.table, raw.version.landed_at), metadata={**accounting, **parsed.notes})


@asset(key=["trusted", "video_categories"], deps=[RAW_ASSETS["video_categories"]], partitions_def=VIDEO_CATEGORIES.partitions_def, **TRUSTED)
def trusted_video_categories(context: AssetExecutionContext, lake: LakeResource):
    """The region's category list, flattened from items[]."""
    return _parsed_output(context, lake, VIDEO_CATEGORIES, parse_video_categories)


@asset(key=["trusted", "video_stats"], deps=[RAW_ASSETS["video_stats"]], partitions_def=VIDEO_STATS.partitions_def, **TRUSTED)
def trusted_video_stats(context: AssetExecutionContext, lake: LakeResource):
    """Typed daily trending stats; tags as a list, descriptions with real line breaks;
    a repeated (video_id, trending_date) keeps the later line (`duplicates_resolved`)."""
    return _parsed_output(context, lake, VIDEO_STATS, parse_video_stats)
