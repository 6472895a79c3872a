"""The raw zone: immutable byte-for-byte copies of landed files, one folder per version.

`raw/<source>/<col>=<key>/v<landed UTC time>-<sha256[:12]>/<file name>`: a newer
landing of the same name is a new version beside the old one, never a rewrite. A copy
becomes visible only once complete and verified (see `LakeStorage.copy_verified`);
staging files start with a dot and are never listed as versions.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone

from movie_lake.lib.landing.rules import RawSource
from movie_lake.lib.storage.files import LakeFile, LakeStorage

STAMP = "%Y%m%dT%H%M%S%fZ"


@dataclass(frozen=True)
class RawVersion:
    key: str
    file_name: str
    sha256: str
    size: int
    landed_at: datetime


@dataclass(frozen=True)
class KeptCopy:
    version: RawVersion
    sha256: str
    """The full sha256 of the bytes (the folder name holds its first 12 characters)."""


class RawZone:
    def __init__(self, storage: LakeStorage):
        self.storage = storage

    def versions(self, source: RawSource, partition: str) -> list[RawVersion]:
        versions = []
        for f in self.storage.list_files(source.raw_folder(partition)):
            parts = f.key.rsplit("/", 2)
            if len(parts) < 3 or parts[-1].startswith(".") or not parts[-2].startswith("v"):
                continue
            version_folder, file_name = parts[-2:]
            stamp, _, sha_prefix = version_folder[1:].partition("-")
            landed = datetime.strptime(stamp, STAMP).replace(tzinfo=timezone.utc)
            versions.append(RawVersion(f.key, file_name, sha_prefix, f.size, landed))
        return sorted(versions, key=lambda v: v.key)

    def latest(self, source: RawSource, partition: str) -> RawVersion:
        versions = self.versions(source, partition)
        if not versions:
            raise FileNotFoundError(f"nothing in {self.storage.uri_of(source.raw_folder(partition))}")
        return versions[-1]

    def keep(self, source: RawSource, partition: str, landed: LakeFile) -> KeptCopy:
        """Copy exactly this landed version in, verified. When the newest version already
        holds the same bytes (a touch, a re-upload) that version is returned and no new
        folder is left behind."""
        file_name = landed.key.rsplit("/", 1)[-1]
        stamp = landed.modified.astimezone(timezone.utc).strftime(STAMP)
        folder = source.raw_folder(partition)
        existing = self.versions(source, partition)
        key, sha = self.storage.copy_verified(landed, lambda sha: f"{folder}/v{stamp}-{sha[:12]}/{file_name}")
        if existing and existing[-1].sha256 == sha[:12] and existing[-1].key != key:
            self.storage.delete(key)
            return KeptCopy(existing[-1], sha)
        return KeptCopy(RawVersion(key, file_name, sha[:12], landed.size, landed.modified), sha)
