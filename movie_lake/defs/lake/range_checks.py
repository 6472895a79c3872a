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
    for partition, partition_results in results:
        for result in partition_results:
            spec = specs[AssetCheckKey(result.asset_key, result.check_name)]  # each result names its asset and check
            yield AssetCheckEvaluation(
                asset_key=spec.asset_key, check_name=spec.name, passed=result.passed, metadata=result.metadata,
                target_materialization_data=_latest_materialization(context, spec.asset_key, partition),
                severity=result.severity, description=result.description, blocking=spec.blocking, partition=partition,
            )
    for key in context.selected_asset_check_keys:
        yield Output(None, output_name=context.job_def.asset_layer.get_op_output_name(key))


def _latest_materialization(context: AssetCheckExecutionContext, asset_key: AssetKey,
                            partition: str) -> AssetCheckEvaluationTargetMaterializationData | None:
    records = context.instance.fetch_materializations(AssetRecordsFilter(asset_key=asset_key, asset_partitions=[partition]), limit=1).records
    if not records:
        return None
    return AssetCheckEvaluationTargetMaterializationData(run_id=records[0].run_id, storage_id=records[0].storage_id,
                                                         timestamp=records[0].timestamp)
