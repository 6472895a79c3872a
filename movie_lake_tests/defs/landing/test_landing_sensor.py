"""The landing sensor, evaluated with `build_sensor_context` on real lakes (a local folder
and the moto S3 server): cursor, pagination, restarts, ignored and unsafe keys, replacements."""
from __future__ import annotations

import os
from dataclasses import replace
from datetime import datetime, timezone

import boto3
import pytest
from dagster import DagsterInstance, SensorResult, build_sensor_context

from movie_lake.defs.lake.lake_resource import LakeResource
from movie_lake.lib.sample_landing import SAMPLE_LANDING
from movie_lake.lib.landing.cursor import LandingCursor
from movie_lake.defs.landing.sensor import build_landing_sensor

from movie_lake_tests.conftest import ingest

CSV = b"id,title\n1,x\n"
TMDB_MOVIES_SAMPLE = SAMPLE_LANDING / "tmdb_movies" / "tmdb_5000_movies_sample.csv.gz"


def tick(settings, instance, cursor: str | None, max_objects: int = 200) -> SensorResult:
    sensor = build_landing_sensor(replace(settings, sensor_max_objects_per_tick=max_objects))
    context = build_sensor_context(instance=instance, cursor=cursor, resources={"lake": LakeResource.from_settings(settings)})
    return sensor(context)


def run_all(settings, instance, cursor=None, max_objects=200, max_ticks=50):
    """Tick until a tick requests nothing; returns every request and the final cursor."""
    requests = []
    for _ in range(max_ticks):
        result = tick(settings, instance, cursor, max_objects)
        cursor = result.cursor
        if not result.run_requests and not result.dynamic_partitions_requests:
            return requests, cursor
        requests.extend(result.run_requests)
    raise AssertionError("the sensor kept finding work")


def land_local(settings, key: str, data: bytes = CSV, mtime_ns: int | None = None) -> None:
    path = settings.local_root / "landing" / key
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    if mtime_ns is not None:
        os.utime(path, ns=(mtime_ns, mtime_ns))


def partitions_of(result: SensorResult) -> dict[str, set[str]]:
    return {r.partitions_def_name: set(r.partition_keys) for r in result.dynamic_partitions_requests}


def test_files_already_ingested_by_the_cli_are_not_requested_again(local_settings, instance):
    """`make demo` then `make dev`: the sensor's first tick has no cursor but must not redo the demo."""
    land_local(local_settings, "tmdb_movies/a.csv", TMDB_MOVIES_SAMPLE.read_bytes())
    assert ingest(local_settings, instance).ok
    land_local(local_settings, "tmdb_movies/b.csv")
    first = tick(local_settings, instance, None)
    assert [r.partition_key for r in first.run_requests] == ["b.csv"]


def test_new_files_become_partitions_and_runs_once(local_settings, instance):
    land_local(local_settings, "tmdb_movies/a.csv")
    land_local(local_settings, "tmdb_credits/c.csv.gz", b"\x1f\x8b-not-checked-here")
    first = tick(local_settings, instance, None)
    assert partitions_of(first) == {"tmdb_movies_files": {"a.csv"}, "tmdb_credits_files": {"c.csv.gz"}}
    assert {(r.partition_key, r.asset_selection[0].to_user_string()) for r in first.run_requests} == {
        ("a.csv", "raw/tmdb_movies"), ("c.csv.gz", "raw/tmdb_credits")}
    assert len({r.run_key for r in first.run_requests}) == 2

    second = tick(local_settings, instance, first.cursor)
    assert second.run_requests == [] and second.dynamic_partitions_requests == []

    land_local(local_settings, "tmdb_movies/b.csv")
    third = tick(local_settings, instance, second.cursor)
    assert [r.partition_key for r in third.run_requests] == ["b.csv"]


def test_ignored_names_are_logged_and_never_requested(local_settings, instance, capfd):
    for key in ["tmdb_movies/a.csv.part", "tmdb_movies/b.csv_tmp", "tmdb_movies/.c.csv", "tmdb_movies/notes.txt",
                "tmdb_movies/sub/d.csv", "mystery/e.csv", "f.csv"]:
        land_local(local_settings, key)
    land_local(local_settings, "tmdb_movies/empty.csv", b"")
    land_local(local_settings, "tmdb_movies/good.csv")
    result = tick(local_settings, instance, None)
    assert [r.partition_key for r in result.run_requests] == ["good.csv"]
    log = capfd.readouterr().err
    for expected in ["temporary or partial upload name", "unknown landing folder landing/mystery/", "landing/mystery/e.csv",
                     "sub-folder of landing/tmdb_movies/", "empty object", "name does not match", "outside every source folder"]:
        assert expected in log
    again = tick(local_settings, instance, result.cursor)
    assert again.run_requests == [] and "mystery" not in capfd.readouterr().err


def test_replaced_file_is_a_new_version(local_settings, instance):
    land_local(local_settings, "tmdb_movies/a.csv", CSV, mtime_ns=1_700_000_000_000_000_000)
    first = tick(local_settings, instance, None)
    land_local(local_settings, "tmdb_movies/a.csv", CSV + b"2,y\n", mtime_ns=1_700_000_060_000_000_000)
    second = tick(local_settings, instance, first.cursor)
    assert [r.partition_key for r in second.run_requests] == ["a.csv"]
    assert second.run_requests[0].run_key != first.run_requests[0].run_key


def test_same_timestamp_ties_across_a_bounded_tick(local_settings, instance):
    same = 1_700_000_000_000_000_000
    for name in ["a.csv", "b.csv", "c.csv"]:
        land_local(local_settings, f"tmdb_movies/{name}", mtime_ns=same)
    first = tick(local_settings, instance, None, max_objects=2)
    assert [r.partition_key for r in first.run_requests] == ["a.csv", "b.csv"]
    land_local(local_settings, "tmdb_movies/d.csv", mtime_ns=same)
    rest, _ = run_all(local_settings, instance, first.cursor, max_objects=2)
    assert sorted(r.partition_key for r in rest) == ["c.csv", "d.csv"]


def test_late_object_with_an_older_timestamp_is_still_found(local_settings, instance):
    land_local(local_settings, "tmdb_movies/new.csv", mtime_ns=1_700_000_300_000_000_000)
    first = tick(local_settings, instance, None)
    land_local(local_settings, "tmdb_movies/slow_upload.csv", mtime_ns=1_700_000_000_000_000_000)
    land_local(local_settings, "tmdb_movies/ancient.csv", mtime_ns=1_600_000_000_000_000_000)
    second = tick(local_settings, instance, first.cursor)
    assert [r.partition_key for r in second.run_requests] == ["slow_upload.csv"]


def test_symlink_out_of_the_zone_is_rejected(local_settings, instance, tmp_path, capfd):
    outside = tmp_path / "secret.csv"
    outside.write_bytes(CSV)
    (local_settings.local_root / "landing" / "tmdb_movies").mkdir(parents=True)
    (local_settings.local_root / "landing" / "tmdb_movies" / "link.csv").symlink_to(outside)
    result = tick(local_settings, instance, None)
    assert result.run_requests == []
    log = capfd.readouterr().err
    assert "rejected landing key" in log and "secret.csv" in log


@pytest.fixture
def s3(aws_settings):
    return boto3.client("s3", endpoint_url=aws_settings.aws_endpoint_url)


def put(s3, settings, key: str, data: bytes = CSV) -> None:
    s3.put_object(Bucket=settings.bucket, Key=f"{settings.prefix}/landing/{key}", Body=data)


def test_s3_traversal_keys_are_rejected(aws_settings, instance, s3, capfd):
    put(s3, aws_settings, "tmdb_movies/../../raw/tmdb_movies/evil.csv")
    put(s3, aws_settings, "/tmdb_movies/abs.csv")
    put(s3, aws_settings, "tmdb_movies/", b"")
    put(s3, aws_settings, "tmdb_movies/fine.csv")
    result = tick(aws_settings, instance, None)
    assert [r.partition_key for r in result.run_requests] == ["fine.csv"]
    log = capfd.readouterr().err
    assert "rejected landing key 'landing/tmdb_movies/../../raw/tmdb_movies/evil.csv'" in log
    assert "rejected landing key 'landing//tmdb_movies/abs.csv'" in log


def test_s3_pagination_bounded_ticks_and_restart(aws_settings, s3):
    """1,050 objects (two S3 listing pages) handled 400 per tick, each exactly once, with a
    restart (fresh instance, the saved cursor string) in the middle."""
    names = [f"m{i:04d}.csv" for i in range(1050)]
    for name in names:
        put(s3, aws_settings, f"tmdb_movies/{name}")
    with DagsterInstance.ephemeral() as instance:
        first = tick(aws_settings, instance, None, max_objects=400)
    assert len(first.run_requests) == 400
    saved = first.cursor
    put(s3, aws_settings, "tmdb_movies/m0000.csv", CSV + b"2,y\n")
    with DagsterInstance.ephemeral() as instance:
        rest, cursor = run_all(aws_settings, instance, saved, max_objects=400)
    keys = [r.partition_key for r in first.run_requests + rest]
    assert sorted(keys) == sorted(names + ["m0000.csv"])
    assert len({r.run_key for r in first.run_requests + rest}) == len(keys)
    assert len(LandingCursor.decode(cursor).handled) == 1050
    assert LandingCursor.decode(cursor).mark <= datetime.now(timezone.utc)
