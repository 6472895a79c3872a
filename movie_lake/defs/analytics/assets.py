"""`analytics/<name>` for every analysis: the SQL runs on the query engine over the catalog's
tables; the result goes through the lake IO manager (cast to `schemas/analytics.py`, written
to `analytics/<name>/part-0.parquet`, registered in the catalog)."""
from dagster import AssetExecutionContext, AssetKey, AssetsDefinition, Output, asset

from movie_lake.defs.analytics.analyses import ANALYSES, Analysis, run_analysis
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
    )
    def _analysis(context: AssetExecutionContext, query_engine: QueryEngineResource, catalog: CatalogResource) -> Output:
        run = run_analysis(analysis, query_engine, catalog)
        if run.missing_inputs:
            context.log.warning(f"{analysis.name}: no table {', '.join(run.missing_inputs)} in the catalog; writing 0 rows")
        return Output(run.table, metadata=run.metadata)

    return _analysis


ANALYSIS_ASSETS = [analysis_asset(a) for a in ANALYSES]
