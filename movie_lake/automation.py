"""How the lake keeps itself current: automation conditions and backfill policies, applied
centrally to every asset so new asset modules get them without saying so.

- Raw assets are started by the landing sensor, never by automation.
- Partitioned assets downstream of raw (trusted): `eager()`: a partition runs when its raw
  partition updates, never while that parent partition is missing or running.
- Unpartitioned assets (refined, analytics, dashboard): `eager()` with one change. Out of
  the box, eager waits while *any* partition of a partitioned parent is missing, so one bad
  landed file (its trusted partition failed, so it stays missing) would freeze every table
  downstream. Here they wait only until each parent has *some* data; the IO manager reads
  the partitions that exist and logs the ones that don't.
- Root assets outside raw (no upstream in the lake) are left alone: they are fetched on
  purpose, not derived.

Backfill policies: partitioned assets do one landed file per run (`multi_run(1)`): their
code, metadata, quarantine and checks are per file, and one broken file fails its own run
only. Unpartitioned assets rebuild the whole table in one run (`single_run()`).
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

PER_PARTITION = AutomationCondition.eager()
WHOLE_TABLE = AutomationCondition.eager().replace(
    "any_deps_missing",
    (~AutomationCondition.all_deps_match(~AutomationCondition.missing())).with_label("some_dep_has_no_data"),
).with_label("eager_once_every_dep_has_data")


def automated(asset_def: AssetsDefinition) -> AssetsDefinition:
    """The asset with its automation condition(s) and backfill policy set."""
    if not asset_def.is_executable:
        return asset_def
    condition = WHOLE_TABLE if asset_def.partitions_def is None else PER_PARTITION
    conditions = {
        key: condition
        for key in asset_def.keys
        if asset_def.specs_by_key[key].group_name != SENSOR_GROUP and asset_def.asset_deps.get(key)
    }
    policy = BackfillPolicy.single_run() if asset_def.partitions_def is None else BackfillPolicy.multi_run(1)
    return asset_def.with_attributes(automation_condition=conditions or None, backfill_policy=policy)


def automation_sensor(interval_seconds: int) -> AutomationConditionSensorDefinition:
    return AutomationConditionSensorDefinition(
        AUTOMATION_SENSOR_NAME,
        target=AssetSelection.all(),
        default_status=DefaultSensorStatus.RUNNING,
        minimum_interval_seconds=interval_seconds,
        description="Evaluates every asset's automation condition (see movie_lake/automation.py).",
    )
