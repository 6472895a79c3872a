"""The online-video trends pipeline: category lists and daily trending stats per region,
and the analytics table joining them (its columns are a contract with the SQL analyses)."""
import pyarrow as pa

from movie_lake.lib.schemas.base import Column, DatasetSchema

REGION = "region"
UTC = pa.timestamp("us", tz="UTC")
LANDED_AT = Column("landed_at", UTC, False, "when the source file landed")

VIDEO_CATEGORIES = DatasetSchema(
    name="trusted/video_categories",
    description="One row per category of a region's category list (items[] of the YouTube API response).",
    primary_key=(REGION, "category_id"),
    partition_column=REGION,
    columns=(
        Column("category_id", pa.int64(), False),
        Column("title", pa.string(), False, "English category name"),
        Column("assignable", pa.bool_(), description="whether uploaders may pick it"),
        LANDED_AT,
    ),
)

STATS_COLUMNS = (
    Column("video_id", pa.string(), False, "11-character YouTube id"),
    Column("trending_date", pa.date32(), False, "the day the video was on the trending list"),
    Column("title", pa.string(), False),
    Column("channel_title", pa.string(), False),
    Column("category_id", pa.int64(), False),
    Column("publish_time", UTC, False),
    Column("tags", pa.list_(pa.string()), False, "empty when the source says [none]"),
    Column("views", pa.int64(), False),
    Column("likes", pa.int64(), False),
    Column("dislikes", pa.int64(), False),
    Column("comment_count", pa.int64(), False),
)
FLAG_COLUMNS = (
    Column("comments_disabled", pa.bool_(), False),
    Column("ratings_disabled", pa.bool_(), False),
    Column("video_error_or_removed", pa.bool_(), False),
)
DESCRIPTION = Column("description", pa.string(), description="real line breaks (LF); null when empty")

VIDEO_STATS = DatasetSchema(
    name="trusted/video_stats",
    description="One row per video per trending day in a region, typed.",
    primary_key=(REGION, "video_id", "trending_date"),
    partition_column=REGION,
    columns=(*STATS_COLUMNS, Column("thumbnail_link", pa.string()), *FLAG_COLUMNS, DESCRIPTION, LANDED_AT),
)

VIDEO_TRENDS = DatasetSchema(
    name="refined/video_trends",
    description="Trending stats of every region with the region's category title; "
    "a category id missing from the region's category list keeps a null title.",
    primary_key=(REGION, "video_id", "trending_date"),
    columns=(
        Column(REGION, pa.string(), False, "two-letter region code from the landed file name"),
        *STATS_COLUMNS[:5],
        Column("category_title", pa.string(), description="null when the region's category list lacks the id"),
        *STATS_COLUMNS[5:],
        *FLAG_COLUMNS,
        DESCRIPTION,
        Column("days_to_trend", pa.int32(), False, "trending_date minus the UTC publish date, in days"),
    ),
)

SCHEMAS = (VIDEO_CATEGORIES, VIDEO_STATS, VIDEO_TRENDS)
