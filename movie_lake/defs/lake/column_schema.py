"""Dagster metadata derived from a dataset declaration."""
from dagster import TableColumn, TableColumnConstraints, TableSchema

from movie_lake.lib.schemas.base import DatasetSchema


def table_schema(schema: DatasetSchema) -> TableSchema:
    columns = [
        TableColumn(
            c.name,
            str(c.type),
            description=c.description or None,
            constraints=TableColumnConstraints(nullable=c.nullable, unique=schema.primary_key == (c.name,)),
        )
        for c in schema.columns
    ]
    if schema.partition_column:
        columns.append(TableColumn(schema.partition_column, "string", description="partition (hive folder)"))
    return TableSchema(columns=columns)
