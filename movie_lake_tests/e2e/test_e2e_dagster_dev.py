"""End to end with a real `dagster dev` (webserver + daemon) in aws mode against the moto
S3 server and the TMDB emulator: lineage and checks over GraphQL, a dropped file flowing raw →
trusted → refined through the lake_reconcile sensor, a three-partition backfill, and a backfill of
three TMDB API months that the daemon runs as one run."""
from __future__ import annotations

import csv
import gzip
import io
import os
import socket
import subprocess
import time
from datetime import date, timedelta

import boto3
import pytest
from dagster import AssetKey, AssetSelection

from movie_lake.definitions import build_definitions
from movie_lake.cli.dev import live_group_members, start_dagster_dev, stop_dagster_dev
from movie_lake.cli.instance import DAGSTER_YAML
from movie_lake.lib.sample_landing import SAMPLE_LANDING
from movie_lake.lib.tmdb.emulator.server import DEFAULT_TOKEN, start_emulator
from movie_lake.settings import load_settings

from movie_lake_tests.conftest import EMBEDDED_TABLE_ENGINE
from movie_lake_tests.dagster_dev_client import GraphQL, runs_summary, wait_for

STAGE_TIMEOUT = 180
MOVIE_FILES = ["e2e_a.csv", "e2e_b.csv", "e2e_c.csv"]
CREDITS_FILE = "e2e_credits.csv"
API_MONTHS = ["2009-03", "2009-04", "2009-05"]

ASSET_NODES = """{ assetNodes { assetKey { path } groupName dependencyKeys { path }
  assetChecksOrError { ... on AssetChecks { checks { name } } } } }"""
MATERIALIZED = """query ($path: [String!]!) { assetOrError(assetKey: {path: $path}) {
  ... on Asset { assetMaterializations(limit: 200) { partition } } } }"""
LAUNCH_BACKFILL = """mutation ($keys: [AssetKeyInput!], $partitions: [String!]) {
  launchPartitionBackfill(backfillParams: {assetSelection: $keys, partitionNames: $partitions}) {
    __typename ... on LaunchBackfillSuccess { backfillId } ... on PythonError { message } } }"""
BACKFILL_STATUS = """query ($id: String!) { partitionBackfillOrError(backfillId: $id) {
  ... on PartitionBackfill { status } } }"""
BACKFILL_RUNS = """query ($id: String!) { runsOrError(filter: {tags: [{key: "dagster/backfill", value: $id}]}) {
  ... on Runs { results { runId status tags { key value } } } } }"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _csv_bytes(header: list[str], rows: list[list[str]]) -> bytes:
    out = io.StringIO()
    csv.writer(out).writerows([header, *rows])
    return out.getvalue().encode()


def _sample_rows(source: str) -> tuple[list[str], list[list[str]]]:
    path = next((SAMPLE_LANDING / source).glob("*.csv.gz"))
    rows = list(csv.reader(io.StringIO(gzip.decompress(path.read_bytes()).decode())))
    return rows[0], rows[1:]


def landing_files() -> dict[str, bytes]:
    """Three small movies files and one credits file, cut from the bundled sample."""
    header, rows = _sample_rows("tmdb_movies")
    files = {f"tmdb_movies/{name}": _csv_bytes(header, rows[i * 8 : (i + 1) * 8]) for i, name in enumerate(MOVIE_FILES)}
    credits_header, credits = _sample_rows("tmdb_credits")
    files[f"tmdb_credits/{CREDITS_FILE}"] = _csv_bytes(credits_header, credits[:8])
    return files


@pytest.fixture(scope="module")
def emulator():
    with start_emulator(DEFAULT_TOKEN) as handle:
        yield handle


@pytest.fixture(scope="module")
def lake_env(moto_endpoint, emulator, tmp_path_factory) -> dict[str, str]:
    bucket = f"e2e-{os.getpid()}-{int(time.time())}"
    boto3.client("s3", endpoint_url=moto_endpoint).create_bucket(Bucket=bucket)
    home = tmp_path_factory.mktemp("dagster_home")
    (home / "dagster.yaml").write_text(DAGSTER_YAML)
    return {
        "MOVIE_LAKE_ENV": "aws", **EMBEDDED_TABLE_ENGINE, "MOVIE_LAKE_BUCKET": bucket, "MOVIE_LAKE_PREFIX": "lake",
        "AWS_ENDPOINT_URL": moto_endpoint, "DAGSTER_HOME": str(home),
        "MOVIE_LAKE_SENSOR_INTERVAL": "1",
        # TMDB is the emulator; the changes feed's catch-up sensor (on in aws mode) owes one day
        "TMDB_API_BASE_URL": emulator.base_url, "TMDB_API_TOKEN": DEFAULT_TOKEN,
        "MOVIE_LAKE_TMDB_SYNC_START": (date.today() - timedelta(days=1)).isoformat(),
    }


@pytest.fixture(scope="module")
def dagster_dev(lake_env, tmp_path_factory):
    port = _free_port()
    log_path = tmp_path_factory.mktemp("dagster_dev") / "dagster_dev.log"
    with open(log_path, "wb") as log:
        process = start_dagster_dev("127.0.0.1", port, env={**os.environ, **lake_env}, stdout=log, stderr=subprocess.STDOUT)
        client = GraphQL(f"http://127.0.0.1:{port}")
        try:
            wait_for("the webserver", client.is_up, 120, alive=lambda: process.poll() is None)
            wait_for("the code location", lambda: client(ASSET_NODES)["assetNodes"], 120, alive=lambda: process.poll() is None)
            client.alive = lambda: process.poll() is None
            yield client
        finally:
            stop_dagster_dev(process)
            print(f"dagster dev log: {log_path}")
            assert live_group_members(process.pid) == [], "dagster dev left processes behind"


@pytest.fixture(scope="module")
def expected(lake_env):
    return build_definitions(load_settings(lake_env)).resolve_asset_graph()


def materializations(client: GraphQL, key: AssetKey) -> list[str | None]:
    """The partition of each materialization of `key` (None when unpartitioned)."""
    asset = client(MATERIALIZED, path=key.path)["assetOrError"]
    return [m["partition"] for m in asset.get("assetMaterializations", [])]


def test_lineage_and_checks_are_served(dagster_dev, expected):
    nodes = {tuple(n["assetKey"]["path"]): n for n in dagster_dev(ASSET_NODES)["assetNodes"]}
    want_keys = {tuple(k.path) for k in expected.get_all_asset_keys()}
    assert want_keys <= set(nodes)
    for key in expected.get_all_asset_keys():
        served = nodes[tuple(key.path)]
        assert {tuple(d["path"]) for d in served["dependencyKeys"]} == {tuple(p.path) for p in expected.get(key).parent_keys}, key
        checks = {c.name for c in expected.get_check_keys_for_assets([key])}
        assert {c["name"] for c in served["assetChecksOrError"]["checks"]} == checks, key
    assert ("raw", "tmdb_movies") in {tuple(d["path"]) for d in nodes[("trusted", "movies")]["dependencyKeys"]}
    assert ("trusted", "movies") in {tuple(d["path"]) for d in nodes[("refined", "conformed_movies")]["dependencyKeys"]}
    assert ("refined", "conformed_movies") in {tuple(d["path"]) for d in nodes[("refined", "dim_movie")]["dependencyKeys"]}
    assert ("trusted", "movie_cast") in {tuple(d["path"]) for d in nodes[("refined", "conformed_cast")]["dependencyKeys"]}
    assert ("refined", "conformed_cast") in {tuple(d["path"]) for d in nodes[("refined", "fact_cast")]["dependencyKeys"]}
    assert {"schema_matches_declaration", "primary_key_unique"} <= {c["name"] for c in nodes[("refined", "dim_movie")]["assetChecksOrError"]["checks"]}


API_KEYS = [AssetKey(["raw", "tmdb_api_movies"]), *(AssetKey(["trusted", t]) for t in ("tmdb_movies", "tmdb_cast", "tmdb_crew"))]


def launch_backfill(client: GraphQL, keys: list[AssetKey], partitions: list[str]) -> str:
    launched = client(LAUNCH_BACKFILL, keys=[{"path": k.path} for k in keys], partitions=partitions)["launchPartitionBackfill"]
    assert launched["__typename"] == "LaunchBackfillSuccess", launched
    return launched["backfillId"]


def wait_for_backfill(client: GraphQL, backfill_id: str) -> None:
    def finished():
        status = client(BACKFILL_STATUS, id=backfill_id)["partitionBackfillOrError"]["status"]
        return status if status not in ("REQUESTED", "CANCELING", "FAILING") else None

    status = wait_for("the backfill", finished, STAGE_TIMEOUT, every=2, alive=client.alive, explain=lambda: runs_summary(client))
    assert status == "COMPLETED_SUCCESS", runs_summary(client)


def test_dropped_files_flow_to_refined_and_backfills_of_files_and_of_api_months_succeed(dagster_dev, expected, lake_env, moto_endpoint):
    """Besides the files: a backfill of three TMDB API months (launched first, so the two wait
    together), which the daemon runs as one run (`BackfillPolicy.single_run`), each month
    getting its own materialization."""
    api_backfill = launch_backfill(dagster_dev, API_KEYS, API_MONTHS)
    s3 = boto3.client("s3", endpoint_url=moto_endpoint)
    started = time.monotonic()
    for key, data in landing_files().items():
        s3.put_object(Bucket=lake_env["MOVIE_LAKE_BUCKET"], Key=f"lake/landing/{key}", Body=data)

    movies_keys = [AssetKey(["raw", "tmdb_movies"]), AssetKey(["trusted", "movies"])]
    credits_keys = [AssetKey(["raw", "tmdb_credits"]), AssetKey(["trusted", "movie_cast"]), AssetKey(["trusted", "movie_crew"])]
    landed_roots = AssetSelection.assets(AssetKey(["raw", "tmdb_movies"]), AssetKey(["raw", "tmdb_credits"]))
    reachable = landed_roots.downstream().resolve(expected)
    refined = sorted(k for k in reachable if expected.get(k).group_name == "refined")
    assert AssetKey(["refined", "dim_movie"]) in refined and AssetKey(["refined", "fact_cast"]) in refined

    stages = {
        "raw": {movies_keys[0]: set(MOVIE_FILES), credits_keys[0]: {CREDITS_FILE}},
        "trusted": {movies_keys[1]: set(MOVIE_FILES), **{k: {CREDITS_FILE} for k in credits_keys[1:]}},
        "refined": {k: {None} for k in refined},
    }
    seconds = {}
    for stage, wanted in stages.items():
        def all_there(wanted=wanted):
            return all(p <= set(materializations(dagster_dev, k)) for k, p in wanted.items())
        wait_for(f"{stage} materializations of the dropped files", all_there, STAGE_TIMEOUT, every=2,
                 alive=dagster_dev.alive, explain=lambda: runs_summary(dagster_dev))
        seconds[stage] = round(time.monotonic() - started, 1)
    before = materializations(dagster_dev, movies_keys[1]).count(MOVIE_FILES[0])

    backfill_started = time.monotonic()
    wait_for_backfill(dagster_dev, launch_backfill(dagster_dev, movies_keys, MOVIE_FILES))
    seconds["backfill"] = round(time.monotonic() - backfill_started, 1)
    after = materializations(dagster_dev, movies_keys[1])
    assert after.count(MOVIE_FILES[0]) > before and all(after.count(f) >= 2 for f in MOVIE_FILES)

    wait_for_backfill(dagster_dev, api_backfill)
    [run] = dagster_dev(BACKFILL_RUNS, id=api_backfill)["runsOrError"]["results"]
    tags = {t["key"]: t["value"] for t in run["tags"]}
    assert (tags["dagster/asset_partition_range_start"], tags["dagster/asset_partition_range_end"]) == (API_MONTHS[0], API_MONTHS[-1])
    for key in API_KEYS:
        assert set(API_MONTHS) <= set(materializations(dagster_dev, key)), key
    print(f"\ne2e seconds since the drop: {seconds}")

