"""The real trending-video files of ../shared/data: exact row accounting, scripts surviving
byte for byte, `[none]` tags, and category ids the region's list lacks."""
import gzip
import re

import pyarrow.compute as pc
import pytest
from dagster import AssetKey, DagsterInstance

from movie_lake.settings import load_settings
from movie_lake.lib.parsers.video_categories import parse_video_categories
from movie_lake.lib.parsers.video_csv import parse_video_stats

from movie_lake_tests.conftest import lake_table, ingest, storage_for

RECORDS = {"US": 3000, "FR": 2999, "CA": 786, "GB": 760}
NO_TAGS = {"US": 123, "FR": 401, "CA": 64, "GB": 33}
EMPTY_DESCRIPTIONS = {"US": 62, "FR": 224, "CA": 19, "GB": 8}
TRUE_FLAGS = {"US": (49, 15, 1), "FR": (72, 53, 0), "CA": (12, 4, 0), "GB": (17, 4, 0)}
CATEGORY_ITEMS = {"US": 32, "GB": 31, "CA": 31, "DE": 31, "FR": 31}
CATEGORY_29_ROWS = {"CA": 5, "FR": 15}
NON_LATIN = {
    "CA": [
        ("u-PeNDF7jCI", "2017년 11월 14일 (화) 뉴스룸 다시보기 - '사이버사 증원, 청와대 승인' 적시"),
        ("psDauoxUj9A", "شاهد انبهار الاعلام المصري  بتأهل المغرب لكأس العالم  و يعتبر المغرب أقوى فريق عربي و افريقي"),
        ("w5qMOyPuUqU", "வாணி ராணி - VAANI RANI -  Episode 1416 - 13/11/2017"),
    ]
}


@pytest.fixture(scope="module")
def video_data(shared_data):
    return shared_data / "youtube_trending"


@pytest.mark.parametrize("region", RECORDS)
def test_every_record_of_the_shared_files_is_accounted_for(video_data, region):
    parsed = parse_video_stats((video_data / f"{region}videos.csv.gz").read_bytes(), f"{region}videos.csv.gz")
    assert (parsed.rows_in, parsed.rows_out, len(parsed.rejects)) == (RECORDS[region], RECORDS[region], 0)
    table = parsed.table
    assert sum(1 for tags in table.column("tags").to_pylist() if tags == []) == NO_TAGS[region]
    assert table.column("description").null_count == EMPTY_DESCRIPTIONS[region]
    assert not any("\r" in d for d in table.column("description").to_pylist() if d)
    flags = tuple(pc.sum(table.column(c)).as_py() for c in ("comments_disabled", "ratings_disabled", "video_error_or_removed"))
    assert flags == TRUE_FLAGS[region]
    assert all(len(v) == 11 for v in table.column("video_id").to_pylist())


def test_titles_in_other_scripts_survive_byte_for_byte(video_data):
    source = gzip.decompress((video_data / "CAvideos.csv.gz").read_bytes())
    parsed = parse_video_stats((video_data / "CAvideos.csv.gz").read_bytes(), "CAvideos.csv.gz")
    by_id = dict(zip(parsed.table.column("video_id").to_pylist(), parsed.table.column("title").to_pylist()))
    for video_id, title in NON_LATIN["CA"]:
        in_file = re.search(rb"\n" + video_id.encode() + rb',[^,]*,"([^"]*)"', source).group(1)
        assert by_id[video_id].encode("utf-8") == in_file == title.encode("utf-8")


@pytest.mark.parametrize("region", CATEGORY_ITEMS)
def test_category_lists_flatten_completely(video_data, region):
    parsed = parse_video_categories((video_data / f"{region}_category_id.json").read_bytes(), f"{region}_category_id.json")
    assert (parsed.rows_in, parsed.rows_out, len(parsed.rejects)) == (CATEGORY_ITEMS[region], CATEGORY_ITEMS[region], 0)
    assert (29 in parsed.table.column("category_id").to_pylist()) == (region == "US")


@pytest.fixture(scope="module")
def shared_lake(video_data, tmp_path_factory):
    settings = load_settings({"MOVIE_LAKE_ENV": "local", "MOVIE_LAKE_ROOT": str(tmp_path_factory.mktemp("shared_video") / "lake")})
    storage = storage_for(settings)
    for region in RECORDS:
        storage.write_bytes(f"landing/video_stats/{region}videos.csv.gz", (video_data / f"{region}videos.csv.gz").read_bytes())
    for region in CATEGORY_ITEMS:
        storage.write_bytes(f"landing/video_categories/{region}_category_id.json", (video_data / f"{region}_category_id.json").read_bytes())
    with DagsterInstance.ephemeral() as instance:
        yield settings, instance, ingest(settings, instance)


def test_the_shared_files_through_dagster(shared_lake):
    settings, instance, report = shared_lake
    assert report.ok, report.failures + report.checks_failed
    stats = {s.partition: s.rows for s in report.steps if s.asset == "trusted/video_stats"}
    assert stats == RECORDS
    trends = lake_table(settings, "refined/video_trends")
    assert trends.num_rows == sum(RECORDS.values())
    unknown = trends.filter(pc.is_null(trends["category_title"]))
    assert dict(zip(*unknown.group_by("region").aggregate([([], "count_all")]).to_pydict().values())) == CATEGORY_29_ROWS
    assert set(unknown.column("category_id").to_pylist()) == {29}
    metadata = instance.get_latest_materialization_event(AssetKey(["refined", "video_trends"])).asset_materialization.metadata
    assert metadata["unknown_category_rows_by_region"].value == CATEGORY_29_ROWS
    assert metadata["unknown_category_rows"].value == 20
    hangul = trends.filter(pc.equal(trends["video_id"], "u-PeNDF7jCI")).column("title").to_pylist()
    assert hangul and set(hangul) == {NON_LATIN["CA"][0][1]}
