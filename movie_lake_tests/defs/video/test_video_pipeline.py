"""The video pipeline end to end through Dagster on the bundled sample: local and moto S3
lakes, exact hive paths and row counts, and re-landing one region."""
import io
import time

import boto3
import pyarrow.parquet as pq
import pytest
from dagster import AssetKey, DagsterInstance

from movie_lake.lib.sample_landing import SAMPLE_LANDING
from movie_lake.settings import load_settings

from movie_lake_tests.conftest import data_file_keys, lake_table, ingest, storage_for

REGIONS = ["CA", "FR", "GB", "US"]
STATS_ROWS = {"CA": 99, "FR": 99, "GB": 44, "US": 95}
CATEGORY_ROWS = {"CA": 31, "FR": 31, "GB": 31, "US": 32}
UNKNOWN_CATEGORY_ROWS = {"CA": 3, "FR": 3}


def land_video_sample(storage, sources=("video_stats", "video_categories"), regions=tuple(REGIONS)) -> None:
    for source in sources:
        for path in sorted((SAMPLE_LANDING / source).iterdir()):
            if path.name[:2] in regions:
                storage.write_bytes(f"landing/{source}/{path.name}", path.read_bytes())


def partition_rows(report, asset: str) -> dict[str, int]:
    return {s.partition: s.rows for s in report.steps if s.asset == asset}


def latest_metadata(instance: DagsterInstance, key: list[str]) -> dict:
    event = instance.get_latest_materialization_event(AssetKey(key))
    return {name: value.value for name, value in event.asset_materialization.metadata.items()}


def assert_video_lake(report, settings) -> None:
    assert report.ok, report.failures + report.checks_failed
    assert partition_rows(report, "trusted/video_stats") == STATS_ROWS
    assert partition_rows(report, "trusted/video_categories") == CATEGORY_ROWS
    assert partition_rows(report, "refined/video_trends") == {None: sum(STATS_ROWS.values())}
    for table in ("trusted/video_stats", "trusted/video_categories"):
        folders = [k.rsplit("/", 1)[0] for k in data_file_keys(settings, table)]
        assert folders == [f"{table}/data/region={r}" for r in REGIONS]
    quarantine = [f.key for f in storage_for(settings).list_files("quarantine/video_stats")]
    assert quarantine == [f"quarantine/video_stats/region={r}/part-0.parquet" for r in REGIONS]
    assert [k.rsplit("/", 1)[0] for k in data_file_keys(settings, "refined/video_trends")] == ["refined/video_trends/data"]


@pytest.fixture(scope="module")
def local_lake(tmp_path_factory):
    settings = load_settings({"MOVIE_LAKE_ENV": "local", "MOVIE_LAKE_ROOT": str(tmp_path_factory.mktemp("video") / "lake")})
    land_video_sample(storage_for(settings))
    with DagsterInstance.ephemeral() as instance:
        yield settings, instance, ingest(settings, instance)


def test_local_lake_from_the_bundled_sample(local_lake):
    settings, instance, report = local_lake
    assert_video_lake(report, settings)
    us = lake_table(settings, "trusted/video_stats", ["US"])
    assert us.num_rows == STATS_ROWS["US"] and set(us.column("region").to_pylist()) == {"US"}


def test_unknown_categories_are_kept_with_a_null_title_and_counted(local_lake):
    settings, instance, _ = local_lake
    trends = lake_table(settings, "refined/video_trends").to_pylist()
    unknown = [r for r in trends if r["category_title"] is None]
    assert {r["region"] for r in unknown} == set(UNKNOWN_CATEGORY_ROWS) and {r["category_id"] for r in unknown} == {29}
    metadata = latest_metadata(instance, ["refined", "video_trends"])
    assert metadata["unknown_category_rows_by_region"] == UNKNOWN_CATEGORY_ROWS
    assert metadata["unknown_category_rows"] == len(unknown) == 6
    shows = [r for r in trends if r["category_id"] == 43]
    assert shows and {r["category_title"] for r in shows} == {"Shows"}


def test_the_accounting_is_recorded_per_region(local_lake):
    _, instance, _ = local_lake
    records = instance.fetch_materializations(AssetKey(["trusted", "video_stats"]), limit=10).records
    accounting = {
        r.asset_materialization.partition: {k: r.asset_materialization.metadata[k].value for k in ("records_in", "records_out", "records_quarantined")}
        for r in records
    }
    assert accounting == {r: {"records_in": n, "records_out": n, "records_quarantined": 0} for r, n in STATS_ROWS.items()}


def test_relanding_one_region_replaces_only_that_partition(tmp_path):
    """Stats only, two regions: enough to see one partition replaced and the other kept."""
    settings = load_settings({"MOVIE_LAKE_ENV": "local", "MOVIE_LAKE_ROOT": str(tmp_path / "lake")})
    storage = storage_for(settings)
    land_video_sample(storage, sources=("video_stats",), regions=("CA", "GB"))
    regions = ["CA", "GB"]
    with DagsterInstance.ephemeral() as instance:
        assert ingest(settings, instance).ok
        before = {k.split("/")[3]: k for k in data_file_keys(settings, "trusted/video_stats")}
        gb_sample = (SAMPLE_LANDING / "video_stats" / "GBvideos.csv").read_bytes()
        first_ten = b"\n".join(gb_sample.split(b"\n")[:11])
        time.sleep(0.01)
        storage.write_bytes("landing/video_stats/GBvideos.csv", first_ten)
        report = ingest(settings, instance)
    assert report.ok, report.failures + report.checks_failed
    assert report.files == ["landing/video_stats/GBvideos.csv"]
    assert partition_rows(report, "trusted/video_stats") == {"GB": 10}
    after = {k.split("/")[3]: k for k in data_file_keys(settings, "trusted/video_stats")}
    assert [r for r in regions if after[f"region={r}"] != before[f"region={r}"]] == ["GB"]
    assert lake_table(settings, "trusted/video_stats", ["GB"]).num_rows == 10
    assert lake_table(settings, "trusted/video_stats", ["CA"]).num_rows == STATS_ROWS["CA"]
    trends = lake_table(settings, "refined/video_trends")
    assert trends.num_rows == STATS_ROWS["CA"] + 10
    assert trends.column("category_title").null_count == trends.num_rows
    assert len(storage.list_files("raw/video_stats/region=GB")) == 2


def test_aws_lake_on_moto_s3(aws_settings, instance, moto_endpoint):
    storage = storage_for(aws_settings)
    land_video_sample(storage)
    report = ingest(aws_settings, instance)
    assert_video_lake(report, aws_settings)
    s3 = boto3.client("s3", endpoint_url=moto_endpoint)
    listed = s3.list_objects_v2(Bucket=aws_settings.bucket, Prefix="lake/trusted/video_stats/data/")["Contents"]
    current = data_file_keys(aws_settings, "trusted/video_stats")
    assert [o["Key"] for o in listed] == [f"lake/{k}" for k in current]
    body = s3.get_object(Bucket=aws_settings.bucket, Key=f"lake/{next(k for k in current if '/region=CA/' in k)}")["Body"].read()
    ca = pq.read_table(io.BytesIO(body))
    assert ca.num_rows == STATS_ROWS["CA"]
    [trends_key] = data_file_keys(aws_settings, "refined/video_trends")
    trends = pq.read_table(io.BytesIO(s3.get_object(Bucket=aws_settings.bucket, Key=f"lake/{trends_key}")["Body"].read()))
    assert trends.num_rows == sum(STATS_ROWS.values())
    assert sorted(set(trends.column("region").to_pylist())) == REGIONS
