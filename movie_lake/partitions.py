"""Partitions of the lake. Landed files become dynamic partitions, one per file or region."""
from dagster import DynamicPartitionsDefinition

TMDB_MOVIES_FILES = DynamicPartitionsDefinition(name="tmdb_movies_files")
TMDB_CREDITS_FILES = DynamicPartitionsDefinition(name="tmdb_credits_files")
