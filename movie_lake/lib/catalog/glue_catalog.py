"""The aws catalog: Glue databases `<prefix>_<layer>`, one table per dataset, one partition per
hive folder, written from the declarations after each materialization."""
from __future__ import annotations

from botocore.exceptions import ClientError

from movie_lake.lib.schemas.base import DatasetSchema
from movie_lake.lib.catalog.glue_tables import partition_input, same_definition, table_input


def _not_found(error: ClientError) -> bool:
    return error.response.get("Error", {}).get("Code") == "EntityNotFoundException"


class GlueCatalog:
    def __init__(self, client, database_prefix: str, layer_uris: dict[str, str]):
        """`layer_uris`: where each layer's tables are, e.g. `{"refined": "s3://bucket/prefix/refined"}`."""
        self.client = client
        self.database_prefix = database_prefix
        self.layer_uris = {layer: uri.rstrip("/") for layer, uri in layer_uris.items()}

    def database(self, layer: str) -> str:
        return f"{self.database_prefix}_{layer}"

    def qualified_name(self, schema: DatasetSchema) -> str:
        return f"{self.database(schema.layer)}.{schema.table_name}"

    def location(self, schema: DatasetSchema) -> str:
        return f"{self.layer_uris[schema.layer]}/{schema.name[len(schema.layer) + 1:]}/"

    def register(self, schema: DatasetSchema, partition: str | None = None) -> str:
        """Create or update the table from the declaration; add the partition when it is new."""
        self.ensure(schema, update=True)
        if partition is not None:
            self._add_partition(schema, partition)
        return self.qualified_name(schema)

    def ensure(self, schema: DatasetSchema, update: bool = False) -> None:
        database, wanted = self.database(schema.layer), table_input(schema, self.location(schema))
        self._ensure_database(database)
        try:
            stored = self.client.get_table(DatabaseName=database, Name=schema.table_name)["Table"]
        except ClientError as error:
            if not _not_found(error):
                raise
            self.client.create_table(DatabaseName=database, TableInput=wanted)
            return
        if update and not same_definition(stored, wanted):
            self.client.update_table(DatabaseName=database, TableInput=wanted)

    def has_table(self, name: str) -> bool:
        layer, table = name.split("/")
        try:
            self.client.get_table(DatabaseName=self.database(layer), Name=table)
            return True
        except ClientError as error:
            if _not_found(error):
                return False
            raise

    def _ensure_database(self, database: str) -> None:
        try:
            self.client.get_database(Name=database)
        except ClientError as error:
            if not _not_found(error):
                raise
            try:
                self.client.create_database(DatabaseInput={"Name": database, "Description": "movie_lake tables"})
            except ClientError as race:
                if race.response.get("Error", {}).get("Code") != "AlreadyExistsException":
                    raise

    def _add_partition(self, schema: DatasetSchema, value: str) -> None:
        database = self.database(schema.layer)
        try:
            self.client.get_partition(DatabaseName=database, TableName=schema.table_name, PartitionValues=[value])
            return
        except ClientError as error:
            if not _not_found(error):
                raise
        result = self.client.batch_create_partition(
            DatabaseName=database, TableName=schema.table_name,
            PartitionInputList=[partition_input(schema, self.location(schema), value)],
        )
        failed = [e for e in result.get("Errors", []) if e["ErrorDetail"]["ErrorCode"] != "AlreadyExistsException"]
        if failed:
            raise RuntimeError(f"Glue refused partition {value!r} of {self.qualified_name(schema)}: {failed[0]['ErrorDetail']}")
