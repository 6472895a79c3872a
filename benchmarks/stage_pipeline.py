"""movie_lake's own pipeline, measured through Dagster in process.

- `run_raw_to_refined`: the generated TMDB movies and credits files land in a fresh local
  lake, then the `Ingestor` (what `movie-lake ingest` runs) materializes raw → trusted for
  each file and the refined tables built from them, with their checks. Other sources'
  assets (video, TMDB API, analyses, dashboard) are left out so the figure is this
  pipeline's. Landing (a file copy) is timed apart and not in `seconds`.
- `run_demo_overhead`: `movie-lake demo` on a fresh lake; the result sets the summed
  compute time of every step (STEP_START → STEP_SUCCESS in the runs' event logs) against
  the demo's wall time, the rest being Dagster's run/step overhead.
"""

from __future__ import annotations

import dataclasses
import os
import shutil
import time
from pathlib import Path

from dagster import AssetKey, AssetSelection, DagsterEventType, DagsterInstance

from movie_lake.cli.ingest import Ingestor

TMDB_CSV_ROOTS = (AssetKey(["trusted", "movies"]), AssetKey(["trusted", "movie_cast"]), AssetKey(["trusted", "movie_crew"]))


def run_raw_to_refined(movies_csv: str, credits_csv: str, out_dir: str) -> dict:
    from movie_lake.definitions import build_definitions
    from movie_lake.defs.lake.lake_resource import LakeResource
    from movie_lake.settings import load_settings

    settings = load_settings({"MOVIE_LAKE_ENV": "local", "MOVIE_LAKE_ROOT": str(Path(out_dir) / "lake")})
    storage = LakeResource.from_settings(settings).storage
    started = time.perf_counter()
    for source, path in (("tmdb_movies", movies_csv), ("tmdb_credits", credits_csv)):
        target = Path(storage.path(f"landing/{source}/{Path(path).name}"))
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, target)
    landing_seconds = time.perf_counter() - started

    started = time.perf_counter()
    with DagsterInstance.ephemeral() as instance:
        report = _TmdbCsvIngestor(build_definitions(settings), instance, storage, say=lambda _line: None).run()
        steps = step_seconds(instance)
    seconds = time.perf_counter() - started
    if not report.ok:
        raise RuntimeError(f"ingest failed: {report.failures + report.checks_failed}")
    rows = {s.asset: s.rows for s in report.steps if s.rows is not None}
    return {
        "movies": rows["trusted/movies"],
        "cast": rows["trusted/movie_cast"],
        "crew": rows["trusted/movie_crew"],
        "refined_rows": sum(v for k, v in rows.items() if k.startswith("refined/")),
        "checks_passed": report.checks_passed,
        "phase_seconds": {"landing (not counted)": landing_seconds, "ingest": seconds,
                          "steps (summed)": sum(steps.values())},
        "slowest_steps": dict(sorted(steps.items(), key=lambda kv: -kv[1])[:6]),
    }


class _TmdbCsvIngestor(Ingestor):
    """The real ingestor, its whole-table run narrowed to the refined tables of the TMDB CSVs."""

    def _start(self, runner, run):
        if run.partition is None:
            downstream = AssetSelection.assets(*TMDB_CSV_ROOTS).downstream().resolve(self.graph)
            keys = tuple(k for k in run.asset_keys if k in downstream and k.path[0] == "refined")
            run = dataclasses.replace(run, asset_keys=keys)
        return super()._start(runner, run)


def step_seconds(instance: DagsterInstance) -> dict[str, float]:
    """Compute seconds per `run:step` over every run of the instance, from STEP_START to STEP_SUCCESS."""
    durations: dict[str, float] = {}
    for run in instance.get_runs():
        started: dict[str, float] = {}
        for entry in instance.all_logs(run.run_id, of_type={DagsterEventType.STEP_START, DagsterEventType.STEP_SUCCESS}):
            event = entry.dagster_event
            if event.event_type == DagsterEventType.STEP_START:
                started[event.step_key] = entry.timestamp
            elif event.step_key in started:
                durations[f"{run.run_id[:8]}:{event.step_key}"] = entry.timestamp - started[event.step_key]
    return durations


def run_demo_overhead(out_dir: str) -> dict:
    """The demo, as `make demo` runs it, on a fresh lake and Dagster home under `out_dir`."""
    os.environ["MOVIE_LAKE_ENV"] = "local"
    os.environ["MOVIE_LAKE_ROOT"] = str(Path(out_dir) / "lake")
    os.environ.pop("DAGSTER_HOME", None)
    from movie_lake.cli.main import main

    started = time.perf_counter()
    code = main(["demo"])
    wall = time.perf_counter() - started
    if code != 0:
        raise RuntimeError(f"movie-lake demo exited with {code}")
    instance = DagsterInstance.get()
    steps = step_seconds(instance)
    runs = len(instance.get_runs())
    compute = sum(steps.values())
    return {
        "runs": runs,
        "steps": len(steps),
        "wall_seconds": wall,
        "compute_seconds": compute,
        "overhead_seconds": wall - compute,
        "overhead_share": (wall - compute) / wall,
    }
