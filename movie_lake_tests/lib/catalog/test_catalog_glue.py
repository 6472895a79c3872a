"""Glue registration against the moto server: every trusted/refined/analytics write through the
IO manager creates or updates its Glue table from the declaration and adds new partitions."""
from __future__ import annotations

import dataclasses

import boto3
import pyarrow as pa
import pytest
from dagster import materialize

from movie_lake.lib.catalog import CATALOGUED_LAYERS, GlueCatalog
from movie_lake.definitions import build_definitions
from movie_lake.lib.landing.rules import LANDING_SOURCES
from movie_lake.lib.sample_landing import sample_files
from movie_lake.lib.schemas import Column, schema_for

from movie_lake_tests.conftest import storage_for

MOVIES_FILE = next(p for p in sample_files() if p.parent.name == "tmdb_movies")


def _land_and_materialize(settings, instance, file_name: str) -> str:
    source = LANDING_SOURCES["tmdb_movies"]
    storage_for(settings).write_bytes(f"{source.folder}/{file_name}", MOVIES_FILE.read_bytes())
    key = source.partition_key(file_name)
    instance.add_dynamic_partitions(source.partitions_name, [key])
    defs = build_definitions(settings)
    result = materialize(assets=list(defs.assets), resources=defs.resources, selection=["raw/tmdb_movies", "trusted/movies"],
                         partition_key=key, instance=instance)
    assert result.success
    return key


@pytest.fixture
def glue(aws_settings):
    return boto3.client("glue", endpoint_url=aws_settings.aws_endpoint_url, region_name="us-east-1")


def test_trusted_partitions_register_table_columns_types_and_partitions(aws_settings, instance, glue):
    database = f"{aws_settings.glue_database_prefix}_trusted"
    first = _land_and_materialize(aws_settings, instance, "movies_a.csv.gz")
    table = glue.get_table(DatabaseName=database, Name="movies")["Table"]
    columns = {c["Name"]: c["Type"] for c in table["StorageDescriptor"]["Columns"]}
    assert list(columns) == schema_for("trusted/movies").column_names
    assert columns["id"] == "bigint" and columns["runtime"] == "int" and columns["release_date"] == "date"
    assert columns["landed_at"] == "timestamp" and columns["budget_known"] == "boolean"
    assert columns["genres"] == "array<struct<id:bigint,name:string>>"
    assert columns["spoken_languages"] == "array<struct<iso_639_1:string,name:string>>"
    assert table["PartitionKeys"] == [{"Name": "source_file", "Type": "string", "Comment": "partition (hive folder)"}]
    storage = table["StorageDescriptor"]
    assert storage["Location"] == f"s3://{aws_settings.bucket}/lake/trusted/movies/"
    assert storage["SerdeInfo"]["SerializationLibrary"] == "org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe"
    assert storage["InputFormat"].endswith("MapredParquetInputFormat")

    second = _land_and_materialize(aws_settings, instance, "movies_b.csv.gz")
    partitions = glue.get_partitions(DatabaseName=database, TableName="movies")["Partitions"]
    assert sorted(p["Values"][0] for p in partitions) == sorted([first, second])
    locations = {p["StorageDescriptor"]["Location"] for p in partitions}
    assert f"s3://{aws_settings.bucket}/lake/trusted/movies/source_file={second}/" in locations
    assert storage_for(aws_settings).exists(f"trusted/movies/source_file={second}/part-0.parquet")
    versions = glue.get_table_versions(DatabaseName=database, TableName="movies")["TableVersions"]
    assert len(versions) == 1, "an unchanged declaration must not make a new table version"


def test_a_new_declared_column_updates_the_table(aws_settings, glue):
    catalog = GlueCatalog(glue, aws_settings.glue_database_prefix, {layer: aws_settings.zone_uri(layer) for layer in CATALOGUED_LAYERS})
    declared = schema_for("refined/dim_genre")
    assert catalog.register(declared) == f"{aws_settings.glue_database_prefix}_refined.dim_genre"
    assert catalog.has_table("refined/dim_genre") and not catalog.has_table("refined/nothing_here")
    grown = dataclasses.replace(declared, columns=(*declared.columns, Column("genre_slug", pa.string())))
    catalog.register(grown)
    table = glue.get_table(DatabaseName=f"{aws_settings.glue_database_prefix}_refined", Name="dim_genre")["Table"]
    assert [c["Name"] for c in table["StorageDescriptor"]["Columns"]] == ["genre_id", "genre_name", "genre_slug"]
    versions = glue.get_table_versions(DatabaseName=f"{aws_settings.glue_database_prefix}_refined", TableName="dim_genre")
    assert len(versions["TableVersions"]) == 2


def test_hive_types_cover_nested_and_fail_loudly_on_unknown():
    from movie_lake.lib.catalog.types import duckdb_type, hive_type

    nested = pa.list_(pa.struct([pa.field("id", pa.int64()), pa.field("tags", pa.list_(pa.string()))]))
    assert hive_type(nested) == "array<struct<id:bigint,tags:array<string>>>"
    assert duckdb_type(nested) == 'STRUCT("id" BIGINT, "tags" VARCHAR[])[]'
    assert hive_type(pa.decimal128(12, 2)) == "decimal(12,2)" and hive_type(pa.int8()) == "tinyint"
    with pytest.raises(TypeError, match="duration"):
        hive_type(pa.duration("s"))
