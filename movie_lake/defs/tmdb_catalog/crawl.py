"""Raw: the details of every id of an id range, fetched in batches that survive a kill.

What a range still owes is read from the lake, so any run of it converges: the ids of the
newest export in the range that no finished batch has answered, plus the ids answered before
a changes window listing them ended (`movie-lake tmdb sync` runs only the latter)."""
import time

from dagster import AssetExecutionContext, AssetObservation, AssetsDefinition, Config, MaterializeResult, MetadataValue, asset
from pydantic import Field

from movie_lake.defs.lake.lake_resource import LakeResource
from movie_lake.defs.tmdb_api.raw_assets import TMDB_API_POOL
from movie_lake.defs.tmdb_api.resource import TMDBResource
from movie_lake.defs.tmdb_catalog.partitions import id_ranges
from movie_lake.lib.landing.rules import RawSource
from movie_lake.lib.tmdb.client import MEDIA
from movie_lake.lib.tmdb_catalog.crawl import PROGRESS, Progress, crawl
from movie_lake.lib.tmdb_catalog.id_export import read_id_export
from movie_lake.lib.tmdb_catalog.ranges import in_range
from movie_lake.lib.tmdb_catalog.zone import CatalogZone, answered_at, export_folder, stale_ids
from movie_lake.settings import Settings

PROGRESS_EVERY_SECONDS = 5.0


class CrawlConfig(Config):
    fetch_new: bool = Field(default=True, description="Fetch the export's ids not answered yet (off: refresh changed ids only).")
    max_id: int = Field(default=0, description="Leave out export ids above this (0: none); `--limit` sets it.")


def unanswered(export_ids: list[int], range_key: str, answered) -> list[int]:
    """The export's ids in the range that no finished batch has answered."""
    return [i for i in in_range(export_ids, range_key) if i not in answered]


def owed_ids(zone: CatalogZone, source: RawSource, media_name: str, range_key: str, config: CrawlConfig,
             include_adult: bool) -> tuple[list[int], list[int], int]:
    """(new ids, stale ids, ids already answered) of a range."""
    answered = answered_at(zone.batches(source.raw_folder(range_key)))
    new: list[int] = []
    if config.fetch_new:
        export = zone.newest_export(media_name)
        ids = read_id_export(zone.storage.read_bytes(export.key), export.file_name, include_adult).ids
        new = [i for i in unanswered(ids, range_key, answered) if not config.max_id or i <= config.max_id]
    first_answer = min(answered.values(), default=None)
    stale = stale_ids(answered, zone.changed_after(media_name, first_answer.date() if first_answer else None))
    return new, stale, len(answered)


def raw_catalog_asset(media_name: str, source: RawSource, settings: Settings) -> AssetsDefinition:
    media = MEDIA[media_name]

    @asset(key=source.raw_key_path, partitions_def=id_ranges(media_name), group_name="raw", pool=TMDB_API_POOL,
           deps=[export_folder(media_name).split("/")],
           description=f"{source.description}: answers unchanged, gzip JSON Lines per batch, with a manifest each.")
    def _crawl(context: AssetExecutionContext, config: CrawlConfig, lake: LakeResource, tmdb: TMDBResource) -> MaterializeResult:
        zone = CatalogZone(lake.storage)
        new, stale, already = owed_ids(zone, source, media_name, context.partition_key, config, settings.tmdb_include_adult)
        owed = sorted(set(new) | set(stale))
        context.log.info(f"{context.partition_key}: {len(new):,} new id(s), {len(stale):,} changed since fetched, "
                         f"{already:,} answered before")
        last_said = [0.0]

        def report(progress: Progress) -> None:
            if time.monotonic() - last_said[0] >= PROGRESS_EVERY_SECONDS or progress.done == progress.total:
                last_said[0] = time.monotonic()
                context.log_event(AssetObservation(context.asset_key, partition=context.partition_key, metadata={
                    PROGRESS: progress.line(), "ids_done": progress.done, "ids_total": progress.total,
                    "titles_per_second": round(progress.rate, 1), "eta_seconds": round(progress.eta_seconds or 0.0)}))

        reason = "export" if not stale else ("changes" if not new else "export+changes")
        with tmdb.get_client() as client:
            outcome = crawl(client, zone, source.raw_folder(context.partition_key), media, owed,
                            settings.tmdb_catalog_batch_size, reason, report)
            stats = client.stats()
        if outcome.missing:
            context.log.warning(f"TMDB answered 404 for {len(outcome.missing)} id(s), recorded as missing: {outcome.missing[:20]}")
        return MaterializeResult(metadata={
            "ids_owed": len(owed), "ids_new": len(new), "ids_changed": len(stale), "ids_answered_before": already,
            "titles_fetched": outcome.fetched, "ids_missing": len(outcome.missing), "batches": outcome.batches,
            "unfinished_batches_dropped": outcome.unfinished_dropped,
            "titles_per_second": round(outcome.fetched / outcome.seconds, 1) if outcome.seconds else 0.0,
            "raw_path": MetadataValue.path(lake.storage.uri_of(source.raw_folder(context.partition_key))),
            **stats.as_metadata(),
        })

    return _crawl
