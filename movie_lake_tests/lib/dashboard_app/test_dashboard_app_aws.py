"""The app in aws mode: the same pages through Athena (moto answers with queued results; it runs
no SQL) and the lake's S3 listing. Every query goes out with its filter values as Athena
execution parameters, never inside the SQL, and the app writes nothing into the lake."""
from __future__ import annotations

import json
import uuid

import boto3
import pytest
import requests

from movie_lake.defs.lake.by_mode import resources_for
from movie_lake.lib.dashboard_app.reader import LakeReader
from movie_lake.settings import load_settings

from movie_lake_tests.cdp import Browser, chromium_path
from movie_lake_tests.conftest import EMBEDDED_TABLE_ENGINE
from movie_lake_tests.lib.dashboard_app.app_server import bars, served, wait_until_settled

REGION = "eu-west-3"
"""moto keeps one queue of Athena results per region: a region of its own keeps this test's apart."""
COLUMNS = [("genre_name", "varchar"), ("titles", "bigint"), ("votes", "bigint"), ("weighted_rating", "double"),
           ("year", "integer"), ("first", "integer"), ("last", "integer"), ("franchise_id", "bigint"),
           ("franchise_name", "varchar"), ("in_focus", "boolean"), ("films", "bigint"), ("series", "bigint"),
           ("region", "varchar")]
ROWS = [["Drama", "3", "120", "7.1", "2001", "1990", "2016", "10", "Star Wars Collection", "true", "4", "1", "US"],
        ["Comedy", "2", "40", "6.4", "2002", "1990", "2016", "10", "Star Wars Collection", "true", "4", "1", "US"]]
"""One result that answers every query of the genres page (each reads only the columns it needs),
so the order in which the browser's parallel callbacks reach Athena does not matter."""


@pytest.mark.skipif(chromium_path() is None, reason="Debian chromium is not installed (make browser)")
def test_the_app_renders_an_aws_lake_through_athena_with_bound_parameters(moto_endpoint):
    bucket = f"app-{uuid.uuid4().hex[:12]}"
    s3 = boto3.client("s3", endpoint_url=moto_endpoint, region_name=REGION)
    s3.create_bucket(Bucket=bucket, CreateBucketConfiguration={"LocationConstraint": REGION})
    settings = load_settings({"MOVIE_LAKE_ENV": "aws", **EMBEDDED_TABLE_ENGINE, "MOVIE_LAKE_BUCKET": bucket, "MOVIE_LAKE_PREFIX": "lake",
                              "AWS_ENDPOINT_URL": moto_endpoint, "AWS_DEFAULT_REGION": REGION,
                              "MOVIE_LAKE_GLUE_DATABASE_PREFIX": bucket.replace("-", "_")})
    result = {"rows": [{"Data": [{"VarCharValue": v} for v in row]} for row in ROWS],
              "column_info": [{"Name": n, "Label": n, "Type": t, "CatalogName": "hive", "SchemaName": "",
                               "TableName": "", "Nullable": "UNKNOWN", "Precision": 0, "Scale": 0,
                               "CaseSensitive": False} for n, t in COLUMNS]}
    requests.post(f"{moto_endpoint}/moto-api/static/athena/query-results",
                  json={"region": REGION, "results": [result] * 40}).raise_for_status()
    resources = resources_for(settings)
    reader = LakeReader(resources["query_engine"].engine(), resources["lake"].storage)
    athena = boto3.client("athena", endpoint_url=moto_endpoint, region_name=REGION)
    with served(reader, settings.lake_uri) as url:
        browser = Browser(chromium_path())
        try:
            browser.open(url, 1400, 1000)
            wait_until_settled(browser, "genre_titles")
            assert bars(browser, "genre_titles") == {"Drama": 3, "Comedy": 2}
            assert browser.evaluate("document.querySelector('header .meta').textContent").startswith("athena over s3://")
            assert browser.errors() == []
        finally:
            browser.close()
    executions = [athena.get_query_execution(QueryExecutionId=i)["QueryExecution"]
                  for i in athena.list_query_executions()["QueryExecutionIds"]]
    panels = [e for e in executions if "selected as (" in e["Query"].lower()]
    assert panels and all(e.get("ExecutionParameters") == ["'movie'", "'series'"] for e in panels), json.dumps(panels, default=str)[:2000]
    assert all("'movie'" not in e["Query"].lower().split("selected as (", 1)[1] for e in panels)
    assert reader.stats.queries == len(executions)
    listed = s3.list_objects_v2(Bucket=bucket, Prefix="lake/").get("KeyCount", 0)
    assert listed == 0
