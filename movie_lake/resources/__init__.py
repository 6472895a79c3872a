"""Dagster resources of movie_lake."""
