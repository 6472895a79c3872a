"""`movie-lake history`, `rollback`, `expire-snapshots` and `migrate-tables`: the Iceberg tables'
snapshots, and the conversion of a lake written before the tables were Iceberg (registered by
`cli.build_parser`)."""
from __future__ import annotations

import sys
from datetime import datetime, timedelta, timezone

from movie_lake.settings import load_settings

def _table_schema(name: str):
    from movie_lake.lib.schemas import ALL_SCHEMAS
    from movie_lake.lib.storage.iceberg import ICEBERG_LAYERS

    schema = ALL_SCHEMAS.get(name)
    if schema is None or schema.layer not in ICEBERG_LAYERS:
        known = ", ".join(n for n, s in sorted(ALL_SCHEMAS.items()) if s.layer in ICEBERG_LAYERS)
        raise SystemExit(f"unknown table {name!r}; one of: {known}")
    return schema


def cmd_history(args) -> int:
    from movie_lake.defs.lake.lake_resource import LakeResource

    schema = _table_schema(args.table)
    listed = LakeResource.from_settings(load_settings()).tables.history(schema)
    if not listed:
        print(f"{schema.name}: never written")
        return 0
    print("| snapshot_id | committed (UTC) | operation | partition | rows added | rows removed | rows | run |  |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- | --- |")
    for s in listed:
        when = datetime.fromtimestamp(s["committed_at_ms"] / 1000, timezone.utc).strftime("%Y-%m-%d %H:%M:%S")
        print(f"| {s['snapshot_id']} | {when} | {s['operation']} | {s['partition']} | {s['rows_added']} | "
              f"{s['rows_removed']} | {s['total_rows']} | {s['run_id']} | {'current' if s['current'] else ''} |")
    return 0


def cmd_rollback(args) -> int:
    from movie_lake.cli.instance import persistent_instance
    from movie_lake.defs.lake.by_mode import resources_for

    settings = load_settings()
    schema, resources = _table_schema(args.table), resources_for(settings)
    try:
        changed = rollback_table(resources["lake"].tables, resources["catalog"], persistent_instance(settings), schema, args.to)
    except ValueError as error:
        print(error, file=sys.stderr)
        return 2
    shown = ", ".join(p or "(whole table)" for p in changed) or "nothing (that snapshot is the current state)"
    print(f"{schema.name} is at snapshot {args.to}; changed: {shown}. `movie-lake ingest` rebuilds what reads it.")
    return 0


def rollback_table(tables, catalog, instance, schema, snapshot_id: int) -> list[str]:
    """Restore a snapshot, then record it as a materialization of every partition it changed
    (returned; "" for an unpartitioned table), so the instance, and with it the plan of
    `movie-lake ingest`, sees the tables that read it as older than their input."""
    from dagster import AssetMaterialization, MetadataValue

    before = _files_by_partition(tables, schema)
    tables.rollback(schema, snapshot_id)
    after = _files_by_partition(tables, schema)
    catalog.register(schema)
    changed = sorted(p for p in set(before) | set(after) if before.get(p) != after.get(p))
    for partition in changed:
        instance.report_runless_asset_event(AssetMaterialization(
            schema.key_path, partition=partition or None, description=f"rolled back to snapshot {snapshot_id}",
            metadata={"snapshot_id": MetadataValue.text(str(snapshot_id)), "rolled_back": True}))
    return changed


def _files_by_partition(tables, schema) -> dict[str, frozenset[str]]:
    found: dict[str, set[str]] = {}
    for f in tables.current_files(schema):
        found.setdefault(f.partition[0] if schema.partition_column else "", set()).add(f.file_path)
    return {p: frozenset(paths) for p, paths in found.items()}


def cmd_expire_snapshots(args) -> int:
    from movie_lake.defs.lake.lake_resource import LakeResource

    tables = LakeResource.from_settings(load_settings()).tables
    older_than = datetime.now(timezone.utc) - timedelta(days=args.older_than_days)
    def each(schema, done: dict) -> None:
        if done["snapshots_expired"] or done["files_deleted"]:
            print(f"{schema.name}: {tables.expired_text(done)}")

    totals = tables.expire_all(older_than, args.keep, timedelta(minutes=args.grace_minutes),
                               [_table_schema(args.table)] if args.table else None, each)
    print(f"{totals['tables']} table(s): {tables.expired_text(totals)}")
    return 0


def cmd_migrate_tables(args) -> int:
    """Each `<table>/[<col>=<value>/]part-0.parquet` of the plain-Parquet layout becomes a commit
    of its Iceberg table; the old file is removed after its commit (so a re-run resumes)."""
    from movie_lake.defs.lake.by_mode import resources_for
    from movie_lake.lib.schemas import ALL_SCHEMAS
    import pyarrow.parquet as pq

    from movie_lake.lib.schemas.cast import cast_to_schema
    from movie_lake.lib.storage.tables import PART_FILE

    resources = resources_for(load_settings())
    tables = resources["lake"].tables
    storage, moved = tables.storage, 0
    for schema in (s for s in ALL_SCHEMAS.values() if tables.is_iceberg(s)):
        old = [f.key for f in storage.list_files(schema.name) if f.key.endswith("/" + PART_FILE) and "/data/" not in f.key]
        for key in old:
            inside = key[len(schema.name) + 1:]
            folder = inside.rsplit("/", 1)[0] if "/" in inside else ""
            partition = folder.split("=", 1)[1] if schema.partition_column and "=" in folder else None
            with storage.fs.open_input_file(storage.path(key)) as f:
                batches = (cast_to_schema(_with_declared(b, schema), schema) for b in pq.ParquetFile(f).iter_batches(65536))
                tables.write_batches(schema, batches, partition, {"movie_lake.migrated-from": key})
            storage.delete(key)
            moved += 1
        if old:
            resources["catalog"].register(schema)
            print(f"{schema.name}: {len(old)} file(s) → Iceberg")
    print(f"migrated {moved} file(s); the tables' history starts here")
    return 0


def _with_declared(batch, schema):
    """An old file lacks the columns declared after it was written: they read as null."""
    import pyarrow as pa

    table = pa.Table.from_batches([batch])
    for column in schema.columns:
        if column.name not in table.column_names:
            table = table.append_column(pa.field(column.name, column.type), pa.nulls(table.num_rows, column.type))
    return table


def add_commands(commands) -> None:
    history = commands.add_parser("history", help="list a table's snapshots (Iceberg): when, what, partition, rows, run",
                                  description="list a table's snapshots (Iceberg): when, what, partition, rows, run")
    history.add_argument("table", help="e.g. trusted/movies or refined/dim_movie")
    history.set_defaults(run=cmd_history)
    rollback = commands.add_parser("rollback", help="make an earlier snapshot the table's current state",
                                   description="make an earlier snapshot the table's current state; the tables that "
                                   "read it are rebuilt by the next `movie-lake ingest`")
    rollback.add_argument("table")
    rollback.add_argument("--to", type=int, required=True, metavar="SNAPSHOT_ID")
    rollback.set_defaults(run=cmd_rollback)
    expire = commands.add_parser(
        "expire-snapshots", help="forget old snapshots and delete the files nothing kept names",
        description="expire snapshots older than --older-than-days (keeping the newest --keep of each table), then delete "
        "each table's data and metadata files that no kept snapshot names and that are older than --grace-minutes")
    expire.add_argument("table", nargs="?", help="one table (default: every Iceberg table)")
    expire.add_argument("--older-than-days", type=float, default=7.0)
    expire.add_argument("--keep", type=int, default=5, help="snapshots each table keeps whatever their age")
    expire.add_argument("--grace-minutes", type=float, default=60.0,
                        help="files younger than this are kept even when unreferenced (a write may be about to commit them)")
    expire.set_defaults(run=cmd_expire_snapshots)
    _ = commands.add_parser("migrate-tables", help="convert a lake written in the plain-Parquet layout to Iceberg tables",
                            description="convert a lake written in the plain-Parquet layout (part-0.parquet per "
                            "partition) to Iceberg tables, in place").set_defaults(run=cmd_migrate_tables)
