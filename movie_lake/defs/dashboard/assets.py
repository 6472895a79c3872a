"""`analytics/dashboard`: one offline HTML page over the analyses, written into the lake.

The analyses are `deps` read through the lake (not IO-manager inputs) on purpose: an
analysis that was never materialized, or is empty, becomes a "no data yet" panel on the
page instead of failing the whole dashboard.
"""
from datetime import datetime, timezone
from typing import TYPE_CHECKING

import pyarrow as pa
from dagster import AssetExecutionContext, AssetIn, AssetKey, MaterializeResult, MetadataValue, asset

from movie_lake.defs.dashboard.freshness import lake_freshness
from movie_lake.lib.dashboard.report_paths import REPORT_KEY, local_dashboard_path
from movie_lake.defs.lake.lake_resource import LakeResource
from movie_lake.lib.schemas import ALL_SCHEMAS, refined
from movie_lake.lib.storage.dataset_type import Dataset

if TYPE_CHECKING:  # the page's modules (plotly, pandas) load when the page is built, not with the definitions
    from movie_lake.lib.dashboard.sections import Section

DASHBOARD_KEY = AssetKey(["analytics", "dashboard"])
ANALYTICS_TABLES = tuple(name for name, schema in ALL_SCHEMAS.items() if schema.layer == "analytics")
"""What the page shows: every analytics table (`lib/dashboard/sections.py` has a chart for each)."""
KPI_INPUTS = {
    "movies": AssetIn(key=refined.DIM_MOVIE.key_path, metadata={"columns": ["movie_id", "title", "release_year"]}),
    "finance": AssetIn(key=refined.FACT_MOVIE_FINANCE.key_path),
}


@asset(key=DASHBOARD_KEY, group_name="analytics", ins=KPI_INPUTS,
       deps=[AssetKey(ALL_SCHEMAS[name].key_path) for name in ANALYTICS_TABLES],
       description="Offline HTML dashboard (plotly inlined) answering the analyses' questions; "
                   f"written to the lake at {REPORT_KEY}.")
def dashboard(context: AssetExecutionContext, lake: LakeResource, movies: Dataset, finance: Dataset) -> MaterializeResult:
    from movie_lake.lib.dashboard.kpis import headline_tiles
    from movie_lake.lib.dashboard.page import render_page
    from movie_lake.lib.dashboard.panels import NoData
    from movie_lake.lib.dashboard.sections import ANALYSES, build_sections

    tables = {name: table for name in ANALYSES if (table := _analysis(lake, name)) is not None}
    sections = build_sections(tables)
    tiles = headline_tiles(movies.to_table(), finance.to_table(), tables.get("franchise_kpis"))
    freshness = lake_freshness(context.instance, skip=DASHBOARD_KEY)
    page = render_page(sections, tiles, freshness, datetime.now(timezone.utc), lake.storage.uri).encode("utf-8")

    lake.storage.write_bytes(REPORT_KEY, page, content_type="text/html; charset=utf-8")
    local = local_dashboard_path(lake.local_root)
    if not lake.storage.is_local:
        local.parent.mkdir(parents=True, exist_ok=True)
        local.write_bytes(page)
    missing = sorted(set(ANALYSES) - set(tables))
    if missing:
        context.log.warning(f"not materialized yet, shown as 'no data yet': {', '.join(missing)}")
    return MaterializeResult(metadata={
        "path": MetadataValue.path(lake.storage.uri_of(REPORT_KEY)),
        "local_copy": MetadataValue.path(str(local)),
        "open": MetadataValue.url(local.resolve().as_uri()),
        "bytes": len(page),
        "charts": sum(1 for s in sections for _, chart in s.charts if not isinstance(chart, NoData)),
        "no_data_panels": sum(1 for s in sections for _, chart in s.charts if isinstance(chart, NoData)),
        "sections": MetadataValue.md(_sections_markdown(sections, tables)),
    })


def _analysis(lake: LakeResource, name: str) -> pa.Table | None:
    """The analysis table, or None while it has no declared schema or no stored data."""
    schema = ALL_SCHEMAS.get(f"analytics/{name}")
    if schema is None:
        return None
    try:
        return lake.tables.read(schema)
    except FileNotFoundError:
        return None


def _sections_markdown(sections: "list[Section]", tables: dict[str, pa.Table]) -> str:
    from movie_lake.lib.dashboard.panels import NoData

    lines = ["| section | chart | source | rows |", "| --- | --- | --- | --- |"]
    for section in sections:
        for spec, chart in section.charts:
            shown = "no data yet" if isinstance(chart, NoData) else "chart"
            for table in spec.tables:
                rows = f"{tables[table].num_rows:,}" if table in tables else "not materialized"
                lines.append(f"| {section.spec.title} | {spec.name} ({shown}) | analytics/{table} | {rows} |")
    return "\n".join(lines)
