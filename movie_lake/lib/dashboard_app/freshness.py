"""When each catalogued table was last written, read from the lake's own listing (the app needs
no Dagster instance): its newest data file, and the data files and bytes it keeps, which include
its earlier snapshots' (Iceberg keeps them for history and rollback); a table never written says so."""
from __future__ import annotations

from datetime import datetime, timezone

from movie_lake.lib.catalog import CATALOGUED_LAYERS
from movie_lake.lib.schemas import ALL_SCHEMAS
from movie_lake.lib.storage import LakeStorage

NEVER = "never written"


def table_freshness(storage: LakeStorage, now: datetime | None = None) -> list[dict]:
    now = now or datetime.now(timezone.utc)
    found = []
    for name in sorted(n for n, s in ALL_SCHEMAS.items() if s.layer in CATALOGUED_LAYERS):
        files = [f for f in storage.list_files(f"{name}/data") if f.key.endswith(".parquet")]
        newest = max((f.modified for f in files), default=None)
        found.append({
            "table": name,
            "last_written_utc": newest.strftime("%Y-%m-%d %H:%M:%S") if newest else NEVER,
            "age": _age(now - newest) if newest else NEVER,
            "data files (all snapshots)": len(files),
            "megabytes (all snapshots)": round(sum(f.size for f in files) / 1e6, 3),
        })
    return found


def _age(delta) -> str:
    seconds = max(0, int(delta.total_seconds()))
    for unit, size in (("d", 86400), ("h", 3600), ("min", 60)):
        if seconds >= size:
            return f"{seconds // size} {unit}"
    return f"{seconds} s"
