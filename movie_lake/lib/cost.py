"""The lake's cost estimate from what it already knows: the objects it holds (a listing) and
what its materializations recorded (Athena's bytes scanned, objects written, TMDB requests).
Pure: the asset hands in the listing and the materialization facts."""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

import pyarrow as pa

from movie_lake.lib.query.result import athena_billed_bytes
from movie_lake.lib.schemas.cost import LAKE_COST

ZONES = ("landing", "raw", "trusted", "quarantine", "refined", "analytics", "reports")
ROOT_FILES = "catalog files"
"""Files at the lake's root (the local catalog, its lock and view list) rather than in a zone."""
GB = 1024 ** 3
TB = 1024 ** 4


@dataclass(frozen=True)
class Materialized:
    """What one materialization recorded that costs money."""

    asset: str
    day: date
    bytes_scanned: int | None = None
    tmdb_requests: int | None = None


def cost_rows(object_sizes: list[tuple[str, int]], materialized: list[Materialized], prices) -> pa.Table:
    """`object_sizes`: (key, bytes) of every object; `prices`: a `settings.Prices`."""
    rows = []
    # every zone has its row, empty or not, so the table's shape does not depend on what ran first
    by_zone: dict[str, int] = {zone: 0 for zone in (*ZONES, ROOT_FILES)}
    for key, size in object_sizes:
        zone = key.split("/", 1)[0] if "/" in key else ROOT_FILES
        if zone in by_zone:  # not other folders under a local lake root (a Dagster home kept there)
            by_zone[zone] += size
    for zone, size in by_zone.items():
        rows.append(("storage", zone, None, size / GB, "GB-month", size / GB * prices.s3_gb_month_usd))
    scanned: dict[tuple[str, date], int] = defaultdict(int)
    puts: dict[date, int] = defaultdict(int)
    tmdb: dict[date, int] = defaultdict(int)
    for event in materialized:
        puts[event.day] += 1
        if event.bytes_scanned is not None:
            scanned[(event.asset, event.day)] += athena_billed_bytes(event.bytes_scanned)
        if event.tmdb_requests:
            tmdb[event.day] += event.tmdb_requests
    for (asset, day), size in sorted(scanned.items()):
        rows.append(("athena", asset, day, size / TB, "TB scanned", size / TB * prices.athena_tb_scanned_usd))
    for day, count in sorted(puts.items()):
        rows.append(("s3_requests", "all", day, float(count), "requests", count / 1000 * prices.s3_put_per_1000_usd))
    for day, count in sorted(tmdb.items()):
        rows.append(("tmdb_api", "all", day, float(count), "requests", 0.0))
    columns = list(zip(*rows)) if rows else [[] for _ in LAKE_COST.columns]
    return pa.Table.from_arrays([pa.array(values, c.type) for values, c in zip(columns, LAKE_COST.columns)],
                                schema=LAKE_COST.arrow_schema)
