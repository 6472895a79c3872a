"""Bytes and listings under the lake root, local or on S3, through one pyarrow filesystem."""
from __future__ import annotations

import hashlib
import os
import uuid
from dataclasses import dataclass
from datetime import datetime, timezone
from urllib.parse import urlparse

import pyarrow as pa
import pyarrow.fs as pafs

from movie_lake.lib.aws import aws_client

CHUNK = 8 * 1024 * 1024


@dataclass(frozen=True)
class LakeFile:
    """A file under the lake root; `key` is relative to the root, always with `/`."""

    key: str
    size: int
    modified: datetime


class LakeStorage:
    def __init__(self, filesystem: pafs.FileSystem, root: str, uri: str, s3_client=None):
        self.fs = filesystem
        self.root = root.rstrip("/")
        self.uri = uri
        self.s3_client = s3_client
        self.is_local = s3_client is None

    @classmethod
    def local(cls, root: str | os.PathLike) -> "LakeStorage":
        path = os.path.abspath(root)
        os.makedirs(path, exist_ok=True)
        return cls(pafs.LocalFileSystem(), path, path)

    @classmethod
    def s3(cls, bucket: str, prefix: str, region: str, endpoint_url: str | None = None) -> "LakeStorage":
        options: dict = {"region": region}
        if endpoint_url:
            parsed = urlparse(endpoint_url)
            options.update(endpoint_override=parsed.netloc, scheme=parsed.scheme or "https")
        root = f"{bucket}/{prefix.strip('/')}".rstrip("/")
        client = aws_client("s3", region, endpoint_url)
        return cls(pafs.S3FileSystem(**options), root, f"s3://{root}", client)

    def path(self, key: str) -> str:
        if key.startswith("/") or ".." in key.split("/"):
            raise ValueError(f"lake key {key!r} escapes the lake root")
        return f"{self.root}/{key}".rstrip("/")

    def uri_of(self, key: str) -> str:
        return f"{self.uri}/{key}"

    def exists(self, key: str) -> bool:
        return self.fs.get_file_info(self.path(key)).type != pafs.FileType.NotFound

    def list_files(self, prefix: str) -> list[LakeFile]:
        """Every file below `prefix` (recursively), sorted by key; empty when the prefix is absent."""
        selector = pafs.FileSelector(self.path(prefix), recursive=True, allow_not_found=True)
        files = [
            LakeFile(info.path[len(self.root) + 1 :], info.size, _utc(info.mtime))
            for info in self.fs.get_file_info(selector)
            if info.type == pafs.FileType.File
        ]
        return sorted(files, key=lambda f: f.key)

    def read_bytes(self, key: str) -> bytes:
        with self.fs.open_input_stream(self.path(key), compression=None) as stream:
            return stream.read()

    def open_stream(self, key: str):
        """A binary input stream on the object (a context manager with `read(n)`), for
        readers that must not hold a whole large file in memory."""
        return self.fs.open_input_stream(self.path(key), compression=None)

    def write_bytes(self, key: str, data: bytes | pa.Buffer, content_type: str | None = None) -> None:
        """Write a whole object so readers see the old one or the new one, never a part.

        On S3 one PutObject is atomic (pyarrow's output stream would complete a partial
        upload when closed after an error). Locally the bytes go to a dot-file, which
        dataset readers skip, renamed over the target.
        """
        target = self.path(key)
        if not self.is_local:
            bucket, object_key = target.split("/", 1)
            extra = {"ContentType": content_type} if content_type else {}
            body = pa.BufferReader(data) if isinstance(data, pa.Buffer) else data
            self.s3_client.put_object(Bucket=bucket, Key=object_key, Body=body, **extra)
            return
        folder, name = target.rsplit("/", 1)
        self.fs.create_dir(folder, recursive=True)
        tmp = f"{folder}/.{name}.{uuid.uuid4().hex}.tmp"
        try:
            with self.fs.open_output_stream(tmp, compression=None) as out:
                out.write(data)
            self.fs.move(tmp, target)
        finally:
            if self.fs.get_file_info(tmp).type != pafs.FileType.NotFound:
                self.fs.delete_file(tmp)

    def copy(self, src_key: str, dst_key: str) -> None:
        """Byte-for-byte copy inside the lake (server-side on S3)."""
        dst = self.path(dst_key)
        if self.is_local:
            self.fs.create_dir(dst.rsplit("/", 1)[0], recursive=True)
        self.fs.copy_file(self.path(src_key), dst)

    def sha256(self, key: str) -> str:
        digest = hashlib.sha256()
        with self.fs.open_input_stream(self.path(key), compression=None) as stream:
            while chunk := stream.read(CHUNK):
                digest.update(chunk)
        return digest.hexdigest()

    def delete(self, key: str) -> None:
        self.fs.delete_file(self.path(key))


def _utc(mtime: datetime | None) -> datetime:
    if mtime is None:
        return datetime.fromtimestamp(0, timezone.utc)
    return mtime if mtime.tzinfo else mtime.replace(tzinfo=timezone.utc)
