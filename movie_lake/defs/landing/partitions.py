"""Landed files become dynamic partitions: one per file, or one per region (video)."""
from dagster import DynamicPartitionsDefinition

from movie_lake.lib.landing.rules import LandingSource


def landing_partitions(source: LandingSource) -> DynamicPartitionsDefinition:
    """Sources with the same `partitions_name` share one definition (a region's stats and
    its category list), so their tables line up partition for partition."""
    return DynamicPartitionsDefinition(name=source.partitions_name)
