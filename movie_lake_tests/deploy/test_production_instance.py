"""deploy/dagster.yaml on a real PostgreSQL server, with the real `dagster-daemon` and
`dagster-webserver` (the ECS run launcher swapped for the default one, compute logs on the moto
S3): a file landed in S3 reaches refined through the queue-fed sensor, the history is in
PostgreSQL and survives a daemon restart, the restarted daemon processes nothing twice, and a
file landed afterwards gets exactly its own runs: its partition, then the whole tables.

One daemon at a time, as Dagster expects and the deployment keeps (ECS stops the old daemon task
before starting the new one): two daemons on one instance both dequeue and tick the same things."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
import yaml
from dagster import AssetKey, DagsterEventType, DagsterInstance, DagsterRunStatus

from movie_lake.lib.sample_landing import SAMPLE_LANDING

from movie_lake_tests.dagster_dev_client import GraphQL, wait_for
from movie_lake_tests.defs.lake.test_landing_queue_sensor import Lake
from movie_lake_tests.postgres_server import free_port, start_postgres

pytestmark = pytest.mark.slow
REPO = Path(__file__).resolve().parents[2]
TRENDS = AssetKey(["refined", "video_trends"])
DONE = (DagsterRunStatus.SUCCESS, DagsterRunStatus.FAILURE, DagsterRunStatus.CANCELED)


@pytest.fixture(scope="module")
def postgres():
    yield from start_postgres()


def production_yaml_for_tests(endpoint: str) -> str:
    """deploy/dagster.yaml with the two things a laptop cannot have: ECS (runs as local
    processes instead) and the real S3 (compute logs go to the moto server)."""
    config = yaml.safe_load((REPO / "deploy" / "dagster.yaml").read_text())
    assert config["run_launcher"]["class"] == "EcsRunLauncher" and "postgres" in config["storage"]
    config["run_launcher"] = {"module": "dagster", "class": "DefaultRunLauncher"}
    config["compute_logs"]["config"]["endpoint_url"] = endpoint
    config["compute_logs"]["config"]["use_ssl"] = False
    return yaml.safe_dump(config)


class Deployment:
    def __init__(self, tmp_path: Path, lake: Lake, postgres, database: str, endpoint: str):
        home = tmp_path / "dagster_home"
        home.mkdir()
        (home / "dagster.yaml").write_text(production_yaml_for_tests(endpoint))
        self.env = {**os.environ, **lake.env, **postgres.environment(database), "DAGSTER_HOME": str(home),
                    "DAGSTER_COMPUTE_LOG_BUCKET": lake.settings.bucket, "DAGSTER_COMPUTE_LOG_PREFIX": "dagster-compute-logs",
                    "MOVIE_LAKE_SENSOR_INTERVAL": "2", "PYTHONWARNINGS": "ignore"}
        self.logs = tmp_path
        self.daemons: list[subprocess.Popen] = []

    def start(self, *command: str) -> subprocess.Popen:
        log = open(self.logs / f"{command[0]}-{len(self.daemons)}.log", "w")
        process = subprocess.Popen([str(Path(sys.executable).parent / command[0]), *command[1:], "-w", str(REPO / "workspace.yaml")],
                                   cwd=REPO, env=self.env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        self.daemons.append(process)
        return process

    def instance(self) -> DagsterInstance:
        with pytest.MonkeyPatch.context() as patch:
            for name, value in self.env.items():
                patch.setenv(name, value)
            return DagsterInstance.get()

    def log_tail(self) -> str:
        return "\n".join(f"--- {p.name}\n{p.read_text()[-3000:]}" for p in sorted(self.logs.glob("*.log")))

    def stop_all(self) -> None:
        for process in self.daemons:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
                try:
                    process.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    os.killpg(process.pid, signal.SIGKILL)


def land(lake: Lake, region: str) -> None:
    name = f"{region}_category_id.json"
    lake.storage.write_bytes(f"landing/video_categories/{name}", (SAMPLE_LANDING / "video_categories" / name).read_bytes())


def partitions_run(instance: DagsterInstance) -> list[str]:
    return sorted(r.tags["dagster/partition"] for r in instance.get_runs() if "dagster/partition" in r.tags)


def test_the_daemon_on_the_production_instance_ingests_from_the_queue_and_survives_a_restart(
        tmp_path, postgres, moto_endpoint, s3_bucket):
    database = f"dagster_{uuid.uuid4().hex[:8]}"
    postgres.create_database(database)
    lake = Lake(moto_endpoint, s3_bucket, visibility_seconds=60)
    deployment = Deployment(tmp_path, lake, postgres, database, moto_endpoint)
    try:
        daemon = deployment.start("dagster-daemon", "run")
        instance = deployment.instance()
        land(lake, "US")

        def refined_built() -> bool:
            runs = instance.get_runs()
            return bool(instance.fetch_materializations(TRENDS, limit=1).records) and all(r.status in DONE for r in runs)

        wait_for("refined/video_trends built by the daemon's runs", refined_built, timeout=300, every=2,
                 alive=lambda: daemon.poll() is None, explain=deployment.log_tail)
        before = {r.run_id: r.status for r in instance.get_runs()}
        assert set(before.values()) == {DagsterRunStatus.SUCCESS}, _failures(instance, instance.get_runs())
        assert partitions_run(instance) == ["US"]
        stored = postgres.query(database, "select count(*) from runs")[0][0]
        assert stored == len(before) >= 2, "the run history is in PostgreSQL"

        webserver = deployment.start("dagster-webserver", "-h", "127.0.0.1", "-p", str(free_port()))
        client = GraphQL(f"http://127.0.0.1:{webserver.args[webserver.args.index('-p') + 1]}")
        wait_for("the webserver", client.is_up, timeout=60, alive=lambda: webserver.poll() is None, explain=deployment.log_tail)
        seen = client("{ runsOrError { ... on Runs { results { runId status } } } }")["runsOrError"]["results"]
        assert {r["runId"]: r["status"] for r in seen} == {k: v.value for k, v in before.items()}

        os.killpg(daemon.pid, signal.SIGTERM)
        daemon.wait(timeout=60)
        restarted = deployment.start("dagster-daemon", "run")
        ticks_before = len(_sensor_ticks(instance))
        wait_for("three sensor ticks of the restarted daemon", lambda: len(_sensor_ticks(instance)) >= ticks_before + 3,
                 timeout=120, every=2, alive=lambda: restarted.poll() is None, explain=deployment.log_tail)
        assert {r.run_id: r.status for r in instance.get_runs()} == before, "the restarted daemon processes nothing twice"

        land(lake, "GB")
        wait_for("the GB landing through refined", lambda: partitions_run(instance) == ["GB", "US"] and refined_built()
                 and _trends_newer_than(instance, before), timeout=300, every=2, alive=lambda: restarted.poll() is None,
                 explain=deployment.log_tail)
        new = [r for r in instance.get_runs() if r.run_id not in before]  # newest first
        assert [(r.tags.get("dagster/partition"), r.status) for r in new] == [
            (None, DagsterRunStatus.SUCCESS), ("GB", DagsterRunStatus.SUCCESS)], _failures(instance, new)
        logs = lake.storage.s3_client.list_objects_v2(Bucket=lake.settings.bucket, Prefix="dagster-compute-logs/")
        assert logs.get("KeyCount", 0) > 0, "compute logs go to S3"
    finally:
        deployment.stop_all()


def _failures(instance: DagsterInstance, runs: list) -> list[str]:
    """What each failed run's failure events say: the step (or run) and the error."""
    said = []
    for run in runs:
        if run.status == DagsterRunStatus.FAILURE:
            for record in instance.all_logs(run.run_id, of_type={DagsterEventType.STEP_FAILURE, DagsterEventType.RUN_FAILURE}):
                event = record.dagster_event
                error = event.step_failure_data.error if event.is_step_failure else getattr(event.event_specific_data, "error", None)
                said.append(f"{run.run_id[:8]} {event.step_key or 'run'}: {record.message}\n{error.to_string() if error else ''}")
    return said


def _trends_newer_than(instance: DagsterInstance, before: dict) -> bool:
    latest = instance.fetch_materializations(TRENDS, limit=1).records
    return bool(latest) and latest[0].run_id not in before


def _sensor_ticks(instance: DagsterInstance) -> list:
    states = [s for s in instance.all_instigator_state() if s.name == "lake_reconcile"]
    return [t for s in states for t in instance.get_ticks(s.instigator_origin_id, s.selector_id, limit=200)]

