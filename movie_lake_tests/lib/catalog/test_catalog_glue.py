"""The aws catalog against the moto server: trusted/refined/analytics tables are Iceberg tables
in Glue (pyiceberg's Glue catalog), created from the declaration, one commit per write."""
from __future__ import annotations

import dataclasses

import boto3
import pyarrow as pa
import pytest
from dagster import materialize

from movie_lake.lib.catalog import GlueCatalog
from movie_lake.definitions import build_definitions
from movie_lake.lib.landing.rules import LANDING_SOURCES
from movie_lake.lib.sample_landing import sample_files
from movie_lake.lib.schemas import Column, schema_for

from movie_lake_tests.conftest import data_file_keys, storage_for, tables_for

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


def test_trusted_partitions_are_commits_of_one_iceberg_table_in_glue(aws_settings, instance, glue):
    database = f"{aws_settings.glue_database_prefix}_trusted"
    first = _land_and_materialize(aws_settings, instance, "movies_a.csv.gz")
    table = glue.get_table(DatabaseName=database, Name="movies")["Table"]
    assert table["Parameters"]["table_type"] == "ICEBERG"
    columns = {c["Name"]: c["Type"] for c in table["StorageDescriptor"]["Columns"]}
    assert list(columns) == schema_for("trusted/movies").read_schema.names
    assert columns["id"] == "bigint" and columns["runtime"] == "int" and columns["release_date"] == "date"
    assert columns["budget_known"] == "boolean" and columns["source_file"] == "string"
    assert columns["genres"] == "array<struct<id:bigint,name:string>>"
    assert table["StorageDescriptor"]["Location"] == f"s3://{aws_settings.bucket}/lake/trusted/movies"
    metadata = table["Parameters"]["metadata_location"]
    assert metadata.startswith(f"s3://{aws_settings.bucket}/lake/trusted/movies/metadata/")
    assert storage_for(aws_settings).exists(metadata.split("/lake/", 1)[1])

    second = _land_and_materialize(aws_settings, instance, "movies_b.csv.gz")
    tables = tables_for(aws_settings)
    assert tables.partitions(schema_for("trusted/movies")) == sorted([first, second])
    assert [(h["operation"], h["partition"]) for h in tables.history(schema_for("trusted/movies"))] == [("append", first), ("overwrite", second)]
    keys = data_file_keys(aws_settings, "trusted/movies")
    assert any(k.startswith(f"trusted/movies/data/source_file={second}/") for k in keys) and len(keys) == 2
    moved = glue.get_table(DatabaseName=database, Name="movies")["Table"]["Parameters"]["metadata_location"]
    assert moved != metadata, "each commit moves the table's metadata pointer in Glue"


def test_a_new_declared_column_is_added_to_the_table_and_reads_null_from_older_files(aws_settings, glue):
    tables = tables_for(aws_settings)
    catalog = GlueCatalog(lambda: glue, tables)
    declared = schema_for("refined/dim_genre")
    catalog.ensure(declared)
    assert catalog.register(declared) == f"{aws_settings.glue_database_prefix}_refined.dim_genre"
    assert catalog.has_table("refined/dim_genre") and not catalog.has_table("refined/nothing_here")
    tables.write(declared, pa.table({"genre_id": [1], "genre_name": ["Drama"]}))
    grown = dataclasses.replace(declared, columns=(*declared.columns, Column("genre_slug", pa.string())))
    tables.write(grown, pa.table({"genre_id": [2], "genre_name": ["Horror"], "genre_slug": ["horror"]}))
    table = glue.get_table(DatabaseName=f"{aws_settings.glue_database_prefix}_refined", Name="dim_genre")["Table"]
    assert [c["Name"] for c in table["StorageDescriptor"]["Columns"]] == ["genre_id", "genre_name", "genre_slug"]
    first_snapshot = tables.history(grown)[0]["snapshot_id"]
    assert tables.dataset(grown, snapshot_id=first_snapshot).to_table().to_pylist() == [
        {"genre_id": 1, "genre_name": "Drama", "genre_slug": None}]


def test_hive_types_cover_nested_and_fail_loudly_on_unknown():
    from movie_lake.lib.catalog.types import duckdb_type, hive_type

    nested = pa.list_(pa.struct([pa.field("id", pa.int64()), pa.field("tags", pa.list_(pa.string()))]))
    assert hive_type(nested) == "array<struct<id:bigint,tags:array<string>>>"
    assert duckdb_type(nested) == 'STRUCT("id" BIGINT, "tags" VARCHAR[])[]'
    assert hive_type(pa.decimal128(12, 2)) == "decimal(12,2)" and hive_type(pa.int8()) == "tinyint"
    with pytest.raises(TypeError, match="duration"):
        hive_type(pa.duration("s"))
