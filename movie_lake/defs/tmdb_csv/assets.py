"""Trusted tables from the Kaggle TMDB CSVs: movies, and cast/crew flattened from credits."""

from dagster import AssetExecutionContext, AssetOut, Output, asset, multi_asset

from movie_lake.lib.landing.rules import TMDB_CREDITS, TMDB_MOVIES
from movie_lake.defs.lake.lake_resource import LakeResource
from movie_lake.lib.parsers.tmdb_csv import parse_credits, parse_movies
from movie_lake.defs.landing.trusted_steps import open_raw, quarantine, with_landed_at
from movie_lake.defs.landing.raw_assets import RAW_ASSETS

TRUSTED = dict(group_name="trusted", io_manager_key="lake_io_manager")


@asset(key=["trusted", "movies"], deps=[RAW_ASSETS["tmdb_movies"]], partitions_def=TMDB_MOVIES.partitions_def, **TRUSTED)
def trusted_movies(context: AssetExecutionContext, lake: LakeResource):
    """Typed movies; JSON list columns parsed; 0 budget/revenue kept and flagged unknown."""
    with open_raw(lake, TMDB_MOVIES, context.partition_key) as raw:
        parsed = parse_movies(raw.data, raw.version.file_name)
    accounting = quarantine(lake, TMDB_MOVIES, context.partition_key, raw, parsed.rejects, parsed.rows_in, parsed.rows_out)
    return Output(with_landed_at(parsed.table, raw.version.landed_at), metadata=accounting)


@multi_asset(
    outs={
        "movie_cast": AssetOut(key=["trusted", "movie_cast"], **TRUSTED),
        "movie_crew": AssetOut(key=["trusted", "movie_crew"], **TRUSTED),
    },
    deps=[RAW_ASSETS["tmdb_credits"]],
    partitions_def=TMDB_CREDITS.partitions_def,
)
def trusted_credits(context: AssetExecutionContext, lake: LakeResource):
    """One row per credit, flattened from the cast and crew JSON arrays of each credits row."""
    with open_raw(lake, TMDB_CREDITS, context.partition_key) as raw:
        parsed = parse_credits(raw.data, raw.version.file_name)
    accounting = quarantine(lake, TMDB_CREDITS, context.partition_key, raw, parsed.rejects, parsed.rows_in, parsed.rows_out)
    yield Output(with_landed_at(parsed.cast, raw.version.landed_at), "movie_cast", metadata=accounting)
    yield Output(with_landed_at(parsed.crew, raw.version.landed_at), "movie_crew", metadata=accounting)
