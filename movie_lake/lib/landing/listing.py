"""Every object under the lake's `landing/`, with what identifies its version, in either mode.

aws: a paginated S3 listing (`dagster_aws.s3.sensor.get_objects`), version = LastModified +
ETag. local: a walk of the folder, version = mtime (ns) + size. Keys are relative to
`landing/` and always use `/`.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import datetime, timezone

from dagster_aws.s3.sensor import get_objects

from movie_lake.lib.aws import aws_client
from movie_lake.lib.landing.rules import LANDING_ZONE
from movie_lake.defs.lake.lake_resource import LakeResource


@dataclass(frozen=True)
class LandingObject:
    key: str
    size: int
    modified: datetime
    version: str

    @property
    def lake_key(self) -> str:
        return f"{LANDING_ZONE}/{self.key}"


def list_landing(lake: LakeResource) -> list[LandingObject]:
    return _list_s3(lake) if lake.mode == "aws" else _list_local(lake)


def _list_s3(lake: LakeResource) -> list[LandingObject]:
    client = aws_client("s3", lake.region, lake.endpoint_url)
    prefix = "/".join(p for p in (lake.prefix.strip("/"), LANDING_ZONE) if p) + "/"
    return [
        LandingObject(o["Key"][len(prefix):], o["Size"], o["LastModified"], f"{o['LastModified'].isoformat()}/{o['ETag'].strip(chr(34))}")
        for o in get_objects(lake.bucket, prefix, client=client)
    ]


def _list_local(lake: LakeResource) -> list[LandingObject]:
    """Symlinks are reported with an absolute-path key when they point out of the zone, so
    they are rejected like any other key that escapes it."""
    zone = os.path.realpath(os.path.join(lake.local_root, LANDING_ZONE))
    found = []
    for folder, _dirs, names in os.walk(zone):
        for name in names:
            path = os.path.join(folder, name)
            try:
                stat = os.stat(path)
            except FileNotFoundError:
                continue
            real = os.path.realpath(path)
            key = os.path.relpath(path, zone).replace(os.sep, "/")
            if os.path.commonpath([zone, real]) != zone:
                key = real
            modified = datetime.fromtimestamp(stat.st_mtime_ns / 1e9, timezone.utc)
            found.append(LandingObject(key, stat.st_size, modified, f"{stat.st_mtime_ns}/{stat.st_size}"))
    return found
