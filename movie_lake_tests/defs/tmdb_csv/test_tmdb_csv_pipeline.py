"""The TMDB CSV path end to end through Dagster, on the bundled sample, locally and on S3."""
import boto3
import pyarrow.compute as pc
import pyarrow.fs as pafs
import pyarrow.parquet as pq
import pytest

from movie_lake.lib.sample_landing import SAMPLE_LANDING
from movie_lake.lib.schemas import schema_for

from movie_lake_tests.conftest import data_file_keys, ingest, lake_table, storage_for, tables_for

MOVIES_FILE = "tmdb_5000_movies_sample.csv.gz"
CREDITS_FILE = "tmdb_5000_credits_sample.csv.gz"
EXPECTED_ROWS = {
    # Jurassic World's empty crew keeps its 28 cast; Batman v Superman's empty movie_id keeps its
    # 152 cast + 111 crew in trusted/unkeyed_credits, repaired by title (209112) in refined.
    "trusted/movies": 303,
    "trusted/movie_cast": 5651 + 28,
    "trusted/movie_crew": 7677,
    "trusted/unkeyed_credits": 152 + 111,
    "refined/dim_movie": 303,
    "refined/fact_movie_finance": 303,
    "refined/dim_genre": 17,
    "refined/bridge_movie_genre": 987,
    "refined/dim_person": 9710,
    "refined/fact_cast": 5651 + 28 + 152,
    "refined/fact_crew": 7677 + 111,
}
EXPECTED_QUARANTINE_KEYS = [
    f"quarantine/tmdb_credits/source_file={CREDITS_FILE}/part-0.parquet",
    f"quarantine/tmdb_movies/source_file={MOVIES_FILE}/part-0.parquet",
]
EXPECTED_DATA_FOLDERS = {
    **{f"refined/{t}": f"refined/{t}/data" for t in ("bridge_movie_genre", "dim_genre", "dim_movie", "dim_person", "fact_cast",
                                                      "fact_crew", "fact_movie_finance")},
    "trusted/movie_cast": f"trusted/movie_cast/data/source_file={CREDITS_FILE}",
    "trusted/movie_crew": f"trusted/movie_crew/data/source_file={CREDITS_FILE}",
    "trusted/movies": f"trusted/movies/data/source_file={MOVIES_FILE}",
    "trusted/unkeyed_credits": f"trusted/unkeyed_credits/data/source_file={CREDITS_FILE}",
}
"""Each table's one current data file lives in this folder."""


def land_tmdb_sample(storage) -> None:
    for source, name in (("tmdb_movies", MOVIES_FILE), ("tmdb_credits", CREDITS_FILE)):
        storage.write_bytes(f"landing/{source}/{name}", (SAMPLE_LANDING / source / name).read_bytes())


def rows_by_asset(report) -> dict[str, int]:
    return {s.asset: s.rows for s in report.steps if s.rows is not None}


def assert_sample_lake(report, settings) -> None:
    assert report.ok, report.failures + report.checks_failed
    rows = rows_by_asset(report)
    assert {k: rows[k] for k in EXPECTED_ROWS} == EXPECTED_ROWS
    assert report.checks_passed >= 27
    storage = storage_for(settings)
    assert [f.key for f in storage.list_files("quarantine") if "/tmdb_" in f.key and "_api_" not in f.key
            and "catalog" not in f.key] == EXPECTED_QUARANTINE_KEYS
    for table, folder in EXPECTED_DATA_FOLDERS.items():
        [current] = data_file_keys(settings, table)
        assert current.rsplit("/", 1)[0] == folder, table
        assert lake_table(settings, table).num_rows == EXPECTED_ROWS.get(table, lake_table(settings, table).num_rows)
    raw = [f.key for f in storage.list_files("raw/tmdb_movies")]
    assert len(raw) == 1 and raw[0].startswith(f"raw/tmdb_movies/source_file={MOVIES_FILE}/v") and raw[0].endswith(f"/{MOVIES_FILE}")
    assert storage.read_bytes(raw[0]) == (SAMPLE_LANDING / "tmdb_movies" / MOVIES_FILE).read_bytes()


def test_local_lake_from_the_bundled_sample(local_settings, instance):
    storage, settings = storage_for(local_settings), local_settings
    land_tmdb_sample(storage)
    report = ingest(local_settings, instance)
    assert_sample_lake(report, settings)
    quarantined = pq.read_table(local_settings.local_root / f"quarantine/tmdb_credits/source_file={CREDITS_FILE}/part-0.parquet")
    assert quarantined.select(["line", "field", "record_kept"]).to_pylist() == [
        {"line": 11, "field": "movie_id", "record_kept": True}, {"line": 30, "field": "crew", "record_kept": True}]
    assert quarantined["landed_file"].to_pylist() == [CREDITS_FILE] * 2


def test_aws_lake_on_moto_s3(aws_settings, instance, moto_endpoint):
    storage, settings = storage_for(aws_settings), aws_settings
    land_tmdb_sample(storage)
    report = ingest(aws_settings, instance)
    assert_sample_lake(report, settings)
    s3 = boto3.client("s3", endpoint_url=moto_endpoint)
    listed = s3.list_objects_v2(Bucket=aws_settings.bucket, Prefix="lake/trusted/movies/data/")["Contents"]
    assert [o["Key"] for o in listed] == [f"lake/{k}" for k in data_file_keys(aws_settings, "trusted/movies")]
    host = moto_endpoint.removeprefix("http://")
    fs = pafs.S3FileSystem(endpoint_override=host, scheme="http", access_key="testing", secret_key="testing", region="us-east-1")
    [finance_key] = data_file_keys(aws_settings, "refined/fact_movie_finance")
    finance = pq.read_table(f"{aws_settings.bucket}/lake/{finance_key}", filesystem=fs)
    avatar = finance.filter(pc.equal(finance["movie_id"], 19995)).to_pylist()[0]
    assert avatar["budget"] == 237000000 and avatar["revenue"] == 2787965087
    assert avatar["profit"] == 2787965087 - 237000000
    assert avatar["roi"] == pytest.approx((2787965087 - 237000000) / 237000000)


def test_ingest_again_finds_nothing_new(local_settings, instance):
    storage = storage_for(local_settings)
    land_tmdb_sample(storage)
    assert ingest(local_settings, instance).ok
    lines: list[str] = []
    second = ingest(local_settings, instance, lines)
    assert second.steps == [] and second.files == []
    assert lines == ["nothing owed: every landed file and every table downstream is up to date"]


def test_trusted_tables_spooled_to_disk_are_written_whole_and_identical(local_settings, instance, monkeypatch):
    """Files whose tables outgrow memory are spooled; the lake ends exactly as the sample lake
    does (same files, rows and checks). The spool is written to the lake as every table is (an
    output stream: renamed into place locally, uploaded on S3), which the aws tests cover."""
    from movie_lake.lib.parsers import spool
    from movie_lake.lib.schemas import schema_for

    monkeypatch.setattr(spool, "SPOOL_BYTES", 50_000)
    spooled = []
    monkeypatch.setattr(spool.SpooledTable, "finish", lambda self, finish=spool.SpooledTable.finish: spooled.append(self.num_rows) or finish(self))
    settings = local_settings
    storage = storage_for(settings)
    land_tmdb_sample(storage)
    report = ingest(settings, instance)
    assert_sample_lake(report, settings)
    assert {EXPECTED_ROWS["trusted/movies"], EXPECTED_ROWS["trusted/movie_cast"], EXPECTED_ROWS["trusted/movie_crew"]} <= set(spooled)
    stored = tables_for(settings).read(schema_for("trusted/movies"))
    assert stored.num_rows == EXPECTED_ROWS["trusted/movies"] and stored["landed_at"].null_count == 0


def test_credits_without_a_movie_id_are_repaired_by_a_title_exactly_one_movie_has(local_settings, instance):
    """'Solo' names one landed movie: its credits get that id, recorded as repaired. 'Twin' names
    two: not guessed, listed as not repaired. The quarantine keeps both records' movie_id field."""
    from dagster import AssetKey

    from movie_lake_tests.lib.parsers.test_tmdb_csv_quarantine import GOOD, movies_csv
    from movie_lake_tests.lib.parsers.test_tmdb_csv_streaming import CAST, CREW, credits_csv

    storage = storage_for(local_settings)
    movies = [GOOD.replace("ID", str(i)).replace(f"Title {i}", title) for i, title in ((1, "Solo"), (2, "Twin"), (3, "Twin"))]
    storage.write_bytes("landing/tmdb_movies/m.csv", movies_csv(*movies))
    unkeyed = [f",{title},{CAST.replace('{n}', str(n))},{CREW.replace('{n}', str(n))}" for n, title in ((7, "Solo"), (8, "Twin"))]
    storage.write_bytes("landing/tmdb_credits/c.csv", credits_csv(*unkeyed))
    report = ingest(local_settings, instance)
    assert report.ok, report.failures
    store = tables_for(local_settings)
    cast = store.read(schema_for("refined/conformed_cast")).to_pylist()
    assert [(c["movie_id"], c["person_id"]) for c in cast] == [(1, 7)]
    metadata = instance.fetch_materializations(AssetKey(["refined", "conformed_cast"]), limit=1).records[0].asset_materialization.metadata
    assert metadata["credits_repaired"].value == 1
    assert metadata["credits_repaired_from"].value == ["c.csv line 2 ('Solo') → movie 1"]
    assert metadata["credits_not_repaired"].value == ["c.csv line 3 ('Twin'): 2 movies with that title"]
    quarantined = store.read(_quarantine("tmdb_credits")).to_pylist()
    assert [(q["line"], q["field"], q["record_kept"]) for q in quarantined] == [(2, "movie_id", True), (3, "movie_id", True)]


def _quarantine(source: str):
    from movie_lake.lib.schemas.quarantine import quarantine_schema

    return quarantine_schema(source, "source_file")
