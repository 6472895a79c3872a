"""Checks in a run over a range of partitions: each partition's evaluation names its partition
and its own materialization, and a blocking failure in one of them stops what is downstream."""
from dagster import (
    AssetCheckResult, AssetCheckSpec, AssetExecutionContext, BackfillPolicy, DagsterInstance, MaterializeResult,
    StaticPartitionsDefinition, asset, materialize, multi_asset_check,
)

from movie_lake.defs.lake.range_checks import evaluations_by_partition

MONTHS = StaticPartitionsDefinition(["2009-03", "2009-04", "2009-05"])
BAD_MONTH = "2009-04"


@asset(partitions_def=MONTHS, backfill_policy=BackfillPolicy.single_run())
def monthly(context: AssetExecutionContext) -> MaterializeResult:
    return MaterializeResult(metadata={"months": len(context.partition_keys)})


@asset(partitions_def=MONTHS, backfill_policy=BackfillPolicy.single_run(), deps=[monthly])
def downstream() -> None:
    return None


@multi_asset_check(specs=[AssetCheckSpec("fine", asset=monthly, blocking=True, partitions_def=MONTHS),
                          AssetCheckSpec("not_april", asset=monthly, blocking=True, partitions_def=MONTHS)])
def monthly_checks(context):
    def results(month):
        yield AssetCheckResult(asset_key=monthly.key, check_name="fine", passed=True, metadata={"month": month})
        yield AssetCheckResult(asset_key=monthly.key, check_name="not_april", passed=month != BAD_MONTH)

    yield from evaluations_by_partition(context, ((m, results(m)) for m in context.partition_keys))


@multi_asset_check(specs=[AssetCheckSpec("fine", asset=monthly, blocking=True, partitions_def=MONTHS)])
def healthy_checks(context):
    passed = lambda: [AssetCheckResult(asset_key=monthly.key, check_name="fine", passed=True)]  # noqa: E731
    yield from evaluations_by_partition(context, ((m, passed()) for m in context.partition_keys))


def run_range(assets, instance):
    return materialize(assets, instance=instance, raise_on_error=False,
                       tags={"dagster/asset_partition_range_start": "2009-03", "dagster/asset_partition_range_end": "2009-05"})


def test_each_partition_of_a_range_gets_its_own_evaluations_and_a_failure_blocks_downstream():
    with DagsterInstance.ephemeral() as instance:
        result = run_range([monthly, downstream, monthly_checks], instance)
        evaluations = [e.event_specific_data for e in result.all_events if e.event_type_value == "ASSET_CHECK_EVALUATION"]
        assert sorted((e.check_name, e.partition, e.passed) for e in evaluations) == [
            ("fine", "2009-03", True), ("fine", "2009-04", True), ("fine", "2009-05", True),
            ("not_april", "2009-03", True), ("not_april", "2009-04", False), ("not_april", "2009-05", True)]
        assert {e.partition: e.metadata["month"].value for e in evaluations if e.check_name == "fine"} == {
            m: m for m in MONTHS.get_partition_keys()}
        materialized = {r.partition_key: r.storage_id for r in instance.fetch_materializations(monthly.key, limit=10).records}
        assert {e.partition: e.target_materialization_data.storage_id for e in evaluations} == materialized
        assert not result.success
        assert instance.get_materialized_partitions(downstream.key) == set()


def test_a_range_where_every_partition_passes_materializes_downstream():
    with DagsterInstance.ephemeral() as instance:
        result = run_range([monthly, downstream, healthy_checks], instance)
        assert result.success
        assert instance.get_materialized_partitions(downstream.key) == set(MONTHS.get_partition_keys())
