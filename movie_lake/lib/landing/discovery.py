"""What is in `landing/`: every listed entry becomes data for one source partition, or an
outcome a person can read (skipped: not data, and why; failed: data we must refuse, and why).

One bad entry only ever fails itself: an unsafe key, a symlink, an empty file or two names
claiming one partition never stop the files beside them.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from movie_lake.lib.landing.rules import LANDING_SOURCES, LANDING_ZONE, TEMPORARY_NAME, LandingSource
from movie_lake.lib.storage.files import LakeFile, LakeStorage


@dataclass(frozen=True)
class LandedFile:
    source: LandingSource
    file: LakeFile
    partition_key: str

    @property
    def file_name(self) -> str:
        return self.file.key.rsplit("/", 1)[-1]


@dataclass(frozen=True)
class NotIngested:
    key: str
    reason: str
    failed: bool
    """True for what a person must fix (an error); False for what is simply not data."""


@dataclass
class LandingScan:
    landed: list[LandedFile] = field(default_factory=list)
    not_ingested: list[NotIngested] = field(default_factory=list)

    @property
    def failed(self) -> list[NotIngested]:
        return [n for n in self.not_ingested if n.failed]

    @property
    def skipped(self) -> list[NotIngested]:
        return [n for n in self.not_ingested if not n.failed]


def classify(f: LakeFile) -> LandedFile | NotIngested:
    """One listed entry under `landing/` (its key relative to the lake root)."""
    relative = f.key[len(LANDING_ZONE) + 1 :]
    segments = relative.split("/")
    if f.refused:
        return NotIngested(f.key, f.refused, True)
    if relative.startswith("/") or "\\" in relative or ".." in segments or "." in segments[:-1]:
        return NotIngested(f.key, "unsafe key ('..', '.', absolute or backslash path) would leave the landing zone", True)
    if relative.endswith("/"):
        return NotIngested(f.key, "folder marker", False)
    if len(segments) == 1:
        return NotIngested(f.key, f"file directly in {LANDING_ZONE}/, outside every source folder", False)
    source = LANDING_SOURCES.get(segments[0])
    if source is None:
        return NotIngested(f.key, f"unknown landing folder {LANDING_ZONE}/{segments[0]}/ (known: {', '.join(LANDING_SOURCES)})", False)
    if len(segments) > 2:
        return NotIngested(f.key, f"inside a sub-folder of {source.folder}/ (files must sit directly in it)", False)
    if TEMPORARY_NAME.search(segments[1]):
        return NotIngested(f.key, "temporary or hidden name (starts with . _ ~ or ends like a partial upload)", False)
    key = source.partition_key(segments[1])
    if key is None:
        return NotIngested(f.key, f"name does not match what {source.folder}/ takes: {source.description}", False)
    if f.size == 0:
        return NotIngested(f.key, "empty file (0 bytes)", True)
    return LandedFile(source, f, key)


def scan_landing(storage: LakeStorage, folders: set[str] | None = None) -> LandingScan:
    """All of `landing/`, or only the given source folders (names like `tmdb_movies`): what a
    queue notification points at."""
    scan = LandingScan()
    by_partition: dict[tuple[str, str], list[LandedFile]] = defaultdict(list)
    prefixes = [LANDING_ZONE] if folders is None else [f"{LANDING_ZONE}/{folder}" for folder in sorted(folders)]
    for f in (f for prefix in prefixes for f in storage.list_objects(prefix)):
        result = classify(f)
        if isinstance(result, NotIngested):
            scan.not_ingested.append(result)
        else:
            by_partition[(result.source.name, result.partition_key)].append(result)
    for (_, key), files in sorted(by_partition.items()):
        if len(files) == 1:
            scan.landed.extend(files)
            continue
        names = ", ".join(sorted(f.file.key for f in files))
        for f in files:
            scan.not_ingested.append(NotIngested(f.file.key, f"ambiguous: {names} all claim partition {key!r}; keep one of them", True))
    scan.landed.sort(key=lambda f: f.file.key)
    return scan
