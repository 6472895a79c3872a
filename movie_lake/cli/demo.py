"""The TMDB API months the demo fetches from the bundled emulator (movies and series).

1995-05..1995-11 (1995-10 has no film in the sample) hold most of the sample's franchise
films (Batman Forever, GoldenEye, Die Hard with a Vengeance, Halloween, Mortal Kombat, ...);
1997-06, 1997-12 and 1999-11 add the later Batman and Bond films, so franchises have
several films; 1977-05 … 1999-05 hold the Star Wars, Alien and Back to the Future films (the
Sci-Fi franchises); 2009-03..2009-05 hold movies that come with credits and that the CSV
sample has too (Watchmen, Star Trek, Up), so the API wins over older CSV rows. The emulator's
synthetic series first aired in these months too (see tools/build_tmdb_tv_sample.py).
"""
from __future__ import annotations

from dagster import AssetKey

from movie_lake.defs.lake.reconcile import PlannedRun
from movie_lake.lib.landing.rules import TMDB_API_MOVIES, TMDB_API_TV
from movie_lake.lib.storage.files import LakeStorage
from movie_lake.lib.storage.fetched import FetchedZone

DEMO_MONTHS = (
    "1977-05", "1979-05", "1980-05", "1983-05", "1985-07", "1986-07", "1989-11", "1990-05", "1992-05",
    "1995-05", "1995-06", "1995-07", "1995-08", "1995-09", "1995-11",
    "1997-06", "1997-11", "1997-12", "1999-05", "1999-11",
    "2009-03", "2009-04", "2009-05",
)


API_SOURCES = {"movie": TMDB_API_MOVIES, "tv": TMDB_API_TV}


def fetch_runs(months: list[str] | tuple[str, ...], media: tuple[str, ...] = ("movie", "tv")) -> list[PlannedRun]:
    """One run per month: fetch it from the API (each media asked for) and type it into its trusted tables."""
    sources = [API_SOURCES[m] for m in media]
    keys = (*(AssetKey(s.raw_key_path) for s in sources), *(AssetKey(t.key_path) for s in sources for t in s.tables))
    return [PlannedRun(keys, month, f"fetch {month} ({', '.join(media)})", {}) for month in months]


def months_to_fetch(storage: LakeStorage, months=DEMO_MONTHS, media: tuple[str, ...] = ("movie", "tv")) -> list[str]:
    """The months some media of which is not fetched yet, so running the demo again fetches nothing."""
    zone = FetchedZone(storage)
    missing = []
    for month in months:
        for source in (API_SOURCES[m] for m in media):
            try:
                zone.latest(source, month)
            except FileNotFoundError:
                missing.append(month)
                break
    return missing


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
