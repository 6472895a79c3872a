"""The benchmark's stage list: what runs, per size, each in a fresh child process.

A stage's `target` ("module:function") is imported in the child and called with the keyword
arguments its `inputs` builds from the generated files; it returns a dict of row counts (plus any
extra detail, e.g. `phase_seconds`). Stages sharing a `work` name do the same work on different
engines: their counts are checked for agreement and their times reported as ratios to movie_lake's.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from benchmarks.generate import ScaleFiles
from benchmarks.stage_refined import REFINED_TABLES, trusted_inputs
from benchmarks.stage_video import VIDEO_TABLES, video_inputs
from benchmarks.work_spec import OUTPUT_TABLES

MOVIE_LAKE, DUCKDB, DUCKDB_LEAN, POLARS, PYSPARK = "movie_lake", "duckdb", "duckdb_lean", "polars", "pyspark"
DUCKDB_CAPPED = "duckdb_capped"
MOVIE_LAKE_ROWS = "movie_lake_rows"
"""movie_lake's record-by-record reference reader (the video CSVs' only peer)."""
"""The hand-written SQL under movie_lake's DuckDB memory cap: the same budget, so the time ratio is the pipeline's own."""


@dataclass(frozen=True)
class Stage:
    work: str
    engine: str
    target: str
    inputs: Callable[[ScaleFiles, Path], dict]
    row_keys: tuple[str, ...] = OUTPUT_TABLES
    heavy: bool = False  # skipped by --quick
    only_scale: int | None = None  # size-independent work (the demo) runs at this size only

    @property
    def key(self) -> str:
        return f"{self.work}/{self.engine}"


def csv_to_parquet_inputs(files: ScaleFiles, out_dir: Path) -> dict:
    return {"movies_csv": str(files.movies_csv), "credits_csv": str(files.credits_csv), "out_dir": str(out_dir)}


def demo_inputs(files: ScaleFiles, out_dir: Path) -> dict:
    return {"out_dir": str(out_dir)}


CSV_TO_PARQUET = "csv_to_parquet"
RAW_TO_REFINED = "raw_to_refined"
TRUSTED_TO_REFINED = "trusted_to_refined"
DAGSTER_OVERHEAD = "dagster_overhead"
INCREMENTAL_REFINED = "incremental_refined"
VIDEO_TO_PARQUET = "video_to_parquet"
MOVIE_LAKE_FULL = "movie_lake_full"
"""The same refresh with MOVIE_LAKE_FULL_REBUILD=1: every refined table rebuilt whole."""

STAGES: list[Stage] = [
    Stage(CSV_TO_PARQUET, MOVIE_LAKE, "benchmarks.stage_movie_lake:run_movie_lake", csv_to_parquet_inputs),
    Stage(CSV_TO_PARQUET, DUCKDB, "benchmarks.baseline_duckdb:run_duckdb", csv_to_parquet_inputs),
    Stage(CSV_TO_PARQUET, DUCKDB_LEAN, "benchmarks.baseline_duckdb:run_duckdb_lean", csv_to_parquet_inputs),
    Stage(CSV_TO_PARQUET, POLARS, "benchmarks.baseline_polars:run_polars", csv_to_parquet_inputs),
    Stage(CSV_TO_PARQUET, PYSPARK, "benchmarks.baseline_spark:run_spark", csv_to_parquet_inputs, heavy=True),
    Stage(VIDEO_TO_PARQUET, MOVIE_LAKE, "benchmarks.stage_video:run_columns", video_inputs, row_keys=VIDEO_TABLES),
    Stage(VIDEO_TO_PARQUET, MOVIE_LAKE_ROWS, "benchmarks.stage_video:run_rows", video_inputs, row_keys=VIDEO_TABLES),
    Stage(RAW_TO_REFINED, MOVIE_LAKE, "benchmarks.stage_pipeline:run_raw_to_refined", csv_to_parquet_inputs),
    Stage(TRUSTED_TO_REFINED, MOVIE_LAKE, "benchmarks.stage_refined:run_refined_movie_lake", trusted_inputs, row_keys=REFINED_TABLES),
    Stage(TRUSTED_TO_REFINED, DUCKDB, "benchmarks.stage_refined:run_refined_duckdb", trusted_inputs, row_keys=REFINED_TABLES),
    Stage(TRUSTED_TO_REFINED, DUCKDB_CAPPED, "benchmarks.stage_refined:run_refined_duckdb_capped", trusted_inputs,
          row_keys=REFINED_TABLES),
    Stage(INCREMENTAL_REFINED, MOVIE_LAKE, "benchmarks.stage_incremental:run_incremental", trusted_inputs, row_keys=REFINED_TABLES),
    Stage(INCREMENTAL_REFINED, MOVIE_LAKE_FULL, "benchmarks.stage_incremental:run_full_rebuild", trusted_inputs,
          row_keys=REFINED_TABLES),
    Stage(DAGSTER_OVERHEAD, MOVIE_LAKE, "benchmarks.stage_pipeline:run_demo_overhead", demo_inputs,
          row_keys=(), only_scale=1),
]
