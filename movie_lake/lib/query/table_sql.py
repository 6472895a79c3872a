"""A lake table's query: one SELECT in Trino (Athena's dialect) in `<source folder>/sql/<table>.sql`,
reading lake tables as `layer.table`. The same text runs on DuckDB (translated by sqlglot) and on
Athena (layer schemas renamed to the Glue databases).

`${name}` placeholders take text the asset renders from the schema declarations or the settings
(column lists, a constant, a list of names); the rendered text is what runs. It is parsed when it
is first translated (not at import); the tests parse every table's as Trino."""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from string import Template

from movie_lake.lib.schemas.base import DatasetSchema
from movie_lake.lib.sql_text import literal


@dataclass(frozen=True)
class TableSQL:
    path: Path

    @classmethod
    def beside(cls, module_file: str, name: str) -> "TableSQL":
        """`<module's folder>/sql/<name>.sql`."""
        return cls(Path(module_file).resolve().parent / "sql" / f"{name}.sql")

    def render(self, **values: object) -> str:
        """The SQL with its placeholders filled; a missing value raises KeyError naming it."""
        return Template(self.path.read_text()).substitute({k: str(v) for k, v in values.items()})


def columns(schema: DatasetSchema, prefix: str = "", without: Iterable[str] = ()) -> str:
    """The declared columns of a table as a select list (`m.id, m.title, ...`)."""
    left_out = set(without)
    return ", ".join(f"{prefix}{name}" for name in schema.column_names if name not in left_out)


def varchar_array(values: Iterable[str]) -> str:
    items = [literal(v) for v in values]
    return f"array[{', '.join(items)}]" if items else "cast(array[] as array(varchar))"

