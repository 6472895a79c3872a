"""One job per landing partitions definition (raw and trusted of those files), so a range
of landed files can be backfilled from the command line with `dagster job backfill`."""
from __future__ import annotations

from dagster import AssetsDefinition, AssetSelection, define_asset_job

from movie_lake.lib.landing.rules import LANDING_SOURCES


def backfill_job_name(partitions_name: str) -> str:
    return f"backfill_{partitions_name}"


def backfill_jobs(asset_defs: list[AssetsDefinition]) -> list:
    partition_defs = {s.partitions_def.name: s.partitions_def for s in LANDING_SOURCES.values()}
    jobs = []
    for name, partitions_def in sorted(partition_defs.items()):
        keys = [k for a in asset_defs if a.partitions_def == partitions_def for k in a.keys]
        if keys:
            jobs.append(define_asset_job(backfill_job_name(name), AssetSelection.assets(*keys),
                                         description=f"Every asset partitioned by {name}: raw copy and trusted tables of those files."))
    return jobs
