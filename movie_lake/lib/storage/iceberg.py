"""The Iceberg side of the lake's tables: one catalog per lake, one commit per partition write.

Local mode keeps a SQL catalog in `<lake>/iceberg.db` (SQLite) with namespaces named after the
layers; aws mode keeps the tables in the Glue Data Catalog, in the databases `<prefix>_<layer>`
that Athena reads. A table's files live under `<layer>/<table>/`: `data/<col>=<value>/*.parquet`
and `metadata/`. pyiceberg is imported when a table is first touched (it takes a third of a
second to import).
"""
from __future__ import annotations

import fcntl
import logging
import os
import random
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from typing import TypeVar

import pyarrow.fs as pafs

from movie_lake.lib.schemas.base import DatasetSchema

ICEBERG_LAYERS = ("trusted", "refined", "analytics")
CATALOG_DB = "iceberg.db"
COMMIT_ATTEMPTS = 8
T = TypeVar("T")
TABLE_PROPERTIES = {"write.parquet.compression-codec": "zstd", "format-version": "2"}
RUN_ID_PROPERTY = "dagster.run-id"
PARTITION_PROPERTY = "movie_lake.partition"
BUILT_FROM_PROPERTY = "movie_lake.built-from"
"""A table built from SQL: the snapshot of each input it read (JSON), for the next incremental build."""


class _WithoutMissingStatisticsNotes(logging.Filter):
    """pyiceberg warns once per column of a written file that has no Parquet statistics for
    it: every column of an empty file, a column all null. The column then has no bounds in
    the manifest (no pruning on it), which is all there is to know; the demo printed 919 of
    these lines."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not str(record.msg).startswith("PyArrow statistics missing")


logging.getLogger("pyiceberg.io.pyarrow").addFilter(_WithoutMissingStatisticsNotes())


def retried_on_conflict(commit: Callable[[], T]) -> T:
    """`commit()`, made again (it reads the table's state anew) while it loses a race to another
    writer's commit, after a growing random pause; COMMIT_ATTEMPTS in all."""
    from pyiceberg.exceptions import CommitFailedException, ValidationException

    for attempt in range(COMMIT_ATTEMPTS):
        try:
            return commit()
        except (CommitFailedException, ValidationException):
            if attempt == COMMIT_ATTEMPTS - 1:
                raise
            time.sleep(random.uniform(0.05, 0.2) * 2 ** min(attempt, 4))
    raise AssertionError("unreachable")


def _transaction(table):
    """`table.transaction()`, reading its metadata once per change (see `_metadata_once_transaction`)."""
    return _metadata_once_transaction()(table)


@lru_cache(maxsize=1)
def _metadata_once_transaction():
    """pyiceberg's `Transaction` applies its updates to the table's metadata again, and deep-copies
    the result with every snapshot in it, on each read of `table_metadata`: 17 reads per overwrite
    commit, 65 % of a partition write's time on a table with 35 snapshots (79 ms → 34 ms per write
    with this). The metadata is a frozen model, so one result per (metadata, updates) is shared."""
    from pyiceberg.table import Transaction
    from pyiceberg.table.update import update_table_metadata

    class MetadataOnceTransaction(Transaction):
        _applied: tuple | None = None

        @property
        def table_metadata(self):
            applied = self._applied
            if applied is None or applied[0] is not self._table.metadata or applied[1] is not self._updates:
                applied = (self._table.metadata, self._updates, update_table_metadata(self._table.metadata, self._updates))
                self._applied = applied
            return applied[2]

    return MetadataOnceTransaction


class S3Retries(pafs.AwsDefaultS3RetryStrategy):
    """pyiceberg makes its own S3 filesystem; this gives it the lake's retries (`LakeStorage.s3`)."""

    def __init__(self):
        from movie_lake.lib.storage.files import S3_RETRIES

        super().__init__(max_attempts=S3_RETRIES.max_attempts)


@dataclass(frozen=True)
class IcebergCatalogConfig:
    """Where the catalog is: `local_root` (SQLite in the lake) or Glue (`region`, `endpoint_url`)."""

    local_root: str | None = None
    glue_database_prefix: str = "movie_lake"
    region: str = "us-east-1"
    endpoint_url: str | None = None

    def namespace(self, layer: str) -> str:
        return layer if self.local_root else f"{self.glue_database_prefix}_{layer}"

    def identifier(self, schema: DatasetSchema) -> tuple[str, str]:
        return self.namespace(schema.layer), schema.table_name


@lru_cache(maxsize=8)
def _catalog(config: IcebergCatalogConfig, pid: int, access_key_id: str | None, named_root: str | None):
    """One catalog per config, process (a forked run must not share the parent's connections),
    AWS identity (its clients keep the credentials they were made with) and, locally, the root
    the lake's files are named under (a moved lake's IO maps it to where the lake is now)."""
    if config.local_root:
        from pyiceberg.catalog.sql import SqlCatalog

        from movie_lake.lib.storage.named_root_io import NAMED_ROOT_PROPERTY, ROOT_PROPERTY

        os.makedirs(config.local_root, exist_ok=True)
        moved = {} if named_root == config.local_root else {
            "py-io-impl": "movie_lake.lib.storage.named_root_io.NamedRootFileIO",
            NAMED_ROOT_PROPERTY: named_root, ROOT_PROPERTY: config.local_root}
        with open(os.path.join(config.local_root, f".{CATALOG_DB}.lock"), "w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)  # opening creates the catalog's tables: one process at a time
            return SqlCatalog("movie_lake", uri=f"sqlite:///{os.path.join(config.local_root, CATALOG_DB)}",
                              warehouse=f"file://{named_root}", **moved)
    from pyiceberg.catalog.glue import GlueCatalog

    properties = {"glue.region": config.region, "s3.region": config.region,
                  "s3.retry-strategy-impl": f"{__name__}.S3Retries", "glue.retry-mode": "adaptive"}
    if config.endpoint_url:
        properties.update({"glue.endpoint": config.endpoint_url, "s3.endpoint": config.endpoint_url})
    return GlueCatalog("movie_lake", **properties)


_LIVE_FILES: OrderedDict[str, list] = OrderedDict()
LIVE_FILES_CACHED = 4096
"""Manifests whose live files are kept in memory. A manifest file is never rewritten (a commit
writes new ones), so what it lists is read once per process: the checks after a write, the view
and the next write's conflict scope would otherwise read the same manifests again, over S3 on aws."""


_LIVE_FILES_LOCK = threading.Lock()


def _live_files(manifest, io) -> list:
    with _LIVE_FILES_LOCK:
        found = _LIVE_FILES.get(manifest.manifest_path)
        if found is not None:
            _LIVE_FILES.move_to_end(manifest.manifest_path)
            return found
    found = [entry.data_file for entry in manifest.fetch_manifest_entry(io, discard_deleted=True)]
    with _LIVE_FILES_LOCK:
        _LIVE_FILES[manifest.manifest_path] = found
        if len(_LIVE_FILES) > LIVE_FILES_CACHED:
            _LIVE_FILES.popitem(last=False)
    return found


def _has_delete_files(snapshot, io) -> bool:
    from pyiceberg.manifest import ManifestContent

    return any(m.content == ManifestContent.DELETES and (m.added_files_count or m.existing_files_count) for m in snapshot.manifests(io))


def _may_hold(manifest, partitions: set[str] | None) -> bool:
    """Whether a manifest can list a live file of these partitions, from the manifest list alone.
    Each replace leaves a manifest that lists only the files it removed: those are skipped
    unread, and so are manifests whose partition bounds exclude every wanted value."""
    if manifest.added_files_count == 0 and manifest.existing_files_count == 0:
        return False
    if partitions is None or not manifest.partitions:
        return True
    bounds = manifest.partitions[0]
    if bounds.lower_bound is None or bounds.upper_bound is None:
        return True
    lower, upper = bounds.lower_bound.decode("utf-8"), bounds.upper_bound.decode("utf-8")
    return any(lower <= value <= upper for value in partitions)


class IcebergTables:
    def __init__(self, config: IcebergCatalogConfig):
        self.config = config

    @property
    def catalog(self):
        if self.config.local_root:
            from movie_lake.lib.storage.named_root import named_root

            return _catalog(self.config, os.getpid(), None, named_root(self.config.local_root))
        return _catalog(self.config, os.getpid(), os.environ.get("AWS_ACCESS_KEY_ID"), None)

    def load(self, schema: DatasetSchema):
        """The table, or None when it was never created."""
        from pyiceberg.exceptions import NoSuchTableError

        try:
            return self.catalog.load_table(self.config.identifier(schema))
        except NoSuchTableError:
            return None

    def ensure(self, schema: DatasetSchema, location: str):
        """The table, created from the declaration when absent; a newly declared column is added
        to its schema (files written before read it as null)."""
        from pyiceberg.exceptions import CommitFailedException, TableAlreadyExistsError

        table = self.load(schema)
        if table is None:
            namespace, name = self.config.identifier(schema)
            self._create_namespace(namespace)
            try:
                with self.catalog.create_table_transaction((namespace, name), schema=schema.read_schema, location=location,
                                                           properties=TABLE_PROPERTIES) as create:
                    # the files carry no Iceberg field ids: readers match their columns by name
                    create.set_properties(**{"schema.name-mapping.default": create.table_metadata.schema().name_mapping.model_dump_json()})
                    if schema.partition_column:
                        with create.update_spec() as spec:
                            spec.add_identity(schema.partition_column)
            except (TableAlreadyExistsError, CommitFailedException):
                pass  # another run created it first (the SQL catalog reports that as a failed commit)
            table = self.load(schema)
            if table is None:
                raise RuntimeError(f"{schema.name}: the Iceberg table could not be created")
        missing = [n for n in schema.read_schema.names if n not in {f.name for f in table.schema().fields}]
        if missing:
            with table.update_schema() as update:
                update.union_by_name(schema.read_schema)
            table = self.load(schema)
        return table

    def _create_namespace(self, namespace: str) -> None:
        """The namespace, unless it exists. Two processes creating it at once: the SQL catalog checks,
        then inserts, so the one that loses the race gets the database's unique-key error."""
        from pyiceberg.exceptions import NamespaceAlreadyExistsError

        try:
            self.catalog.create_namespace(namespace)
        except NamespaceAlreadyExistsError:
            pass
        except Exception as error:
            if type(error).__name__ != "IntegrityError" or namespace not in {n[0] for n in self.catalog.list_namespaces()}:
                raise

    def replace_partitions(self, schema: DatasetSchema, location: str, files: dict[str | None, str],
                           properties: dict[str, str]) -> int:
        """Make each file its partition's only data file (`{None: file}`: the whole unpartitioned
        table's), all in one snapshot (a run over a range of months commits once per table);
        returns its id. pyiceberg rebases a commit over
        concurrent commits to other partitions; one that lost a race for the same partition is
        redone on the new state (the later writer's file wins, as a partition replace should)."""
        from pyiceberg.expressions import AlwaysTrue, EqualTo, In
        from pyiceberg.io.pyarrow import parquet_file_to_data_file

        partitions = list(files)
        whole = partitions == [None]
        summary = {k: v for k, v in {**properties, PARTITION_PROPERTY: ",".join(p or "" for p in partitions)}.items() if v}
        replaced = AlwaysTrue() if whole else EqualTo(schema.partition_column, partitions[0]) if len(partitions) == 1 \
            else In(schema.partition_column, partitions)

        def commit() -> int:
            table = self.ensure(schema, location)
            current = self.data_files(table, schema, None if whole else partitions)
            if any(f.file_path in files.values() for f in current):
                return table.current_snapshot().snapshot_id  # an attempt whose answer was lost did land
            with _transaction(table) as tx:
                added = []
                for partition, file_uri in files.items():
                    data_file = parquet_file_to_data_file(table.io, tx.table_metadata, file_uri)
                    if partition is not None:
                        data_file.partition[0] = partition  # not in the statistics of an empty file
                    added.append(data_file)
                with tx.update_snapshot(snapshot_properties=summary).overwrite() as overwrite:
                    # what counts as a conflict: another commit to these partitions, not to the others
                    overwrite.delete_by_predicate(replaced)
                    for stale in current:
                        overwrite.delete_data_file(stale)
                    for data_file in added:
                        overwrite.append_data_file(data_file)
            return table.current_snapshot().snapshot_id

        return retried_on_conflict(commit)

    @staticmethod
    def data_files(table, schema: DatasetSchema, partitions: list[str] | None = None, snapshot_id: int | None = None) -> list:
        """The data files of the current snapshot (or `snapshot_id`), of some partitions or all.
        Read from the manifests, not planned as a scan: a scan skips files with no rows, and an
        empty partition is still a written partition."""
        from pyiceberg.manifest import ManifestContent

        if partitions is not None and schema.partition_column is None:
            raise ValueError(f"{schema.name} is not partitioned")
        snapshot = table.current_snapshot() if snapshot_id is None else table.snapshot_by_id(snapshot_id)
        if snapshot is None:
            return []
        wanted = None if partitions is None else set(partitions)
        live = [m for m in snapshot.manifests(table.io) if m.content == ManifestContent.DATA and _may_hold(m, wanted)]
        files = [f for manifest in live for f in _live_files(manifest, table.io) if wanted is None or f.partition[0] in wanted]
        return sorted(files, key=lambda f: f.file_path)

    def swap_files(self, schema: DatasetSchema, location: str, removed: list, added_uris: list[str], properties: dict[str, str]) -> int:
        """One snapshot that removes the data files `removed` (as `data_files` gave them) and adds
        the files at `added_uris`; returns its id. Fails with CommitFailedException when another
        commit changed the table meanwhile: the caller plans again from the new state
        (`retried_on_conflict`)."""
        from pyiceberg.io.pyarrow import parquet_file_to_data_file

        table = self.ensure(schema, location)
        with _transaction(table) as tx:
            with tx.update_snapshot(snapshot_properties={k: v for k, v in properties.items() if v}).overwrite() as overwrite:
                for stale in removed:
                    overwrite.delete_data_file(stale)
                for uri in added_uris:
                    overwrite.append_data_file(parquet_file_to_data_file(table.io, tx.table_metadata, uri))
        return self.load(schema).current_snapshot().snapshot_id

    def changed_files(self, schema: DatasetSchema, since_snapshot_id: int, until_snapshot_id: int) -> tuple[list, list] | None:
        """(data files added, data files removed) between two snapshots; None when
        `since_snapshot_id` is gone (expired) or either snapshot has delete files."""
        table = self.load(schema)
        if table is None or table.snapshot_by_id(since_snapshot_id) is None or table.snapshot_by_id(until_snapshot_id) is None:
            return None
        if any(_has_delete_files(table.snapshot_by_id(s), table.io) for s in (since_snapshot_id, until_snapshot_id)):
            return None
        before = {f.file_path: f for f in self.data_files(table, schema, snapshot_id=since_snapshot_id)}
        after = {f.file_path: f for f in self.data_files(table, schema, snapshot_id=until_snapshot_id)}
        return [after[p] for p in sorted(after.keys() - before.keys())], [before[p] for p in sorted(before.keys() - after.keys())]

    @staticmethod
    def rows_with_deletes_applied(table, schema: DatasetSchema, columns: list[str], partitions: list[str] | None = None,
                                  snapshot_id: int | None = None):
        """The rows as pyiceberg's scan reads them, when the snapshot has delete files (an engine
        that writes merge-on-read, as Athena's MERGE, UPDATE and DELETE do); None when it has none,
        so its data files are the rows and can be handed to a reader as they are."""
        from pyiceberg.expressions import AlwaysTrue, In

        snapshot = table.current_snapshot() if snapshot_id is None else table.snapshot_by_id(snapshot_id)
        if snapshot is None or not _has_delete_files(snapshot, table.io):
            return None
        row_filter = AlwaysTrue() if partitions is None else In(schema.partition_column, partitions)
        return table.scan(row_filter=row_filter, selected_fields=tuple(columns), snapshot_id=snapshot.snapshot_id).to_arrow()

    def history(self, schema: DatasetSchema) -> list[dict]:
        """Every snapshot, oldest first: when, what, which partition, rows added and removed, the run."""
        table = self.load(schema)
        if table is None:
            return []
        current = table.current_snapshot().snapshot_id if table.current_snapshot() else None
        listed = []
        for snapshot in table.snapshots():
            summary = snapshot.summary.additional_properties if snapshot.summary else {}
            listed.append({
                "snapshot_id": snapshot.snapshot_id, "committed_at_ms": snapshot.timestamp_ms,
                "operation": snapshot.summary.operation.value if snapshot.summary else "",
                "partition": summary.get(PARTITION_PROPERTY, ""), "rows_added": int(summary.get("added-records", 0)),
                "rows_removed": int(summary.get("deleted-records", 0)),
                # rows a delete file (an engine's merge-on-read) removes are not in total-records' files any more
                "total_rows": int(summary.get("total-records", 0)) - int(summary.get("total-position-deletes", 0)),
                "total_bytes": int(summary.get("total-files-size", 0)),
                "run_id": summary.get(RUN_ID_PROPERTY, ""), "current": snapshot.snapshot_id == current,
            })
        return listed

    def expire_snapshots(self, schema: DatasetSchema, older_than_ms: int, keep_last: int) -> list[int]:
        """Forget the snapshots committed before `older_than_ms`, except the newest `keep_last` and
        the current one (one metadata commit); returns their ids. Their files stay until swept."""
        table = self.load(schema)
        if table is None:
            return []
        current = table.current_snapshot().snapshot_id if table.current_snapshot() else None
        newest = {s.snapshot_id for s in sorted(table.snapshots(), key=lambda s: s.timestamp_ms)[-keep_last:]} if keep_last else set()
        expired = [s.snapshot_id for s in table.snapshots()
                   if s.timestamp_ms < older_than_ms and s.snapshot_id not in newest and s.snapshot_id != current]
        if expired:
            table.maintenance.expire_snapshots().by_ids(expired).commit()
        return expired

    def referenced_files(self, schema: DatasetSchema) -> set[str]:
        """Every file a kept snapshot or the metadata log names: metadata files, manifest lists,
        manifests, and the live data and delete files of each kept snapshot."""
        table = self.load(schema)
        if table is None:
            return set()
        metadata = table.metadata
        referenced = {table.metadata_location, *(entry.metadata_file for entry in metadata.metadata_log)}
        for snapshot in table.snapshots():
            referenced.add(snapshot.manifest_list)
            for manifest in snapshot.manifests(table.io):
                referenced.add(manifest.manifest_path)
                referenced.update(f.file_path for f in _live_files(manifest, table.io))
        return referenced

    def rollback(self, schema: DatasetSchema, snapshot_id: int) -> None:
        """Make `snapshot_id` the table's current state again (one metadata commit; no data moves)."""
        table = self.load(schema)
        if table is None or table.snapshot_by_id(snapshot_id) is None:
            raise ValueError(f"{schema.name} has no snapshot {snapshot_id}")
        table.manage_snapshots().set_current_snapshot(snapshot_id=snapshot_id).commit()
