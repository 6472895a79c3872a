"""The lake as a Dagster resource: a local folder or an S3 prefix, chosen by configuration."""
from __future__ import annotations

from dagster import ConfigurableResource
from pydantic import PrivateAttr

from movie_lake.settings import Settings
from movie_lake.lib.storage import LakeStorage, TableStore


class LakeResource(ConfigurableResource):
    mode: str = "local"
    local_root: str = ".movie_lake"
    bucket: str = ""
    prefix: str = "movie_lake"
    region: str = "us-east-1"
    endpoint_url: str | None = None

    _storage: LakeStorage | None = PrivateAttr(default=None)

    @classmethod
    def from_settings(cls, settings: Settings) -> "LakeResource":
        return cls(
            mode=settings.mode,
            local_root=str(settings.local_root),
            bucket=settings.bucket,
            prefix=settings.prefix,
            region=settings.aws_region,
            endpoint_url=settings.aws_endpoint_url,
        )

    @property
    def storage(self) -> LakeStorage:
        if self._storage is None:
            if self.mode == "aws":
                self._storage = LakeStorage.s3(self.bucket, self.prefix, self.region, self.endpoint_url)
            else:
                self._storage = LakeStorage.local(self.local_root)
        return self._storage

    @property
    def tables(self) -> TableStore:
        return TableStore(self.storage)
