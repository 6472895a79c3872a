from dagster import Definitions, in_process_executor

from movie_lake.defs.lake.by_mode import resources_for
from movie_lake.defs.lake.maintenance import expire_snapshots, expire_snapshots_schedule
from movie_lake.defs.lake.reconcile_sensor import build_reconcile_sensor
from movie_lake.settings import Settings


def defs(settings: Settings) -> Definitions:
    """What the lake as a whole brings: the resources of the mode, the reconcile sensor, the table
    maintenance job and its schedule, and the executor. (The checks and the catalog metadata are applied over every concept's assets
    in `movie_lake/definitions.py`, since they read all of them.)

    Runs execute their steps in one process: a step is small next to the ~1.5 s it takes a
    fresh process to load the definitions, and separate runs (one per landed file) already
    run side by side under the daemon."""
    return Definitions(sensors=[build_reconcile_sensor(settings)], resources=resources_for(settings),
                       jobs=[expire_snapshots], schedules=[expire_snapshots_schedule(settings)], executor=in_process_executor)
