from dagster import Definitions

from movie_lake.defs.lake.by_mode import resources_for
from movie_lake.defs.lake.reconcile_sensor import build_reconcile_sensor
from movie_lake.settings import Settings


def defs(settings: Settings) -> Definitions:
    """What the lake as a whole brings: the resources of the mode and the reconcile sensor.
    (The checks and the catalog metadata are applied over every concept's assets in
    `movie_lake/definitions.py`, since they read all of them.)"""
    return Definitions(sensors=[build_reconcile_sensor(settings)], resources=resources_for(settings))
