"""Blocking checks derived from a dataset's declaration: stored schema, primary key, references.

They read the stored Parquet (footer, or only the key columns), so they check what
downstream assets will actually load.
"""

import pyarrow as pa
import pyarrow.compute as pc
from dagster import AssetCheckExecutionContext, AssetCheckResult, AssetChecksDefinition, PartitionsDefinition, asset_check

from movie_lake.defs.lake.lake_resource import LakeResource
from movie_lake.lib.schemas import ALL_SCHEMAS, schema_for
from movie_lake.lib.schemas.base import DatasetSchema, ForeignKey
from movie_lake.lib.query.arrow_sql import query_arrow


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


def _schema_check(schema: DatasetSchema, partitions_def) -> AssetChecksDefinition:
    @asset_check(asset=schema.key_path, name="schema_matches_declaration", blocking=True, partitions_def=partitions_def,
                 description="Stored column names, types and nullability are exactly the declared ones.")
    def _check(context: AssetCheckExecutionContext, lake: LakeResource) -> AssetCheckResult:
        problems = schema_differences(schema.arrow_schema, lake.tables.stored_schema(schema, _partition(context)))
        return AssetCheckResult(passed=not problems, metadata={"problems": "; ".join(problems) or "none"})

    return _check


def _primary_key_check(schema: DatasetSchema, partitions_def) -> AssetChecksDefinition:
    keys = list(schema.primary_key)

    @asset_check(asset=schema.key_path, name="primary_key_unique", blocking=True, partitions_def=partitions_def,
                 description=f"({', '.join(keys)}) is present and unique" + (" within each partition." if partitions_def else "."))
    def _check(context: AssetCheckExecutionContext, lake: LakeResource) -> AssetCheckResult:
        partition = _partition(context)
        table = lake.tables.read(schema, [partition] if partition else None, columns=keys)
        nulls = sum(table.column(k).null_count for k in keys)
        duplicates = table.num_rows - table.group_by(keys).aggregate([]).num_rows
        sample = _duplicate_sample(table, keys) if duplicates else "none"
        return AssetCheckResult(
            passed=nulls == 0 and duplicates == 0,
            metadata={"rows": table.num_rows, "null_keys": nulls, "duplicate_keys": duplicates, "duplicate_sample": sample},
        )

    return _check


def _duplicate_sample(table: pa.Table, keys: list[str]) -> str:
    counted = table.group_by(keys).aggregate([([], "count_all")])
    return str(counted.filter(pc.greater(counted["count_all"], 1)).slice(0, 5).to_pylist())


def _reference_check(schema: DatasetSchema, fk: ForeignKey, partitions_def) -> AssetChecksDefinition:
    target = schema_for(fk.references)

    @asset_check(asset=schema.key_path, name=f"references_{target.table_name}", blocking=True, partitions_def=partitions_def,
                 additional_deps=[target.key_path],
                 description=f"Every ({', '.join(fk.columns)}) exists in {target.name}.")
    def _check(context: AssetCheckExecutionContext, lake: LakeResource) -> AssetCheckResult:
        partition = _partition(context)
        rows = lake.tables.read(schema, [partition] if partition else None, columns=list(fk.columns))
        refs = lake.tables.read(target, columns=list(fk.ref_columns))
        on = " and ".join(f"r.{a} = t.{b}" for a, b in zip(fk.columns, fk.ref_columns))
        orphans = query_arrow(f"select r.* from rows r anti join refs t on {on}", rows=rows, refs=refs)
        return AssetCheckResult(
            passed=orphans.num_rows == 0,
            metadata={"rows": rows.num_rows, "orphans": orphans.num_rows, "orphan_sample": str(orphans.slice(0, 5).to_pylist())},
        )

    return _check


def dataset_checks(schema: DatasetSchema, partitions_def: PartitionsDefinition | None = None) -> list[AssetChecksDefinition]:
    checks = [_schema_check(schema, partitions_def)]
    if schema.primary_key:
        checks.append(_primary_key_check(schema, partitions_def))
    checks.extend(_reference_check(schema, fk, partitions_def) for fk in schema.foreign_keys)
    return checks


def checks_for(asset_defs) -> list[AssetChecksDefinition]:
    """The declared checks of every asset that has a dataset schema, partitioned like it."""
    partitions = {key.to_user_string(): a.partitions_def for a in asset_defs for key in a.keys}
    return [
        check
        for name, schema in ALL_SCHEMAS.items()
        if name in partitions
        for check in dataset_checks(schema, partitions[name])
    ]
