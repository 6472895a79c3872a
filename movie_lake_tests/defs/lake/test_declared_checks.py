"""The checks derived from each declaration, run by Dagster after a real materialization: they are
computed by DuckDB over the stored files (flat memory at any size) and say which keys are wrong."""
import pyarrow as pa
from dagster import BackfillPolicy, asset, materialize

from movie_lake.defs.lake.by_mode import resources_for
from movie_lake.defs.lake.checks import dataset_checks
from movie_lake.lib.schemas import refined

from movie_lake_tests.defs.lake.test_io_manager import FILES, LANDED, MOVIES, movie_rows, movies_asset


def _rows(schema, **columns) -> pa.Table:
    count = len(next(iter(columns.values())))
    return pa.table({f.name: pa.array(columns[f.name], f.type) if f.name in columns else pa.nulls(count, f.type)
                     for f in schema.arrow_schema}, schema=schema.arrow_schema)


def _stored(schema, table):
    @asset(key=schema.key_path, io_manager_key="lake_io_manager")
    def _asset():
        return table

    return _asset


def _evaluations(result) -> dict:
    return {e.check_name: e for e in result.get_asset_check_evaluations()}


def test_a_duplicated_key_fails_the_primary_key_check_with_a_sample(local_settings, instance):
    instance.add_dynamic_partitions(FILES.name, ["a.csv"])
    result = materialize([movies_asset({"a.csv": movie_rows([1, 1, 2, 3, 3, 3])}), dataset_checks(MOVIES, FILES)],
                         partition_key="a.csv", instance=instance, resources=resources_for(local_settings), raise_on_error=False)
    check = _evaluations(result)["primary_key_unique"]
    assert not check.passed
    assert {k: check.metadata[k].value for k in ("rows", "null_keys", "duplicate_keys")} == {"rows": 6, "null_keys": 0, "duplicate_keys": 3}
    assert sorted(eval(check.metadata["duplicate_sample"].value), key=str) == [{"count_all": 2, "id": 1}, {"count_all": 3, "id": 3}]


def test_a_fact_row_without_its_dimension_fails_the_reference_check_naming_it(local_settings, instance):
    movies = _rows(refined.DIM_MOVIE, movie_id=[1, 2], title=["A", "B"], source=["tmdb_csv"] * 2, landed_at=[LANDED] * 2)
    people = _rows(refined.DIM_PERSON, person_id=[10], name=["Ann"])
    cast = _rows(refined.FACT_CAST, credit_id=["c1", "c2", "c3"], movie_id=[1, 7, 2], person_id=[10, 10, 10])
    assets = [_stored(refined.DIM_MOVIE, movies), _stored(refined.DIM_PERSON, people), _stored(refined.FACT_CAST, cast),
              dataset_checks(refined.FACT_CAST)]
    result = materialize(assets, instance=instance, resources=resources_for(local_settings), raise_on_error=False)
    checks = _evaluations(result)
    assert checks["references_dim_person"].passed and checks["primary_key_unique"].passed
    orphans = checks["references_dim_movie"]
    assert not orphans.passed
    assert (orphans.metadata["rows"].value, orphans.metadata["orphans"].value) == (3, 1)
    assert orphans.metadata["orphan_sample"].value == str([{"movie_id": 7}])


def test_a_range_run_checks_each_partition_alone_with_the_counts_a_single_run_reports(local_settings, instance):
    """One run over three partitions (a single-run backfill): the key check counts each partition in
    one grouped query; the partition holding duplicates fails alone, with the same metadata a run
    of that partition alone records, and the step fails (the check blocks)."""
    tables = {"a.csv": movie_rows([1, 2]), "b.csv": movie_rows([1, 1, 2, 3, 3, 3]), "c.csv": movie_rows([])}
    instance.add_dynamic_partitions(FILES.name, list(tables))

    @asset(key=["trusted", "movies"], partitions_def=FILES, io_manager_key="lake_io_manager", backfill_policy=BackfillPolicy.single_run())
    def movies(context):
        return {p: tables[p] for p in context.partition_keys}

    checks = dataset_checks(MOVIES, FILES)
    ranged = materialize([movies, checks], instance=instance, resources=resources_for(local_settings), raise_on_error=False,
                         tags={"dagster/asset_partition_range_start": "a.csv", "dagster/asset_partition_range_end": "c.csv"})
    keyed = {e.partition: e for e in ranged.get_asset_check_evaluations() if e.check_name == "primary_key_unique"}
    assert not ranged.success and {p: e.passed for p, e in keyed.items()} == {"a.csv": True, "b.csv": False, "c.csv": True}
    alone = _evaluations(materialize([movies_asset(tables), checks], partition_key="b.csv", instance=instance,
                                     resources=resources_for(local_settings), raise_on_error=False))["primary_key_unique"]
    assert {k: v.value for k, v in keyed["b.csv"].metadata.items()} == {k: v.value for k, v in alone.metadata.items()}
    assert {k: keyed["c.csv"].metadata[k].value for k in ("rows", "null_keys", "duplicate_keys")} == {"rows": 0, "null_keys": 0, "duplicate_keys": 0}
