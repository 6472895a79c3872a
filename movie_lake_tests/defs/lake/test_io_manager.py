"""The partitioned Parquet IO manager through real Dagster materializations on a temp lake."""
import io
from datetime import datetime, timezone

import pyarrow as pa
import pyarrow.fs as pafs
import pytest
from dagster import AllPartitionMapping, AssetKey, AssetIn, DynamicPartitionsDefinition, StaticPartitionsDefinition, asset, materialize

from movie_lake.defs.lake.by_mode import resources_for
from movie_lake.lib.schemas import schema_for
from movie_lake.lib.schemas.cast import SchemaMismatch, cast_to_schema
from movie_lake.lib.storage import LakeStorage, TableStore

from movie_lake_tests.conftest import data_file_keys, storage_for, tables_for

MOVIES = schema_for("trusted/movies")
FILES = DynamicPartitionsDefinition(name="test_files")
LANDED = datetime(2026, 11, 1, tzinfo=timezone.utc)


def movie_rows(ids: list[int], title: str = "Film") -> pa.Table:
    rows = [{"id": i, "title": f"{title} {i}", "budget_known": False, "revenue_known": False, "landed_at": LANDED} for i in ids]
    return pa.Table.from_pylist(rows, schema=MOVIES.arrow_schema)


def movies_asset(rows_by_partition: dict[str, pa.Table]):
    @asset(key=["trusted", "movies"], partitions_def=FILES, io_manager_key="lake_io_manager")
    def movies(context):
        return rows_by_partition[context.partition_key]

    return movies


def write_partitions(settings, instance, tables: dict[str, pa.Table]) -> None:
    instance.add_dynamic_partitions(FILES.name, list(tables))
    for key in tables:
        result = materialize([movies_asset(tables)], partition_key=key, instance=instance, resources=resources_for(settings))
        assert result.success


def test_rematerializing_a_partition_replaces_it(local_settings, instance):
    write_partitions(local_settings, instance, {"a.csv": movie_rows([1, 2, 3])})
    write_partitions(local_settings, instance, {"a.csv": movie_rows([7, 8], "Remake")})
    tables = tables_for(local_settings)
    stored = tables.read(MOVIES)
    assert stored.column("id").to_pylist() == [7, 8]
    assert stored.column("source_file").to_pylist() == ["a.csv", "a.csv"]
    [current] = data_file_keys(local_settings, "trusted/movies")
    assert current.startswith("trusted/movies/data/source_file=a.csv/") and current.endswith(".parquet")
    history = tables.history(MOVIES)
    assert [(h["operation"], h["partition"], h["rows_added"], h["rows_removed"]) for h in history] == [
        ("append", "a.csv", 3, 0), ("overwrite", "a.csv", 2, 3)]
    runs = [r.run_id for r in instance.get_runs()][:2]
    assert [h["run_id"] for h in history] == runs[::-1]
    event = instance.get_latest_materialization_event(AssetKey(["trusted", "movies"]))
    assert event.asset_materialization.metadata["snapshot_id"].value == str(history[-1]["snapshot_id"])


def test_downstream_loads_one_several_or_all_partitions(local_settings, instance):
    tables = {"a.csv": movie_rows([1, 2]), "b.csv": movie_rows([3]), "c.csv": movie_rows([4, 5, 6])}
    write_partitions(local_settings, instance, tables)
    seen = {}

    @asset(partitions_def=FILES, ins={"movies": AssetIn(["trusted", "movies"])})
    def one_partition(context, movies):
        seen["one"] = sorted(movies.to_table().column("id").to_pylist())

    @asset(partitions_def=StaticPartitionsDefinition(["all"]),
           ins={"movies": AssetIn(["trusted", "movies"], partition_mapping=AllPartitionMapping(), metadata={"columns": ["id", "source_file"]})})
    def several_partitions(movies):
        seen["several"] = (sorted(movies.to_table().column("id").to_pylist()), movies.schema.names)

    @asset(ins={"movies": AssetIn(["trusted", "movies"])})
    def every_partition(movies):
        seen["all"] = sorted(zip(movies.to_table().column("source_file").to_pylist(), movies.to_table().column("id").to_pylist()))

    upstream = movies_asset(tables)
    resources = resources_for(local_settings)
    assert materialize([upstream, one_partition], selection=[one_partition], partition_key="c.csv", instance=instance, resources=resources).success
    assert materialize([upstream, several_partitions], selection=[several_partitions], partition_key="all", instance=instance, resources=resources).success
    assert materialize([upstream, every_partition], selection=[every_partition], instance=instance, resources=resources).success
    assert seen["one"] == [4, 5, 6]
    assert seen["several"] == ([1, 2, 3, 4, 5, 6], ["id", "source_file"])
    assert seen["all"] == [("a.csv", 1), ("a.csv", 2), ("b.csv", 3), ("c.csv", 4), ("c.csv", 5), ("c.csv", 6)]


def test_a_value_that_does_not_fit_fails_naming_column_and_value(local_settings, instance):
    write_partitions(local_settings, instance, {"a.csv": movie_rows([1])})
    bad = movie_rows([2]).set_column(MOVIES.arrow_schema.get_field_index("budget"), "budget", pa.array(["12 million"]))
    instance.add_dynamic_partitions(FILES.name, ["a.csv"])
    result = materialize([movies_asset({"a.csv": bad})], partition_key="a.csv", instance=instance,
                         resources=resources_for(local_settings), raise_on_error=False)
    assert not result.success
    error = result.get_step_failure_events()[0].step_failure_data.error
    while error.cause is not None:
        error = error.cause
    assert "column 'budget' cannot be cast to int64: value '12 million' at row 0" in error.message
    assert TableStore(storage_for(local_settings)).read(MOVIES).column("id").to_pylist() == [1]


def test_missing_and_undeclared_columns_are_named():
    table = movie_rows([1]).drop_columns(["title"]).append_column("rating", pa.array([1.0]))
    with pytest.raises(SchemaMismatch, match="missing: title; undeclared: rating"):
        cast_to_schema(table, MOVIES)
    nulls = movie_rows([1]).set_column(1, "title", pa.array([None], pa.string()))
    with pytest.raises(SchemaMismatch, match="column 'title' is not nullable but row 0 is null"):
        cast_to_schema(nulls, MOVIES)


class HalfWrittenThenFails:
    """A real local filesystem whose output streams die half-way through a write."""

    def __init__(self):
        self._fs = pafs.LocalFileSystem()

    def __getattr__(self, name):
        return getattr(self._fs, name)

    def open_output_stream(self, path, **kwargs):
        stream = self._fs.open_output_stream(path, **kwargs)

        class Dying(io.RawIOBase):
            def writable(self):
                return True

            def write(self, data):
                stream.write(bytes(data)[: len(data) // 2])
                raise OSError("disk full (injected)")

            def close(self):
                stream.close()
                super().close()

        return pa.PythonFile(Dying(), mode="w")


def test_a_failed_write_leaves_the_previous_partition_whole(tmp_path):
    good = TableStore(LakeStorage.local(tmp_path))
    good.write(MOVIES, movie_rows([1, 2, 3]), "a.csv")
    dying = TableStore(LakeStorage(HalfWrittenThenFails(), str(tmp_path), str(tmp_path)))
    with pytest.raises(OSError, match="injected"):
        dying.write(MOVIES, movie_rows([9]), "a.csv")
    assert good.read(MOVIES).column("id").to_pylist() == [1, 2, 3]
    assert len(good.current_files(MOVIES)) == 1 and len(good.history(MOVIES)) == 1
    assert len(list((tmp_path / "trusted/movies/data/source_file=a.csv").iterdir())) == 1, "the half-written file never lands"


def test_s3_partition_is_replaced_whole(aws_settings):
    store = tables_for(aws_settings)
    store.write(MOVIES, movie_rows([1, 2, 3]), "a.csv")
    store.write(MOVIES, movie_rows([4]), "a.csv")
    store.write(MOVIES, movie_rows([5]), "b.csv")
    assert store.partitions(MOVIES) == ["a.csv", "b.csv"]
    assert store.read(MOVIES, ["a.csv"]).column("id").to_pylist() == [4]
