"""The TMDB API months the demo fetches from the bundled emulator.

1995-05..1995-11 (1995-10 has no film in the sample) hold most of the sample's franchise
films (Batman Forever, GoldenEye, Die Hard with a Vengeance, Halloween, Mortal Kombat, ...);
1997-06, 1997-12 and 1999-11 add the later Batman and Bond films, so franchises have
several films; 2009-03..2009-05 hold movies that come with credits and that the CSV
sample has too (Watchmen, Star Trek, Up), so the API wins over older CSV rows.
"""
from __future__ import annotations

from dagster import AssetKey

from movie_lake.defs.lake.reconcile import PlannedRun
from movie_lake.lib.landing.rules import TMDB_API_MOVIES
from movie_lake.lib.storage.files import LakeStorage
from movie_lake.lib.storage.fetched import FetchedZone

DEMO_MONTHS = (
    "1995-05", "1995-06", "1995-07", "1995-08", "1995-09", "1995-11",
    "1997-06", "1997-12", "1999-11",
    "2009-03", "2009-04", "2009-05",
)


def fetch_runs(months: list[str] | tuple[str, ...]) -> list[PlannedRun]:
    """One run per month: fetch it from the API and type it into its trusted tables."""
    keys = (AssetKey(TMDB_API_MOVIES.raw_key_path), *(AssetKey(t.key_path) for t in TMDB_API_MOVIES.tables))
    return [PlannedRun(keys, month, f"fetch {month}", {}) for month in months]


def demo_months_to_fetch(storage: LakeStorage) -> list[str]:
    """The demo months not fetched yet, so running the demo again fetches nothing."""
    zone = FetchedZone(storage)
    missing = []
    for month in DEMO_MONTHS:
        try:
            zone.latest(TMDB_API_MOVIES, month)
        except FileNotFoundError:
            missing.append(month)
    return missing
