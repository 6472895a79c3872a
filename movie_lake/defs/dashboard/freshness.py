"""Read from the instance: when each lake table feeding the dashboard was last materialized."""
from __future__ import annotations

from datetime import datetime, timezone

from dagster import AssetKey, DagsterInstance

from movie_lake.lib.dashboard.freshness import Freshness

SOURCE_LAYERS = ("trusted", "refined", "analytics")
LISTED_PARTITIONS = 4


def lake_freshness(instance: DagsterInstance, skip: AssetKey | None = None) -> list[Freshness]:
    keys = [k for k in instance.get_asset_keys() if k.path[0] in SOURCE_LAYERS and k != skip]
    events = instance.get_latest_materialization_events(keys)
    rows = []
    for key, entry in sorted(events.items(), key=lambda item: item[0].to_user_string()):
        if entry is None:
            continue
        materialization = entry.asset_materialization
        count = materialization.metadata.get("dagster/row_count")
        rows.append(Freshness(
            table=key.to_user_string(),
            materialized_at=datetime.fromtimestamp(entry.timestamp, timezone.utc),
            latest_partition=materialization.partition,
            partitions=_partitions(instance, key) if materialization.partition else "unpartitioned",
            rows=int(count.value) if count is not None else None,
        ))
    return rows


def _partitions(instance: DagsterInstance, key: AssetKey) -> str:
    keys = sorted(instance.get_materialized_partitions(key))
    if len(keys) <= LISTED_PARTITIONS:
        return ", ".join(keys)
    return f"{len(keys)} partitions: {', '.join(keys[:LISTED_PARTITIONS - 1])}, …, {keys[-1]}"
