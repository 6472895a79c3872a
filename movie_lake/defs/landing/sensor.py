"""The landing sensor: each new landed object version becomes a partition of its source and
one run of that source's raw asset; declarative automation carries the change downstream."""
from __future__ import annotations

from collections import defaultdict

from dagster import (
    AssetKey,
    AssetSelection,
    DefaultSensorStatus,
    RunRequest,
    SensorDefinition,
    SensorEvaluationContext,
    SensorResult,
    sensor,
)

from movie_lake.lib.landing.discovery import is_ingested
from movie_lake.lib.landing.rules import LANDING_SOURCES, match_landing_key
from movie_lake.defs.lake.lake_resource import LakeResource
from movie_lake.settings import Settings
from movie_lake.lib.storage.raw import RawZone
from movie_lake.lib.landing.cursor import LandingCursor
from movie_lake.lib.landing.listing import LandingObject, list_landing

SENSOR_NAME = "landing_sensor"


def raw_key(source_name: str) -> AssetKey:
    return AssetKey(["raw", source_name])


def evaluate_landing(context: SensorEvaluationContext, lake: LakeResource, max_objects: int) -> SensorResult:
    cursor = LandingCursor.decode(context.cursor)
    listed = list_landing(lake)
    batch = cursor.pending(listed, max_objects)
    runs: list[RunRequest] = []
    new_partitions: dict[str, tuple] = {}
    ignored: dict[str, list[str]] = defaultdict(list)
    raw = RawZone(lake.storage)
    for obj in batch:
        match = match_landing_key(obj.key, obj.size)
        if match.unsafe:
            context.log.error(f"rejected landing key {obj.lake_key!r}: {match.unsafe} would escape the landing zone")
        elif match.ignored:
            ignored[match.ignored].append(obj.lake_key)
        elif is_ingested(raw, match.source, match.partition_key, obj.modified, obj.size):
            ignored["already copied to raw (e.g. by movie-lake ingest)"].append(obj.lake_key)
        else:
            runs.append(_run_request(obj, match.source.name, match.partition_key))
            keys = new_partitions.setdefault(match.source.partitions_def.name, (match.source.partitions_def, set()))[1]
            keys.add(match.partition_key)
    for reason, keys in ignored.items():
        context.log.info(f"ignored {len(keys)} landing object(s), {reason}: {', '.join(keys[:10])}{' …' if len(keys) > 10 else ''}")
    if batch:
        left = len([o for o in listed if cursor.is_pending(o)]) - len(batch)
        context.log.info(f"{len(batch)} new landing object(s): {len(runs)} run(s) requested" + (f"; {left} left for later ticks" if left else ""))
    return SensorResult(
        run_requests=runs,
        dynamic_partitions_requests=[d.build_add_request(sorted(keys)) for d, keys in new_partitions.values()],
        cursor=cursor.advanced(batch, listed).encode(),
    )


def _run_request(obj: LandingObject, source_name: str, partition_key: str) -> RunRequest:
    """The run key names the object version, so a replaced file is a new run and a repeated
    evaluation of the same version is not."""
    return RunRequest(
        run_key=f"{obj.lake_key}@{obj.version}",
        partition_key=partition_key,
        asset_selection=[raw_key(source_name)],
        tags={"movie_lake/landed_key": obj.lake_key, "movie_lake/landed_version": obj.version},
    )


def build_landing_sensor(settings: Settings) -> SensorDefinition:
    @sensor(
        name=SENSOR_NAME,
        asset_selection=AssetSelection.assets(*(raw_key(name) for name in LANDING_SOURCES)),
        minimum_interval_seconds=settings.sensor_interval_seconds,
        default_status=DefaultSensorStatus.RUNNING,
        description="Watches landing/ and requests one raw run per new landed object version "
        f"(at most {settings.sensor_max_objects_per_tick} objects per tick).",
    )
    def landing_sensor(context: SensorEvaluationContext, lake: LakeResource) -> SensorResult:
        return evaluate_landing(context, lake, settings.sensor_max_objects_per_tick)

    return landing_sensor
