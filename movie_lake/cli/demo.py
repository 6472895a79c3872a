"""The TMDB API months the demo fetches from the bundled emulator.

1995-05..1995-11 (1995-10 has no film in the sample) hold most of the sample's franchise
films (Batman Forever, GoldenEye, Die Hard with a Vengeance, Halloween, Mortal Kombat, ...);
1997-06, 1997-12 and 1999-11 add the later Batman and Bond films, so franchises have
several films; 2009-03..2009-05 hold movies that come with credits and that the CSV
sample has too (Watchmen, Star Trek, Up), so the API wins over older CSV rows.
"""
from __future__ import annotations

from dagster import AssetKey

from movie_lake.cli.ingest import PartitionRun
from movie_lake.lib.schemas.tmdb_api import TMDB_MOVIES
from movie_lake.lib.storage.files import LakeStorage
from movie_lake.lib.storage.tables import TableStore

DEMO_MONTHS = (
    "1995-05", "1995-06", "1995-07", "1995-08", "1995-09", "1995-11",
    "1997-06", "1997-12", "1999-11",
    "2009-03", "2009-04", "2009-05",
)
RAW_TMDB_API = AssetKey(["raw", "tmdb_api_movies"])


def demo_months_to_fetch(storage: LakeStorage) -> PartitionRun:
    """The demo months not in the lake yet, so running the demo again fetches nothing."""
    fetched = set(TableStore(storage).partitions(TMDB_MOVIES))
    return PartitionRun(RAW_TMDB_API, tuple(month for month in DEMO_MONTHS if month not in fetched))
