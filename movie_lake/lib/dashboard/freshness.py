"""When a lake table feeding the dashboard was last materialized, and from which partitions."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class Freshness:
    table: str
    materialized_at: datetime
    latest_partition: str | None
    partitions: str
    rows: int | None
