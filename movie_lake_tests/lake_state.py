"""A small landed lake (the TMDB sample and one video region) and what a person would compare
between two lakes, for the tests that kill real processes and check the lake converges."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import pyarrow.parquet as pq

from movie_lake.lib.sample_landing import SAMPLE_LANDING
from movie_lake.lib.schemas import ALL_SCHEMAS
from movie_lake.lib.storage import LakeStorage, TableStore

CLI = [sys.executable, "-m", "movie_lake.cli.main", "ingest"]


def env_for(root: Path) -> dict:
    env = {**os.environ, "MOVIE_LAKE_ENV": "local", "MOVIE_LAKE_ROOT": str(root), "PYTHONWARNINGS": "ignore"}
    env.pop("DAGSTER_HOME", None)
    return env


def landed_lake(root: Path) -> Path:
    """The TMDB sample and one video region: every layer, in few runs."""
    shutil.copytree(SAMPLE_LANDING, root / "landing", ignore=lambda folder, names: [
        n for n in names if n.endswith((".csv", ".gz", ".json")) and "video" in folder and not n.startswith("US")])
    return root


def table_rows(tables: TableStore) -> dict[str, int]:
    """Rows per partition of every table's current snapshot (`<table>/<partition>`), from the
    manifests: data files no commit made current (a killed write's) are not part of the table."""
    rows: dict[str, int] = {}
    for name, schema in ALL_SCHEMAS.items():
        if tables.is_iceberg(schema):
            for f in tables.current_files(schema):
                key = f"{name}/{f.partition[0] if schema.partition_column else ''}"
                rows[key] = rows.get(key, 0) + f.record_count
    return rows


def lake_state(root: Path) -> dict:
    """What a person would compare: rows per table partition, raw copies by content, views, dashboard."""
    state = table_rows(TableStore(LakeStorage.local(root)))
    for path in sorted((root / "quarantine").rglob("*.parquet")):
        state[str(path.relative_to(root))] = pq.read_metadata(path).num_rows
    for path in sorted((root / "raw").rglob("*")):
        if path.is_file():
            state[f"raw:{path.relative_to(root).parts[1:3]}:{path.parent.name.split('-')[-1]}"] = path.stat().st_size
    with duckdb.connect(str(root / "catalog.duckdb"), read_only=True) as con:
        state["views"] = sorted(r[0] for r in con.sql("select table_schema || '.' || table_name from information_schema.tables").fetchall())
    state["dashboard"] = (root / "reports" / "dashboard.html").exists()
    return state


def clean_lake_state(tmp_path_factory) -> dict:
    root = landed_lake(tmp_path_factory.mktemp("clean") / "lake")
    done = subprocess.run(CLI, env=env_for(root), capture_output=True, text=True, timeout=600, stdin=subprocess.DEVNULL)
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    return lake_state(root)




def live_run_processes(root: Path, wait_seconds: float = 5.0) -> list[int]:
    """Pids named by the lake's runs (`movie_lake/pid`) that are still running (zombies, left
    unreaped by a container's init, count as gone), after waiting up to `wait_seconds`."""
    import time

    from dagster import DagsterInstance
    from dagster._core.instance.ref import InstanceRef

    from movie_lake.defs.lake.reconcile import PID_TAG

    home = str(root / "dagster_home")
    previous = os.environ.get("DAGSTER_HOME")
    os.environ["DAGSTER_HOME"] = home  # the home's dagster.yaml places its event log by it
    try:
        with DagsterInstance.from_ref(InstanceRef.from_dir(home)) as instance:
            pids = {int(run.tags[PID_TAG]) for run in instance.get_runs() if PID_TAG in run.tags}
    finally:
        os.environ.pop("DAGSTER_HOME") if previous is None else os.environ.__setitem__("DAGSTER_HOME", previous)
    deadline = time.monotonic() + wait_seconds
    while True:
        alive = [pid for pid in sorted(pids) if _running(pid)]
        if not alive or time.monotonic() > deadline:
            return alive
        time.sleep(0.1)


def _running(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/status") as status:
            return not any(line.startswith("State:") and "Z" in line.split()[1] for line in status)
    except FileNotFoundError:
        return False
