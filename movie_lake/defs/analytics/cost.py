"""`analytics/lake_cost`: the cost estimate from a listing of the lake and the instance's
materializations (Athena bytes scanned, objects written, TMDB requests). It reads every
analysis, so each ingest that changes one refreshes the estimate."""
from datetime import datetime, timezone

from dagster import AssetExecutionContext, AssetKey, AssetsDefinition, DagsterInstance, MetadataValue, Output, asset

from movie_lake.defs.analytics.analyses import ANALYSES
from movie_lake.defs.lake.lake_resource import LakeResource
from movie_lake.lib.cost import Materialized, cost_rows
from movie_lake.lib.schemas.cost import LAKE_COST
from movie_lake.settings import Settings

COST_LAYERS = ("raw", "trusted", "refined", "analytics")
RECENT_MATERIALIZATIONS = 1000
"""Per asset: enough for a month of daily partitions of the busiest table."""


def lake_cost_asset(settings: Settings) -> AssetsDefinition:
    @asset(key=LAKE_COST.key_path, group_name="analytics", io_manager_key="lake_io_manager", description=LAKE_COST.description,
           deps=[AssetKey(a.schema.key_path) for a in ANALYSES])
    def _lake_cost(context: AssetExecutionContext, lake: LakeResource) -> Output:
        objects = [(f.key, f.size) for f in lake.storage.list_files("")]
        table = cost_rows(objects, _materialized(context.instance), settings.prices)
        usd = {}
        for category, cost in zip(table.column("category").to_pylist(), table.column("usd").to_pylist()):
            usd[category] = usd.get(category, 0.0) + cost
        return Output(table, metadata={
            "objects": len(objects), "bytes": sum(size for _, size in objects),
            "storage_usd_per_month": MetadataValue.float(round(usd.get("storage", 0.0), 6)),
            "athena_usd": MetadataValue.float(round(usd.get("athena", 0.0), 6)),
            "prices": MetadataValue.json(vars(settings.prices)),
        })

    return _lake_cost


def _materialized(instance: DagsterInstance) -> list[Materialized]:
    facts = []
    for key in instance.get_asset_keys():
        if key.path[0] not in COST_LAYERS:
            continue
        for record in instance.fetch_materializations(key, limit=RECENT_MATERIALIZATIONS).records:
            metadata = record.asset_materialization.metadata
            scanned, requests = metadata.get("bytes_scanned"), metadata.get("tmdb_requests")
            facts.append(Materialized(key.to_user_string(), datetime.fromtimestamp(record.timestamp, timezone.utc).date(),
                                      scanned.value if scanned else None, requests.value if requests else None))
    return facts
