"""Raw assets: each landed file copied byte-for-byte into the raw zone, one partition per file.

A run copies exactly the landed version it was planned for (the `movie_lake/landed_file`
tag, see `defs/lake/reconcile.py`); without the tag (a materialization or backfill started
by hand) it takes the file now landed for the partition and always materializes. A planned
landing whose bytes equal the partition's last materialization is recorded as an
observation instead, so a touch or a re-upload rebuilds nothing downstream.
"""

from dagster import (
    AssetExecutionContext,
    AssetKey,
    AssetObservation,
    AssetRecordsFilter,
    AssetsDefinition,
    DataVersion,
    MaterializeResult,
    MetadataValue,
    asset,
)

from movie_lake.defs.lake.lake_resource import LakeResource
from movie_lake.defs.lake.reconcile import LANDED_FILE_TAG, LANDED_VERSION, landed_file_from_tag
from movie_lake.defs.landing.partitions import landing_partitions
from movie_lake.lib.landing.discovery import LandedFile, classify, scan_landing
from movie_lake.lib.landing.rules import LandingSource
from movie_lake.lib.storage.raw import RawZone


def raw_asset(source: LandingSource) -> AssetsDefinition:
    key = AssetKey(source.raw_key_path)

    @asset(
        key=key,
        partitions_def=landing_partitions(source),
        group_name="raw",
        output_required=False,
        description=f"{source.description}, copied byte-for-byte from {source.folder}/ and verified (size, sha256).",
    )
    def _raw(context: AssetExecutionContext, lake: LakeResource):
        landed = _landed_for_run(context, lake, source)
        kept = RawZone(lake.storage).keep(source, context.partition_key, landed.file)
        metadata = {
            "landed_file": landed.file.key,
            LANDED_VERSION: landed.file.version,
            "raw_path": MetadataValue.path(lake.storage.uri_of(kept.version.key)),
            "size_bytes": kept.version.size,
            "sha256": kept.sha256,
            "landed_at": kept.version.landed_at.isoformat(),
        }
        planned = LANDED_FILE_TAG + source.name in context.run.tags
        if planned and kept.sha256 == _last_materialized_sha(context, key):
            context.log.info(f"{landed.file.key}: the same bytes as the last copy; nothing downstream to redo")
            context.log_event(AssetObservation(asset_key=key, partition=context.partition_key,
                                               metadata={**metadata, "same_bytes": True}))
            return
        yield MaterializeResult(metadata=metadata, data_version=DataVersion(kept.sha256))

    return _raw


def _landed_for_run(context: AssetExecutionContext, lake: LakeResource, source: LandingSource) -> LandedFile:
    tag = context.run.tags.get(LANDED_FILE_TAG + source.name)
    if tag:
        landed = classify(landed_file_from_tag(tag))
        if not isinstance(landed, LandedFile) or landed.source != source or landed.partition_key != context.partition_key:
            raise ValueError(f"run tag {LANDED_FILE_TAG}{source.name} does not name a {source.name} file of partition {context.partition_key!r}")
        return landed
    matches = [f for f in scan_landing(lake.storage).landed if f.source == source and f.partition_key == context.partition_key]
    if not matches:
        raise FileNotFoundError(f"no landed file for partition {context.partition_key!r} in {lake.storage.uri_of(source.folder)}")
    return matches[0]


def _last_materialized_sha(context: AssetExecutionContext, key: AssetKey) -> str | None:
    records = context.instance.fetch_materializations(
        AssetRecordsFilter(asset_key=key, asset_partitions=[context.partition_key]), limit=1
    ).records
    value = records[0].asset_materialization.metadata.get("sha256") if records else None
    return value.value if value is not None else None
