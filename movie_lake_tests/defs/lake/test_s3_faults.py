"""A full aws-mode ingest through a proxy that fails 10 % of S3 requests (500 InternalError,
503 SlowDown) and drops 2 % of connections ends exactly as a clean ingest does: retries and
idempotent writes lose nothing and leave nothing half-written."""
from __future__ import annotations

import dataclasses

import boto3
import pyarrow.fs as pafs
import pyarrow.parquet as pq
import pytest
from dagster import DagsterInstance

from movie_lake.lib.sample_landing import sample_files, SAMPLE_LANDING

from movie_lake_tests.conftest import ingest, storage_for, tables_for
from movie_lake_tests.lake_state import table_rows
from movie_lake_tests.s3_fault_proxy import FaultProxy

TMDB_CSVS = [p for p in sample_files() if p.parent.name.startswith("tmdb_")]


def _land(settings) -> None:
    storage = storage_for(settings)
    for path in TMDB_CSVS:
        storage.write_bytes(f"landing/{path.relative_to(SAMPLE_LANDING).as_posix()}", path.read_bytes())


def lake_rows(settings, moto_endpoint: str, bucket: str) -> dict[str, int]:
    """Rows per table partition (the tables' current snapshots), rows per quarantine file and raw copies."""
    host = moto_endpoint.removeprefix("http://")
    fs = pafs.S3FileSystem(endpoint_override=host, scheme="http", access_key="testing", secret_key="testing", region="us-east-1")
    s3 = boto3.client("s3", endpoint_url=moto_endpoint)
    rows = table_rows(tables_for(dataclasses.replace(settings, aws_endpoint_url=moto_endpoint)))
    for page in s3.get_paginator("list_objects_v2").paginate(Bucket=bucket, Prefix="lake/"):
        for o in page.get("Contents", []):
            key = o["Key"]
            if key.split("/")[1] == "quarantine" and key.endswith(".parquet"):
                with fs.open_input_file(f"{bucket}/{key}") as f:
                    rows[key] = pq.read_metadata(f).num_rows
            elif key.split("/")[1] == "raw":
                rows["raw:" + "/".join(key.split("/")[2:4])] = o["Size"]
    return rows


@pytest.mark.slow
def test_an_aws_ingest_through_s3_faults_ends_equal_to_a_clean_one(aws_settings, moto_endpoint, instance, s3_bucket):
    _land(aws_settings)
    assert ingest(aws_settings, instance).ok
    clean = lake_rows(aws_settings, moto_endpoint, s3_bucket)

    faulty_bucket = s3_bucket + "-faults"
    boto3.client("s3", endpoint_url=moto_endpoint).create_bucket(Bucket=faulty_bucket)
    with FaultProxy(moto_endpoint) as proxy, DagsterInstance.ephemeral() as second:
        settings = dataclasses.replace(aws_settings, bucket=faulty_bucket, aws_endpoint_url=proxy.url,
                                       glue_database_prefix=aws_settings.glue_database_prefix + "_faults")
        _land(settings)
        report = ingest(settings, second)
        assert report.ok, report.failures
        injected = dict(proxy.injected)
    assert injected["500"] + injected["503"] > 20 and injected["dropped"] > 2, injected
    faulty = lake_rows(settings, moto_endpoint, faulty_bucket)
    assert faulty == clean
