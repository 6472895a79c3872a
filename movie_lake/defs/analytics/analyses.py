"""The SQL analyses: one `movie_lake/sql/<name>.sql` each, output declared in `schemas/analytics.py`.

`run_analysis` makes sure every table the SQL reads is in the catalog (a declared table with no
data yet becomes an empty one, so the analysis yields 0 rows instead of failing), runs the SQL
on the mode's engine and returns the result with what to record about it.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import pyarrow as pa
from dagster import MetadataValue

from movie_lake.lib.schemas import ALL_SCHEMAS
from movie_lake.lib.schemas.analytics import SCHEMAS as ANALYSIS_SCHEMAS
from movie_lake.lib.schemas.base import DatasetSchema
from movie_lake.lib.query.dialect import tables_read
from movie_lake.lib.query.preview import markdown_preview
from movie_lake.lib.query.result import QueryResult

SQL_FOLDER = Path(__file__).resolve().parent / "sql"
LINEAGE_FILE = Path(__file__).resolve().parent / "column_lineage.json"
"""Each analysis' column lineage, derived from its SQL (`python -m tools.build_column_lineage`)."""


@dataclass(frozen=True)
class Analysis:
    schema: DatasetSchema

    @property
    def name(self) -> str:
        return self.schema.table_name

    @cached_property
    def sql(self) -> str:
        return (SQL_FOLDER / f"{self.name}.sql").read_text()

    @property
    def description(self) -> str:
        """The SQL file's leading comment."""
        lines = []
        for line in self.sql.splitlines():
            if not line.startswith("--"):
                break
            lines.append(line[2:].strip())
        return " ".join(lines)

    @property
    def reads(self) -> list[str]:
        return tables_read(self.sql)


ANALYSES = tuple(Analysis(schema) for schema in ANALYSIS_SCHEMAS)


@dataclass(frozen=True)
class AnalysisRun:
    table: pa.Table
    metadata: dict
    missing_inputs: tuple[str, ...] = ()


def run_analysis(analysis: Analysis, engine, catalog) -> AnalysisRun:
    """`engine` has `query(sql) -> QueryResult`; `catalog` has `has_table`/`ensure`."""
    missing = []
    for name in analysis.reads:
        if catalog.has_table(name):
            continue
        if name in ALL_SCHEMAS:
            catalog.ensure(ALL_SCHEMAS[name])
        else:
            missing.append(name)
    if missing:
        empty = analysis.schema.arrow_schema.empty_table()
        return AnalysisRun(empty, {"sql": MetadataValue.md(f"```sql\n{analysis.sql}\n```"),
                                   "missing_inputs": ", ".join(missing)}, tuple(missing))
    result = engine.query(analysis.sql)
    return AnalysisRun(_conformed(result.table, analysis.schema), _metadata(analysis, result))


def _conformed(table: pa.Table, schema: DatasetSchema) -> pa.Table:
    """A result without any columns (moto's Athena runs no SQL) stands for no rows."""
    if table.num_columns == 0 and table.num_rows == 0:
        return schema.arrow_schema.empty_table()
    return table


def _metadata(analysis: Analysis, result: QueryResult) -> dict:
    metadata = {
        "sql": MetadataValue.md(f"```sql\n{analysis.sql}\n```"),
        "engine": result.engine,
        "rows": result.rows,
        "duration_seconds": round(result.seconds, 4),
        "preview": MetadataValue.md(markdown_preview(result.table)),
    }
    if result.bytes_scanned is not None:
        metadata["bytes_scanned"] = result.bytes_scanned
        metadata["estimated_cost_usd"] = MetadataValue.float(result.estimated_cost_usd)
    if result.query_id:
        metadata["query_id"] = result.query_id
    return metadata
