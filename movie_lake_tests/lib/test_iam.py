"""The generated run-role policy, enforced by a moto server with IAM on: the aws-mode pipeline
(table write and read on S3, Glue registration, an Athena query) works with credentials that hold
only that policy, and anything outside it (another prefix, database or workgroup) is denied."""
from __future__ import annotations

import json
import boto3
import pyarrow as pa
import pytest
import requests
from botocore.exceptions import ClientError
from dagster import DagsterInstance, asset, materialize

from movie_lake.lib.aws import aws_client
from movie_lake.lib.iam import dashboard_role_policy, run_role_policy
from movie_lake.defs.lake.by_mode import resources_for
from movie_lake.lib.schemas import schema_for
from movie_lake.settings import load_settings
from movie_lake.lib.storage import LakeStorage

from movie_lake_tests.conftest import EMBEDDED_TABLE_ENGINE

ACCOUNT = "123456789012"
GENRES = pa.table({"genre_id": [28, 35], "genre_name": ["Action", "Comedy"]})


@asset(key=["refined", "dim_genre"], io_manager_key="lake_io_manager")
def dim_genre() -> pa.Table:
    return GENRES


ZONE_BUCKETS = {"MOVIE_LAKE_LANDING_BUCKET": "zone-landing", "MOVIE_LAKE_PROCESSED_BUCKET": "zone-processed",
                "MOVIE_LAKE_REPORTING_BUCKET": "zone-reporting"}


def _restricted(iam_endpoint, monkeypatch, name: str, extra_env: dict[str, str], policy_for=run_role_policy):
    """Settings and credentials of a user holding only the generated policy, IAM enforced."""
    settings = load_settings({"MOVIE_LAKE_ENV": "aws", "MOVIE_LAKE_BUCKET": f"{name}-bucket", "MOVIE_LAKE_PREFIX": "lake",
                              "AWS_ENDPOINT_URL": iam_endpoint, "AWS_DEFAULT_REGION": "us-east-1",
                              "MOVIE_LAKE_GLUE_DATABASE_PREFIX": name.replace("-", "_"), **EMBEDDED_TABLE_ENGINE, **extra_env})
    admin = {"endpoint_url": iam_endpoint, "region_name": "us-east-1", "aws_access_key_id": "admin", "aws_secret_access_key": "admin"}
    for bucket in settings.buckets:
        boto3.client("s3", **admin).create_bucket(Bucket=bucket)
    iam = boto3.client("iam", **admin)
    iam.create_user(UserName=name)
    policy = iam.create_policy(PolicyName=name, PolicyDocument=json.dumps(policy_for(settings, ACCOUNT)))
    iam.attach_user_policy(UserName=name, PolicyArn=policy["Policy"]["Arn"])
    key = iam.create_access_key(UserName=name)["AccessKey"]
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", key["AccessKeyId"])
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", key["SecretAccessKey"])
    monkeypatch.delenv("AWS_SESSION_TOKEN", raising=False)
    requests.post(f"{iam_endpoint}/moto-api/reset-auth", data=b"0").raise_for_status()
    return settings


@pytest.fixture
def restricted(iam_endpoint, monkeypatch):
    yield _restricted(iam_endpoint, monkeypatch, "movie-lake-run", {})
    requests.post(f"{iam_endpoint}/moto-api/reset-auth", data=b"inf").raise_for_status()


@pytest.fixture
def restricted_per_zone(iam_endpoint, monkeypatch):
    yield _restricted(iam_endpoint, monkeypatch, "movie-lake-zones", ZONE_BUCKETS)
    requests.post(f"{iam_endpoint}/moto-api/reset-auth", data=b"inf").raise_for_status()


def test_the_pipeline_runs_with_only_the_policy_and_nothing_else_is_allowed(restricted, iam_endpoint):
    resources = resources_for(restricted)
    with DagsterInstance.ephemeral() as instance:
        assert materialize([dim_genre], resources=resources, instance=instance).success
    lake = resources["lake"]
    assert lake.tables.read(schema_for("refined/dim_genre")).to_pydict() == GENRES.to_pydict()
    glue = aws_client("glue", "us-east-1", iam_endpoint)
    table = glue.get_table(DatabaseName="movie_lake_run_refined", Name="dim_genre")["Table"]
    assert table["StorageDescriptor"]["Location"] == "s3://movie-lake-run-bucket/lake/refined/dim_genre"
    assert resources["query_engine"].query("select count(*) from refined.dim_genre").query_id

    outside = LakeStorage.s3("movie-lake-run-bucket", "elsewhere", "us-east-1", iam_endpoint)
    with pytest.raises((OSError, ClientError), match="(?i)access ?denied"):
        outside.write_bytes("x.txt", b"not allowed")
    with pytest.raises(ClientError, match="AccessDenied"):
        glue.create_database(DatabaseInput={"Name": "someone_elses_database"})
    athena = aws_client("athena", "us-east-1", iam_endpoint)
    with pytest.raises(ClientError, match="AccessDenied"):
        athena.start_query_execution(QueryString="select 1", WorkGroup="someone_elses_workgroup")


def test_athena_builds_a_refined_table_with_only_the_policy(iam_endpoint, monkeypatch):
    """The Athena table engine's calls (the tables created in Glue first, the MERGE in the workgroup,
    its result written beside the lake) are all within the run role's policy."""
    from movie_lake.definitions import build_definitions

    settings = _restricted(iam_endpoint, monkeypatch, "movie-lake-athena", {"MOVIE_LAKE_TABLE_ENGINE": "athena"})
    try:
        defs = build_definitions(settings)
        with DagsterInstance.ephemeral() as instance:
            result = materialize([*defs.assets], resources=defs.resources, instance=instance, selection="refined/dim_genre")
    finally:
        requests.post(f"{iam_endpoint}/moto-api/reset-auth", data=b"inf").raise_for_status()
    assert result.success
    [event] = result.get_asset_materialization_events()
    assert event.materialization.metadata["engine"].value == "athena" and event.materialization.metadata["query_ids"].value


def test_the_policy_names_only_the_projects_resources():
    settings = load_settings({"MOVIE_LAKE_ENV": "aws", "MOVIE_LAKE_BUCKET": "b", "MOVIE_LAKE_PREFIX": "lake",
                              "MOVIE_LAKE_ATHENA_WORKGROUP": "movie_lake", "MOVIE_LAKE_ATHENA_OUTPUT": "s3://results/athena/"})
    statements = {s["Sid"]: s for s in run_role_policy(settings, ACCOUNT)["Statement"]}
    resources = [r for s in statements.values() for r in ([s["Resource"]] if isinstance(s["Resource"], str) else s["Resource"])]
    assert "*" not in resources
    assert statements["LakeObjects"]["Resource"] == "arn:aws:s3:::b/lake/*"
    assert statements["LakeList"]["Condition"] == {"StringLike": {"s3:prefix": ["lake", "lake/*"]}}
    assert statements["AthenaResultsObjects"]["Resource"] == "arn:aws:s3:::results/athena/*"
    assert statements["AthenaWorkgroup"]["Resource"] == f"arn:aws:athena:us-east-1:{ACCOUNT}:workgroup/movie_lake"
    assert f"arn:aws:glue:us-east-1:{ACCOUNT}:table/movie_lake_analytics/*" in statements["GlueCatalog"]["Resource"]
    assert not any(a.endswith("*") for s in statements.values() for a in s["Action"])


def test_one_bucket_per_zone_ingests_with_only_the_policy_and_each_zone_stays_in_its_bucket(restricted_per_zone, iam_endpoint):
    """The seed lakes' raw-landing / processed / reporting buckets: the sample goes end to end under
    the generated policy, every object sits in its zone's bucket, and Glue points there."""
    from movie_lake_tests.conftest import ingest, storage_for
    from movie_lake_tests.defs.tmdb_csv.test_tmdb_csv_pipeline import land_tmdb_sample

    settings = restricted_per_zone
    land_tmdb_sample(storage_for(settings))
    with DagsterInstance.ephemeral() as instance:
        assert ingest(settings, instance).ok
    s3 = aws_client("s3", "us-east-1", iam_endpoint)
    zones = {bucket: sorted({o["Key"].split("/")[1] for page in s3.get_paginator("list_objects_v2").paginate(Bucket=bucket)
                             for o in page.get("Contents", [])}) for bucket in settings.buckets}
    assert zones == {"movie-lake-zones-bucket": [], "zone-landing": ["landing", "raw"],
                     "zone-processed": ["quarantine", "refined", "trusted"], "zone-reporting": ["analytics", "reports"]}
    glue = aws_client("glue", "us-east-1", iam_endpoint)
    table = glue.get_table(DatabaseName="movie_lake_zones_trusted", Name="movies")["Table"]
    assert table["StorageDescriptor"]["Location"] == "s3://zone-processed/lake/trusted/movies"
    with pytest.raises(ClientError, match="AccessDenied"):
        s3.put_object(Bucket="zone-landing", Key="lake/trusted/x.txt", Body=b"a zone bucket holds only its zones")


def test_the_dashboard_role_reads_and_queries_the_lake_and_writes_no_table(iam_endpoint, monkeypatch):
    from movie_lake.lib.dashboard_app.filters import Sql
    from movie_lake.lib.dashboard_app.reader import LakeReader

    settings = _restricted(iam_endpoint, monkeypatch, "movie-lake-dash", {}, policy_for=dashboard_role_policy)
    try:
        requests.post(f"{iam_endpoint}/moto-api/reset-auth", data=b"inf").raise_for_status()  # IAM off: a run writes the table
        with DagsterInstance.ephemeral() as instance:
            assert materialize([dim_genre], resources=resources_for(settings), instance=instance).success
        requests.post(f"{iam_endpoint}/moto-api/reset-auth", data=b"0").raise_for_status()  # IAM on: the dashboard's user
        resources = resources_for(settings)
        reader = LakeReader(resources["query_engine"].engine(), resources["lake"].storage)
        assert reader.query(Sql("select genre_name from refined.dim_genre where genre_id = ?", [28])).num_rows == 0  # moto runs no SQL
        assert resources["lake"].tables.read(schema_for("refined/dim_genre")).to_pydict() == GENRES.to_pydict()
        with pytest.raises((OSError, ClientError), match="(?i)access ?denied"):
            resources["lake"].storage.write_bytes("refined/dim_genre/data/x.parquet", b"the dashboard writes no table")
        with pytest.raises(ClientError, match="AccessDenied"):
            aws_client("glue", "us-east-1", iam_endpoint).update_table(
                DatabaseName="movie_lake_dash_refined", TableInput={"Name": "dim_genre"})
    finally:
        requests.post(f"{iam_endpoint}/moto-api/reset-auth", data=b"inf").raise_for_status()
