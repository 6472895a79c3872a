"""Partitions of the lake. Landed files become dynamic partitions, one per file or region;
the TMDB API is fetched by primary release month."""
from dagster import DynamicPartitionsDefinition, MonthlyPartitionsDefinition

from movie_lake.settings import tmdb_start_month

TMDB_MOVIES_FILES = DynamicPartitionsDefinition(name="tmdb_movies_files")
TMDB_CREDITS_FILES = DynamicPartitionsDefinition(name="tmdb_credits_files")
VIDEO_REGIONS = DynamicPartitionsDefinition(name="video_regions")
"""One partition per region code (`US`), shared by video stats and video categories."""

TMDB_API_MONTHS = MonthlyPartitionsDefinition(start_date=tmdb_start_month(), fmt="%Y-%m", end_offset=1)
"""Keys `YYYY-MM` (also the `release_month=` folder value) from MOVIE_LAKE_TMDB_START_MONTH
through the current month (`end_offset=1`), so the month in progress can be refreshed."""
