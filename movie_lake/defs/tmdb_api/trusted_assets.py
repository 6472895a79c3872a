"""Trusted tables from the TMDB API, one partition per release month: movies, and cast/crew
flattened from the credits appended to each details response."""

from dagster import AssetExecutionContext, AssetOut, Output, multi_asset

from movie_lake.defs.landing.partitions import TMDB_API_MONTHS
from movie_lake.defs.lake.lake_resource import LakeResource
from movie_lake.lib.parsers.tmdb_api import parse_details
from movie_lake.lib.storage.fetched import FetchedZone
from movie_lake.defs.landing.trusted_steps import RawInput, quarantine, with_landed_at
from movie_lake.defs.tmdb_api.raw_assets import TMDB_API, raw_tmdb_api_movies
from movie_lake.defs.tmdb_csv.assets import TRUSTED


@multi_asset(
    outs={
        "tmdb_movies": AssetOut(key=["trusted", "tmdb_movies"], **TRUSTED),
        "tmdb_cast": AssetOut(key=["trusted", "tmdb_cast"], **TRUSTED),
        "tmdb_crew": AssetOut(key=["trusted", "tmdb_crew"], **TRUSTED),
    },
    deps=[raw_tmdb_api_movies],
    partitions_def=TMDB_API_MONTHS,
)
def trusted_tmdb_api(context: AssetExecutionContext, lake: LakeResource):
    """Typed like the CSV tables plus imdb_id, collection and origin countries; `landed_at`
    is when the month was fetched, so refined can tell which source is newer."""
    version = FetchedZone(lake.storage).latest(TMDB_API.name, TMDB_API.partition_column, context.partition_key)
    raw = RawInput(version, lake.storage.read_bytes(version.key))
    parsed = parse_details(raw.data, version.file_name)
    accounting = quarantine(lake, TMDB_API, context.partition_key, raw, parsed.rejects, parsed.rows_in, parsed.rows_out)
    yield Output(with_landed_at(parsed.movies, version.landed_at), "tmdb_movies", metadata=accounting)
    yield Output(with_landed_at(parsed.cast, version.landed_at), "tmdb_cast", metadata=accounting)
    yield Output(with_landed_at(parsed.crew, version.landed_at), "tmdb_crew", metadata=accounting)
