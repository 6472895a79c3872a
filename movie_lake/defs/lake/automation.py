"""How the lake keeps itself current: automation conditions and backfill policies, applied
centrally to every asset so new asset modules get them without saying so.

- Raw assets are started by the landing sensor (or their schedule), never by automation;
  so are root assets outside raw (nothing upstream in the lake to follow).
- Partitioned assets downstream of raw (trusted): `eager()` for every partition, not only
  the latest time window: a partition runs when its parent partition updates, never while
  that parent partition is missing or running.
- Unpartitioned assets (refined, analytics, dashboard): `eager()`, except that a missing
  partition of a *partitioned* parent does not hold them back. Out of the box eager waits
  while any parent partition is missing, so one bad landed file (its trusted partition
  failed, so it stays missing), or a source never landed at all, would freeze every table
  downstream. A partitioned parent is read as the partitions that exist (possibly none,
  an empty table: see the IO manager); an unpartitioned parent must exist.

Backfill policies: partitioned assets keep Dagster's default, one run per partition tagged
with its plain partition key: their code, metadata, quarantine and checks are per landed
file or month, one broken file fails its own run only, and the IO manager writes exactly
one partition per run. (`multi_run(1)` would look the same but tags runs with a partition
*range*, which the IO manager does not take as a partition key; `single_run()` would need
every asset to loop over a range.) Unpartitioned assets rebuild the whole table in one run
(`single_run()`).
"""
from __future__ import annotations

from dagster import (
    AssetSelection,
    AssetsDefinition,
    AutomationCondition,
    AutomationConditionSensorDefinition,
    BackfillPolicy,
    DefaultSensorStatus,
)

SENSOR_GROUP = "raw"
AUTOMATION_SENSOR_NAME = "lake_automation"

PER_PARTITION = AutomationCondition.eager().without(AutomationCondition.in_latest_time_window()).with_label("eager_every_partition")


def whole_table(partitioned: AssetSelection) -> AutomationCondition:
    return AutomationCondition.eager().replace(
        "any_deps_missing", AutomationCondition.any_deps_missing().ignore(partitioned)
    ).with_label("eager_reading_existing_partitions")


def automate(asset_defs: list[AssetsDefinition]) -> list[AssetsDefinition]:
    """Every asset with its automation condition(s) and backfill policy set."""
    partitioned = AssetSelection.assets(*(k for a in asset_defs if a.partitions_def is not None for k in a.keys))
    return [_automated(a, whole_table(partitioned)) for a in asset_defs]


def _automated(asset_def: AssetsDefinition, whole_table_condition: AutomationCondition) -> AssetsDefinition:
    if not asset_def.is_executable:
        return asset_def
    condition = whole_table_condition if asset_def.partitions_def is None else PER_PARTITION
    conditions = {
        key: condition
        for key in asset_def.keys
        if asset_def.specs_by_key[key].group_name != SENSOR_GROUP and asset_def.asset_deps.get(key)
    }
    policy = BackfillPolicy.single_run() if asset_def.partitions_def is None else None
    return asset_def.with_attributes(automation_condition=conditions or None, backfill_policy=policy)


def automation_sensor(interval_seconds: int) -> AutomationConditionSensorDefinition:
    return AutomationConditionSensorDefinition(
        AUTOMATION_SENSOR_NAME,
        target=AssetSelection.all(),
        default_status=DefaultSensorStatus.RUNNING,
        minimum_interval_seconds=interval_seconds,
        description="Evaluates every asset's automation condition (see movie_lake/automation.py).",
    )
