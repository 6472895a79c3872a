"""The analyses are written once, in Athena's dialect (Trino); sqlglot translates them for DuckDB
and renames the layer schemas to the Glue databases."""
from __future__ import annotations

import sqlglot
from sqlglot import exp

SOURCE_DIALECT = "trino"
LAYERS = ("trusted", "refined", "analytics")


def parse(sql: str) -> exp.Expression:
    """Parse as Trino; a syntax error raises `sqlglot.errors.ParseError` naming line and column."""
    return sqlglot.parse_one(sql, read=SOURCE_DIALECT, error_level=sqlglot.ErrorLevel.RAISE)


def to_duckdb(sql: str) -> str:
    return parse(sql).sql(dialect="duckdb")


def to_athena(sql: str, database_prefix: str) -> str:
    """`refined.dim_movie` → `<prefix>_refined.dim_movie`."""
    def rename(node: exp.Expression) -> exp.Expression:
        if isinstance(node, exp.Table) and node.db in LAYERS:
            node.set("db", exp.to_identifier(f"{database_prefix}_{node.db}"))
        return node

    return parse(sql).transform(rename).sql(dialect=SOURCE_DIALECT)


def tables_read(sql: str) -> list[str]:
    """Lake tables the query reads, as lake names (`refined/dim_movie`), CTE names left out."""
    tree = parse(sql)
    ctes = {cte.alias_or_name for cte in tree.find_all(exp.CTE)}
    names = {f"{t.db}/{t.name}" for t in tree.find_all(exp.Table) if t.db in LAYERS and t.name not in ctes}
    return sorted(names)
