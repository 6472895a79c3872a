"""Raw assets: each landed file copied byte-for-byte into the raw zone, one partition per file."""

from dagster import AssetExecutionContext, AssetsDefinition, MaterializeResult, MetadataValue, asset

from movie_lake.lib.landing.rules import LANDING_SOURCES, LandingSource, newest_landed
from movie_lake.defs.lake.lake_resource import LakeResource
from movie_lake.lib.storage.raw import RawZone


def raw_asset(source: LandingSource) -> AssetsDefinition:
    @asset(
        key=["raw", source.name],
        partitions_def=source.partitions_def,
        group_name="raw",
        description=f"{source.description}, copied byte-for-byte from {source.folder}/.",
    )
    def _raw(context: AssetExecutionContext, lake: LakeResource) -> MaterializeResult:
        landed = newest_landed(lake.storage, source, context.partition_key)
        version, sha256, copied = RawZone(lake.storage).keep(source.name, source.partition_column, context.partition_key, landed.file)
        if not copied:
            context.log.info(f"{landed.file.key}: same bytes as {version.key}; kept the existing copy")
        return MaterializeResult(
            metadata={
                "landed_file": landed.file.key,
                "raw_path": MetadataValue.path(lake.storage.uri_of(version.key)),
                "size_bytes": version.size,
                "sha256": sha256,
                "landed_at": version.landed_at.isoformat(),
                "new_copy": copied,
            }
        )

    return _raw


RAW_ASSETS = {name: raw_asset(source) for name, source in LANDING_SOURCES.items()}
raw_assets = list(RAW_ASSETS.values())  # module-level list: what load_assets_from_package_module picks up
