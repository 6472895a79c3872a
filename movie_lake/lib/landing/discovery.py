"""Which landed files are new: those with no raw version from the same landing.

A raw version folder is stamped with the landing's modification time, so a file is
new when no version of its partition carries its stamp (see `storage.raw`).
"""
from __future__ import annotations

from datetime import datetime, timezone

from movie_lake.lib.landing.rules import LANDING_SOURCES, LandedFile, LandingSource, landed_files
from movie_lake.lib.storage.files import LakeStorage
from movie_lake.lib.storage.raw import STAMP, RawZone


def is_ingested(raw: RawZone, source: LandingSource, partition_key: str, modified: datetime, size: int) -> bool:
    """Whether this landing (its modification time and size) already has its raw copy."""
    stamp = "v" + modified.astimezone(timezone.utc).strftime(STAMP)
    versions = raw.versions(source.name, source.partition_column, partition_key)
    return any(v.key.rsplit("/", 2)[-2].startswith(stamp) and v.size == size for v in versions)


def new_landed_files(storage: LakeStorage) -> list[LandedFile]:
    raw = RawZone(storage)
    found = [f for source in LANDING_SOURCES.values() for f in landed_files(storage, source)]
    return [f for f in found if not is_ingested(raw, f.source, f.partition_key, f.file.modified, f.file.size)]
