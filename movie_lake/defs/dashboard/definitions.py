from dagster import Definitions

from movie_lake.defs.dashboard.assets import dashboard
from movie_lake.settings import Settings


def defs(settings: Settings) -> Definitions:
    return Definitions(assets=[dashboard])
