"""The raw zone: immutable byte-for-byte copies of landed files, one folder per version.

`raw/<source>/<col>=<key>/v<landed UTC time>-<sha256[:12]>/<file name>`: a newer
landing of the same name is a new version beside the old one, never a rewrite.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone

from movie_lake.lib.storage.files import LakeFile, LakeStorage

STAMP = "%Y%m%dT%H%M%S%fZ"


@dataclass(frozen=True)
class RawVersion:
    key: str
    file_name: str
    sha256: str
    size: int
    landed_at: datetime


class RawZone:
    def __init__(self, storage: LakeStorage):
        self.storage = storage

    def folder(self, source: str, partition_column: str, partition: str) -> str:
        return f"raw/{source}/{partition_column}={partition}"

    def versions(self, source: str, partition_column: str, partition: str) -> list[RawVersion]:
        versions = []
        for f in self.storage.list_files(self.folder(source, partition_column, partition)):
            version_folder, file_name = f.key.rsplit("/", 2)[-2:]
            stamp, _, sha_prefix = version_folder[1:].partition("-")
            landed = datetime.strptime(stamp, STAMP).replace(tzinfo=timezone.utc)
            versions.append(RawVersion(f.key, file_name, sha_prefix, f.size, landed))
        return sorted(versions, key=lambda v: v.key)

    def latest(self, source: str, partition_column: str, partition: str) -> RawVersion:
        versions = self.versions(source, partition_column, partition)
        if not versions:
            raise FileNotFoundError(f"nothing in {self.storage.uri_of(self.folder(source, partition_column, partition))}")
        return versions[-1]

    def keep(self, source: str, partition_column: str, partition: str, landed: LakeFile) -> tuple[RawVersion, str, bool]:
        """Copy a landed file in; returns (version, full sha256, whether a new copy was made).

        Landing the very same bytes again reuses the newest version when it has that content."""
        sha = self.storage.sha256(landed.key)
        existing = self.versions(source, partition_column, partition)
        if existing and existing[-1].sha256 == sha[:12]:
            return existing[-1], sha, False
        file_name = landed.key.rsplit("/", 1)[-1]
        stamp = landed.modified.astimezone(timezone.utc).strftime(STAMP)
        key = f"{self.folder(source, partition_column, partition)}/v{stamp}-{sha[:12]}/{file_name}"
        self.storage.copy(landed.key, key)
        return RawVersion(key, file_name, sha[:12], landed.size, landed.modified), sha, True
