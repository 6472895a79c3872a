"""Glue table and partition definitions derived from a dataset declaration (no crawler, no guessing)."""
from __future__ import annotations

from movie_lake.lib.schemas.base import DatasetSchema
from movie_lake.lib.catalog.types import hive_type

PARQUET_STORAGE = {
    "InputFormat": "org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat",
    "OutputFormat": "org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat",
    "SerdeInfo": {
        "SerializationLibrary": "org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe",
        "Parameters": {"serialization.format": "1"},
    },
}


def glue_columns(schema: DatasetSchema) -> list[dict]:
    return [
        {"Name": c.name, "Type": hive_type(c.type), **({"Comment": c.description[:255]} if c.description else {})}
        for c in schema.columns
    ]


def table_input(schema: DatasetSchema, location: str) -> dict:
    """`location` is the table's folder URI, e.g. `s3://bucket/lake/refined/dim_movie/`."""
    table = {
        "Name": schema.table_name,
        "TableType": "EXTERNAL_TABLE",
        "Parameters": {"classification": "parquet", "EXTERNAL": "TRUE", "movie_lake.dataset": schema.name},
        "PartitionKeys": (
            [{"Name": schema.partition_column, "Type": "string", "Comment": "partition (hive folder)"}]
            if schema.partition_column else []
        ),
        "StorageDescriptor": {"Columns": glue_columns(schema), "Location": location, **PARQUET_STORAGE},
    }
    if schema.description:
        table["Description"] = schema.description[:2048]
    return table


def partition_input(schema: DatasetSchema, location: str, value: str) -> dict:
    return {
        "Values": [value],
        "StorageDescriptor": {
            "Columns": glue_columns(schema),
            "Location": f"{location}{schema.partition_column}={value}/",
            **PARQUET_STORAGE,
        },
    }


def same_definition(stored: dict, wanted: dict) -> bool:
    """Whether the stored Glue table already says what the declaration says (then no new version)."""
    stored_sd, wanted_sd = stored.get("StorageDescriptor", {}), wanted["StorageDescriptor"]
    return (
        [(c["Name"], c["Type"]) for c in stored_sd.get("Columns", [])] == [(c["Name"], c["Type"]) for c in wanted_sd["Columns"]]
        and [(k["Name"], k["Type"]) for k in stored.get("PartitionKeys", [])] == [(k["Name"], k["Type"]) for k in wanted["PartitionKeys"]]
        and stored_sd.get("Location") == wanted_sd["Location"]
        and stored_sd.get("SerdeInfo", {}).get("SerializationLibrary") == wanted_sd["SerdeInfo"]["SerializationLibrary"]
    )
