"""The daemon's side of the lake's one plan (`reconcile.py`): each tick looks at landing/,
reads the instance, and requests the runs the lake still owes; the Lambda-on-upload of the
hand-built lakes, and the reason a crash or failed step never leaves a gap behind.

Looking at landing/ is a full listing per tick, or, in aws mode with a landing queue, the
folders S3's notifications name (`queue_tick.py`)."""
from __future__ import annotations

from dagster import (
    AssetSelection,
    DagsterInstance,
    DefaultSensorStatus,
    RunRequest,
    SensorDefinition,
    SensorEvaluationContext,
    SensorResult,
    DynamicPartitionsDefinition,
    RunsFilter,
    sensor,
)

from movie_lake.defs.lake.lake_resource import LakeResource
from movie_lake.defs.lake.landing_queue_resource import LandingQueueResource
from movie_lake.defs.lake.queue_tick import queue_tick
from movie_lake.defs.lake.reconcile import PLAN_TAG, Plan, plan_lake
from movie_lake.settings import Settings

SENSOR_NAME = "lake_reconcile"


def plan_to_sensor_result(plan: Plan, max_runs: int, instance: DagsterInstance, cursor: str | None = None) -> SensorResult:
    """At most `max_runs` run requests; the rest stay owed and come on the next ticks. The run
    key counts earlier runs of the same plan identity: Dagster never repeats a run key, and a
    run that died answered nothing, so its retry needs a key of its own."""
    return SensorResult(
        run_requests=[
            RunRequest(run_key=f"{run.identity}.{len(instance.get_runs(RunsFilter(tags={PLAN_TAG: run.identity})))}",
                       asset_selection=list(run.asset_keys), partition_key=run.partition, tags=run.tags)
            for run in plan.runs[:max_runs]
        ],
        dynamic_partitions_requests=[
            DynamicPartitionsDefinition(name=name).build_add_request(sorted(keys)) for name, keys in sorted(plan.new_partitions.items())
        ],
        cursor=cursor,
    )


def log_plan(context: SensorEvaluationContext, plan: Plan) -> None:
    for outcome in plan.scan.failed:
        context.log.error(f"not ingested {outcome.key}: {outcome.reason}")
    if plan.scan.skipped:
        shown = "; ".join(f"{s.key} ({s.reason})" for s in plan.scan.skipped[:10])
        context.log.info(f"skipped {len(plan.scan.skipped)} landing object(s): {shown}")
    for run in plan.runs:
        context.log.info(f"requesting {run.label}")
    for label in plan.answered:
        context.log.info(f"already answered by a finished run, waiting for new input or `movie-lake ingest`: {label}")


LISTING = ("Requests what the lake still owes: a raw run per new landed file version, then every trusted partition, "
           "refined and analytics table older than what it reads (see defs/lake/reconcile.py).")
QUEUE = ("Requests what the lake still owes, looking in the landing folders the SQS queue's S3 notifications name "
         "(and at all of landing/ now and then); see defs/lake/queue_tick.py.")


def build_reconcile_sensor(settings: Settings) -> SensorDefinition:
    def lake_reconcile(context: SensorEvaluationContext, lake: LakeResource) -> SensorResult:
        plan = plan_lake(context.repository_def.asset_graph, context.instance, lake.storage, retry_failed=False)
        log_plan(context, plan)
        return plan_to_sensor_result(plan, settings.sensor_max_objects_per_tick, context.instance)

    def lake_reconcile_from_queue(context: SensorEvaluationContext, lake: LakeResource,
                                  landing_queue: LandingQueueResource) -> SensorResult:
        tick = queue_tick(context, settings, lake.storage, landing_queue.queue())
        where = "all of landing/" if tick.full_listing else (", ".join(sorted(tick.folders)) or "no landing folder")
        context.log.info(f"looked at {where}")
        log_plan(context, tick.plan)
        return plan_to_sensor_result(tick.plan, settings.sensor_max_objects_per_tick, context.instance, tick.cursor.dump())

    from_queue = settings.mode == "aws" and bool(settings.landing_queue)
    return sensor(
        name=SENSOR_NAME,
        asset_selection=AssetSelection.all(),
        minimum_interval_seconds=settings.sensor_interval_seconds,
        default_status=DefaultSensorStatus.RUNNING,
        description=QUEUE if from_queue else LISTING,
    )(lake_reconcile_from_queue if from_queue else lake_reconcile)
