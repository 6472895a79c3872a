"""aws mode's table engine on a moto server over HTTP: a refined table is built by one Athena
MERGE into its Iceberg table (Glue), and the materialization records the query. moto's Athena
runs no SQL, so this covers the lifecycle; the statement's rows are checked on DuckDB
(test_franchise_lake: test_athenas_merge_of_every_refined_table_...)."""
from __future__ import annotations

import dataclasses

import boto3
from dagster import AssetSelection, materialize

from movie_lake.definitions import build_definitions
from movie_lake.lib.query.dialect import parse
from movie_lake.lib.query.result import athena_cost_usd


def test_a_refined_table_is_one_athena_merge_recorded_with_its_query_id_bytes_and_cost(aws_settings, moto_endpoint, instance):
    settings = dataclasses.replace(aws_settings, table_engine="athena")
    defs = build_definitions(settings)
    result = materialize([*defs.assets], resources=defs.resources, instance=instance,
                         selection=AssetSelection.assets(["refined", "dim_genre"]))
    assert result.success
    [event] = result.get_asset_materialization_events()
    metadata = {k: v.value for k, v in event.materialization.metadata.items()}
    assert metadata["engine"] == "athena" and metadata["dagster/row_count"] == 0
    assert metadata["bytes_scanned"] == 0 and metadata["estimated_cost_usd"] == athena_cost_usd(0) > 0

    athena = boto3.client("athena", endpoint_url=moto_endpoint, region_name="us-east-1")
    execution = athena.get_query_execution(QueryExecutionId=metadata["query_ids"])["QueryExecution"]
    statement, refined_db = execution["Query"], settings.glue_database("refined")
    assert statement.startswith(f"MERGE INTO {refined_db}.dim_genre AS t")
    assert f"FROM {refined_db}.conformed_movies AS m" in statement and "when matched and s.stale_row then delete" in statement.lower()
    assert execution["WorkGroup"] == settings.athena_workgroup
    assert execution["ResultConfiguration"]["OutputLocation"].startswith(settings.athena_output_uri)
    parse(statement)

    # the target and the table it reads exist as Iceberg tables before Athena is asked
    glue = boto3.client("glue", endpoint_url=moto_endpoint, region_name="us-east-1")
    for table in ("dim_genre", "conformed_movies"):
        parameters = glue.get_table(DatabaseName=refined_db, Name=table)["Table"]["Parameters"]
        assert parameters["table_type"].upper() == "ICEBERG"


def test_aws_mode_builds_tables_with_athena_unless_told_to_embed(aws_settings):
    from movie_lake.defs.lake.table_sql_resource import AthenaTableSQL, EmbeddedTableSQL
    from movie_lake.settings import load_settings

    assert isinstance(build_definitions(dataclasses.replace(aws_settings, table_engine="athena")).resources["table_sql"], AthenaTableSQL)
    assert isinstance(build_definitions(aws_settings).resources["table_sql"], EmbeddedTableSQL)
    assert load_settings({"MOVIE_LAKE_ENV": "aws", "MOVIE_LAKE_BUCKET": "b"}).table_engine == "athena"
    assert load_settings({}).table_engine == "embedded"
