"""Partitioned checks in a run over a range of partitions (`BackfillPolicy.single_run`).

Dagster 1.13 records an `AssetCheckResult` of such a run without a partition (it takes the
step's one partition key, and a range has none), so each partition's results are yielded as
evaluations naming their partition, with the partition's latest materialization as their
target, and the check outputs are then yielded once, as Dagster does for a result."""
from collections.abc import Iterable, Iterator

from dagster import AssetCheckEvaluation, AssetCheckExecutionContext, AssetCheckKey, AssetCheckResult, AssetKey, AssetRecordsFilter, Output
from dagster._core.definitions.asset_checks.asset_check_evaluation import AssetCheckEvaluationTargetMaterializationData


def evaluations_by_partition(context: AssetCheckExecutionContext,
                             results: Iterable[tuple[str, Iterable[AssetCheckResult]]]) -> Iterator[AssetCheckEvaluation | Output]:
    """`results`: (partition key, that partition's check results) pairs. A failed blocking
    evaluation fails the step, as a failed result would."""
    specs = {spec.key: spec for spec in context.check_specs}
    targets: dict[AssetKey, dict] = {}
    for partition, partition_results in results:
        for result in partition_results:
            spec = specs[AssetCheckKey(result.asset_key, result.check_name)]  # each result names its asset and check
            if spec.asset_key not in targets:
                targets[spec.asset_key] = _latest_materializations(context, spec.asset_key, list(context.partition_keys))
            yield AssetCheckEvaluation(
                asset_key=spec.asset_key, check_name=spec.name, passed=result.passed, metadata=result.metadata,
                target_materialization_data=targets[spec.asset_key].get(partition),
                severity=result.severity, description=result.description, blocking=spec.blocking, partition=partition,
            )
    for key in context.selected_asset_check_keys:
        yield Output(None, output_name=context.job_def.asset_layer.get_op_output_name(key))


def _latest_materializations(context: AssetCheckExecutionContext, asset_key: AssetKey,
                             partitions: list[str]) -> dict[str, AssetCheckEvaluationTargetMaterializationData]:
    """Each partition's latest materialization: the newest records of all of them in one read, then
    one read per partition whose latest was not among them (materialized again meanwhile)."""
    def read(wanted: list[str]) -> dict:
        records = context.instance.fetch_materializations(
            AssetRecordsFilter(asset_key=asset_key, asset_partitions=wanted), limit=len(wanted)).records
        latest: dict = {}
        for record in records:  # newest first
            latest.setdefault(record.partition_key, AssetCheckEvaluationTargetMaterializationData(
                run_id=record.run_id, storage_id=record.storage_id, timestamp=record.timestamp))
        return latest

    found = read(partitions)
    for partition in set(partitions) - set(found):
        found.update(read([partition]))
    return found
