"""Trusted: one id range of the catalog typed with the monthly API parsers, each id's newest
answer kept, 404s listed; rejected answers kept in quarantine/<catalog source>."""
import pyarrow as pa
from dagster import AssetExecutionContext, AssetKey, AssetOut, AssetsDefinition, MetadataValue, Output, multi_asset

from movie_lake.defs.lake.lake_resource import LakeResource
from movie_lake.defs.tmdb_catalog.partitions import id_ranges
from movie_lake.lib.landing.rules import RawSource
from movie_lake.lib.parsers.tmdb_api import parse_details
from movie_lake.lib.parsers.tmdb_catalog import parse_range
from movie_lake.lib.parsers.tmdb_tv import parse_tv_details
from movie_lake.lib.schemas.cast import cast_to_schema
from movie_lake.lib.schemas.quarantine import quarantine_schema
from movie_lake.lib.tmdb_catalog.zone import CatalogZone

PARSERS = {"movie": (parse_details, "id", "movie_id"), "tv": (parse_tv_details, "id", "series_id")}


def trusted_catalog_asset(media_name: str, source: RawSource) -> AssetsDefinition:
    parse, title_key, credit_key = PARSERS[media_name]
    outs = {s.table_name: AssetOut(key=s.key_path, description=s.description, io_manager_key="lake_io_manager")
            for s in source.tables}

    @multi_asset(name=f"trusted_{source.name}", outs=outs, deps=[AssetKey(source.raw_key_path)],
                 partitions_def=id_ranges(media_name), group_name="trusted",
                 description=f"{source.description}: typed, each id's newest answer; rejects in quarantine/{source.name}.")
    def _trusted(context: AssetExecutionContext, lake: LakeResource):
        zone = CatalogZone(lake.storage)
        batches = zone.batches(source.raw_folder(context.partition_key))
        parsed = parse_range(batches, lake.storage.read_bytes, parse, source.tables, title_key, credit_key)
        quarantine = quarantine_schema(source.name, source.partition_column)
        written = lake.tables.write(quarantine, cast_to_schema(parsed.rejects, quarantine), context.partition_key)
        if parsed.answers_in != parsed.kept + parsed.superseded + parsed.quarantined:
            raise RuntimeError(f"{context.partition_key}: {parsed.answers_in} answers in but {parsed.kept} kept + "
                               f"{parsed.superseded} superseded + {parsed.quarantined} quarantined")
        accounting = {
            "batches": len(batches), "records_in": parsed.answers_in, "records_out": parsed.kept,
            "records_superseded": parsed.superseded, "records_quarantined": parsed.quarantined,
            "quarantine_path": MetadataValue.path(written["path"]),
            "newest_fetch": max((b.fetched_at for b in batches), default=None).isoformat() if batches else "",
        }
        for schema in source.tables:
            table: pa.Table = parsed.tables[schema.table_name]
            yield Output(table, schema.table_name, metadata=accounting)

    return _trusted
