"""What may land where: the sources of the raw zone, the file names each takes, and how a
landed name becomes a partition key.

A partition key is collision-free: a file name that is already a safe folder name is its
own key; any other name becomes its safe spelling plus a hash of the exact name, so
`my movies.csv` and `my_movies.csv` are two partitions, and a 250-character or odd name
still makes a short key. Region sources (`USvideos.csv`) key by the upper-cased region
code; two landed names for one region are refused as ambiguous (see `discovery`).
"""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

from movie_lake.lib.schemas import imdb, tmdb_api, tmdb_catalog, tmdb_trusted, tmdb_tv, video
from movie_lake.lib.schemas.base import DatasetSchema

LANDING_ZONE = "landing"
SAFE_KEY = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,99}")
UNSAFE_KEY_CHARS = re.compile(r"[^A-Za-z0-9._-]+")
TEMPORARY_NAME = re.compile(r"^[._~]|(\.part|\.tmp|\.crdownload|_tmp|_COPYING_)$", re.IGNORECASE)
HASHED_NAME_LENGTH = 60


@dataclass(frozen=True)
class RawSource:
    """Something whose raw copies live under `raw/<name>/<partition column>=<key>/` and
    feed `tables` (its trusted tables, which declare the partition column)."""

    name: str
    tables: tuple[DatasetSchema, ...]
    description: str

    def __post_init__(self) -> None:
        columns = {t.partition_column for t in self.tables}
        if len(columns) != 1 or None in columns:
            raise ValueError(f"{self.name}: its tables must share one partition column, got {columns}")

    @property
    def partition_column(self) -> str:
        return self.tables[0].partition_column

    @property
    def raw_key_path(self) -> list[str]:
        return ["raw", self.name]

    def raw_folder(self, partition: str) -> str:
        return f"raw/{self.name}/{self.partition_column}={partition}"


@dataclass(frozen=True)
class LandingSource(RawSource):
    """A folder under `landing/` that people and jobs drop files into."""

    file_pattern: re.Pattern = re.compile(".+")
    partitions_name: str = ""
    keyed_by_region: bool = False

    @property
    def folder(self) -> str:
        return f"{LANDING_ZONE}/{self.name}"

    def partition_key(self, file_name: str) -> str | None:
        """The partition a file name belongs to, or None when the name is not for this source."""
        match = self.file_pattern.fullmatch(file_name)
        if not match:
            return None
        if self.keyed_by_region:
            return match.group("region").upper()
        return file_partition_key(file_name)


def file_partition_key(file_name: str) -> str:
    """The file name itself when it is a safe folder name, else safe spelling + name hash."""
    if SAFE_KEY.fullmatch(file_name):
        return file_name
    digest = hashlib.sha256(file_name.encode("utf-8", "surrogateescape")).hexdigest()[:12]
    spelled = UNSAFE_KEY_CHARS.sub("_", file_name)[:HASHED_NAME_LENGTH].strip("._-") or "file"
    return f"{spelled}.{digest}"


CSV_OR_GZ = re.compile(r".+\.csv(\.gz)?", re.IGNORECASE)

TMDB_MOVIES = LandingSource(
    name="tmdb_movies",
    tables=(tmdb_trusted.MOVIES,),
    description="Kaggle TMDB 5000 movies CSV files (plain or .gz)",
    file_pattern=CSV_OR_GZ,
    partitions_name="tmdb_movies_files",
)
TMDB_CREDITS = LandingSource(
    name="tmdb_credits",
    tables=(tmdb_trusted.MOVIE_CAST, tmdb_trusted.MOVIE_CREW, tmdb_trusted.UNKEYED_CREDITS),
    description="Kaggle TMDB 5000 credits CSV files (plain or .gz)",
    file_pattern=CSV_OR_GZ,
    partitions_name="tmdb_credits_files",
)
VIDEO_STATS = LandingSource(
    name="video_stats",
    tables=(video.VIDEO_STATS,),
    description="Trending online-video statistics per region, `<REGION>videos.csv` (plain or .gz)",
    file_pattern=re.compile(r"(?P<region>[A-Za-z]{2})videos\.csv(\.gz)?", re.IGNORECASE),
    partitions_name="video_regions",
    keyed_by_region=True,
)
VIDEO_CATEGORIES = LandingSource(
    name="video_categories",
    tables=(video.VIDEO_CATEGORIES,),
    description="Video category lists per region, `<REGION>_category_id.json` (YouTube API format)",
    file_pattern=re.compile(r"(?P<region>[A-Za-z]{2})_category_id\.json", re.IGNORECASE),
    partitions_name="video_regions",
    keyed_by_region=True,
)
TSV_OR_GZ = re.compile(r".+\.tsv(\.gz)?", re.IGNORECASE)


def _republished(name: str, table: DatasetSchema, what: str, pattern: re.Pattern) -> LandingSource:
    """A source whose publisher republishes the whole file: one partition per landed file, the newest current."""
    return LandingSource(name=name, tables=(table,), description=f"{what} (plain or .gz); the newest landed file is the current one",
                         file_pattern=pattern, partitions_name=f"{name}_files")


IMDB_TITLE_RATINGS = _republished("imdb_title_ratings", imdb.IMDB_TITLE_RATINGS, "IMDb title.ratings.tsv files", TSV_OR_GZ)
IMDB_TITLE_BASICS = _republished("imdb_title_basics", imdb.IMDB_TITLE_BASICS, "IMDb title.basics.tsv files", TSV_OR_GZ)
MOVIE_LINKS = _republished("movie_links", imdb.MOVIE_LINKS,
                           "The Movies Dataset links.csv files (MovieLens, IMDb and TMDB ids)", CSV_OR_GZ)
TMDB_API_MOVIES = RawSource(
    name="tmdb_api_movies",
    tables=(tmdb_api.TMDB_MOVIES, tmdb_api.TMDB_CAST, tmdb_api.TMDB_CREW),
    description="TMDB API details (+credits, keywords) of every movie released in a month",
)

LANDING_SOURCES: dict[str, LandingSource] = {
    s.name: s for s in (TMDB_MOVIES, TMDB_CREDITS, VIDEO_STATS, VIDEO_CATEGORIES, IMDB_TITLE_RATINGS, IMDB_TITLE_BASICS,
                        MOVIE_LINKS)
}
TMDB_API_TV = RawSource(
    name="tmdb_api_tv",
    tables=tmdb_tv.SCHEMAS,
    description="TMDB API details (+aggregate credits, external ids, keywords) of every series first aired in a month",
)
TMDB_CATALOG_MOVIES = RawSource(
    name="tmdb_catalog_movies",
    tables=tmdb_catalog.MOVIE_SCHEMAS,
    description="TMDB API details (+credits, keywords) of every movie id of the daily export, in id ranges",
)
TMDB_CATALOG_TV = RawSource(
    name="tmdb_catalog_tv",
    tables=tmdb_catalog.TV_SCHEMAS,
    description="TMDB API details (+aggregate credits, external ids, keywords) of every series id of the daily export, in id ranges",
)
RAW_SOURCES: dict[str, RawSource] = {
    **LANDING_SOURCES, **{s.name: s for s in (TMDB_API_MOVIES, TMDB_API_TV, TMDB_CATALOG_MOVIES, TMDB_CATALOG_TV)},
}
