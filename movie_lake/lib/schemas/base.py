"""How a dataset is declared: columns, keys, partitioning and references.

Each dataset is declared once (in the sibling modules); the IO manager casts to
`arrow_schema`, the asset checks compare against it, and the catalogs (Glue,
DuckDB) build their tables from it.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import pyarrow as pa


@dataclass(frozen=True)
class Column:
    name: str
    type: pa.DataType
    nullable: bool = True
    description: str = ""


@dataclass(frozen=True)
class ForeignKey:
    columns: tuple[str, ...]
    references: str
    ref_columns: tuple[str, ...]


@dataclass(frozen=True)
class DatasetSchema:
    """A table in the lake; `name` is both its lake path and its asset key (`trusted/movies`)."""

    name: str
    columns: tuple[Column, ...]
    primary_key: tuple[str, ...] = ()
    partition_column: str | None = None
    foreign_keys: tuple[ForeignKey, ...] = ()
    description: str = ""
    column_index: dict[str, Column] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "column_index", {c.name: c for c in self.columns})
        for name in (*self.primary_key, *(c for fk in self.foreign_keys for c in fk.columns)):
            if name not in self.column_index and name != self.partition_column:
                raise ValueError(f"{self.name}: key column {name!r} is not declared")

    @property
    def layer(self) -> str:
        return self.name.split("/")[0]

    @property
    def table_name(self) -> str:
        return self.name.split("/")[-1]

    @property
    def key_path(self) -> list[str]:
        return self.name.split("/")

    @property
    def arrow_schema(self) -> pa.Schema:
        """The columns stored inside the Parquet files (the partition column lives in folder names)."""
        return pa.schema([pa.field(c.name, c.type, nullable=c.nullable) for c in self.columns])

    @property
    def read_schema(self) -> pa.Schema:
        """What readers get back: the stored columns plus the partition column, as a string."""
        if self.partition_column is None:
            return self.arrow_schema
        return self.arrow_schema.append(pa.field(self.partition_column, pa.string(), nullable=False))

    @property
    def column_names(self) -> list[str]:
        return [c.name for c in self.columns]


def struct_list(**fields: pa.DataType) -> pa.DataType:
    """A list of small records, e.g. the `[{"id": 28, "name": "Action"}]` cells of TMDB CSVs."""
    return pa.list_(pa.struct([pa.field(k, v) for k, v in fields.items()]))
