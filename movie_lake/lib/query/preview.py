"""A markdown table of a result's first rows, for Dagster metadata."""
from __future__ import annotations

import pyarrow as pa


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:,.4g}" if abs(value) < 1e6 else f"{value:,.0f}"
    return str(value).replace("|", "\\|").replace("\n", " ")


def markdown_preview(table: pa.Table, rows: int = 10) -> str:
    if table.num_columns == 0:
        return "(no columns)"
    header = "| " + " | ".join(table.column_names) + " |"
    rule = "|" + "|".join(" --- " for _ in table.column_names) + "|"
    body = ["| " + " | ".join(_cell(v) for v in row.values()) + " |" for row in table.slice(0, rows).to_pylist()]
    more = [f"\n{table.num_rows - rows:,} more rows"] if table.num_rows > rows else []
    return "\n".join([header, rule, *body, *more]) if body else f"{header}\n{rule}\n\n(no rows)"
