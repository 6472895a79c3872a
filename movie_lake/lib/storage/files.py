"""Bytes and listings under the lake root, local or on S3, through one pyarrow filesystem."""
from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
import stat
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TypeVar
from dataclasses import dataclass
from functools import cached_property
from datetime import datetime, timezone
from urllib.parse import urlparse

import pyarrow as pa
import pyarrow.fs as pafs

from movie_lake.lib.aws import MAX_ATTEMPTS, aws_client
from movie_lake.lib.storage.local_temporaries import temporary_path
from movie_lake.lib.storage.named_root import named_root, relocated

CHUNK = 8 * 1024 * 1024
STREAM_ATTEMPTS = 6
S3_RETRIES = pafs.AwsDefaultS3RetryStrategy(max_attempts=MAX_ATTEMPTS)
"""Exponential backoff from 25 ms (25.6 s in all over 10 attempts). The SDK's standard strategy
waits about a second before each retry, which made an ingest through 10 % injected 5xx 4× slower."""
T = TypeVar("T")


class LandedVersionChanged(RuntimeError):
    """The object is no longer the version a run was asked to copy."""


@dataclass(frozen=True)
class LakeFile:
    """A file under the lake root; `key` is relative to the root, always with `/`."""

    key: str
    size: int
    modified: datetime
    version: str = ""
    """What tells this version of the object from another: `inode-mtime_ns-size` locally,
    the ETag on S3 (plus `@VersionId` once pinned in a versioned bucket)."""
    refused: str | None = None
    """Why this entry can't be read as data (a symlink, a special file, a name that is not UTF-8)."""


LISTING_ATTEMPTS = 10


class LakeStorage:
    def __init__(self, filesystem: pafs.FileSystem, root: str, uri: str, s3_client=None,
                 zone_roots: dict[str, str] | None = None):
        """`zone_roots`: top-level folders (zones) kept under another root, e.g. `{"raw": "landing-bucket/prefix"}`."""
        self.fs = filesystem
        self.root = root.rstrip("/")
        self.uri = uri
        self.s3_client = s3_client
        self.is_local = s3_client is None
        self.zone_roots = {zone: zone_root.rstrip("/") for zone, zone_root in (zone_roots or {}).items()}
        self.region, self.endpoint_url = "us-east-1", None

    @classmethod
    def local(cls, root: str | os.PathLike) -> "LakeStorage":
        path = os.path.abspath(root)
        os.makedirs(path, exist_ok=True)
        return cls(pafs.LocalFileSystem(), path, path)

    @classmethod
    def s3(cls, bucket: str, prefix: str, region: str, endpoint_url: str | None = None,
           zone_buckets: dict[str, str] | None = None) -> "LakeStorage":
        options: dict = {"region": region, "retry_strategy": S3_RETRIES}
        if endpoint_url:
            parsed = urlparse(endpoint_url)
            options.update(endpoint_override=parsed.netloc, scheme=parsed.scheme or "https")
        def root(of_bucket: str) -> str:
            return f"{of_bucket}/{prefix.strip('/')}".rstrip("/")

        client = aws_client("s3", region, endpoint_url)
        zone_roots = {zone: root(zone_bucket) for zone, zone_bucket in (zone_buckets or {}).items()}
        storage = cls(pafs.S3FileSystem(**options), root(bucket), f"s3://{root(bucket)}", client, zone_roots)
        storage.region, storage.endpoint_url = region, endpoint_url
        return storage

    def root_of(self, key: str) -> str:
        """The root a key lives under: its zone's, or the lake's."""
        return self.zone_roots.get(key.split("/", 1)[0], self.root)

    def path(self, key: str) -> str:
        if key.startswith("/") or ".." in key.split("/"):
            raise ValueError(f"lake key {key!r} escapes the lake root")
        return f"{self.root_of(key)}/{key}".rstrip("/")

    def uri_of(self, key: str) -> str:
        return f"s3://{self.path(key)}" if not self.is_local else f"{self.uri}/{key}"

    @cached_property
    def named_root(self) -> str:
        """The root a table format names this lake's files under (`named_root.py`): where a
        local lake was created, wherever it is now."""
        return named_root(self.root) if self.is_local else self.root

    def table_uri(self, key: str) -> str:
        """The URI a table format names `key` by: `file://<named root>/key`, `s3://bucket/prefix/key`."""
        return f"file://{self.named_root}/{key}" if self.is_local else self.uri_of(key)

    def fs_path(self, uri: str) -> str:
        """`file:///lake/x` or `s3://bucket/x` (as a table format names its files) → the path `fs` opens."""
        scheme, sep, rest = uri.partition("://")
        path = rest if sep and scheme in ("file", "s3", "s3a") else uri
        return relocated(path, self.named_root, self.root) if self.is_local else path

    def retried(self, read: Callable[[], T]) -> T:
        """`read()`, again after a dropped S3 stream (pyarrow's own retries cover requests
        that get an answer, not a response stream cut half-way). Reads are idempotent."""
        for attempt in range(STREAM_ATTEMPTS):
            try:
                return read()
            except OSError as error:
                if self.is_local or isinstance(error, FileNotFoundError) or attempt == STREAM_ATTEMPTS - 1:
                    raise
                time.sleep(0.2 * 2 ** attempt)
        raise AssertionError("unreachable")

    def exists(self, key: str) -> bool:
        return self.retried(lambda: self.fs.get_file_info(self.path(key)).type != pafs.FileType.NotFound)

    def list_files(self, prefix: str) -> list[LakeFile]:
        """Every file below `prefix` (recursively), sorted by key; empty when the prefix is absent."""
        selector = pafs.FileSelector(self.path(prefix), recursive=True, allow_not_found=True)
        skip = len(self.root_of(prefix)) + 1
        files = [
            LakeFile(info.path[skip:], info.size, _utc(info.mtime))
            for info in self._listed(selector)
            if info.type == pafs.FileType.File
        ]
        return sorted(files, key=lambda f: f.key)

    def _listed(self, selector: pafs.FileSelector) -> list[pafs.FileInfo]:
        """pyarrow reports a folder missing when it finds none, then asks again and finds one:
        another process (a second ingest) made it in between. Listing again sees it settled."""
        for attempt in range(LISTING_ATTEMPTS):
            try:
                return self.retried(lambda: self.fs.get_file_info(selector))
            except FileNotFoundError:
                if attempt == LISTING_ATTEMPTS - 1:
                    raise
        raise AssertionError("unreachable")

    def read_bytes(self, key: str) -> bytes:
        def read() -> bytes:
            with self.fs.open_input_stream(self.path(key), compression=None) as stream:
                return stream.read()

        return self.retried(read)

    def open_stream(self, key: str):
        """A binary input stream on the object (a context manager with `read(n)`), for
        readers that must not hold a whole large file in memory. On S3 a read that loses
        its connection reopens the object at the same offset."""
        if self.is_local:
            return self.fs.open_input_stream(self.path(key), compression=None)
        return ResumingStream(self, self.path(key))

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
        with self.output_stream(key) as out:
            out.write(data)

    def write_file(self, key: str, local_path: str) -> None:
        """`write_bytes` for a local file too large to hold in memory: one upload on S3 (a
        multipart upload's object appears only once complete), a copy renamed over the
        target locally."""
        target = self.path(key)
        if not self.is_local:
            bucket, object_key = target.split("/", 1)
            self.s3_client.upload_file(local_path, bucket, object_key)
            return
        with self.output_stream(key) as out, open(local_path, "rb") as source:
            shutil.copyfileobj(source, out, CHUNK)

    @contextmanager
    def output_stream(self, key: str) -> Iterator[pa.NativeFile]:
        """A stream that becomes `key` whole when the block ends without error (nothing of it
        otherwise): locally a hidden file in the target folder renamed over the target, on S3 a
        local temporary file uploaded at the end."""
        if not self.is_local:
            with tempfile.TemporaryDirectory(prefix="movie_lake_write_") as folder:
                path = os.path.join(folder, "object")
                with pa.OSFile(path, "wb") as stream:
                    yield stream
                self.write_file(key, path)
            return
        target = self.path(key)
        folder = target.rsplit("/", 1)[0]
        self.fs.create_dir(folder, recursive=True)
        tmp = temporary_path(folder, "write")
        try:
            with self.fs.open_output_stream(tmp, compression=None) as stream:
                yield stream
            self.fs.move(tmp, target)
        finally:
            if self.fs.get_file_info(tmp).type != pafs.FileType.NotFound:
                self.fs.delete_file(tmp)

    def list_objects(self, prefix: str) -> list[LakeFile]:
        """Every entry below `prefix` with its version, including those refused as data:
        locally symlinks (never followed) and special files are listed with `refused` set,
        so nothing outside the lake is ever read through them."""
        return self._list_s3_objects(prefix) if not self.is_local else self._list_local_objects(prefix)

    def _list_local_objects(self, prefix: str) -> list[LakeFile]:
        top = self.path(prefix)
        found = []
        for folder, dirs, names in os.walk(top):
            for name in [*names, *(d for d in dirs if os.path.islink(os.path.join(folder, d)))]:
                path = os.path.join(folder, name)
                key = path[len(self.root) + 1 :].replace(os.sep, "/")
                try:
                    info = os.lstat(path)
                except FileNotFoundError:
                    continue
                refused = None
                if stat.S_ISLNK(info.st_mode):
                    refused = "symbolic link (links are never followed out of the lake)"
                elif not stat.S_ISREG(info.st_mode):
                    refused = "not a regular file (fifo, socket or device)"
                try:
                    key.encode("utf-8")
                except UnicodeEncodeError:
                    key = key.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
                    refused = "file name is not valid UTF-8"
                modified = datetime.fromtimestamp(info.st_mtime_ns / 1e9, timezone.utc)
                found.append(LakeFile(key, info.st_size, modified, _local_version(info), refused))
        return sorted(found, key=lambda f: f.key)

    def _list_s3_objects(self, prefix: str) -> list[LakeFile]:
        bucket, key_prefix = self.path(prefix).split("/", 1)
        root = self.root_of(prefix)
        skip = len(root.split("/", 1)[1]) + 1 if "/" in root else 0
        found = []
        for page in self.s3_client.get_paginator("list_objects_v2").paginate(Bucket=bucket, Prefix=key_prefix.rstrip("/") + "/"):
            for o in page.get("Contents", []):
                found.append(LakeFile(o["Key"][skip:], o["Size"], _utc(o["LastModified"]), o["ETag"].strip('"')))
        return sorted(found, key=lambda f: f.key)

    def pinned(self, f: LakeFile) -> LakeFile:
        """On a versioned bucket, the version with its VersionId, so a later copy takes
        exactly these bytes even when the key is overwritten meanwhile."""
        if self.is_local or "@" in f.version:
            return f
        bucket, key = self.path(f.key).split("/", 1)
        head = self.s3_client.head_object(Bucket=bucket, Key=key, IfMatch=f'"{f.version}"')
        version_id = head.get("VersionId")
        return f if version_id in (None, "null") else LakeFile(f.key, f.size, f.modified, f"{f.version}@{version_id}")

    def copy_verified(self, src: LakeFile, dst_key_for: Callable[[str], str]) -> tuple[str, str]:
        """Copy exactly version `src.version` of `src.key` to `dst_key_for(sha256)`; returns
        (destination key, sha256). The destination appears whole or not at all (local: a
        dot-file renamed after its size and hash are checked; S3: one server-side copy of
        that version, then its size and ETag are checked). Raises `LandedVersionChanged`
        when the object is no longer that version."""
        if self.is_local:
            return self._copy_local(src, dst_key_for)
        return self._copy_s3(src, dst_key_for)

    def _copy_local(self, src: LakeFile, dst_key_for: Callable[[str], str]) -> tuple[str, str]:
        path = self.path(src.key)
        self._check_local_version(path, src)
        staging = self.path(dst_key_for("staging")).rsplit("/", 2)[0]
        os.makedirs(staging, exist_ok=True)
        tmp = temporary_path(staging, "copy")
        digest = hashlib.sha256()
        try:
            with open(path, "rb") as source, open(tmp, "wb") as out:
                while chunk := source.read(CHUNK):
                    digest.update(chunk)
                    out.write(chunk)
                out.flush()
                os.fsync(out.fileno())
            self._check_local_version(path, src)
            sha = digest.hexdigest()
            if os.path.getsize(tmp) != src.size or _file_sha256(tmp) != sha:
                raise OSError(f"copy of {src.key} does not match it after writing (size or sha256 differs)")
            key = dst_key_for(sha)
            os.makedirs(os.path.dirname(self.path(key)), exist_ok=True)
            os.replace(tmp, self.path(key))
            return key, sha
        finally:
            if os.path.exists(tmp):
                os.remove(tmp)

    def _check_local_version(self, path: str, src: LakeFile) -> None:
        try:
            info = os.lstat(path)
        except FileNotFoundError:
            raise LandedVersionChanged(f"{src.key} is gone since this run was requested") from None
        if not stat.S_ISREG(info.st_mode):
            raise LandedVersionChanged(f"{src.key} is no longer a regular file")
        if src.version and _local_version(info) != src.version:
            raise LandedVersionChanged(
                f"{src.key} changed since this run was requested (version {src.version}, now {_local_version(info)}); "
                "the new version is ingested by a run of its own"
            )

    def _copy_s3(self, src: LakeFile, dst_key_for: Callable[[str], str]) -> tuple[str, str]:
        bucket, key = self.path(src.key).split("/", 1)
        etag, _, version_id = src.version.partition("@")
        pin = {"VersionId": version_id} if version_id else {"IfMatch": f'"{etag}"'} if etag else {}
        try:
            body = self.s3_client.get_object(Bucket=bucket, Key=key, **pin)["Body"]
            digest = hashlib.sha256()
            for chunk in body.iter_chunks(CHUNK):
                digest.update(chunk)
        except self.s3_client.exceptions.ClientError as error:
            if error.response.get("Error", {}).get("Code") in ("PreconditionFailed", "412", "NoSuchKey", "NoSuchVersion"):
                raise LandedVersionChanged(f"{src.key} is no longer version {src.version}") from error
            raise
        sha = digest.hexdigest()
        dst = dst_key_for(sha)
        dst_bucket, dst_object = self.path(dst).split("/", 1)
        source = {"Bucket": bucket, "Key": key, **({"VersionId": version_id} if version_id else {})}
        extra = {"CopySourceIfMatch": f'"{etag}"'} if etag and not version_id else {}
        self.s3_client.copy_object(Bucket=dst_bucket, Key=dst_object, CopySource=source, **extra)
        head = self.s3_client.head_object(Bucket=dst_bucket, Key=dst_object)
        if head["ContentLength"] != src.size or (etag and head["ETag"].strip('"') != etag):
            self.s3_client.delete_object(Bucket=dst_bucket, Key=dst_object)
            raise OSError(f"copy of {src.key} does not match it (size or ETag differs)")
        return dst, sha

    def delete(self, key: str) -> None:
        self.fs.delete_file(self.path(key))


class ResumingStream:
    """Sequential reads of an S3 object that survive a dropped connection."""

    def __init__(self, storage: LakeStorage, path: str):
        self.storage, self.path, self.offset = storage, path, 0
        self.file = storage.retried(lambda: storage.fs.open_input_file(path))

    def read(self, size: int = -1) -> bytes:
        def attempt() -> bytes:
            try:
                return self.file.read_at(size if size >= 0 else self.file.size() - self.offset, self.offset)
            except OSError:
                self.file = self.storage.fs.open_input_file(self.path)
                raise

        data = self.storage.retried(attempt)
        self.offset += len(data)
        return data

    def close(self) -> None:
        self.file.close()

    def __enter__(self) -> "ResumingStream":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def _local_version(info: os.stat_result) -> str:
    return f"{info.st_ino}-{info.st_mtime_ns}-{info.st_size}"


def _file_sha256(path: str) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        while chunk := f.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def _utc(mtime: datetime | None) -> datetime:
    if mtime is None:
        return datetime.fromtimestamp(0, timezone.utc)
    return mtime if mtime.tzinfo else mtime.replace(tzinfo=timezone.utc)
