from dagster import Definitions

from movie_lake.defs.landing.backfill_jobs import backfill_jobs
from movie_lake.defs.landing.raw_assets import raw_asset
from movie_lake.lib.landing.rules import LANDING_SOURCES
from movie_lake.settings import Settings


def defs(settings: Settings) -> Definitions:
    return Definitions(assets=[raw_asset(source) for source in LANDING_SOURCES.values()], jobs=backfill_jobs())
