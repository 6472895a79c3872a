"""Trusted, refined and analytics tables are Iceberg tables: history, rollback to a snapshot with
the lineage rebuilt from it, concurrent commits that lose no writer's partition, and the
conversion of a lake written in the older plain-Parquet layout."""
from __future__ import annotations

import argparse
import csv
import gzip
import io
import multiprocessing
import os
import time

import pyarrow as pa
import pyarrow.parquet as pq
import duckdb

from movie_lake.cli.tables import cmd_expire_snapshots, cmd_migrate_tables, rollback_table
from movie_lake.defs.lake.by_mode import resources_for
from movie_lake.lib.sample_landing import sample_files
from movie_lake.lib.schemas import schema_for
from movie_lake.lib.storage import LakeStorage, TableStore

from movie_lake_tests.conftest import data_file_keys, ingest, lake_table, storage_for, tables_for
from movie_lake_tests.position_deletes import commit_position_deletes

MOVIES = schema_for("trusted/movies")
MOVIES_FILE = next(p for p in sample_files() if p.parent.name == "tmdb_movies")


def _truncated(csv_gz: bytes, records: int) -> bytes:
    """The same export cut after `records` records: parses cleanly, but most movies are gone."""
    rows = list(csv.reader(io.StringIO(gzip.decompress(csv_gz).decode("utf-8"))))
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows[: records + 1])
    return gzip.compress(out.getvalue().encode("utf-8"))


def _sorted(table: pa.Table, key: str) -> list[dict]:
    return sorted(table.to_pylist(), key=lambda row: row[key])


def test_a_damaged_file_relanded_over_a_good_one_is_rolled_back_and_refined_rebuilt_from_it(local_settings, instance):
    storage, tables = storage_for(local_settings), tables_for(local_settings)
    landing_key = f"landing/tmdb_movies/{MOVIES_FILE.name}"
    storage.write_bytes(landing_key, MOVIES_FILE.read_bytes())
    assert ingest(local_settings, instance).ok
    [good_file] = data_file_keys(local_settings, "trusted/movies")
    good_bytes = storage.read_bytes(good_file)
    good_dim_movie = _sorted(lake_table(local_settings, "refined/dim_movie"), "movie_id")
    good_snapshot = tables.history(MOVIES)[-1]["snapshot_id"]

    storage.write_bytes(landing_key, _truncated(MOVIES_FILE.read_bytes(), 5))
    assert ingest(local_settings, instance).ok
    assert lake_table(local_settings, "trusted/movies").num_rows == 5
    assert lake_table(local_settings, "refined/dim_movie").num_rows == 5

    resources = resources_for(local_settings)
    changed = rollback_table(tables, resources["catalog"], instance, MOVIES, good_snapshot)
    assert changed == [MOVIES_FILE.name]
    assert data_file_keys(local_settings, "trusted/movies") == [good_file]
    assert storage.read_bytes(good_file) == good_bytes, "the restored table is the very file it was"
    history = tables.history(MOVIES)
    assert history[-1]["snapshot_id"] != good_snapshot and [h["snapshot_id"] for h in history if h["current"]] == [good_snapshot]

    report = ingest(local_settings, instance)
    assert report.ok
    rebuilt = {s.asset for s in report.steps}
    assert "refined/dim_movie" in rebuilt and "trusted/movies" not in rebuilt, "the rollback is the newest trusted state"
    assert _sorted(lake_table(local_settings, "refined/dim_movie"), "movie_id") == good_dim_movie
    with duckdb.connect(str(local_settings.local_root / "catalog.duckdb"), read_only=True) as catalog:
        assert catalog.sql("select count(*) from trusted.movies").fetchall()[0][0] == len(good_dim_movie)


def _write_partitions(root: str, writer: str, count: int) -> None:
    tables = TableStore(LakeStorage.local(root))
    for i in range(count):
        rows = pa.Table.from_pylist([{"id": i, "title": f"{writer}{i}", "budget_known": False, "revenue_known": False,
                                      "landed_at": pa.scalar(0, pa.timestamp("us", tz="UTC")).as_py()}], schema=MOVIES.arrow_schema)
        tables.write(MOVIES, rows, f"{writer}-{i}.csv")
        tables.write(MOVIES, rows, "shared.csv")


def test_concurrent_commits_keep_every_writers_partitions(tmp_path):
    root = str(tmp_path / "lake")
    TableStore(LakeStorage.local(root)).ensure(MOVIES)
    writers = [multiprocessing.get_context("spawn").Process(target=_write_partitions, args=(root, w, 6)) for w in "ab"]
    for w in writers:
        w.start()
    for w in writers:
        w.join(120)
    assert [w.exitcode for w in writers] == [0, 0]
    tables = TableStore(LakeStorage.local(root))
    assert tables.partitions(MOVIES) == sorted([f"{w}-{i}.csv" for w in "ab" for i in range(6)] + ["shared.csv"])
    assert tables.read(MOVIES, ["shared.csv"]).num_rows == 1, "a partition both wrote holds one writer's file, not both"
    assert len(tables.history(MOVIES)) == 24, "one snapshot per write"


GENRES = schema_for("refined/dim_genre")


def _genres(ids, name: str) -> pa.Table:
    return pa.table({"genre_id": pa.array(list(ids), pa.int64()), "genre_name": [f"{name}{i}" for i in ids]})


def _replace_own_keys(root: str, writer: str, ids: list[int], times: int) -> None:
    tables = TableStore(LakeStorage.local(root))
    for round_ in range(times):
        tables.replace_keys(GENRES, "genre_id", ids, _genres(ids, f"{writer}{round_}-"))


def test_concurrent_incremental_commits_keep_every_writers_rows(tmp_path):
    """Two builds swapping the rows of their own keys in one table at once: a swap that lost the
    race plans again on the new state, so each writer's last rows are there and nobody's are lost."""
    root = str(tmp_path / "lake")
    TableStore(LakeStorage.local(root)).write(GENRES, _genres(range(20), "first-"))
    own = {"a": list(range(10)), "b": list(range(10, 20))}
    writers = [multiprocessing.get_context("spawn").Process(target=_replace_own_keys, args=(root, w, own[w], 5)) for w in own]
    for w in writers:
        w.start()
    for w in writers:
        w.join(120)
    assert [w.exitcode for w in writers] == [0, 0]
    rows = TableStore(LakeStorage.local(root)).read(GENRES).to_pylist()
    assert sorted((r["genre_id"], r["genre_name"]) for r in rows) == sorted(
        (i, f"{w}4-{i}") for w, ids in own.items() for i in ids)


def test_a_plain_parquet_lake_is_converted_in_place(local_settings, monkeypatch):
    storage = storage_for(local_settings)
    genres = pa.table({"genre_id": [28, 35], "genre_name": ["Action", "Comedy"]})
    movies = pa.Table.from_pylist([{"id": 7, "title": "Old", "budget_known": False, "revenue_known": False,
                                    "landed_at": pa.scalar(0, pa.timestamp("us", tz="UTC")).as_py()}], schema=MOVIES.arrow_schema)
    for key, table in (("refined/dim_genre/part-0.parquet", genres), ("trusted/movies/source_file=old.csv/part-0.parquet", movies)):
        sink = pa.BufferOutputStream()
        pq.write_table(table, sink)
        storage.write_bytes(key, sink.getvalue())
    monkeypatch.setenv("MOVIE_LAKE_ENV", "local")
    monkeypatch.setenv("MOVIE_LAKE_ROOT", str(local_settings.local_root))
    assert cmd_migrate_tables(None) == 0
    assert lake_table(local_settings, "refined/dim_genre").to_pylist() == genres.to_pylist()
    assert lake_table(local_settings, "trusted/movies").column("source_file").to_pylist() == ["old.csv"]
    assert not storage.exists("refined/dim_genre/part-0.parquet")
    assert [h["operation"] for h in tables_for(local_settings).history(MOVIES)] == ["append"]
    with duckdb.connect(str(local_settings.local_root / "catalog.duckdb"), read_only=True) as catalog:
        assert catalog.sql("select genre_name from refined.dim_genre order by 1").fetchall() == [("Action",), ("Comedy",)]


def test_a_table_an_engine_changed_with_position_deletes_reads_without_the_deleted_rows(local_settings):
    """Athena's MERGE writes merge-on-read delete files; the IO manager's datasets (and so the
    checks and the next steps) must not see the rows they delete."""
    tables = tables_for(local_settings)
    schema = schema_for("refined/dim_genre")
    tables.write(schema, pa.table({"genre_id": pa.array(range(1, 6), pa.int64()), "genre_name": list("abcde")}))
    [data_file] = tables.current_files(schema)
    commit_position_deletes(tables.iceberg.load(schema), data_file.file_path, [1, 3])

    assert sorted(tables.dataset(schema).to_table().column("genre_id").to_pylist()) == [1, 3, 5]
    assert tables.read(schema, columns=["genre_name"]).column("genre_name").to_pylist() == ["a", "c", "e"]
    assert tables.current(schema)["rows"] == 3
    assert tables.current_files(schema) == [data_file]  # the data file itself is unchanged


def test_expiring_snapshots_deletes_superseded_and_orphaned_files_and_keeps_the_table(local_settings, monkeypatch, capsys):
    """Three writes, a file of a write killed an hour ago and one of a write still under way:
    `movie-lake expire-snapshots --older-than-days 0 --keep 1` leaves one snapshot, the current
    file and the file under way; every other data file and the expired metadata are gone."""
    tables = tables_for(local_settings)
    schema = schema_for("refined/dim_genre")
    for version in range(3):
        tables.write(schema, pa.table({"genre_id": pa.array([1, 2], pa.int64()), "genre_name": [f"a{version}", f"b{version}"]}))
    [current] = data_file_keys(local_settings, "refined/dim_genre")
    storage = tables.storage
    killed, under_way = "refined/dim_genre/data/killed.parquet", "refined/dim_genre/data/under-way.parquet"
    for key in (killed, under_way):
        storage.write_bytes(key, b"PAR1 not committed")
    an_hour_ago = time.time() - 3700
    os.utime(storage.path(killed), (an_hour_ago, an_hour_ago))
    metadata_before = len(storage.list_files("refined/dim_genre/metadata"))

    monkeypatch.setenv("MOVIE_LAKE_ROOT", str(local_settings.local_root))
    assert cmd_expire_snapshots(argparse.Namespace(table="refined/dim_genre", older_than_days=0, keep=1, grace_minutes=60)) == 0
    assert "refined/dim_genre: 2 snapshot(s) expired" in capsys.readouterr().out

    assert [s["current"] for s in tables.history(schema)] == [True]
    assert [f.key for f in storage.list_files("refined/dim_genre/data")] == sorted([current, under_way])
    assert len(storage.list_files("refined/dim_genre/metadata")) < metadata_before
    assert tables.read(schema).column("genre_name").to_pylist() == ["a2", "b2"]
    tables.write(schema, pa.table({"genre_id": pa.array([1], pa.int64()), "genre_name": ["c"]}))
    assert [s["rows_added"] for s in tables.history(schema)] == [2, 1]


def test_the_daily_maintenance_job_expires_the_tables_old_snapshots(local_settings, instance):
    from movie_lake.definitions import build_definitions

    tables = tables_for(local_settings)
    schema = schema_for("refined/dim_genre")
    for version in range(3):
        tables.write(schema, pa.table({"genre_id": pa.array([1], pa.int64()), "genre_name": [f"v{version}"]}))
    defs = build_definitions(local_settings)
    assert [s.name for s in defs.schedules if s.job_name == "expire_snapshots"] == ["expire_snapshots_schedule"]
    result = defs.get_job_def("expire_snapshots").execute_in_process(
        instance=instance, run_config={"ops": {"expire_table_snapshots": {"config": {"older_than_days": 0, "keep": 1}}}})
    assert result.success
    [output] = [e for e in result.all_events if e.event_type_value == "STEP_OUTPUT"]
    assert output.event_specific_data.metadata["snapshots_expired"].value == 2
    assert [s["current"] for s in tables.history(schema)] == [True]
    assert tables.read(schema).column("genre_name").to_pylist() == ["v2"]


def _create_table(root: str, name: str) -> str:
    TableStore(LakeStorage.local(root)).ensure(schema_for(name))
    return name


def test_processes_creating_tables_of_one_new_namespace_at_once_all_succeed(tmp_path):
    """The first runs of a fresh lake create the `trusted` namespace together; the SQL catalog's
    check-then-insert lets one of them hit the unique key, which must read as "already there"."""
    names = ["trusted/movies", "trusted/movie_cast", "trusted/movie_crew", "trusted/unkeyed_credits"] * 3
    with multiprocessing.get_context("fork").Pool(8) as pool:
        assert sorted(pool.starmap(_create_table, [(str(tmp_path), n) for n in names])) == sorted(names)
    assert TableStore(LakeStorage.local(str(tmp_path))).snapshot_id(schema_for("trusted/movies")) is None
