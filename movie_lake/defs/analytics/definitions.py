from dagster import Definitions

from movie_lake.defs.analytics.analyses import ANALYSES
from movie_lake.defs.analytics.assets import analysis_asset
from movie_lake.defs.analytics.cost import lake_cost_asset
from movie_lake.settings import Settings


def defs(settings: Settings) -> Definitions:
    return Definitions(assets=[*(analysis_asset(a) for a in ANALYSES), lake_cost_asset(settings)])
