"""`dagster dev` killed with kill -9 (webserver, daemon, code server and the run in progress,
the whole process group) while the lake_reconcile sensor's runs are going, then started again
on the same Dagster home: the lake ends exactly as an uninterrupted ingest leaves it, and the
run the kill cut short is marked failed rather than left "started" forever."""
from __future__ import annotations

import os
import signal
import socket
import subprocess
import time

import pytest

from movie_lake.cli.dev import start_dagster_dev, stop_dagster_dev
from movie_lake.cli.instance import DAGSTER_YAML

from movie_lake_tests.dagster_dev_client import GraphQL, runs_summary, wait_for
from movie_lake_tests.lake_state import env_for, lake_state, landed_lake

RUN_STATUSES = """{ runsOrError(limit: 100) { ... on Runs { results { runId status } } } }"""


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _start(env: dict, log) -> tuple[subprocess.Popen, GraphQL]:
    port = _port()
    process = start_dagster_dev("127.0.0.1", port, env=env, stdout=log, stderr=subprocess.STDOUT)
    client = GraphQL(f"http://127.0.0.1:{port}")
    wait_for("the webserver", client.is_up, 120, alive=lambda: process.poll() is None)
    return process, client


def _statuses(client: GraphQL) -> list[str]:
    return [r["status"] for r in client(RUN_STATUSES)["runsOrError"]["results"]]


@pytest.mark.slow
def test_dagster_dev_killed_mid_run_and_restarted_finishes_the_lake(tmp_path, clean_state):
    root = landed_lake(tmp_path / "lake")
    home = tmp_path / "dagster_home"
    home.mkdir()
    (home / "dagster.yaml").write_text(DAGSTER_YAML.replace("start_timeout_seconds: 120", "start_timeout_seconds: 15")
                                       .replace("poll_interval_seconds: 10", "poll_interval_seconds: 3"))
    env = {**env_for(root), "DAGSTER_HOME": str(home), "MOVIE_LAKE_SENSOR_INTERVAL": "2"}
    with open(tmp_path / "dagster_dev.log", "wb") as log:
        first, client = _start(env, log)
        wait_for("a run in progress", lambda: "STARTED" in _statuses(client), 180, every=0.5,
                 alive=lambda: first.poll() is None, explain=lambda: runs_summary(client))
        os.killpg(first.pid, signal.SIGKILL)
        first.wait(timeout=30)
        time.sleep(1)
        second, client = _start(env, log)
        try:
            def converged():
                statuses = _statuses(client)
                busy = any(s in ("QUEUED", "NOT_STARTED", "STARTING", "STARTED") for s in statuses)
                return not busy and (root / "reports" / "dashboard.html").exists() and lake_state(root) == clean_state
            def differences() -> str:
                state = lake_state(root)
                keys = sorted(k for k in set(state) | set(clean_state) if state.get(k) != clean_state.get(k))
                return "\n".join(f"{k}: {state.get(k)!r} (clean: {clean_state.get(k)!r})" for k in keys[:20])

            wait_for("the lake to equal a clean ingest", converged, 300, every=3,
                     alive=lambda: second.poll() is None, explain=lambda: runs_summary(client) + "\n" + differences())
            assert "STARTED" not in _statuses(client)
        finally:
            stop_dagster_dev(second)
