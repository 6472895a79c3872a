"""Fixtures shared by the suite: temporary lakes (local and moto S3), Dagster instances,
and the real shared data (tests that need it skip cleanly when it is absent)."""
from __future__ import annotations

import fcntl
import json
import os
import subprocess
import sys
import uuid
from pathlib import Path

import boto3
import pytest
from dagster import DagsterInstance

from movie_lake.definitions import build_definitions
from movie_lake.cli.ingest import IngestReport, Ingestor
from movie_lake.defs.lake.lake_resource import LakeResource
from movie_lake.settings import Settings, load_settings

SHARED_DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data"
AWS_TEST_ENV = {
    "AWS_ACCESS_KEY_ID": "testing",
    "AWS_SECRET_ACCESS_KEY": "testing",
    "AWS_SESSION_TOKEN": "testing",
    "AWS_DEFAULT_REGION": "us-east-1",
    "AWS_REGION": "us-east-1",
}


@pytest.fixture(scope="session")
def shared_data() -> Path:
    if not SHARED_DATA.is_dir():
        pytest.skip("../shared/data is absent")
    return SHARED_DATA


@pytest.fixture(scope="session")
def moto_endpoint() -> str:
    """A real moto server on 127.0.0.1 (HTTP), for boto3 and pyarrow alike."""
    from moto.server import ThreadedMotoServer

    os.environ.update(AWS_TEST_ENV)
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()


@pytest.fixture(scope="session")
def iam_endpoint():
    """A moto server in a process of its own that enforces IAM once `POST /moto-api/reset-auth`
    says so (see moto_iam_server.py); tests switch it back off when they finish."""
    server = subprocess.Popen([sys.executable, str(Path(__file__).resolve().parent / "moto_iam_server.py")],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        yield server.stdout.readline().strip()
    finally:
        server.stdin.close()
        server.wait(timeout=10)


@pytest.fixture
def s3_bucket(moto_endpoint) -> str:
    bucket = f"lake-{uuid.uuid4().hex[:12]}"
    boto3.client("s3", endpoint_url=moto_endpoint).create_bucket(Bucket=bucket)
    return bucket


@pytest.fixture
def local_settings(tmp_path) -> Settings:
    return load_settings({"MOVIE_LAKE_ENV": "local", "MOVIE_LAKE_ROOT": str(tmp_path / "lake")})


EMBEDDED_TABLE_ENGINE = {"MOVIE_LAKE_TABLE_ENGINE": "embedded"}
"""moto's Athena runs no SQL: aws-mode tests that check the refined tables' rows build them with
DuckDB; the Athena engine's lifecycle is tested on its own (test_athena_table_engine)."""


@pytest.fixture
def aws_settings(moto_endpoint, s3_bucket) -> Settings:
    return load_settings(
        {"MOVIE_LAKE_ENV": "aws", "MOVIE_LAKE_BUCKET": s3_bucket, "MOVIE_LAKE_PREFIX": "lake",
         "AWS_ENDPOINT_URL": moto_endpoint, "AWS_DEFAULT_REGION": "us-east-1",
         # moto's Glue is one account per process: a prefix per test keeps tests' databases apart
         "MOVIE_LAKE_GLUE_DATABASE_PREFIX": s3_bucket.replace("-", "_"), **EMBEDDED_TABLE_ENGINE}
    )


@pytest.fixture
def instance():
    with DagsterInstance.ephemeral() as ephemeral:
        yield ephemeral


def storage_for(settings: Settings):
    return LakeResource.from_settings(settings).storage


def tables_for(settings: Settings):
    """The lake's `TableStore` (Iceberg catalog included) as the settings place it."""
    return LakeResource.from_settings(settings).tables


def lake_table(settings: Settings, name: str, partitions: list[str] | None = None):
    """A table's current snapshot (some partitions or all), read as a person's reader would."""
    from movie_lake.lib.schemas import schema_for

    return tables_for(settings).read(schema_for(name), partitions)


def data_file_keys(settings: Settings, name: str) -> list[str]:
    """The lake keys of a table's current data files (one per partition)."""
    from movie_lake.lib.schemas import schema_for

    tables = tables_for(settings)
    root = tables.storage.uri_of("")
    return [f.file_path.removeprefix("file://").removeprefix(root).lstrip("/") for f in tables.current_files(schema_for(name))]


def ingest(settings: Settings, instance: DagsterInstance, lines: list[str] | None = None) -> IngestReport:
    """Run `movie-lake ingest`'s engine on whatever is in the lake's landing zone."""
    say = lines.append if lines is not None else (lambda _line: None)
    return Ingestor(build_definitions(settings), instance, storage_for(settings), say).run()


def once_for_all_workers(tmp_path_factory, worker_id: str, name: str, make):
    """`make()`'s JSON-able result, made by the first xdist worker that asks and read by the others
    (they share the run's base temp folder), so a costly reference is built once per run."""
    shared = tmp_path_factory.getbasetemp() if worker_id == "master" else tmp_path_factory.getbasetemp().parent
    result = shared / f"{name}.json"
    with open(shared / f"{name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not result.exists():
            result.write_text(json.dumps(make()))
    return json.loads(result.read_text())


@pytest.fixture(scope="session")
def clean_state(tmp_path_factory, worker_id) -> dict:
    """The state an uninterrupted `movie-lake ingest` leaves on the small landed lake."""
    from movie_lake_tests.lake_state import clean_lake_state

    return once_for_all_workers(tmp_path_factory, worker_id, "clean_state", lambda: clean_lake_state(tmp_path_factory))


def pytest_collection_modifyitems(items):
    """Slow end-to-end tests first (in their order): the two workers then end together, rather
    than one running the last long test alone while the other waits."""
    items.sort(key=lambda item: item.get_closest_marker("slow") is None)
