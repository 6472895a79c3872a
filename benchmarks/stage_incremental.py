"""An incremental landing into a built lake: 1 % new movies (new ids, with their cast and crew)
arrive as new trusted partitions of a lake whose refined tables are built, and the refined tables
are refreshed: incrementally (`movie_lake`), or rebuilt whole from the same state
(`movie_lake_full`, MOVIE_LAKE_FULL_REBUILD=1). Only the refresh is timed; the lake is made in
the same child first (the trusted tables of `stage_refined`'s cache, refined built once)."""

from __future__ import annotations

import os
import time
from datetime import datetime, timezone

import pyarrow as pa
import pyarrow.compute as pc

from benchmarks.stage_refined import REFINED_TABLES, refined_job, fresh_lake

NEW_SHARE = 0.01
NEW_ID_OFFSET = 1_000_000_000
NEW_MOVIES_FILE, NEW_CREDITS_FILE = "bench_new_movies.csv", "bench_new_credits.csv"


def run_incremental(trusted_dir: str, out_dir: str) -> dict:
    return _refresh(trusted_dir, out_dir, full_rebuild=False)


def run_full_rebuild(trusted_dir: str, out_dir: str) -> dict:
    return _refresh(trusted_dir, out_dir, full_rebuild=True)


def _refresh(trusted_dir: str, out_dir: str, full_rebuild: bool) -> dict:
    from dagster import DagsterInstance

    from movie_lake.defs.lake.lake_resource import LakeResource
    from movie_lake.settings import load_settings

    lake = fresh_lake(trusted_dir, out_dir)
    env = {"MOVIE_LAKE_ENV": "local", "MOVIE_LAKE_ROOT": str(lake), "MOVIE_LAKE_FULL_REBUILD": "1" if full_rebuild else "0",
           **({"MOVIE_LAKE_DUCKDB_MEMORY_LIMIT": os.environ["MOVIE_LAKE_DUCKDB_MEMORY_LIMIT"]}
              if os.environ.get("MOVIE_LAKE_DUCKDB_MEMORY_LIMIT") else {})}
    settings = load_settings(env)
    job, _keys = refined_job(settings)
    with DagsterInstance.ephemeral() as instance:
        assert job.execute_in_process(instance=instance).success
        landed = _land_new_movies(LakeResource.from_settings(settings).tables)
        started = time.perf_counter()
        result = job.execute_in_process(instance=instance)
        seconds = time.perf_counter() - started
    assert result.success
    events = result.get_asset_materialization_events()
    rows = {e.asset_key.path[-1]: e.materialization.metadata["dagster/row_count"].value for e in events}
    refresh = {e.asset_key.path[-1]: e.materialization.metadata["refresh"].value for e in events}
    return {**{t: rows[t] for t in REFINED_TABLES}, "new_movies": landed, "phase_seconds": {"refresh": seconds},
            "incremental": sorted(name for name, how in refresh.items() if how.startswith("incremental"))}


def _land_new_movies(tables) -> int:
    """1 % of the trusted movies again under new ids and titles (new movies; a shared title would
    also touch the credits of every movie with that title, through the repair of unkeyed credits),
    with their credits, as new partitions."""
    from movie_lake.lib.schemas import schema_for

    movies_schema = schema_for("trusted/movies")
    movies = tables.read(movies_schema)
    picked = movies.slice(0, max(1, int(movies.num_rows * NEW_SHARE))).drop_columns([movies_schema.partition_column])
    now = pa.array([datetime.now(timezone.utc)] * picked.num_rows, movies_schema.arrow_schema.field("landed_at").type)
    shifted = picked.set_column(picked.column_names.index("id"), "id", pc.add(picked.column("id"), NEW_ID_OFFSET))
    shifted = shifted.set_column(shifted.column_names.index("title"), "title", pc.binary_join_element_wise(shifted.column("title"), " (new)", ""))
    tables.write(movies_schema, shifted.set_column(shifted.column_names.index("landed_at"), "landed_at", now), NEW_MOVIES_FILE)
    for role in ("movie_cast", "movie_crew"):
        schema = schema_for(f"trusted/{role}")
        credits = tables.read(schema)
        credits = credits.filter(pc.is_in(credits.column("movie_id"), picked.column("id"))).drop_columns([schema.partition_column])
        credits = credits.set_column(credits.column_names.index("movie_id"), "movie_id", pc.add(credits.column("movie_id"), NEW_ID_OFFSET))
        credits = credits.set_column(credits.column_names.index("credit_id"), "credit_id", pc.binary_join_element_wise("new", credits.column("credit_id"), ""))
        landed_at = pa.array([datetime.now(timezone.utc)] * credits.num_rows, schema.arrow_schema.field("landed_at").type)
        tables.write(schema, credits.set_column(credits.column_names.index("landed_at"), "landed_at", landed_at), NEW_CREDITS_FILE)
    return picked.num_rows

