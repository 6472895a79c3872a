"""The lake as a Dagster resource: a local folder, or an S3 prefix when a bucket is set."""
from __future__ import annotations

from dagster import ConfigurableResource
from pydantic import PrivateAttr

from movie_lake.lib.storage import LakeStorage, TableStore
from movie_lake.settings import Settings


class LakeResource(ConfigurableResource):
    local_root: str = ".movie_lake"
    bucket: str = ""
    """Empty: the lake is the folder `local_root`. Set: the lake is s3://bucket/prefix."""
    prefix: str = "movie_lake"
    zone_buckets: dict[str, str] = {}
    """Zones (top-level folders) kept in a bucket of their own."""
    region: str = "us-east-1"
    endpoint_url: str | None = None
    glue_database_prefix: str = "movie_lake"
    """aws mode: the tables' Iceberg catalog is Glue, databases `<prefix>_<layer>`."""

    _storage: LakeStorage | None = PrivateAttr(default=None)

    @classmethod
    def from_settings(cls, settings: Settings) -> "LakeResource":
        return cls(
            local_root=str(settings.local_root),
            bucket=settings.lake_bucket,
            prefix=settings.prefix,
            zone_buckets=dict(settings.zone_buckets),
            region=settings.aws_region,
            endpoint_url=settings.aws_endpoint_url,
            glue_database_prefix=settings.glue_database_prefix,
        )

    @property
    def storage(self) -> LakeStorage:
        if self._storage is None:
            if self.bucket:
                self._storage = LakeStorage.s3(self.bucket, self.prefix, self.region, self.endpoint_url, self.zone_buckets)
            else:
                self._storage = LakeStorage.local(self.local_root)
        return self._storage

    @property
    def tables(self) -> TableStore:
        return TableStore(self.storage, self.glue_database_prefix)
