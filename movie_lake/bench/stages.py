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

from movie_lake.bench.generate import ScaleFiles
from movie_lake.bench.work_spec import OUTPUT_TABLES

MOVIE_LAKE, DUCKDB, PYSPARK = "movie_lake", "duckdb", "pyspark"


@dataclass(frozen=True)
class Stage:
    work: str
    engine: str
    target: str
    inputs: Callable[[ScaleFiles, Path], dict]
    row_keys: tuple[str, ...] = OUTPUT_TABLES
    heavy: bool = False  # skipped by --quick

    @property
    def key(self) -> str:
        return f"{self.work}/{self.engine}"


def csv_to_parquet_inputs(files: ScaleFiles, out_dir: Path) -> dict:
    return {"movies_csv": str(files.movies_csv), "credits_csv": str(files.credits_csv), "out_dir": str(out_dir)}


CSV_TO_PARQUET = "csv_to_parquet"

STAGES: list[Stage] = [
    Stage(CSV_TO_PARQUET, MOVIE_LAKE, "movie_lake.bench.stage_movie_lake:run_movie_lake", csv_to_parquet_inputs),
    Stage(CSV_TO_PARQUET, DUCKDB, "movie_lake.bench.baseline_duckdb:run_duckdb", csv_to_parquet_inputs),
    Stage(CSV_TO_PARQUET, PYSPARK, "movie_lake.bench.baseline_spark:run_spark", csv_to_parquet_inputs, heavy=True),
    # Pipeline stages plug in here (movie_lake engine, their own `work` names), for example:
    #   Stage("raw_to_refined", MOVIE_LAKE, "movie_lake.<module>:<function>", <inputs builder>,
    #         row_keys=(<count keys the function returns>,)),
    #       end to end raw -> refined, in process, at every size;
    #   Stage("dagster_overhead", MOVIE_LAKE, "movie_lake.<module>:<function>", <inputs builder>,
    #         row_keys=(...)),
    #       the demo materialization; return {"compute_seconds": <sum of step compute times>, ...} so
    #       the report can set wall time against it.
]
