"""Trusted tables from the TMDB API, one partition per month: movies (and series: see
`tmdb_tv`), and cast/crew
flattened from the credits appended to each details response. Typed like the CSV tables
plus imdb_id, collection and origin countries; `landed_at` is when the month was fetched,
so the conform step can tell which source is newer."""
from dagster import AssetsDefinition, BackfillPolicy, MonthlyPartitionsDefinition

from movie_lake.defs.landing.trusted import trusted_asset
from movie_lake.lib.landing.rules import TMDB_API_MOVIES, TMDB_API_TV
from movie_lake.lib.parsers.tmdb_api import parse_details
from movie_lake.lib.parsers.tmdb_tv import parse_tv_details
from movie_lake.lib.storage.fetched import FetchedZone


def _newest_fetch(storage, source, partition):
    return FetchedZone(storage).latest(source, partition)


def trusted_tmdb_api_asset(months: MonthlyPartitionsDefinition) -> AssetsDefinition:
    return trusted_asset(TMDB_API_MOVIES, parse_details, months, _newest_fetch, backfill_policy=BackfillPolicy.single_run())


def trusted_tmdb_api_tv_asset(months: MonthlyPartitionsDefinition) -> AssetsDefinition:
    return trusted_asset(TMDB_API_TV, parse_tv_details, months, _newest_fetch, backfill_policy=BackfillPolicy.single_run())
