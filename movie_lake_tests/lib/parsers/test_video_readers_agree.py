"""The column-wise trending-video reader gives exactly what the record-by-record reference
reader gives: the same table, the same rejects (line, field, reason, record), the same counts,
on the real files, the bundled sample, crafted damage and seeded mutations of the sample."""
import gzip
import random
import re
from importlib.resources import files

import pytest

from movie_lake.lib.parsers import segmented_csv, video_csv
from movie_lake.lib.parsers.video_csv import parse_video_stats, parse_video_stats_by_rows

from movie_lake_tests.lib.parsers.mutations import MUTATIONS, mutated
from movie_lake_tests.lib.parsers.test_tmdb_csv_native_matches_rows import outcome
from movie_lake_tests.lib.parsers.test_video_parsing import csv_bytes, record

SAMPLE = files("movie_lake") / "sample" / "landing" / "video_stats"
REGIONS = ("US", "FR", "CA", "GB")
VIDEO_MUTATIONS = MUTATIONS + [b"|", b'"|"', b"[none]", b"17.31.02", b"Z", b"-"]


def assert_readers_agree(data: bytes, name: str = "USvideos.csv") -> None:
    assert outcome(parse_video_stats, data, name) == outcome(parse_video_stats_by_rows, data, name)


@pytest.fixture
def small_batches(monkeypatch):
    """Batches of 7 records: duplicates, rejects and the typed rows across batch ends."""
    monkeypatch.setattr(video_csv, "BATCH_RECORDS", 7)


def sample_bytes(region: str) -> bytes:
    (path,) = [p for p in SAMPLE.iterdir() if p.name.startswith(region)]
    data = path.read_bytes()
    return gzip.decompress(data) if path.name.endswith(".gz") else data


def test_the_readers_agree_on_the_real_trending_files(shared_data, monkeypatch):
    monkeypatch.setattr(video_csv, "BATCH_RECORDS", 500)
    for region in REGIONS:
        assert_readers_agree((shared_data / f"youtube_trending/{region}videos.csv.gz").read_bytes(), f"{region}videos.csv.gz")


def test_the_readers_agree_on_crafted_records(small_batches):
    odd = [
        record(video_id="-abcdefghij", tags="plain tag|another", title="He said \"\"hi\"\""),
        record(video_id="bbbbbbbbbbb", tags='"a"|""|"c"', description=""),
        record(video_id="ccccccccccc", tags='"x""y"|"z"', description="one\r\\ntwo\r\rthree"),
        record(video_id="ddddddddddd", tags=" [none] ", publish_time="2017-11-13T17:13:01+05:30"),
        record(video_id="eeeeeeeeeee", tags="   ", publish_time="2017-11-13T17:13:01"),
        record(video_id="fffffffffff", publish_time="2017-02-30T17:13:01Z", views="-5"),
        record(video_id="ggggggggggg", trending="17.30.02", likes="1.0", comments_disabled="TRUE"),
        record(video_id="hhhhhhhhhhh", trending=" 17.14.11", category_id='"22"', thumbnail_link=""),
        record(video_id="iiiiiiiiiii", title="   ", ratings_disabled=" False"),
        record(video_id="jjjjjjjjjjj", tags='"a"|b', description="\u2003"),
        record(video_id="kkkkkkkkkkk", tags="[none]x", publish_time="0999-11-13T17:13:01Z"),
        record(video_id="#REF!", dislikes="+7"),
        record(views="10"), record(views="20"), record(views="30"),
        *[record(video_id=f"{i:011d}", trending=f"17.{10 + i % 3}.11") for i in range(12)],
        record(video_id="00000000004", trending="17.11.11", views="40"),
    ]
    for newline in ("\r\n", "\n"):
        assert_readers_agree(csv_bytes(*odd, newline=newline))
    assert_readers_agree(csv_bytes(*odd, final_newline=False) + b'\r\nzzzzzzzzzzz,17.14.11,"open')


@pytest.mark.parametrize("region", REGIONS)
def test_the_readers_agree_on_seeded_mutations_of_the_sample(region, small_batches):
    original = sample_bytes(region)
    rng = random.Random(f"video-columns-vs-rows:{region}")
    for _ in range(60):
        assert_readers_agree(mutated(original, rng, [2_000, 20_000], VIDEO_MUTATIONS), f"{region}videos.csv")


def _records_both_ways(text: str, monkeypatch) -> tuple[list, list]:
    whole = list(segmented_csv.raw_records(text))
    with monkeypatch.context() as patched:
        patched.setattr(segmented_csv, "_whole_record", lambda width: re.compile(r"(?!)"))  # never matches
        by_field = list(segmented_csv.raw_records(text))
    return whole, by_field


def test_whole_record_matching_splits_every_record_as_reading_field_by_field_does(shared_data, monkeypatch):
    for region in REGIONS:
        text = gzip.decompress((shared_data / f"youtube_trending/{region}videos.csv.gz").read_bytes()).decode()
        whole, by_field = _records_both_ways(text, monkeypatch)
        assert whole == by_field and len(whole) > 700
    rng = random.Random("whole-record-vs-fields")
    original = sample_bytes("US").decode()
    for _ in range(100):
        text = list(original[:20_000])
        for _ in range(rng.choice([1, 5, 20])):
            text.insert(rng.randrange(len(text)), rng.choice(['"', ",", "\n", "\r\n", '""', '"|"', "x"]))
        whole, by_field = _records_both_ways("".join(text), monkeypatch)
        assert whole == by_field
