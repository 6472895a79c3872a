"""kill -9 of a real `movie-lake ingest` at points chosen from its own step lines, then a
plain re-run: the lake ends exactly as an uninterrupted ingest leaves it (every table's rows,
the quarantine, the raw copies, the catalog and the dashboard)."""
from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import duckdb
import pyarrow.parquet as pq
import pytest

from movie_lake.lib.sample_landing import SAMPLE_LANDING

CLI = [sys.executable, "-m", "movie_lake.cli.main", "ingest"]
KILL_POINTS = {
    "during a raw copy": "▶ raw/tmdb_credits",
    "during a trusted step": "  raw/tmdb_movies ",
    "between trusted and refined": "  trusted/video_stats ",
    "during refined and analytics": "  refined/conformed_movies ",
}


def _env(root: Path) -> dict:
    env = {**os.environ, "MOVIE_LAKE_ENV": "local", "MOVIE_LAKE_ROOT": str(root), "PYTHONWARNINGS": "ignore"}
    env.pop("DAGSTER_HOME", None)
    return env


def _landed_lake(root: Path) -> Path:
    """The TMDB sample and one video region: every layer, in few runs."""
    shutil.copytree(SAMPLE_LANDING, root / "landing", ignore=lambda folder, names: [
        n for n in names if n.endswith((".csv", ".gz", ".json")) and "video" in folder and not n.startswith("US")])
    return root


def lake_state(root: Path) -> dict:
    """What a person would compare: rows per table file, raw copies by content, views, dashboard."""
    state = {}
    for layer in ("trusted", "refined", "analytics", "quarantine"):
        for path in sorted((root / layer).rglob("*.parquet")):
            state[str(path.relative_to(root))] = pq.read_metadata(path).num_rows
    for path in sorted((root / "raw").rglob("*")):
        if path.is_file():
            state[f"raw:{path.relative_to(root).parts[1:3]}:{path.parent.name.split('-')[-1]}"] = path.stat().st_size
    with duckdb.connect(str(root / "catalog.duckdb"), read_only=True) as con:
        state["views"] = sorted(r[0] for r in con.sql("select table_schema || '.' || table_name from information_schema.tables").fetchall())
    state["dashboard"] = (root / "reports" / "dashboard.html").exists()
    return state


@pytest.fixture(scope="module")
def clean_state(tmp_path_factory) -> dict:
    root = _landed_lake(tmp_path_factory.mktemp("clean") / "lake")
    done = subprocess.run(CLI, env=_env(root), capture_output=True, text=True, timeout=600, stdin=subprocess.DEVNULL)
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    return lake_state(root)


@pytest.mark.slow
@pytest.mark.parametrize("point", list(KILL_POINTS))
def test_an_ingest_killed_at_any_step_is_finished_by_the_next(point, tmp_path, clean_state):
    root = _landed_lake(tmp_path / "lake")
    killed = subprocess.Popen(CLI, env=_env(root), stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
                              stdin=subprocess.DEVNULL)
    seen = []
    for line in killed.stdout:
        seen.append(line)
        if line.startswith(KILL_POINTS[point]):
            os.kill(killed.pid, signal.SIGKILL)
            break
    killed.wait(timeout=60)
    assert killed.returncode == -signal.SIGKILL, f"the kill point never came: {''.join(seen)[-1500:]}"
    rerun = subprocess.run(CLI, env=_env(root), capture_output=True, text=True, timeout=600, stdin=subprocess.DEVNULL)
    assert rerun.returncode == 0, rerun.stdout[-3000:] + rerun.stderr[-2000:]
    assert "nothing owed" not in rerun.stdout, "the re-run must find the work the kill left undone"
    assert lake_state(root) == clean_state
    final = subprocess.run(CLI, env=_env(root), capture_output=True, text=True, timeout=600, stdin=subprocess.DEVNULL)
    assert "nothing owed" in final.stdout


@pytest.mark.slow
def test_two_ingests_started_together_on_a_fresh_home_end_as_one(tmp_path, clean_state):
    root = _landed_lake(tmp_path / "lake")
    both = [subprocess.Popen(CLI, env=_env(root), stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                             stdin=subprocess.DEVNULL) for _ in range(2)]
    outputs = [p.communicate(timeout=600)[0] for p in both]
    assert [p.returncode for p in both] == [0, 0], "\n---\n".join(o[-2500:] for o in outputs)
    assert "Traceback" not in "".join(outputs)
    assert lake_state(root) == clean_state
