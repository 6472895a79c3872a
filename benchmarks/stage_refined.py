"""trusted → refined: the TMDB CSV star schema built from a trusted zone that is already there.

Both engines start from the same trusted Parquet files (movie_lake's own Iceberg tables, made once
per size by movie_lake's raw → trusted and cached under `.bench/trusted`; one commit per partition,
so their data folders hold exactly the current files):

- `run_refined_movie_lake`: the refined assets downstream of the TMDB CSV tables, with their
  checks, materialized by Dagster in process on a fresh ephemeral instance.
- `run_refined_duckdb`: hand-written DuckDB SQL writing the same tables (newest landing wins for
  movies and for each movie's credits), as a person would write it for this lake.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from benchmarks.generate import ScaleFiles
from benchmarks.paths import BENCH_ROOT

REFINED_TABLES = ("conformed_movies", "conformed_cast", "conformed_crew", "dim_movie", "dim_genre", "bridge_movie_genre",
                  "fact_movie_finance", "dim_person", "fact_cast", "fact_crew")
TRUSTED_TABLES = ("movies", "movie_cast", "movie_crew", "unkeyed_credits")
ROLE_ONLY_COLUMNS = {"cast": "department, job", "crew": "character, cast_id, cast_order"}


def trusted_inputs(files: ScaleFiles, out_dir: Path) -> dict:
    """The cached trusted zone of this size (made in a child process when missing or stale)."""
    cached = BENCH_ROOT / "trusted" / f"x{files.scale}"
    made_from = json.dumps({"movies": _stamp(files.movies_csv), "credits": _stamp(files.credits_csv), "layout": "iceberg"})
    stamp = cached / "made_from.json"
    if not stamp.exists() or stamp.read_text() != made_from:
        shutil.rmtree(cached, ignore_errors=True)
        subprocess.run([sys.executable, "-m", "benchmarks.stage_refined", str(files.movies_csv), str(files.credits_csv), str(cached)],
                       check=True, stdout=subprocess.DEVNULL)
        stamp.write_text(made_from)
    return {"trusted_dir": str(cached / "lake" / "trusted"), "out_dir": str(out_dir)}


def _stamp(path: Path) -> list:
    info = os.stat(path)
    return [info.st_size, info.st_mtime_ns]


def run_refined_movie_lake(trusted_dir: str, out_dir: str) -> dict:
    from dagster import AssetKey, DagsterInstance

    from movie_lake.settings import load_settings

    env = {"MOVIE_LAKE_ENV": "local", "MOVIE_LAKE_ROOT": str(fresh_lake(trusted_dir, out_dir))}
    if os.environ.get("MOVIE_LAKE_DUCKDB_MEMORY_LIMIT"):
        env["MOVIE_LAKE_DUCKDB_MEMORY_LIMIT"] = os.environ["MOVIE_LAKE_DUCKDB_MEMORY_LIMIT"]
    job, keys = refined_job(load_settings(env))
    started = time.perf_counter()
    with DagsterInstance.ephemeral() as instance:
        result = job.execute_in_process(instance=instance)
    seconds = time.perf_counter() - started
    rows = {event.asset_key.path[-1]: event.materialization.metadata["dagster/row_count"].value
            for event in result.get_asset_materialization_events()}
    checks = [e.asset_check_evaluation_data for e in result.all_events if e.event_type_value == "ASSET_CHECK_EVALUATION"]
    return {**{t: rows[t] for t in REFINED_TABLES}, "checks_passed": sum(c.passed for c in checks),
            "checks_failed": sum(not c.passed for c in checks), "phase_seconds": {"materialize": seconds},
            "assets": sorted("/".join(k.path) for k in keys if k != AssetKey(["refined", "franchise_titles"]))}


def fresh_lake(trusted_dir: str, out_dir: str) -> Path:
    """A lake folder whose catalog holds the cached trusted tables and nothing else."""
    lake = Path(out_dir) / "lake"
    lake.mkdir(parents=True, exist_ok=True)
    # the trusted tables stay where they were made: their Iceberg metadata names the files by absolute path
    shutil.copyfile(Path(trusted_dir).parent / "iceberg.db", lake / "iceberg.db")
    with sqlite3.connect(lake / "iceberg.db") as catalog:  # the cache's refined tables are not this run's
        catalog.execute("delete from iceberg_tables where table_namespace <> 'trusted'")
    return lake


def refined_job(settings):
    """The refined assets downstream of the TMDB CSV tables, with their checks, as one job (and their keys)."""
    from dagster import AssetSelection

    from benchmarks.stage_pipeline import TMDB_CSV_ROOTS
    from movie_lake.definitions import build_definitions

    defs = build_definitions(settings)
    keys = {k for k in AssetSelection.assets(*TMDB_CSV_ROOTS).downstream().resolve(defs.resolve_asset_graph()) if k.path[0] == "refined"}
    return defs.resolve_implicit_global_asset_job_def().get_subset(asset_selection=keys), keys


def run_refined_duckdb_capped(trusted_dir: str, out_dir: str) -> dict:
    from movie_lake.settings import load_settings

    cap = load_settings({"MOVIE_LAKE_DUCKDB_MEMORY_LIMIT": os.environ.get("MOVIE_LAKE_DUCKDB_MEMORY_LIMIT", "")}).duckdb_memory_limit
    return run_refined_duckdb(trusted_dir, out_dir, memory_limit=cap)


def run_refined_duckdb(trusted_dir: str, out_dir: str, threads: int = 2, memory_limit: str | None = None) -> dict:
    import duckdb

    out = Path(out_dir) / "refined"
    out.mkdir(parents=True)
    con = duckdb.connect(config={"threads": threads, **({"memory_limit": memory_limit} if memory_limit else {})})
    for table in TRUSTED_TABLES:
        con.execute(f"create view {table} as select * from read_parquet('{trusted_dir}/{table}/data/*/*.parquet', hive_partitioning = false)")
    write = lambda name, sql: con.execute(f"copy ({sql}) to '{out}/{name}.parquet' (format parquet, compression zstd)")  # noqa: E731
    read = lambda name: f"read_parquet('{out}/{name}.parquet')"  # noqa: E731
    write("conformed_movies", """select * exclude (rank) from (
        select *, row_number() over (partition by id order by landed_at desc, source_file desc) as rank from movies
    ) where rank = 1 order by id""")
    # a credit with no movie id takes the id of the one movie with its title
    con.execute(f"""create temp table title_ids as select title, min(id) as movie_id from {read('conformed_movies')}
                    group by title having count(*) = 1""")
    for role in ("cast", "crew"):
        con.execute(f"""create temp table credits_{role} as select * from movie_{role} union all by name
                        select t.movie_id, u.* exclude (line, movie_title, role, {ROLE_ONLY_COLUMNS[role]})
                        from unkeyed_credits u join title_ids t on t.title = u.movie_title where u.role = '{role}'""")
    con.execute("""create temp table newest as select movie_id, arg_max(source_file, (landed_at, source_file)) as source_file
                   from (select movie_id, source_file, landed_at from credits_cast union all
                         select movie_id, source_file, landed_at from credits_crew) group by movie_id""")
    for role in ("cast", "crew"):
        write(f"conformed_{role}", f"""select c.* from credits_{role} c join newest using (movie_id, source_file)
                                       where movie_id in (select id from {read('conformed_movies')}) order by movie_id, credit_id""")
    movies = read("conformed_movies")
    write("dim_movie", f"""select id as movie_id, title, original_title, original_language, release_date,
                                  year(release_date) as release_year, runtime, status, popularity, vote_average, vote_count,
                                  overview, landed_at from {movies} order by movie_id""")
    write("dim_genre", f"""select g.id as genre_id, arg_max(g.name, landed_at) as genre_name
                           from (select unnest(genres) as g, landed_at from {movies}) group by all order by genre_id""")
    write("bridge_movie_genre", f"select distinct id as movie_id, unnest(genres).id as genre_id from {movies} order by all")
    write("fact_movie_finance", f"""select id as movie_id, year(release_date) as release_year, budget, revenue,
                                           revenue - budget as profit from {movies} order by movie_id""")
    credits = f"select person_id, name, gender, landed_at, credit_id from {read('conformed_cast')} union all " \
              f"select person_id, name, gender, landed_at, credit_id from {read('conformed_crew')}"
    write("dim_person", f"""select person_id, arg_max(name, (landed_at, credit_id)) as name, arg_max(gender, (landed_at, credit_id)) as gender
                            from ({credits}) group by person_id order by person_id""")
    write("fact_cast", f"select credit_id, movie_id, person_id, character, cast_order from {read('conformed_cast')} order by movie_id, cast_order, credit_id")
    write("fact_crew", f"select credit_id, movie_id, person_id, department, job from {read('conformed_crew')} order by movie_id, credit_id")
    return {t: con.execute(f"select count(*) from {read(t)}").fetchone()[0] for t in REFINED_TABLES}


def _make_trusted(movies_csv: str, credits_csv: str, folder: str) -> None:
    from benchmarks.stage_pipeline import run_raw_to_refined

    run_raw_to_refined(movies_csv, credits_csv, folder)


if __name__ == "__main__":
    _make_trusted(*sys.argv[1:4])
