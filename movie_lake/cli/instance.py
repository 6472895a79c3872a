"""A persistent Dagster instance beside the lake (run history survives restarts).

The first use of a new home creates its storage tables; two commands starting at once on a
fresh home would race on that, so the instance is opened under a file lock in the home."""
from __future__ import annotations

import fcntl
import os
from pathlib import Path

from dagster import DagsterInstance

from movie_lake.settings import Settings

DAGSTER_YAML = """telemetry:
  enabled: false
# one SQLite database for every run's events (the default keeps a database per run), with
# one engine per process and no fsync per event (see movie_lake/cli/event_log_storage.py)
event_log_storage:
  module: movie_lake.cli.event_log_storage
  class: LocalEventLogStorage
  config:
    base_dir:
      env: DAGSTER_HOME
run_monitoring:
  # a run the daemon launched but whose process died before it started (a killed
  # `dagster dev`) is marked failed after this long, and the lake_reconcile sensor plans
  # its work again; started runs whose worker died are found by the plan itself
  enabled: true
  start_timeout_seconds: 120
  poll_interval_seconds: 10
"""
LOCK_FILE = ".movie_lake_instance.lock"


def prepare_dagster_home(settings: Settings) -> Path:
    home = settings.dagster_home
    home.mkdir(parents=True, exist_ok=True)
    config = home / "dagster.yaml"
    if not config.exists():
        tmp = home / f".dagster.yaml.{os.getpid()}"
        tmp.write_text(DAGSTER_YAML)
        os.replace(tmp, config)
    os.environ["DAGSTER_HOME"] = str(home)
    return home


def persistent_instance(settings: Settings) -> DagsterInstance:
    home = prepare_dagster_home(settings)
    with open(home / LOCK_FILE, "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            instance = DagsterInstance.get()
            instance.get_runs(limit=1)  # the storage exists and answers before the lock is let go
            return instance
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)
