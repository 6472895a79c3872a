"""`analytics/<name>` for every analysis: the SQL runs on the query engine over the catalog's
tables; the result goes through the lake IO manager (cast to `schemas/analytics.py`, written
to `analytics/<name>/part-0.parquet`, registered in the catalog)."""
import json
from functools import cache

from dagster import AssetExecutionContext, AssetKey, AssetsDefinition, Output, TableColumnDep, TableColumnLineage, asset

from movie_lake.defs.analytics.analyses import LINEAGE_FILE, Analysis, run_analysis
from movie_lake.defs.lake.catalog_resource import CatalogResource
from movie_lake.defs.lake.query_resource import QueryEngineResource


def analysis_asset(analysis: Analysis) -> AssetsDefinition:
    @asset(
        key=analysis.schema.key_path,
        group_name="analytics",
        io_manager_key="lake_io_manager",
        deps=[AssetKey(name.split("/")) for name in analysis.reads],
        description=analysis.description,
        kinds={"sql"},
        metadata={"dagster/column_lineage": column_lineage(analysis.name)},
    )
    def _analysis(context: AssetExecutionContext, query_engine: QueryEngineResource, catalog: CatalogResource) -> Output:
        run = run_analysis(analysis, query_engine, catalog)
        if run.missing_inputs:
            context.log.warning(f"{analysis.name}: no table {', '.join(run.missing_inputs)} in the catalog; writing 0 rows")
        return Output(run.table, metadata=run.metadata)

    return _analysis


@cache
def _lineage_file() -> dict:
    return json.loads(LINEAGE_FILE.read_text())


def column_lineage(name: str) -> TableColumnLineage:
    """What each output column is computed from, as sqlglot derived it from the SQL."""
    return TableColumnLineage(deps_by_column={
        column: [TableColumnDep(asset_key=AssetKey(table.split("/")), column_name=source) for table, source in sources]
        for column, sources in _lineage_file()[name].items()
    })
