"""Queries on Athena with boto3: start in the workgroup/database, poll until done, read the
result pages, type them from the result metadata, report bytes scanned.

dagster-aws's `AthenaClient` has the same lifecycle but no database, output location, region
or endpoint, and returns tuples of strings, so this engine keeps its lifecycle and adds the
rest (it stays Dagster-free, so its errors are its own).
"""
from __future__ import annotations

import time
from collections.abc import Sequence

from movie_lake.lib.query.athena_types import cell_text, result_table
from movie_lake.lib.query.dialect import to_athena
from movie_lake.lib.query.result import QueryResult
from movie_lake.lib.sql_text import literal

DONE = {"SUCCEEDED", "FAILED", "CANCELLED"}


def execution_parameter(value: object) -> str:
    """Athena reads each execution parameter as one literal: strings quoted (quotes doubled),
    numbers as digits; anything else is refused rather than guessed."""
    if isinstance(value, bool) or value is None:
        raise TypeError(f"no Athena parameter for {value!r}")
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, str):
        return literal(value)
    raise TypeError(f"no Athena parameter for {type(value).__name__} {value!r}")


class AthenaError(RuntimeError):
    """A query that did not succeed."""


class AthenaQueryFailed(AthenaError):
    pass


class AthenaQueryCancelled(AthenaError):
    pass


class AthenaQueryTimeout(AthenaError, TimeoutError):
    pass


class AthenaQueryEngine:
    name = "athena"

    def __init__(self, client, workgroup: str, database_prefix: str, output_location: str,
                 timeout_seconds: float = 600.0, poll_seconds: float = 1.0):
        self.client = client
        self.workgroup = workgroup
        self.database_prefix = database_prefix
        self.output_location = output_location
        self.timeout_seconds = timeout_seconds
        self.poll_seconds = poll_seconds

    def query(self, sql: str, params: Sequence[object] = ()) -> QueryResult:
        """Run Trino `sql` naming `refined.x` etc.; the layer schemas become the Glue databases.
        Each `?` takes the next of `params`, sent as an execution parameter (never spliced into the SQL)."""
        started = time.monotonic()
        parameters = {"ExecutionParameters": [execution_parameter(p) for p in params]} if params else {}
        query_id = self.client.start_query_execution(
            QueryString=to_athena(sql, self.database_prefix),
            QueryExecutionContext={"Catalog": "AwsDataCatalog", "Database": f"{self.database_prefix}_refined"},
            ResultConfiguration={"OutputLocation": self.output_location},
            WorkGroup=self.workgroup,
            **parameters,
        )["QueryExecutionId"]
        execution = self.wait(query_id)
        table = self.results(query_id)
        scanned = int(execution.get("Statistics", {}).get("DataScannedInBytes") or 0)
        return QueryResult(table=table, sql=sql, engine=self.name, seconds=time.monotonic() - started,
                           bytes_scanned=scanned, query_id=query_id)

    def wait(self, query_id: str) -> dict:
        """Poll QUEUED/RUNNING until a final state; stop the query when the timeout passes."""
        deadline = time.monotonic() + self.timeout_seconds
        while True:
            execution = self.client.get_query_execution(QueryExecutionId=query_id)["QueryExecution"]
            status = execution["Status"]
            state = status["State"]
            if state == "SUCCEEDED":
                return execution
            if state == "FAILED":
                error = status.get("AthenaError", {})
                kind = f" [{error['ErrorType']}]" if "ErrorType" in error else ""
                raise AthenaQueryFailed(f"Athena query {query_id} failed{kind}: {status.get('StateChangeReason', 'no reason given')}")
            if state == "CANCELLED":
                raise AthenaQueryCancelled(f"Athena query {query_id} was cancelled: {status.get('StateChangeReason', 'no reason given')}")
            if time.monotonic() >= deadline:
                self.client.stop_query_execution(QueryExecutionId=query_id)
                raise AthenaQueryTimeout(f"Athena query {query_id} still {state} after {self.timeout_seconds:g} s; stopped it")
            time.sleep(self.poll_seconds)

    def results(self, query_id: str):
        rows, columns = [], None
        for page in self.client.get_paginator("get_query_results").paginate(QueryExecutionId=query_id):
            result_set = page["ResultSet"]
            columns = columns or result_set["ResultSetMetadata"]["ColumnInfo"]
            rows.extend([cell_text(d) for d in row["Data"]] for row in result_set["Rows"])
        columns = columns or []
        if rows and rows[0] == [c.get("Label") or c["Name"] for c in columns]:
            rows = rows[1:]
        return result_table(rows, columns)
