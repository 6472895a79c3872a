from dagster import Definitions

from movie_lake.defs.franchises.assets import franchise_assets
from movie_lake.settings import Settings


def defs(settings: Settings) -> Definitions:
    return Definitions(assets=[franchise_assets(settings)])
