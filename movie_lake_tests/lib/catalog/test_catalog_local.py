"""The local catalog (`<lake>/catalog.duckdb`): kept current by every table write through the IO
manager, readable by a separate DuckDB process after the run, views by absolute path over the
current snapshot's data files (partition filters, new columns), and safe under concurrent writers."""
from __future__ import annotations

import dataclasses
import json
import os
import shlex
import shutil
import subprocess
import sys
import textwrap

import pyarrow as pa
import pytest
from dagster import asset, materialize

from movie_lake.lib.catalog import DuckDBCatalog
from movie_lake.lib.catalog.duckdb_catalog import VIEWS_FILE
from movie_lake.defs.lake.io_manager import LakeParquetIOManager
from movie_lake.lib.query import DuckDBQueryEngine
from movie_lake.defs.lake.by_mode import resources_for
from movie_lake.defs.lake.lake_resource import LakeResource
from movie_lake.lib.schemas import Column, schema_for
from movie_lake.lib.storage import LakeStorage, TableStore
from movie_lake.lib.storage.named_root import NAMED_ROOT_FILE

from movie_lake_tests.conftest import storage_for

GENRES = pa.table({"genre_id": [28, 35], "genre_name": ["Action", "Comedy"]})


@asset(key=["refined", "dim_genre"], io_manager_key="lake_io_manager")
def dim_genre() -> pa.Table:
    return GENRES


def _in_another_process(code: str, cwd: str) -> str:
    done = subprocess.run([sys.executable, "-c", textwrap.dedent(code)], cwd=cwd, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_a_materialization_registers_a_view_another_process_can_open(local_settings, instance, tmp_path):
    result = materialize([dim_genre], resources=resources_for(local_settings), instance=instance)
    assert result.success
    metadata = result.asset_materializations_for_node("refined__dim_genre")[0].metadata
    assert metadata["catalog_table"].value == "refined.dim_genre"
    catalog_file = local_settings.local_root / "catalog.duckdb"
    printed = _in_another_process(f"""
        import duckdb
        with duckdb.connect({str(catalog_file)!r}) as c:   # read-write: fails if the run still held the file
            print(c.sql("select genre_id, genre_name from refined.dim_genre order by 1").fetchall())
            print(c.sql("select sql from duckdb_views() where view_name = 'dim_genre'").fetchall()[0][0])
    """, cwd=str(tmp_path))
    rows, definition = printed.splitlines()[0], printed.split("\n", 1)[1]
    assert rows == "[(28, 'Action'), (35, 'Comedy')]"
    assert str(local_settings.local_root / "refined" / "dim_genre") in definition


def test_without_a_catalog_the_io_manager_still_writes(local_settings, instance):
    lake = LakeResource.from_settings(local_settings)
    result = materialize([dim_genre], resources={"lake_io_manager": LakeParquetIOManager(lake=lake)}, instance=instance)
    assert result.success
    assert TableStore(lake.storage).read(schema_for("refined/dim_genre")).to_pydict() == GENRES.to_pydict()
    assert not (local_settings.local_root / "catalog.duckdb").exists()


def test_partitions_are_strings_pruned_and_new_columns_appear(local_settings):
    schema = schema_for("trusted/video_categories")
    store, catalog = TableStore(storage_for(local_settings)), DuckDBCatalog(str(local_settings.local_root))
    rows = pa.table({"category_id": [1], "title": ["Film"], "assignable": [True], "landed_at": pa.array([0], pa.timestamp("us", tz="UTC"))})
    for region in ("US", "2017"):
        store.write(schema, rows.select(schema.column_names).cast(schema.arrow_schema), region)
        catalog.register(schema, region)
    engine = DuckDBQueryEngine(str(local_settings.local_root))
    table = engine.query("select region, title from trusted.video_categories order by region").table
    assert table.to_pydict() == {"region": ["2017", "US"], "title": ["Film", "Film"]}
    assert table.schema.field("region").type == pa.string()
    plan = engine.query("explain analyze select count(*) from trusted.video_categories where region = 'US'").table
    assert "Total Files Read: 1" in str(plan.column(1)[0])

    grown = dataclasses.replace(schema, columns=(*schema.columns, Column("channel_id", pa.string())))
    store.write(grown, rows.append_column("channel_id", pa.array(["UC1"])).cast(grown.arrow_schema), "GB")
    catalog.register(grown, "GB")
    table = engine.query("select region, channel_id from trusted.video_categories order by region").table
    assert table.to_pydict() == {"region": ["2017", "GB", "US"], "channel_id": [None, "UC1", None]}


def test_concurrent_writers_and_readers_wait_for_the_file_instead_of_failing(local_settings, tmp_path):
    root = str(local_settings.local_root)
    TableStore(storage_for(local_settings)).write(schema_for("refined/dim_genre"), GENRES)
    DuckDBCatalog(root).register(schema_for("refined/dim_genre"))
    worker = f"""
        from movie_lake.lib.catalog import DuckDBCatalog
        from movie_lake.lib.query import DuckDBQueryEngine
        from movie_lake.lib.schemas import schema_for
        catalog, engine = DuckDBCatalog({root!r}), DuckDBQueryEngine({root!r})
        for _ in range(10):
            catalog.register(schema_for("refined/dim_genre"))
            assert engine.query("select count(*) as n from refined.dim_genre").table.column("n")[0].as_py() == 2
        print("ok")
    """
    workers = [subprocess.Popen([sys.executable, "-c", textwrap.dedent(worker)], cwd=str(tmp_path), stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, text=True, env={**os.environ}) for _ in range(2)]
    outcomes = [w.communicate(timeout=180) for w in workers]
    assert [w.returncode for w in workers] == [0, 0], [err[-400:] for _, err in outcomes]


def test_a_person_holding_the_catalog_open_never_makes_a_run_fail_or_wait(local_settings, instance, tmp_path):
    """DuckDB refuses any second process a file held open read-write (the duckdb CLI's default);
    the lake renames a new catalog over it instead, and the holder keeps its old views."""
    assert materialize([dim_genre], resources=resources_for(local_settings), instance=instance).success
    catalog_file = local_settings.local_root / "catalog.duckdb"
    holder = subprocess.Popen([sys.executable, "-c", textwrap.dedent(f"""
        import sys, duckdb
        c = duckdb.connect({str(catalog_file)!r})
        print(c.execute("select count(*) from refined.dim_genre").fetchone()[0], flush=True)
        sys.stdin.read()
        print(c.execute("select count(*) from refined.dim_genre").fetchone()[0], flush=True)
    """)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=str(tmp_path))
    try:
        assert holder.stdout.readline().strip() == "2"
        schema = schema_for("refined/dim_genre")
        grown = dataclasses.replace(schema, columns=(*schema.columns, Column("genre_slug", pa.string())))
        TableStore(storage_for(local_settings)).write(grown, GENRES.append_column("genre_slug", pa.array(["action", "comedy"])))
        DuckDBCatalog(str(local_settings.local_root)).register(grown)  # lock wait would be 60 s, then an error
        engine = DuckDBQueryEngine(str(local_settings.local_root))
        assert engine.query("select genre_slug from refined.dim_genre order by 1").table.column(0).to_pylist() == ["action", "comedy"]
        holder.stdin.close()
        assert holder.stdout.readline().strip() == "2", holder.communicate()[1]
    finally:
        holder.kill()
        holder.wait()
    assert not [p for p in os.listdir(local_settings.local_root) if p.endswith(".tmp")], "no build left behind"


def _read_only(lake: str, code: str) -> subprocess.CompletedProcess:
    """`code` run with `lake` mounted read-only over itself (a mount namespace of its own)."""
    mount = f"mount --bind {shlex.quote(lake)} {shlex.quote(lake)} && mount -o remount,bind,ro {shlex.quote(lake)}"
    if shutil.which("unshare") is None or subprocess.run(["unshare", "-m", "sh", "-c", mount], capture_output=True).returncode:
        pytest.skip("no read-only bind mount here (needs unshare and mount in a private namespace)")
    return subprocess.run(["unshare", "-m", "sh", "-c", f"{mount} && exec {shlex.quote(sys.executable)} -c {shlex.quote(code)}"],
                          capture_output=True, text=True, timeout=120, cwd="/")


def test_a_reader_on_a_read_only_mount_reads_an_older_lakes_views_as_they_are(tmp_path):
    """A lake made before the views recorded their folder (and before `iceberg.root`), opened
    where it cannot be written: the query answers from the views as they are."""
    lake = str(tmp_path / "lake")
    tables = TableStore(LakeStorage.local(lake))
    tables.write(schema_for("refined/dim_genre"), GENRES)
    DuckDBCatalog(lake, tables).register(schema_for("refined/dim_genre"))
    views = os.path.join(lake, VIEWS_FILE)
    with open(views) as f:
        older = json.load(f)["views"]
    with open(views, "w") as f:
        json.dump(older, f)
    os.remove(os.path.join(lake, NAMED_ROOT_FILE))
    reader = _read_only(lake, "from movie_lake.lib.query import DuckDBQueryEngine; "
                              f"print(DuckDBQueryEngine({lake!r}).query('select count(*) as n from refined.dim_genre').table.column('n')[0])")
    assert reader.returncode == 0, reader.stderr
    assert reader.stdout.strip() == str(GENRES.num_rows)
