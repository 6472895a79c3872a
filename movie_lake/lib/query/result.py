"""What a query returns, whichever engine ran it: an Arrow table and what it cost."""
from __future__ import annotations

import math
from dataclasses import dataclass

from typing import TYPE_CHECKING

import pyarrow as pa

if TYPE_CHECKING:
    import pandas as pd

ATHENA_USD_PER_TB = 5.0
TB = 1024**4
MB = 1024**2
ATHENA_MINIMUM_BYTES = 10 * MB


def athena_billed_bytes(bytes_scanned: int) -> int:
    """What Athena bills for one query: the bytes rounded up to the MB, 10 MB minimum."""
    return max(math.ceil(bytes_scanned / MB) * MB, ATHENA_MINIMUM_BYTES)


def athena_cost_usd(bytes_scanned: int) -> float:
    """Athena's price for one query at the list price ($5 per TB billed)."""
    return athena_billed_bytes(bytes_scanned) / TB * ATHENA_USD_PER_TB


@dataclass(frozen=True)
class QueryResult:
    table: pa.Table
    sql: str
    engine: str
    seconds: float
    bytes_scanned: int | None = None
    query_id: str | None = None

    @property
    def rows(self) -> int:
        return self.table.num_rows

    @property
    def estimated_cost_usd(self) -> float | None:
        return None if self.bytes_scanned is None else athena_cost_usd(self.bytes_scanned)

    def to_pandas(self) -> pd.DataFrame:
        return self.table.to_pandas()

    def stats(self) -> dict:
        """Numbers worth recording beside the result (Dagster metadata, logs)."""
        stats = {"engine": self.engine, "rows": self.rows, "duration_seconds": round(self.seconds, 4)}
        if self.bytes_scanned is not None:
            stats.update(bytes_scanned=self.bytes_scanned, estimated_cost_usd=self.estimated_cost_usd)
        if self.query_id:
            stats["query_id"] = self.query_id
        return stats
