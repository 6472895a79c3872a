"""`movie-lake tmdb catalog` and `movie-lake tmdb sync` against the emulator over HTTP: a
whole-catalog crawl with a deleted id recorded, a sync that carries a changed title to
dim_movie and marks a deleted one, a 20-day gap read in two windows, storms of 429/5xx
that lose nothing, the same on S3 (moto), and the token nowhere in the lake or the output."""
from __future__ import annotations

import uuid
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from dagster import DagsterInstance, build_schedule_context, build_sensor_context

from movie_lake.cli.main import main
from movie_lake.definitions import build_definitions
from movie_lake.defs.lake.lake_resource import LakeResource
from movie_lake.defs.tmdb_catalog.automation import SYNC_JOB, sync_requests
from movie_lake.lib.schemas import schema_for
from movie_lake.lib.storage import TableStore
from movie_lake.lib.tmdb.emulator.server import start_emulator
from movie_lake.lib.tmdb_catalog.zone import CatalogZone
from movie_lake.settings import load_settings

from movie_lake_tests.conftest import EMBEDDED_TABLE_ENGINE, tables_for, AWS_TEST_ENV, storage_for

BATCH = 25


@pytest.fixture
def today():
    """Read when the test starts, as the commands read it: a value fixed when the module was
    collected is yesterday for a test that runs after midnight UTC."""
    return datetime.now(timezone.utc).date()


@pytest.fixture
def emulator():
    with start_emulator(token=f"secret-{uuid.uuid4().hex}", deleted_ids=[87]) as running:
        yield running


@pytest.fixture
def lake_env(tmp_path, monkeypatch, emulator):
    """A local lake whose TMDB is the test's emulator (so changes made here are seen by every run)."""
    for name, value in {"MOVIE_LAKE_ENV": "local", "MOVIE_LAKE_ROOT": str(tmp_path / "lake"),
                        "DAGSTER_HOME": str(tmp_path / "home"), "TMDB_API_BASE_URL": emulator.base_url,
                        "TMDB_API_TOKEN": emulator.token, "TMDB_EXPORTS_BASE_URL": emulator.exports_url,
                        "MOVIE_LAKE_TMDB_BATCH_SIZE": str(BATCH), "MOVIE_LAKE_TMDB_RATE": "1000"}.items():
        monkeypatch.setenv(name, value)
    monkeypatch.delenv("TMDB_API_KEY", raising=False)
    return tmp_path


def store() -> TableStore:
    return tables_for(load_settings())


def details_requests(emulator, media: str = "movie") -> list[str]:
    return [p for p in emulator.stats().paths() if p.startswith(f"/3/{media}/") and p.rsplit("/", 1)[-1].isdigit()]


def assert_token_nowhere(token: str, folders: list[Path], output: str) -> None:
    assert token not in output
    for folder in folders:
        for path in folder.rglob("*"):
            if path.is_file():
                assert token.encode() not in path.read_bytes(), path


def test_a_whole_catalog_crawl_fetches_every_id_once_and_records_the_deleted_one(lake_env, emulator, capsys):
    assert main(["tmdb", "catalog", "--export-date", "2026-12-01"]) == 0
    output = capsys.readouterr().out
    movies_in_emulator = len(emulator.catalog.movies)
    assert f"movie: {movies_in_emulator} ids of the 2026-12-01 export" in output
    assert "ids (" in output  # progress: done/total, rate, ETA
    tables = store()
    movies = tables.read(schema_for("trusted/tmdb_catalog_movies"))
    assert movies.num_rows == movies_in_emulator - 1
    missing = tables.read(schema_for("trusted/tmdb_catalog_movie_missing")).to_pylist()
    assert [(m["id"], m["last_fetched_at"], m["reason"]) for m in missing] == [(87, None, "export")]
    assert sorted(details_requests(emulator)) == sorted(f"/3/movie/{i}" for i in emulator.catalog.movies)
    series = tables.read(schema_for("refined/dim_series"))
    assert sorted(series.column("series_id").to_pylist()) == sorted(emulator.catalog.series)
    dim = tables.read(schema_for("refined/dim_movie"))
    assert dim.num_rows == movies_in_emulator - 1 and set(dim.column("source").to_pylist()) == {"tmdb_catalog"}
    assert main(["tmdb", "catalog", "--export-date", "2026-12-01", "--media", "movie"]) == 0
    assert len(details_requests(emulator)) == movies_in_emulator  # nothing fetched twice
    assert_token_nowhere(emulator.token, [lake_env / "lake", lake_env / "home"], output + capsys.readouterr().out)


def test_a_sync_of_a_day_carries_a_changed_title_to_dim_movie_and_marks_a_deleted_one(lake_env, emulator, capsys, today):
    assert main(["tmdb", "catalog", "--export-date", today.isoformat(), "--media", "movie", "--limit", "40"]) == 0
    assert store().read(schema_for("trusted/tmdb_catalog_movies")).num_rows == 39  # 87 is among the first 40 and 404s
    ids = sorted(emulator.catalog.movies)[:40]
    changed, deleted, beyond = ids[0], ids[5], sorted(emulator.catalog.movies)[100]
    emulator.change("movie", changed, today, title="Star Wars (restored)")
    emulator.change("movie", deleted, today, deleted=True)
    emulator.change("movie", beyond, today, title="not crawled")
    emulator.reset_stats()
    assert main(["tmdb", "sync", "--date", today.isoformat(), "--media", "movie"]) == 0
    assert sorted(details_requests(emulator)) == sorted([f"/3/movie/{changed}", f"/3/movie/{deleted}"])
    dim = {row["movie_id"]: row for row in store().read(schema_for("refined/dim_movie")).to_pylist()}
    assert dim[changed]["title"] == "Star Wars (restored)" and dim[changed]["deleted_upstream_at"] is None
    assert dim[deleted]["deleted_upstream_at"] is not None and dim[deleted]["title"]  # kept, marked
    assert beyond not in dim
    assert "movie 0000000-0099999: 2 title(s) changed since fetched" in capsys.readouterr().out


def test_a_twenty_day_gap_is_caught_up_in_two_windows_of_the_changes_feed(lake_env, emulator, today):
    yesterday = today - timedelta(days=1)
    first = yesterday - timedelta(days=19)
    assert main(["tmdb", "catalog", "--export-date", first.isoformat(), "--media", "movie", "--limit", "10"]) == 0
    settings = load_settings()
    defs = build_definitions(settings)
    with DagsterInstance.ephemeral() as instance:
        ticked = defs.get_sensor_def("tmdb_sync_catch_up")(
            build_sensor_context(instance=instance, resources={"lake": LakeResource.from_settings(settings)}))
    owed = list(ticked)
    assert len(owed) == 2
    scheduled = defs.get_schedule_def("tmdb_sync_daily")(build_schedule_context(
        scheduled_execution_time=datetime(2026, 12, 3, 9, tzinfo=timezone.utc)))
    assert scheduled.partition_key == "2026-12-02"
    assert [(r.job_name, r.tags["dagster/asset_partition_range_start"], r.tags["dagster/asset_partition_range_end"])
            for r in owed] == [(SYNC_JOB, first.isoformat(), (first + timedelta(days=13)).isoformat()),
                               (SYNC_JOB, (first + timedelta(days=14)).isoformat(), yesterday.isoformat())]
    emulator.change("movie", sorted(emulator.catalog.movies)[2], first + timedelta(days=16), title="Changed in the gap")
    emulator.reset_stats()
    # the sensor's first request runs as the daemon would run it; `tmdb sync` then finds the second window owed
    with DagsterInstance.ephemeral() as instance:
        assert defs.get_job_def(SYNC_JOB).execute_in_process(instance=instance, tags=owed[0].tags).success
    assert len(CatalogZone(storage_for(settings)).synced_days()) == 14
    assert main(["tmdb", "sync", "--media", "movie"]) == 0
    feed = [p for p in emulator.stats().paths() if p.endswith("/changes")]
    assert sorted(feed) == ["/3/movie/changes"] * 2 + ["/3/tv/changes"] * 2
    assert len(CatalogZone(storage_for(settings)).synced_days()) == 20
    # the change happened after the crawl's export but before its fetch: the fetch already had it, nothing to refresh
    assert details_requests(emulator) == []
    assert sync_requests(CatalogZone(storage_for(settings)), settings, datetime.now(timezone.utc)) == []


def test_storms_of_429_and_5xx_lose_no_title(lake_env, emulator):
    emulator.add_fault("rate_limit", count=8, path="/3/movie/", retry_after="0")
    emulator.add_fault("server_error", count=8, path="/3/movie/", status=503)
    emulator.add_fault("server_error", count=2, path="/p/exports/", status=502)
    assert main(["tmdb", "catalog", "--export-date", "2026-12-01", "--media", "movie", "--limit", "60"]) == 0
    statuses = emulator.stats().count_by_status()
    assert statuses[429] == 8 and statuses[503] == 8 and statuses[502] == 2
    assert store().read(schema_for("trusted/tmdb_catalog_movies")).num_rows == 59
    assert store().read(schema_for("trusted/tmdb_catalog_movie_missing")).column("id").to_pylist() == [87]


def test_catalog_and_sync_on_s3(tmp_path, monkeypatch, emulator, moto_endpoint, s3_bucket, today):
    env = {**AWS_TEST_ENV, "MOVIE_LAKE_ENV": "aws", **EMBEDDED_TABLE_ENGINE, "MOVIE_LAKE_BUCKET": s3_bucket, "MOVIE_LAKE_PREFIX": "lake",
           "AWS_ENDPOINT_URL": moto_endpoint, "MOVIE_LAKE_GLUE_DATABASE_PREFIX": s3_bucket.replace("-", "_"),
           "DAGSTER_HOME": str(tmp_path / "home"), "TMDB_API_BASE_URL": emulator.base_url, "TMDB_API_TOKEN": emulator.token,
           "TMDB_EXPORTS_BASE_URL": emulator.exports_url, "MOVIE_LAKE_TMDB_BATCH_SIZE": "10"}
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    assert main(["tmdb", "catalog", "--export-date", today.isoformat(), "--media", "movie", "--limit", "20"]) == 0
    changed = sorted(emulator.catalog.movies)[3]
    emulator.change("movie", changed, today, title="Changed on S3")
    assert main(["tmdb", "sync", "--date", today.isoformat(), "--media", "movie"]) == 0
    settings = load_settings()
    keys = [f.key for f in storage_for(settings).list_files("raw/tmdb_catalog_movies")]
    assert sum(k.endswith(".jsonl.gz") for k in keys) == 2 + 1  # two batches of the crawl, one of the refresh
    dim = {r["movie_id"]: r["title"] for r in store().read(schema_for("refined/dim_movie")).to_pylist()}
    assert len(dim) == 19 and 87 not in dim and dim[changed] == "Changed on S3"  # 87: deleted before the crawl
