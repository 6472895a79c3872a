"""The analytics table of the video pipeline: every region's trending stats with the
region's category title. Unpartitioned, so a region whose category list has not landed
(or lands later) never blocks it: its rows keep a null title until the list arrives.
Rows whose category id the region's list lacks are kept and counted
(`unknown_category_rows`), not dropped. `sql/video_trends.sql`."""

from dagster import AssetIn, Output, asset

from movie_lake.defs.lake.table_sql_resource import TableSQLResource, lake_inputs
from movie_lake.defs.movies.conform import REFINED
from movie_lake.lib.query.table_sql import TableSQL
from movie_lake.lib.schemas import video
from movie_lake.lib.storage.dataset_type import Dataset

VIDEO_IN = {
    "stats": AssetIn(key=video.VIDEO_STATS.key_path),
    "categories": AssetIn(key=video.VIDEO_CATEGORIES.key_path, metadata={"columns": ["region", "category_id", "title"]}),
}
VIDEO_TRENDS_SQL = TableSQL.beside(__file__, "video_trends").render()


@asset(key=video.VIDEO_TRENDS.key_path, ins=VIDEO_IN, description=video.VIDEO_TRENDS.description, **REFINED)
def video_trends(table_sql: TableSQLResource, stats: Dataset, categories: Dataset):
    inputs = lake_inputs(VIDEO_IN, stats=stats, categories=categories)
    rows = table_sql.build(video.VIDEO_TRENDS, VIDEO_TRENDS_SQL, inputs)
    unknown = table_sql.query(
        "select region, count(*) as n from refined.video_trends where category_title is null group by region order by region",
        inputs, rows, video.VIDEO_TRENDS,
    ).to_pylist()
    return Output(
        rows,
        metadata={
            "unknown_category_rows": sum(r["n"] for r in unknown),
            "unknown_category_rows_by_region": {r["region"]: r["n"] for r in unknown},
        },
    )
