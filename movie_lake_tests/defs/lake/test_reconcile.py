"""The lake's one plan (defs/lake/reconcile.py) on real lakes and a real Dagster instance:
what the lake_reconcile sensor requests tick by tick, that it never repeats an answered
failure nor freezes the tables beside it, that a run copies exactly the landed version it
was planned for, and that a run whose process died is finished by the next plan."""
from __future__ import annotations

import gzip
import os
import subprocess
import sys

import boto3
import pytest
from dagster import AssetKey, AssetMaterialization, DagsterEvent, DagsterEventType, DagsterRunStatus, build_sensor_context, materialize

from movie_lake.definitions import build_definitions
from movie_lake.defs.lake.lake_resource import LakeResource
from movie_lake.defs.lake.reconcile import HOST_TAG, LAUNCHER_TAG, PID_TAG, LakeState, plan_lake
from movie_lake.lib.sample_landing import SAMPLE_LANDING
from movie_lake.lib.storage.raw import RawZone
from movie_lake.lib.landing.rules import TMDB_MOVIES

from movie_lake_tests.conftest import ingest, storage_for

MOVIES = (SAMPLE_LANDING / "tmdb_movies" / "tmdb_5000_movies_sample.csv.gz").read_bytes()
CATEGORIES = (SAMPLE_LANDING / "video_categories" / "US_category_id.json").read_bytes()


def tick(settings, instance):
    defs = build_definitions(settings)
    sensor = defs.get_repository_def().get_sensor_def("lake_reconcile")
    context = build_sensor_context(instance=instance, resources={"lake": LakeResource.from_settings(settings)},
                                   repository_def=defs.get_repository_def())
    return defs, sensor(context)


def execute(defs, instance, result) -> list[bool]:
    """What the daemon does with a tick's result: add the partitions, launch each run."""
    for request in result.dynamic_partitions_requests:
        instance.add_dynamic_partitions(request.partitions_def_name, list(request.partition_keys))
    outcomes = []
    for request in result.run_requests:
        run = materialize(assets=[*defs.assets, *defs.asset_checks], resources=defs.resources, instance=instance,
                          selection=request.asset_selection, partition_key=request.partition_key,
                          tags=request.tags, raise_on_error=False)
        outcomes.append(run.success)
    return outcomes


def requested(result) -> list[tuple[str, str | None]]:
    return sorted((",".join(k.to_user_string() for k in r.asset_selection), r.partition_key) for r in result.run_requests)


def test_the_sensor_requests_each_landing_then_what_follows_then_nothing(local_settings, instance):
    storage = storage_for(local_settings)
    storage.write_bytes("landing/tmdb_movies/a.csv.gz", MOVIES)
    storage.write_bytes("landing/video_categories/US_category_id.json", CATEGORIES)
    defs, first = tick(local_settings, instance)
    assert requested(first) == [
        ("raw/tmdb_movies,trusted/movies", "a.csv.gz"),
        ("raw/video_categories,trusted/video_categories", "US"),
    ]
    assert {r.partitions_def_name: set(r.partition_keys) for r in first.dynamic_partitions_requests} == {
        "tmdb_movies_files": {"a.csv.gz"}, "video_regions": {"US"}}
    assert all(execute(defs, instance, first))
    defs, second = tick(local_settings, instance)
    [whole_tables] = second.run_requests
    assert AssetKey(["refined", "dim_movie"]) in whole_tables.asset_selection and whole_tables.partition_key is None
    assert AssetKey(["analytics", "dashboard"]) in whole_tables.asset_selection
    assert all(execute(defs, instance, second))
    _, third = tick(local_settings, instance)
    assert third.run_requests == [] and third.dynamic_partitions_requests == []


def test_a_failed_file_is_not_repeated_by_the_sensor_nor_does_it_freeze_the_rest(local_settings, instance, capfd):
    storage = storage_for(local_settings)
    storage.write_bytes("landing/tmdb_movies/good.csv.gz", MOVIES)
    storage.write_bytes("landing/tmdb_movies/broken.csv", b"movie,name\n1,x\n")
    defs, first = tick(local_settings, instance)
    outcomes = dict(zip((r.partition_key for r in first.run_requests), execute(defs, instance, first)))
    assert outcomes == {"broken.csv": False, "good.csv.gz": True}
    defs, second = tick(local_settings, instance)
    assert [r.partition_key for r in second.run_requests] == [None], "whole tables go ahead without broken.csv"
    assert all(execute(defs, instance, second))
    _, third = tick(local_settings, instance)
    assert third.run_requests == []
    plan = plan_lake(defs.resolve_asset_graph(), instance, storage, retry_failed=True)
    assert [(r.partition, [k.to_user_string() for k in r.asset_keys]) for r in plan.runs] == [
        ("broken.csv", ["trusted/movies"])], "an explicit ingest retries it"

    storage.write_bytes("landing/tmdb_movies/broken.csv", MOVIES)
    defs, fixed = tick(local_settings, instance)
    assert requested(fixed) == [("raw/tmdb_movies,trusted/movies", "broken.csv")]


def plan_v1_then_land_v2(settings, instance):
    """Land v1 and plan its run; land v2 under the same name before that run starts."""
    storage = storage_for(settings)
    storage.write_bytes("landing/tmdb_movies/m.csv.gz", MOVIES)
    defs, planned_v1 = tick(settings, instance)
    v2 = gzip.compress(gzip.decompress(MOVIES).replace(b"Avatar", b"Avatar II"), mtime=0)
    storage.write_bytes("landing/tmdb_movies/m.csv.gz", v2)
    return storage, defs, planned_v1, v2


def test_a_run_copies_the_landed_version_it_was_planned_for(local_settings, instance):
    storage, defs, planned_v1, v2 = plan_v1_then_land_v2(local_settings, instance)
    assert execute(defs, instance, planned_v1) == [False]
    [failure] = [e for e in instance.all_logs(instance.get_runs(limit=1)[0].run_id) if e.dagster_event and e.dagster_event.is_step_failure]
    assert "changed since this run was requested" in str(failure.dagster_event.step_failure_data.error.cause.message)
    assert RawZone(storage).versions(TMDB_MOVIES, "m.csv.gz") == []
    defs, planned_v2 = tick(local_settings, instance)
    assert execute(defs, instance, planned_v2) == [True]
    assert storage.read_bytes(RawZone(storage).latest(TMDB_MOVIES, "m.csv.gz").key) == v2


def test_on_a_versioned_bucket_the_planned_version_is_copied_even_after_an_overwrite(aws_settings, instance, moto_endpoint):
    boto3.client("s3", endpoint_url=moto_endpoint).put_bucket_versioning(
        Bucket=aws_settings.bucket, VersioningConfiguration={"Status": "Enabled"})
    storage, defs, planned_v1, v2 = plan_v1_then_land_v2(aws_settings, instance)
    assert execute(defs, instance, planned_v1) == [True]
    assert storage.read_bytes(RawZone(storage).latest(TMDB_MOVIES, "m.csv.gz").key) == MOVIES
    defs, planned_v2 = tick(aws_settings, instance)
    assert [r.partition_key for r in planned_v2.run_requests] == ["m.csv.gz"]
    assert execute(defs, instance, planned_v2) == [True]
    assert storage.read_bytes(RawZone(storage).latest(TMDB_MOVIES, "m.csv.gz").key) == v2


@pytest.mark.parametrize("left_as", [DagsterRunStatus.STARTED, DagsterRunStatus.NOT_STARTED])
def test_a_run_whose_ingest_process_died_is_marked_failed_and_redone(local_settings, instance, left_as):
    """NOT_STARTED: killed between the run's creation and its first event."""
    storage = storage_for(local_settings)
    storage.write_bytes("landing/tmdb_movies/a.csv.gz", MOVIES)
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True).stdout.strip()
    defs = build_definitions(local_settings)
    [run] = plan_lake(defs.resolve_asset_graph(), instance, storage, retry_failed=True).runs
    instance.add_dynamic_partitions("tmdb_movies_files", ["a.csv.gz"])
    left_behind = instance.create_run_for_job(
        defs.get_implicit_global_asset_job_def(), asset_selection=frozenset(run.asset_keys),
        tags={**run.tags, "dagster/partition": "a.csv.gz", LAUNCHER_TAG: "ingest", PID_TAG: dead, HOST_TAG: os.uname().nodename},
        status=left_as,
    )
    as_the_sensor_sees_it = plan_lake(defs.resolve_asset_graph(), instance, storage, retry_failed=False)
    assert instance.get_run_by_id(left_behind.run_id).status == DagsterRunStatus.FAILURE
    assert [r.partition for r in as_the_sensor_sees_it.runs] == ["a.csv.gz"], "a run that died answered nothing"
    report = ingest(local_settings, instance)
    assert report.ok and report.files == ["landing/tmdb_movies/a.csv.gz"]
    assert instance.get_run_by_id(left_behind.run_id).status == DagsterRunStatus.FAILURE
    assert instance.get_latest_materialization_event(AssetKey(["refined", "dim_movie"])) is not None


def test_a_run_ending_while_the_plan_reads_the_instance_is_not_asked_for_again(local_settings, instance, monkeypatch):
    """The daemon's plan takes seconds under load; a run that ends in the middle of it (its table
    written after the plan read that table) must not be requested a second time."""
    storage = storage_for(local_settings)
    storage.write_bytes("landing/tmdb_movies/a.csv.gz", MOVIES)
    assert ingest(local_settings, instance).ok
    defs = build_definitions(local_settings)
    raw, trusted = AssetKey(["raw", "tmdb_movies"]), AssetKey(["trusted", "movies"])
    rerun = instance.create_run_for_job(defs.get_implicit_global_asset_job_def(), asset_selection=frozenset([trusted]),
                                        tags={"dagster/partition": "a.csv.gz"}, status=DagsterRunStatus.STARTED)
    copy_again = instance.fetch_materializations(raw, limit=1).records[0].asset_materialization
    instance.report_runless_asset_event(copy_again)  # raw written again: trusted/movies is older than it, and rerunning

    read_ids = LakeState._latest_ids

    def rerun_ends_after_trusted_is_read(state, key):
        ids = read_ids(state, key)
        if key == trusted:
            instance.report_runless_asset_event(AssetMaterialization(trusted, partition="a.csv.gz"))
            instance.report_dagster_event(DagsterEvent(DagsterEventType.RUN_SUCCESS.value, job_name=rerun.job_name), rerun.run_id)
        return ids

    monkeypatch.setattr(LakeState, "_latest_ids", rerun_ends_after_trusted_is_read)
    plan = plan_lake(defs.resolve_asset_graph(), instance, storage, retry_failed=False)
    assert instance.get_run_by_id(rerun.run_id).status == DagsterRunStatus.SUCCESS
    assert plan.runs == [] and any("trusted/movies" in label for label in plan.waiting)


def test_a_month_inside_a_running_range_run_waits_for_it(local_settings, instance):
    """A run over a range of months (a single-run backfill) carries no `dagster/partition` tag:
    every month of its range is busy, so the plan does not start one of them beside it."""
    defs = build_definitions(local_settings)
    raw = AssetKey(["raw", "tmdb_api_movies"])
    typed = [AssetKey(["trusted", table]) for table in ("tmdb_movies", "tmdb_cast", "tmdb_crew")]
    instance.report_runless_asset_event(AssetMaterialization(raw, partition="1995-05"))  # fetched, not typed yet
    graph, storage = defs.resolve_asset_graph(), storage_for(local_settings)
    owed = plan_lake(graph, instance, storage, retry_failed=False)
    assert [(r.partition, "trusted/tmdb_movies" in r.label) for r in owed.runs] == [("1995-05", True)]
    instance.create_run_for_job(defs.get_implicit_global_asset_job_def(), asset_selection=frozenset([raw, *typed]),
                                tags={"dagster/asset_partition_range_start": "1995-01", "dagster/asset_partition_range_end": "1995-12"},
                                status=DagsterRunStatus.STARTED)
    plan = plan_lake(graph, instance, storage, retry_failed=False)
    assert plan.runs == [] and any("trusted/tmdb_movies" in label and "[1995-05]" in label for label in plan.waiting)
