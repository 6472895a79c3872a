from dagster import Definitions

from movie_lake.defs.series.series_model import bridge_series_genre, dim_series, series_credit_facts
from movie_lake.settings import Settings


def defs(settings: Settings) -> Definitions:
    return Definitions(assets=[dim_series, bridge_series_genre, series_credit_facts])
