"""Raw: TMDB's daily id exports, landed as published (one per media; the newest replaces the
older). Landing one adds the id-range partitions its ids fall in."""
from datetime import date, datetime, timedelta, timezone

from dagster import AssetExecutionContext, AssetsDefinition, Config, MaterializeResult, MetadataValue, asset
from pydantic import Field

from movie_lake.defs.lake.lake_resource import LakeResource
from movie_lake.defs.tmdb_api.raw_assets import TMDB_API_POOL
from movie_lake.defs.tmdb_api.resource import TMDBResource
from movie_lake.defs.tmdb_catalog.partitions import id_ranges
from movie_lake.lib.tmdb.client import MEDIA
from movie_lake.lib.tmdb_catalog.id_export import read_id_export
from movie_lake.lib.tmdb_catalog.ranges import range_keys
from movie_lake.lib.tmdb_catalog.zone import CatalogZone, export_folder
from movie_lake.settings import Settings

EXPORT_READY_HOUR_UTC = 8
"""TMDB's export of a day is ready by about 08:00 UTC."""
REJECTS_LISTED = 20


class ExportConfig(Config):
    export_date: str = Field(default="", description="YYYY-MM-DD; empty: the newest TMDB has published")


def newest_published_day(now: datetime) -> date:
    return (now - timedelta(hours=EXPORT_READY_HOUR_UTC)).date()


def id_export_asset(media_name: str, settings: Settings) -> AssetsDefinition:
    media, ranges = MEDIA[media_name], id_ranges(media_name)

    @asset(key=export_folder(media_name).split("/"), group_name="raw", pool=TMDB_API_POOL,
           description=f"TMDB's daily export of every {media_name} id, as published ({media.export_name}_MM_DD_YYYY.json.gz).")
    def _export(context: AssetExecutionContext, config: ExportConfig, lake: LakeResource, tmdb: TMDBResource) -> MaterializeResult:
        day = date.fromisoformat(config.export_date) if config.export_date else newest_published_day(datetime.now(timezone.utc))
        name = media.export_file_name(day)
        with tmdb.get_client() as client:
            data = client.id_export(media, day, tmdb.get_exports_url())
        if data is None:
            raise FileNotFoundError(f"TMDB has no {name} (not published yet, or older than the three months TMDB keeps)")
        read = read_id_export(data, name, settings.tmdb_include_adult)
        for reject in read.rejects[:REJECTS_LISTED]:
            context.log.warning(f"{name} line {reject.line}: {reject.reason}: {reject.record!r}")
        landed = CatalogZone(lake.storage).land_export(media_name, name, day, data)
        keys = range_keys(read.ids, settings.tmdb_catalog_range_size)
        new = [k for k in keys if not context.instance.has_dynamic_partition(ranges.name, k)]
        context.instance.add_dynamic_partitions(ranges.name, new)
        return MaterializeResult(metadata={
            "export_date": day.isoformat(), "ids": len(read.ids), "lines": read.lines,
            "adult_left_out": read.adult_left_out, "lines_rejected": len(read.rejects),
            "rejected_lines": [f"line {r.line}: {r.reason}" for r in read.rejects[:REJECTS_LISTED]],
            "id_ranges": len(keys), "id_ranges_added": len(new), "raw_path": MetadataValue.path(lake.storage.uri_of(landed.key)),
            "size_bytes": len(data),
        })

    return _export
