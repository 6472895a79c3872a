"""The lake's SQL is written once, in Athena's dialect (Trino); sqlglot translates it for DuckDB
and renames the layer schemas to the Glue databases."""
from __future__ import annotations

from functools import lru_cache

import sqlglot
from sqlglot import exp

SOURCE_DIALECT = "trino"
LAYERS = ("trusted", "refined", "analytics")


def parse(sql: str) -> exp.Expression:
    """Parse as Trino; a syntax error raises `sqlglot.errors.ParseError` naming line and column."""
    return sqlglot.parse_one(sql, read=SOURCE_DIALECT, error_level=sqlglot.ErrorLevel.RAISE)


@lru_cache(maxsize=512)
def to_duckdb(sql: str, inline_ctes: bool = False) -> str:
    """`inline_ctes`: every common table expression NOT MATERIALIZED, so that a filter on the
    result reaches the scans inside them (DuckDB materializes one read twice, and a filter stops
    there); for a query asked for a few keys' rows. Translations are kept: a table's SQL is the same
    text at every build."""
    tree = parse(sql).transform(_unnest_rows_for_duckdb)
    if inline_ctes:
        for cte in tree.find_all(exp.CTE):
            cte.set("materialized", False)
    return tree.sql(dialect="duckdb")


def _unnest_rows_for_duckdb(node: exp.Expression) -> exp.Expression:
    """Trino's `cross join unnest(genres) as g(id, name)` spreads each row of an array of rows over
    the alias' columns; DuckDB's `unnest` in a FROM gives one struct column, so the array is
    unnested in a lateral select, which spreads the struct's fields (one level only)."""
    alias = node.args.get("alias")
    if not isinstance(node, exp.Unnest) or not isinstance(node.parent, exp.Join) or alias is None or len(alias.columns) < 2:
        return node
    spread = exp.Anonymous(this="unnest", expressions=[*node.expressions, exp.Kwarg(this=exp.var("max_depth"), expression=exp.Literal.number(2))])
    return exp.Lateral(this=exp.select(spread).subquery(), alias=alias.copy())


def to_athena(sql: str, database_prefix: str) -> str:
    """`refined.dim_movie` → `<prefix>_refined.dim_movie`."""
    def rename(node: exp.Expression) -> exp.Expression:
        if isinstance(node, exp.Table) and node.db in LAYERS:
            node.set("db", exp.to_identifier(f"{database_prefix}_{node.db}"))
        return node

    return parse(sql).transform(rename).sql(dialect=SOURCE_DIALECT)


def with_final_select(sql: str, final: str) -> str:
    """`final` run with `sql`'s common table expressions: a count or check over one of the steps
    of a table's query, without repeating them."""
    tree, outer = parse(sql), parse(final)
    ctes = tree.find(exp.With)
    if ctes is not None and ctes.parent is tree:
        outer.set(ctes.arg_key, ctes.copy())
    return outer.sql(dialect=SOURCE_DIALECT)


def tables_read(sql: str) -> list[str]:
    """Lake tables the query reads, as lake names (`refined/dim_movie`), CTE names left out."""
    tree = parse(sql)
    ctes = {cte.alias_or_name for cte in tree.find_all(exp.CTE)}
    names = {f"{t.db}/{t.name}" for t in tree.find_all(exp.Table) if t.db in LAYERS and t.name not in ctes}
    return sorted(names)
