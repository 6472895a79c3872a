"""What the Dagster UI shows of every asset, in one place: kinds, owners, layer and concept
tags, the table's catalog name and URI, column lineage, freshness policy, and the declared
schema's description where the asset has none of its own."""
from __future__ import annotations

from datetime import timedelta

from dagster import AssetSpec, FreshnessPolicy

from movie_lake.lib.landing.rules import RAW_SOURCES
from movie_lake.lib.schemas import ALL_SCHEMAS
from movie_lake.settings import Settings

OWNERS = ["team:movie-lake"]
LAYER_KINDS = {
    "raw": ("python",),
    "trusted": ("python", "parquet"),
    "refined": ("duckdb", "parquet"),
    "analytics": ("sql", "parquet"),
}
FRESHNESS_LAYERS = ("refined", "analytics")


def describe(spec: AssetSpec, settings: Settings, concept: str, column_lineage: dict | None = None) -> AssetSpec:
    layer = spec.key.path[0]
    schema = ALL_SCHEMAS.get(spec.key.to_user_string())
    kinds = set(LAYER_KINDS.get(layer, ("python",)))
    if layer == "analytics":
        kinds.add(settings.query_engine_kind)
    elif layer != "raw":
        kinds.add(settings.storage_kind)
    if schema is None and layer == "analytics":
        kinds = {"plotly", "html"}  # the dashboard page
    metadata: dict = {}
    if schema is not None:
        metadata["dagster/table_name"] = settings.catalog_table_name(schema.layer, schema.table_name)
        metadata["dagster/uri"] = settings.zone_uri(schema.name)
    elif layer == "raw" and spec.key.path[-1] in RAW_SOURCES:
        metadata["dagster/uri"] = settings.zone_uri(f"raw/{spec.key.path[-1]}")
    if column_lineage:
        metadata["dagster/column_lineage"] = column_lineage
    freshness = None
    if layer in FRESHNESS_LAYERS:
        freshness = FreshnessPolicy.time_window(
            fail_window=timedelta(hours=settings.freshness_fail_hours), warn_window=timedelta(hours=settings.freshness_warn_hours)
        )
    description = spec.description or (schema.description if schema is not None else None)
    return spec.replace_attributes(
        description=description, kinds=kinds, owners=OWNERS, tags={**spec.tags, "layer": layer, "concept": concept},
        metadata={**spec.metadata, **metadata}, freshness_policy=freshness if freshness else spec.freshness_policy,
    )
