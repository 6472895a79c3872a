"""One job per landing partitions definition (raw and trusted of those files), so a range
of landed files can be backfilled from the command line with `dagster job backfill`."""
from __future__ import annotations

from collections import defaultdict

from dagster import AssetKey, JobDefinition, define_asset_job

from movie_lake.lib.landing.rules import LANDING_SOURCES


def backfill_job_name(partitions_name: str) -> str:
    return f"backfill_{partitions_name}"


def backfill_jobs() -> list[JobDefinition]:
    keys: dict[str, list[AssetKey]] = defaultdict(list)
    for source in LANDING_SOURCES.values():
        keys[source.partitions_name] += [AssetKey(source.raw_key_path), *(AssetKey(t.key_path) for t in source.tables)]
    return [
        define_asset_job(backfill_job_name(name), selection=selected,
                         description=f"Every asset partitioned by {name}: raw copy and trusted tables of those files.")
        for name, selected in sorted(keys.items())
    ]
