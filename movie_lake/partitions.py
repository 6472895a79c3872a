"""Partitions of the lake. Landed files become dynamic partitions, one per file or region."""
from dagster import DynamicPartitionsDefinition

TMDB_MOVIES_FILES = DynamicPartitionsDefinition(name="tmdb_movies_files")
TMDB_CREDITS_FILES = DynamicPartitionsDefinition(name="tmdb_credits_files")
VIDEO_REGIONS = DynamicPartitionsDefinition(name="video_regions")
"""One partition per region code (`US`), shared by video stats and video categories."""
