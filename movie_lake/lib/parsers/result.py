"""What every parser returns, and the error for a file that cannot be read at all."""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field

from typing import TYPE_CHECKING

import pyarrow as pa

if TYPE_CHECKING:
    from movie_lake.lib.parsers.spool import SpooledTable

RECORD_TEXT_LIMIT = 2000


class BadFileError(ValueError):
    """The whole file is unusable (empty, wrong header, undecodable); names the file."""


@dataclass(frozen=True)
class Reject:
    line: int
    reason: str
    field: str | None = None
    record: str | None = None
    record_kept: bool = False
    """Only `field` was set aside (read as unknown); the record's other fields were kept."""
    values: dict[str, str] | None = dataclasses.field(default=None, compare=False, repr=False)
    """The record's fields by header name, while the parser still needs them (not stored)."""


@dataclass
class ParseResult:
    """What every parser returns: `rows_in` records were read, `rows_out` kept, `rejects`
    set aside, and the typed tables by their dataset's table name (`movies`, or
    `movie_cast` + `movie_crew` for credits, where one record yields rows in several).

    `records_out` is given where one record yields many rows, so in = out + rejected
    holds per record. `notes` holds what a parser wants recorded with the
    materialization (detected encoding, …)."""

    tables: dict[str, pa.Table | SpooledTable]
    """A table larger than `spool.SPOOL_BYTES` is a `SpooledTable` (read it batch by batch)."""
    rejects: list[Reject] = field(default_factory=list)
    rows_in: int = 0
    records_out: int | None = None
    notes: dict[str, object] = field(default_factory=dict)

    def __getitem__(self, table_name: str) -> pa.Table:
        return self.tables[table_name]

    @property
    def table(self) -> pa.Table:
        """The only table of a single-table source."""
        (only,) = self.tables.values()
        return only

    @property
    def rows_out(self) -> int:
        return self.table.num_rows if self.records_out is None else self.records_out

    @property
    def records_rejected(self) -> int:
        """Records set aside whole (a field-level reject keeps its record among `rows_out`)."""
        return sum(1 for r in self.rejects if not r.record_kept)


def rejects_to_table(rejects: list[Reject], source_file: str) -> pa.Table:
    return pa.table(
        {
            "landed_file": pa.array([source_file] * len(rejects), pa.string()),
            "line": pa.array([r.line for r in rejects], pa.int64()),
            "field": pa.array([r.field for r in rejects], pa.string()),
            "reason": pa.array([r.reason for r in rejects], pa.string()),
            "record": pa.array([(r.record or "")[:RECORD_TEXT_LIMIT] or None for r in rejects], pa.string()),
            "record_kept": pa.array([r.record_kept for r in rejects], pa.bool_()),
        }
    )


class RowRejected(ValueError):
    """Raised inside a row parser; the row goes to quarantine with this field and reason."""

    def __init__(self, field: str | None, reason: str):
        super().__init__(reason)
        self.field = field
        self.reason = reason
