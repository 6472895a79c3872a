"""Blocking checks derived from a dataset's declaration: stored schema, primary key, references.

They read the stored Parquet (footer, or only the key columns), so they check what
downstream assets will actually load.
"""

from collections.abc import Iterator

import pyarrow as pa
from dagster import (
    AssetCheckExecutionContext, AssetCheckResult, AssetChecksDefinition, AssetCheckSpec, PartitionsDefinition, multi_asset_check,
)

from movie_lake.defs.lake.lake_resource import LakeResource
from movie_lake.defs.lake.range_checks import evaluations_by_partition
from movie_lake.lib.schemas import ALL_SCHEMAS, schema_for
from movie_lake.lib.schemas.base import DatasetSchema, ForeignKey
from movie_lake.lib.query.arrow_sql import query_arrow
from movie_lake.lib.sql_text import identifier


SCHEMA_CHECK = "schema_matches_declaration"
PRIMARY_KEY_CHECK = "primary_key_unique"


def _partition(context: AssetCheckExecutionContext) -> str | None:
    return context.partition_key if context.has_partition_key else None


def schema_differences(declared: pa.Schema, stored: pa.Schema) -> list[str]:
    problems = []
    if declared.names != stored.names:
        problems.append(f"columns {stored.names} != declared {declared.names}")
    for field in declared:
        if field.name in stored.names:
            got = stored.field(field.name)
            if got.type != field.type:
                problems.append(f"{field.name}: type {got.type} != declared {field.type}")
            if got.nullable != field.nullable:
                problems.append(f"{field.name}: nullable={got.nullable} != declared {field.nullable}")
    return problems


def _schema_result(schema: DatasetSchema, lake: LakeResource, partition: str | None) -> AssetCheckResult:
    problems = schema_differences(schema.arrow_schema, lake.tables.stored_schema(schema, partition))
    return AssetCheckResult(check_name=SCHEMA_CHECK, asset_key=schema.key_path, passed=not problems,
                            metadata={"problems": "; ".join(problems) or "none"})


def _primary_key_results(schema: DatasetSchema, lake: LakeResource, partitions: list[str | None]) -> dict[str | None, AssetCheckResult]:
    """The key check of each partition (a run over a range checks all of them in one query);
    `[None]`: the whole table."""
    keys = [identifier(k) for k in schema.primary_key]
    several = len(partitions) > 1
    columns = [*schema.primary_key, *([schema.partition_column] if several else [])]
    stored = lake.tables.dataset(schema, None if partitions == [None] else partitions, columns=columns)
    nulls = " + ".join(f"({k} is null)::bigint" for k in keys)
    grouped = query_arrow(
        f"""with tuples as (select {identifier(schema.partition_column) if several else 'null'} as p, {", ".join(keys)}, count(*) as n
                            from t group by all)
            select p, sum(n)::bigint as rows, sum(n * ({nulls}))::bigint as null_keys, (sum(n) - count(*))::bigint as duplicate_keys
            from tuples group by p""", t=stored,
    ).to_pylist()
    counts = {}
    for row in grouped:
        partition = row.pop("p")
        counts[partition if several else partitions[0]] = row
    results = {}
    for partition in partitions:
        found = counts.get(partition, {"rows": 0, "null_keys": 0, "duplicate_keys": 0})
        sample = "none"
        if found["duplicate_keys"]:
            rows = lake.tables.dataset(schema, None if partition is None else [partition], columns=list(schema.primary_key))
            sample = query_arrow(f"select {', '.join(keys)}, count(*) as count_all from t group by all having count(*) > 1 limit 5",
                                 t=rows).to_pylist()
        results[partition] = AssetCheckResult(
            check_name=PRIMARY_KEY_CHECK, asset_key=schema.key_path, passed=found["null_keys"] == 0 and found["duplicate_keys"] == 0,
            metadata={**found, "duplicate_sample": str(sample)},
        )
    return results


def _reference_result(schema: DatasetSchema, fk: ForeignKey, lake: LakeResource, partition: str | None) -> AssetCheckResult:
    target = schema_for(fk.references)
    stored = lake.tables.dataset(schema, [partition] if partition else None, columns=list(fk.columns))
    refs = lake.tables.dataset(target, columns=list(fk.ref_columns))
    on = " and ".join(f"r.{identifier(a)} = x.{identifier(b)}" for a, b in zip(fk.columns, fk.ref_columns))
    orphans = f"select r.* from t r anti join refs x on {on}"
    counts = query_arrow(f"select (select count(*) from t) as rows, (select count(*) from ({orphans})) as orphans", t=stored, refs=refs).to_pylist()[0]
    sample = query_arrow(f"{orphans} limit 5", t=stored, refs=refs).to_pylist() if counts["orphans"] else []
    return AssetCheckResult(
        check_name=f"references_{target.table_name}", asset_key=schema.key_path, passed=counts["orphans"] == 0,
        metadata={**counts, "orphan_sample": str(sample)},
    )


def _results_by_partition(schema: DatasetSchema, lake: LakeResource,
                          partitions: list[str | None]) -> Iterator[tuple[str | None, list[AssetCheckResult]]]:
    keyed = _primary_key_results(schema, lake, partitions) if schema.primary_key else {}
    for partition in partitions:
        results = [_schema_result(schema, lake, partition)]
        if partition in keyed:
            results.append(keyed[partition])
        results += [_reference_result(schema, fk, lake, partition) for fk in schema.foreign_keys]
        yield partition, results


def _specs(schema: DatasetSchema, partitions_def) -> list[AssetCheckSpec]:
    within = " within each partition." if partitions_def else "."
    specs = [AssetCheckSpec(SCHEMA_CHECK, asset=schema.key_path, blocking=True, partitions_def=partitions_def,
                            description="Stored column names, types and nullability are exactly the declared ones.")]
    if schema.primary_key:
        specs.append(AssetCheckSpec(PRIMARY_KEY_CHECK, asset=schema.key_path, blocking=True, partitions_def=partitions_def,
                                    description=f"({', '.join(schema.primary_key)}) is present and unique{within}"))
    for fk in schema.foreign_keys:
        target = schema_for(fk.references)
        specs.append(AssetCheckSpec(f"references_{target.table_name}", asset=schema.key_path, blocking=True,
                                    partitions_def=partitions_def, additional_deps=[target.key_path],
                                    description=f"Every ({', '.join(fk.columns)}) exists in {target.name}."))
    return specs


def dataset_checks(schema: DatasetSchema, partitions_def: PartitionsDefinition | None = None) -> AssetChecksDefinition:
    """All declared checks of one dataset as one step: each extra step costs the run far more
    than reading a footer and a key column. A run over a range of partitions checks each."""

    @multi_asset_check(specs=_specs(schema, partitions_def), name=f"{schema.table_name}_declared_checks")
    def _checks(context: AssetCheckExecutionContext, lake: LakeResource):
        if partitions_def is None or context.has_partition_key:
            [(_, results)] = _results_by_partition(schema, lake, [_partition(context)])
            yield from results
        else:
            yield from evaluations_by_partition(context, _results_by_partition(schema, lake, list(context.partition_keys)))

    return _checks


def checks_for(asset_defs) -> list[AssetChecksDefinition]:
    """The declared checks of every asset that has a dataset schema, partitioned like it."""
    partitions = {key.to_user_string(): a.partitions_def for a in asset_defs for key in a.keys}
    return [dataset_checks(schema, partitions[name]) for name, schema in ALL_SCHEMAS.items() if name in partitions]
