"""Raw copies of what an API answered, one object per partition, replaced on every fetch.

`raw/<source>/<col>=<key>/fetched-<UTC time>.jsonl.gz`: the new object is written whole
(atomic, see `LakeStorage.write_bytes`) before older ones are deleted, so a reader sees
the previous fetch or the new one, and a finished fetch leaves exactly one object.
"""
from __future__ import annotations

import gzip
import hashlib
import json
from dataclasses import dataclass
from datetime import datetime, timezone

from movie_lake.lib.landing.rules import RawSource
from movie_lake.lib.storage.files import LakeStorage
from movie_lake.lib.storage.raw import STAMP

PREFIX = "fetched-"
SUFFIX = ".jsonl.gz"


def response_line(answer: dict) -> bytes:
    """One API answer as one JSON Lines line (without the newline), as it is stored."""
    return json.dumps(answer, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


@dataclass(frozen=True)
class FetchedVersion:
    key: str
    landed_at: datetime
    """When the fetch started: the responses are at least this fresh."""
    size: int
    sha256: str = ""

    @property
    def file_name(self) -> str:
        return self.key.rsplit("/", 1)[-1]


class FetchedZone:
    def __init__(self, storage: LakeStorage):
        self.storage = storage

    def replace(self, source: RawSource, partition: str, lines: list[bytes], fetched_at: datetime) -> FetchedVersion:
        """Store `lines` (one JSON document each) gzipped, then drop earlier fetches of the partition."""
        folder = source.raw_folder(partition)
        data = gzip.compress(b"".join(line + b"\n" for line in lines), mtime=0)
        key = f"{folder}/{PREFIX}{fetched_at.astimezone(timezone.utc).strftime(STAMP)}{SUFFIX}"
        self.storage.write_bytes(key, data, content_type="application/gzip")
        for old in self.storage.list_files(folder):
            if old.key != key and old.key.rsplit("/", 1)[-1].startswith(PREFIX):
                self.storage.delete(old.key)
        return FetchedVersion(key, fetched_at, len(data), hashlib.sha256(data).hexdigest())

    def latest(self, source: RawSource, partition: str) -> FetchedVersion:
        folder = source.raw_folder(partition)
        fetched = [f for f in self.storage.list_files(folder) if f.key.rsplit("/", 1)[-1].startswith(PREFIX)]
        if not fetched:
            raise FileNotFoundError(f"nothing fetched yet in {self.storage.uri_of(folder)}")
        newest = fetched[-1]
        stamp = newest.key.rsplit("/", 1)[-1][len(PREFIX) : -len(SUFFIX)]
        return FetchedVersion(newest.key, datetime.strptime(stamp, STAMP).replace(tzinfo=timezone.utc), newest.size)
