"""What may land where: each landing sub-folder, the file names it takes, and how a file
name becomes a partition key. Shared by the raw assets, `movie-lake ingest` and the sensor."""
from __future__ import annotations

import re
from dataclasses import dataclass

from dagster import DynamicPartitionsDefinition

from movie_lake.defs.landing.partitions import TMDB_CREDITS_FILES, TMDB_MOVIES_FILES, VIDEO_REGIONS

UNSAFE_KEY_CHARS = re.compile(r"[^A-Za-z0-9._-]")
LANDING_ZONE = "landing"
TEMPORARY_NAME = re.compile(r"^[._~]|(\.part|\.tmp|\.crdownload|_tmp|_COPYING_)$", re.IGNORECASE)


@dataclass(frozen=True)
class LandingSource:
    name: str
    file_pattern: re.Pattern
    partitions_def: DynamicPartitionsDefinition
    partition_column: str
    description: str
    uppercase_key: bool = False

    @property
    def folder(self) -> str:
        return f"{LANDING_ZONE}/{self.name}"

    def partition_key(self, file_name: str) -> str | None:
        """The partition a file name belongs to, or None when the name is not for this source."""
        if TEMPORARY_NAME.search(file_name):
            return None
        match = self.file_pattern.fullmatch(file_name)
        if not match:
            return None
        key = match.groupdict().get("key") or file_name
        return UNSAFE_KEY_CHARS.sub("_", key.upper() if self.uppercase_key else key)


TMDB_MOVIES = LandingSource(
    name="tmdb_movies",
    file_pattern=re.compile(r".+\.csv(\.gz)?", re.IGNORECASE),
    partitions_def=TMDB_MOVIES_FILES,
    partition_column="source_file",
    description="Kaggle TMDB 5000 movies CSV files (plain or .gz)",
)
TMDB_CREDITS = LandingSource(
    name="tmdb_credits",
    file_pattern=re.compile(r".+\.csv(\.gz)?", re.IGNORECASE),
    partitions_def=TMDB_CREDITS_FILES,
    partition_column="source_file",
    description="Kaggle TMDB 5000 credits CSV files (plain or .gz)",
)

VIDEO_STATS = LandingSource(
    name="video_stats",
    file_pattern=re.compile(r"(?P<key>[A-Za-z]{2})videos\.csv(\.gz)?", re.IGNORECASE),
    partitions_def=VIDEO_REGIONS,
    partition_column="region",
    description="Trending online-video statistics per region, `<REGION>videos.csv` (plain or .gz)",
    uppercase_key=True,
)
VIDEO_CATEGORIES = LandingSource(
    name="video_categories",
    file_pattern=re.compile(r"(?P<key>[A-Za-z]{2})_category_id\.json", re.IGNORECASE),
    partitions_def=VIDEO_REGIONS,
    partition_column="region",
    description="Video category lists per region, `<REGION>_category_id.json` (YouTube API format)",
    uppercase_key=True,
)

LANDING_SOURCES: dict[str, LandingSource] = {
    s.name: s for s in (TMDB_MOVIES, TMDB_CREDITS, VIDEO_STATS, VIDEO_CATEGORIES)
}


@dataclass(frozen=True)
class LandedFile:
    source: LandingSource
    file: "LakeFile"
    partition_key: str

    @property
    def file_name(self) -> str:
        return self.file.key.rsplit("/", 1)[-1]


@dataclass(frozen=True)
class LandingMatch:
    """What one object under `landing/` is: data for a source and partition, something to
    ignore (`ignored` says why), or a key trying to leave the zone (`unsafe` says how)."""

    source: LandingSource | None = None
    partition_key: str | None = None
    ignored: str | None = None
    unsafe: str | None = None


def match_landing_key(relative_key: str, size: int) -> LandingMatch:
    """Classify a key relative to `landing/` (e.g. `tmdb_movies/a.csv`) and its size in bytes."""
    segments = relative_key.split("/")
    if relative_key.startswith("/") or "\\" in relative_key:
        return LandingMatch(unsafe="absolute or backslash path")
    if ".." in segments or "." in segments:
        return LandingMatch(unsafe="'..' or '.' path segment")
    if size == 0 or relative_key.endswith("/"):
        return LandingMatch(ignored="empty object (folder marker)")
    if len(segments) == 1:
        return LandingMatch(ignored=f"file directly in {LANDING_ZONE}/, outside every source folder")
    source = LANDING_SOURCES.get(segments[0])
    if source is None:
        return LandingMatch(ignored=f"unknown landing folder {LANDING_ZONE}/{segments[0]}/")
    if len(segments) > 2:
        return LandingMatch(ignored=f"sub-folder of {source.folder}/ (files must sit directly in it)")
    if TEMPORARY_NAME.search(segments[1]):
        return LandingMatch(ignored="temporary or partial upload name")
    key = source.partition_key(segments[1])
    if key is None:
        return LandingMatch(ignored=f"name does not match what {source.folder}/ takes ({source.description})")
    return LandingMatch(source, key)


def landed_files(storage: "LakeStorage", source: LandingSource) -> list[LandedFile]:
    """Data files directly in the source's landing folder (markers, temporary names, unsafe
    keys and files that don't match the source's pattern are not data)."""
    found = []
    for f in storage.list_files(source.folder):
        match = match_landing_key(f.key[len(LANDING_ZONE) + 1 :], f.size)
        if match.source is source:
            found.append(LandedFile(source, f, match.partition_key))
    return found


def newest_landed(storage: "LakeStorage", source: LandingSource, partition_key: str) -> LandedFile:
    matches = [f for f in landed_files(storage, source) if f.partition_key == partition_key]
    if not matches:
        raise FileNotFoundError(f"no landed file for partition {partition_key!r} in {storage.uri_of(source.folder)}")
    return max(matches, key=lambda f: (f.file.modified, f.file.key))


from movie_lake.lib.storage.files import LakeFile, LakeStorage  # noqa: E402  (type names only)
