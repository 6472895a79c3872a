"""The aws catalog: Glue databases `<prefix>_<layer>`, one Iceberg table per dataset.

pyiceberg's Glue catalog creates the tables and moves their metadata pointer at each commit
(`lib/storage/iceberg.py`), with the columns from the declaration; Athena reads them as Iceberg
tables. What is left here: naming, the empty table an analysis may read before its source
landed, and the question whether a table exists."""
from __future__ import annotations

from collections.abc import Callable

from botocore.exceptions import ClientError

from movie_lake.lib.schemas.base import DatasetSchema
from movie_lake.lib.storage import TableStore


class GlueCatalog:
    def __init__(self, client_factory: Callable[[], object], tables: TableStore):
        """`client_factory`: makes the Glue client when a question needs it (registering does not)."""
        self.client_factory = client_factory
        self.tables = tables

    def database(self, layer: str) -> str:
        return self.tables.iceberg.config.namespace(layer)

    def qualified_name(self, schema: DatasetSchema) -> str:
        return f"{self.database(schema.layer)}.{schema.table_name}"

    def register(self, schema: DatasetSchema, partition: str | None = None) -> str:
        """The commit already registered the write; the name Athena reads it by."""
        return self.qualified_name(schema)

    def ensure(self, schema: DatasetSchema) -> None:
        self.tables.ensure(schema)

    def has_table(self, name: str) -> bool:
        layer, table = name.split("/")
        try:
            self.client_factory().get_table(DatabaseName=self.database(layer), Name=table)
            return True
        except ClientError as error:
            if error.response.get("Error", {}).get("Code") == "EntityNotFoundException":
                return False
            raise
