"""The Athena engine against the moto server: the query lifecycle (QUEUED → RUNNING → SUCCEEDED),
a failure's reason surfaced, cancellation and timeout, and typed results from canned result sets
(moto runs no SQL; `/moto-api/static/athena/query-results` queues what the next query returns)."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

import boto3
import pyarrow as pa
import pytest
import requests

from movie_lake.lib.query import AthenaQueryCancelled, AthenaQueryEngine, AthenaQueryFailed, AthenaQueryTimeout, athena_cost_usd

OUTPUT = "s3://athena-results-bucket/movie_lake/"


@pytest.fixture
def athena(moto_endpoint):
    return boto3.client("athena", endpoint_url=moto_endpoint, region_name="us-east-1")


@pytest.fixture
def engine(athena):
    return AthenaQueryEngine(athena, "primary", "movie_lake", OUTPUT, timeout_seconds=30, poll_seconds=0.01)


@pytest.fixture
def slow_queries(moto_endpoint):
    """Make each moto query take `times` status polls per state before it moves on."""
    def set_polls(times: int):
        requests.post(f"{moto_endpoint}/moto-api/state-manager/set-transition",
                      json={"model_name": "athena::execution", "transition": {"progression": "manual", "times": times}}).raise_for_status()
    yield set_polls
    requests.post(f"{moto_endpoint}/moto-api/state-manager/unset-transition", json={"model_name": "athena::execution"}).raise_for_status()


def _queue_result(endpoint: str, columns: list[tuple[str, str]], rows: list[list[str | None]], header: bool = True):
    def datum(v):
        return {} if v is None else {"VarCharValue": v}
    result_rows = ([[name for name, _ in columns]] if header else []) + rows
    requests.post(f"{endpoint}/moto-api/static/athena/query-results", json={"results": [{
        "rows": [{"Data": [datum(v) for v in row]} for row in result_rows],
        "column_info": [{"Name": name, "Label": name, "Type": kind, "Precision": 12 if kind == "decimal" else 0,
                         "Scale": 2 if kind == "decimal" else 0, "Nullable": "NULLABLE"} for name, kind in columns],
    }]}).raise_for_status()


def test_lifecycle_through_queued_and_running_with_context_and_output(engine, athena, slow_queries, moto_endpoint):
    slow_queries(3)
    _queue_result(moto_endpoint, [("n", "bigint")], [["303"]])
    seen_states = []
    athena.meta.events.register("after-call.athena.GetQueryExecution",
                                lambda parsed, **_: seen_states.append(parsed["QueryExecution"]["Status"]["State"]))
    result = engine.query("select count(*) as n from refined.dim_movie")
    assert seen_states[0] == "QUEUED" and "RUNNING" in seen_states and seen_states[-1] == "SUCCEEDED"
    assert result.table.to_pydict() == {"n": [303]} and result.table.schema.field("n").type == pa.int64()
    execution = athena.get_query_execution(QueryExecutionId=result.query_id)["QueryExecution"]
    assert "movie_lake_refined.dim_movie" in execution["Query"]
    assert execution["QueryExecutionContext"]["Database"] == "movie_lake_refined"
    assert execution["ResultConfiguration"]["OutputLocation"].startswith(OUTPUT)
    assert execution["WorkGroup"] == "primary"
    assert result.bytes_scanned == 0 and result.estimated_cost_usd == athena_cost_usd(10 * 1024**2)
    assert result.stats()["estimated_cost_usd"] > 0


def test_results_are_typed_from_the_column_metadata(engine, moto_endpoint):
    columns = [("name", "varchar"), ("films", "bigint"), ("year", "integer"), ("rating", "double"), ("known", "boolean"),
               ("released", "date"), ("landed", "timestamp"), ("price", "decimal"), ("tags", "array")]
    _queue_result(moto_endpoint, columns, [
        ["Alien", "3", "1979", "7.5", "true", "1979-05-25", "2017-11-14 17:13:01.250", "19.99", "[a, b]"],
        ["", None, None, None, "false", None, None, None, None],
    ])
    table = engine.query("select * from analytics.top_actors").table
    assert [f.type for f in table.schema] == [pa.string(), pa.int64(), pa.int32(), pa.float64(), pa.bool_(), pa.date32(),
                                              pa.timestamp("us"), pa.decimal128(12, 2), pa.string()]
    first, second = table.to_pylist()
    assert first == {"name": "Alien", "films": 3, "year": 1979, "rating": 7.5, "known": True,
                     "released": dt.date(1979, 5, 25), "landed": dt.datetime(2017, 11, 14, 17, 13, 1, 250000),
                     "price": Decimal("19.99"), "tags": "[a, b]"}
    assert second["name"] == "" and second["films"] is None and second["known"] is False and second["released"] is None


def test_a_failed_query_raises_with_athenas_reason(engine, athena):
    """moto never fails a query, so its answer is turned into the FAILED answer Athena gives."""
    reason = "COLUMN_NOT_FOUND: line 1:8: Column 'nope' cannot be resolved"

    def fail(parsed, **_):
        parsed["QueryExecution"]["Status"].update(State="FAILED", StateChangeReason=reason,
                                                  AthenaError={"ErrorCategory": 2, "ErrorType": 1006})
    athena.meta.events.register("after-call.athena.GetQueryExecution", fail)
    with pytest.raises(AthenaQueryFailed, match="Column 'nope' cannot be resolved") as raised:
        engine.query("select nope from refined.dim_movie")
    assert "[1006]" in str(raised.value)


def test_a_cancelled_query_raises(engine, athena, slow_queries):
    slow_queries(1000)
    query_id = athena.start_query_execution(QueryString="select 1", WorkGroup="primary")["QueryExecutionId"]
    athena.stop_query_execution(QueryExecutionId=query_id)
    with pytest.raises(AthenaQueryCancelled, match=query_id):
        engine.wait(query_id)


def test_a_query_past_its_timeout_is_stopped(athena, slow_queries):
    slow_queries(1000)
    engine = AthenaQueryEngine(athena, "primary", "movie_lake", OUTPUT, timeout_seconds=0.2, poll_seconds=0.02)
    with pytest.raises(AthenaQueryTimeout, match="still (QUEUED|RUNNING) after 0.2 s") as raised:
        engine.query("select 1")
    query_id = str(raised.value).split()[2]
    assert athena.get_query_execution(QueryExecutionId=query_id)["QueryExecution"]["Status"]["State"] == "CANCELLED"


def test_cost_is_five_dollars_per_tb_rounded_up_to_the_mb_with_a_10_mb_minimum():
    mb, tb = 1024**2, 1024**4
    assert athena_cost_usd(0) == athena_cost_usd(10 * mb) == 10 * mb / tb * 5
    assert athena_cost_usd(10 * mb + 1) == 11 * mb / tb * 5
    assert athena_cost_usd(tb) == 5.0
