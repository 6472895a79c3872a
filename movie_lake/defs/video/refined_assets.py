"""The analytics table of the video pipeline: every region's trending stats with the
region's category title. Unpartitioned, so a region whose category list has not landed
(or lands later) never blocks it: its rows keep a null title until the list arrives.
Rows whose category id the region's list lacks are kept and counted
(`unknown_category_rows`), not dropped."""

import pyarrow.dataset as ds
from dagster import AssetIn, Output, asset

from movie_lake.defs.lake.arrow_sql_resource import ArrowSQLResource
from movie_lake.defs.movies.conform import REFINED
from movie_lake.lib.schemas import video

VIDEO_IN = {
    "stats": AssetIn(key=video.VIDEO_STATS.key_path),
    "categories": AssetIn(key=video.VIDEO_CATEGORIES.key_path, metadata={"columns": ["region", "category_id", "title"]}),
}


@asset(key=video.VIDEO_TRENDS.key_path, ins=VIDEO_IN, description=video.VIDEO_TRENDS.description, **REFINED)
def video_trends(arrow_sql: ArrowSQLResource, stats: ds.Dataset, categories: ds.Dataset):
    table = arrow_sql.table(
        """select s.region, s.video_id, s.trending_date, s.title, s.channel_title, s.category_id,
                  c.title as category_title, s.publish_time, s.tags, s.views, s.likes, s.dislikes,
                  s.comment_count, s.comments_disabled, s.ratings_disabled, s.video_error_or_removed,
                  s.description,
                  cast(s.trending_date - cast(timezone('UTC', s.publish_time) as date) as integer) as days_to_trend
           from stats s left join categories c on c.region = s.region and c.category_id = s.category_id
           order by s.region, s.trending_date, s.video_id""",
        stats=stats, categories=categories,
    )
    unknown = arrow_sql.query(
        "select region, count(*) as n from t where category_title is null group by region order by region", t=table
    ).to_pylist()
    return Output(
        table,
        metadata={
            "unknown_category_rows": sum(r["n"] for r in unknown),
            "unknown_category_rows_by_region": {r["region"]: r["n"] for r in unknown},
        },
    )
