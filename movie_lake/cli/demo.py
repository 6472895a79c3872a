"""The TMDB API months the demo fetches from the bundled emulator (movies and series), as one run.

1995 holds a third of the sample's films (Batman Forever, GoldenEye, Die Hard with a
Vengeance, Toy Story, ...) and six of the emulator's synthetic series. The demo then crawls
the emulator's whole catalog, which holds every title of these months too: the franchise
model and the analyses get every film either way, and the catalog's newer answers win.
"""
from __future__ import annotations

from dagster import AssetKey, DagsterInstance
from dagster._core.storage.tags import ASSET_PARTITION_RANGE_END_TAG, ASSET_PARTITION_RANGE_START_TAG

from movie_lake.cli.tmdb import next_month
from movie_lake.defs.lake.reconcile import PlannedRun
from movie_lake.lib.landing.rules import TMDB_API_MOVIES, TMDB_API_TV
from movie_lake.lib.storage.files import LakeStorage

DEMO_MONTHS = tuple(f"1995-{month:02d}" for month in range(1, 13))


API_SOURCES = {"movie": TMDB_API_MOVIES, "tv": TMDB_API_TV}


def fetch_runs(months: list[str] | tuple[str, ...], media: tuple[str, ...] = ("movie", "tv")) -> list[PlannedRun]:
    """One run per stretch of consecutive months (a single-run backfill of that range): fetch
    each month from the API (each media asked for) and type it into its trusted tables."""
    sources = [API_SOURCES[m] for m in media]
    keys = (*(AssetKey(s.raw_key_path) for s in sources), *(AssetKey(t.key_path) for s in sources for t in s.tables))
    what = ", ".join(media)
    runs = []
    for first, last in consecutive_stretches(sorted(set(months))):
        if first == last:
            runs.append(PlannedRun(keys, first, f"fetch {first} ({what})", {}))
        else:
            tags = {ASSET_PARTITION_RANGE_START_TAG: first, ASSET_PARTITION_RANGE_END_TAG: last}
            runs.append(PlannedRun(keys, None, f"fetch {first}...{last} ({what})", tags))
    return runs


def consecutive_stretches(months: list[str]) -> list[tuple[str, str]]:
    """Sorted `YYYY-MM` keys as (first, last) stretches of consecutive months."""
    stretches: list[tuple[str, str]] = []
    for month in months:
        if stretches and next_month(stretches[-1][1]) == month:
            stretches[-1] = (stretches[-1][0], month)
        else:
            stretches.append((month, month))
    return stretches


def months_to_fetch(instance: DagsterInstance, months=DEMO_MONTHS, media: tuple[str, ...] = ("movie", "tv")) -> list[str]:
    """The months some media of which has no materialized raw partition, so running the demo
    again fetches nothing. Read from the instance, not the stored files: a run killed after
    storing a month but before materializing it fetches that month again."""
    fetched = [instance.get_materialized_partitions(AssetKey(API_SOURCES[m].raw_key_path)) for m in media]
    return [month for month in months if not all(month in done for done in fetched)]


def catalog_runs(storage: LakeStorage, settings) -> tuple[list[PlannedRun], list]:
    """The emulator's whole catalog, crawled once (export, then its id ranges), and the
    changes feed read: runs to start with, and the stages after them. A media's export is landed
    when it is not there yet, and the crawl takes the ranges with ids not fetched yet, so a demo
    killed half-way through the crawl is finished by the next."""
    from datetime import date

    from movie_lake.cli.tmdb_catalog import crawl_runs, export_runs, sync_runs
    from movie_lake.lib.tmdb_catalog.zone import CatalogZone

    zone, media = CatalogZone(storage), ("movie", "tv")
    say = lambda text: print(text, flush=True)  # noqa: E731

    def exported(name: str) -> bool:
        try:
            zone.newest_export(name)
            return True
        except FileNotFoundError:
            return False

    def crawl():
        return crawl_runs(zone, media, None, settings.tmdb_catalog_range_size, settings.tmdb_include_adult, say, owed_only=True)

    def sync():
        """The export day's changes on a first demo (so far today), else the days owed since."""
        first = None if zone.synced_days() else zone.newest_export("movie").export_date
        return sync_runs(zone, media, date.fromisoformat(settings.tmdb_sync_start), first, say)

    return export_runs(tuple(m for m in media if not exported(m)), None), [crawl, sync]
