"""One evaluation of the lake_reconcile sensor in its queue form, as the daemon would run it."""
from __future__ import annotations

from dagster import build_sensor_context

from movie_lake.defs.lake.lake_resource import LakeResource
from movie_lake.defs.lake.landing_queue_resource import LandingQueueResource

from movie_lake_tests.defs.lake.test_reconcile import requested


def queue_sensor_tick(defs, settings, instance, cursor: str | None):
    repository = defs.get_repository_def()
    resources = {"lake": LakeResource.from_settings(settings),
                 "landing_queue": LandingQueueResource.from_settings(settings).model_copy(update={"wait_seconds": 0})}
    context = build_sensor_context(instance=instance, cursor=cursor, resources=resources, repository_def=repository)
    return repository.get_sensor_def("lake_reconcile")(context)


def raw_runs(result) -> list[tuple[str, str | None]]:
    """The requested runs that copy landed files (an empty lake's first ticks also build its whole tables)."""
    return [r for r in requested(result) if r[0].startswith("raw/")]
