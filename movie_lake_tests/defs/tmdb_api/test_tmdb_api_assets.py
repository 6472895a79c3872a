"""The TMDB API assets through Dagster, over real HTTP against the emulator on 127.0.0.1:
paging, cap splitting, retries, 401, missing ids, secrecy, idempotent re-runs, a
three-month backfill, the schedule, and the refined tables merging CSV and API."""
from __future__ import annotations

import csv
import gzip
import io
import json
import os
import tempfile
from datetime import datetime, timezone

import pyarrow.compute as pc
import pytest
from dagster import (
    AssetKey,
    AssetSelection,
    DagsterInstance,
    DefaultScheduleStatus,
    EnvVar,
    PartitionKeyRange,
    build_schedule_context,
    materialize,
)

from movie_lake.definitions import build_definitions
from movie_lake.defs.landing import trusted as trusted_factory
from movie_lake.lib.parsers.spool import SpooledTable
from movie_lake.lib.tmdb.emulator.server import start_emulator
from movie_lake.defs.tmdb_api.partitions import tmdb_api_months
from movie_lake.lib.landing.rules import TMDB_API_MOVIES
from movie_lake.defs.tmdb_api.resource import TMDBResource
from movie_lake.defs.tmdb_api.offline import EmulatedTMDBResource, tmdb_for
from movie_lake.lib.sample_landing import SAMPLE_LANDING
from movie_lake.defs.tmdb_api.schedules import tmdb_api_daily_schedule
from movie_lake.settings import load_settings
from movie_lake.lib.parsers.result import BadFileError
from movie_lake.lib.parsers.tmdb_api import parse_details

from movie_lake.lib.schemas import schema_for

from movie_lake_tests.conftest import data_file_keys, lake_table, storage_for, tables_for

TOKEN = "sekret-7Qx9-movie-lake-assets-token"
"""A fake credential, distinctive enough that finding it anywhere means it leaked."""
TMDB_API_KEYS = (AssetKey(TMDB_API_MOVIES.raw_key_path), *(AssetKey(t.key_path) for t in TMDB_API_MOVIES.tables))
RAW, MOVIES, CAST, CREW = TMDB_API_KEYS
CSV_MOVIES_FILE = "tmdb_5000_movies_sample.csv.gz"
CSV_CREDITS_FILE = "tmdb_5000_credits_sample.csv.gz"
REFINED_MOVIE_SIDE = [AssetKey(["refined", t]) for t in (
    "conformed_movies", "conformed_cast", "conformed_crew",
    "dim_movie", "dim_genre", "bridge_movie_genre", "fact_movie_finance", "dim_person", "fact_cast", "fact_crew")]


@pytest.fixture
def emulator():
    with start_emulator(TOKEN) as handle:
        yield handle


@pytest.fixture
def token_env(monkeypatch):
    """Dagster resolves `EnvVar` credentials from the process environment at run time."""
    monkeypatch.setenv("TMDB_API_TOKEN", TOKEN)
    monkeypatch.delenv("TMDB_API_KEY", raising=False)


def api_settings(tmp_path, base_url: str, credential_var: str = "TMDB_API_TOKEN"):
    return load_settings({"MOVIE_LAKE_ENV": "local", "MOVIE_LAKE_ROOT": str(tmp_path / "lake"),
                          "TMDB_API_BASE_URL": base_url, credential_var: "set"})


def fast_tmdb(base_url: str, **overrides) -> TMDBResource:
    options = dict(base_url=base_url, api_token=EnvVar("TMDB_API_TOKEN"), backoff_base_seconds=0.01,
                   backoff_max_seconds=0.05, requests_per_second=1000.0)
    return TMDBResource(**{**options, **overrides})


def run_month(settings, instance, month: str, tmdb: TMDBResource | None = None, keys=TMDB_API_KEYS):
    defs = build_definitions(settings)
    resources = {**defs.resources, **({"tmdb": tmdb} if tmdb is not None else {})}
    return materialize([*defs.assets, *defs.asset_checks], resources=resources, selection=AssetSelection.assets(*keys),
                       partition_key=month, instance=instance, raise_on_error=False)


def run_range(settings, instance, emulator, months: list[str]):
    """One run over the months (what a single-run backfill launches)."""
    defs = build_definitions(settings)
    return materialize([*defs.assets, *defs.asset_checks], resources={**defs.resources, "tmdb": fast_tmdb(emulator.base_url)},
                       selection=AssetSelection.assets(*TMDB_API_KEYS), instance=instance,
                       tags={"dagster/asset_partition_range_start": months[0], "dagster/asset_partition_range_end": months[-1]})


def raw_metadata(result) -> dict:
    [event] = [e for e in result.get_asset_materialization_events() if e.materialization.asset_key == RAW]
    return {k: v.value for k, v in event.materialization.metadata.items()}


def check_results(result) -> list[bool]:
    return [e.event_specific_data.passed for e in result.all_events if e.event_type_value == "ASSET_CHECK_EVALUATION"]


def trusted(settings, table: str, month: str):
    return lake_table(settings, f"trusted/{table}", [month])


def month_ids(emulator, month: str) -> set[int]:
    return {i for i, m in emulator.catalog.movies.items() if m["release_date"].startswith(month)}


def raw_lines(settings, month: str) -> list[dict]:
    [raw] = list((settings.local_root / f"raw/tmdb_api_movies/release_month={month}").iterdir())
    return [json.loads(line) for line in gzip.decompress(raw.read_bytes()).splitlines()]


def test_a_month_of_three_pages_is_ingested_completely_and_unchanged(tmp_path, instance, emulator, token_env):
    settings = api_settings(tmp_path, emulator.base_url)
    result = run_month(settings, instance, "2009-09", fast_tmdb(emulator.base_url))
    assert result.success
    expected = month_ids(emulator, "2009-09")
    assert len(expected) == 44
    metadata = raw_metadata(result)
    assert (metadata["titles_discovered"], metadata["titles_fetched"], metadata["tmdb_requests"]) == (44, 44, 3 + 44)
    assert metadata["window"] == "2009-09-01..2009-09-30"
    assert [r.path for r in emulator.stats().requests].count("/3/discover/movie") == 3
    responses = raw_lines(settings, "2009-09")
    assert {r["id"] for r in responses} == expected
    assert all(r == emulator.catalog.details(r["id"], {"credits", "keywords"}) for r in responses)
    assert set(trusted(settings, "tmdb_movies", "2009-09")["id"].to_pylist()) == expected
    assert all(check_results(result)) and len(check_results(result)) == 6


def test_a_month_over_the_discover_cap_is_split_and_complete(tmp_path, instance, token_env):
    with start_emulator(TOKEN, max_results=20) as capped:
        settings = api_settings(tmp_path, capped.base_url)
        result = run_month(settings, instance, "2009-09", fast_tmdb(capped.base_url, discover_max_results=20))
        discover_calls = [r.path for r in capped.stats().requests].count("/3/discover/movie")
        expected = month_ids(capped, "2009-09")
    assert result.success
    assert discover_calls > 3
    assert raw_metadata(result)["titles_fetched"] == 44
    assert set(trusted(settings, "tmdb_movies", "2009-09")["id"].to_pylist()) == expected


def test_rate_limit_bursts_and_server_errors_are_retried_and_nothing_is_lost(tmp_path, instance, emulator, token_env):
    emulator.add_fault("rate_limit", count=3, retry_after="0")
    emulator.add_fault("server_error", count=2, status=502, path="/3/movie/")
    emulator.add_fault("drop", count=1, path="/3/movie/")
    settings = api_settings(tmp_path, emulator.base_url)
    result = run_month(settings, instance, "2009-03", fast_tmdb(emulator.base_url))
    assert result.success
    metadata = raw_metadata(result)
    assert (metadata["tmdb_rate_limited"], metadata["tmdb_server_errors"], metadata["tmdb_connection_errors"]) == (3, 2, 1)
    assert metadata["tmdb_retries"] == 6 and metadata["tmdb_missing_count"] == 0
    assert set(trusted(settings, "tmdb_movies", "2009-03")["id"].to_pylist()) == month_ids(emulator, "2009-03")


def test_rejected_credentials_fail_the_run_clearly_and_write_nothing(tmp_path, instance, emulator, monkeypatch):
    wrong = "wrong-token-not-the-emulators-4242"
    monkeypatch.setenv("TMDB_API_TOKEN", wrong)
    settings = api_settings(tmp_path, emulator.base_url)
    result = run_month(settings, instance, "2009-03")
    assert not result.success
    [failure] = [e for e in result.all_events if e.is_step_failure]
    message = failure.step_failure_data.error.to_string()
    assert "TMDB rejected the credentials" in message and wrong not in message
    assert not (settings.local_root / "raw/tmdb_api_movies").exists()
    assert not (settings.local_root / "trusted/tmdb_movies").exists()


def test_a_deleted_id_is_recorded_missing_and_the_rest_kept(tmp_path, instance, token_env):
    watchmen = 13183
    with start_emulator(TOKEN, deleted_ids=[watchmen]) as emulator:
        settings = api_settings(tmp_path, emulator.base_url)
        result = run_month(settings, instance, "2009-03", fast_tmdb(emulator.base_url))
        expected = month_ids(emulator, "2009-03") - {watchmen}
    assert result.success
    metadata = raw_metadata(result)
    assert metadata["tmdb_missing_ids"] == [watchmen] and metadata["titles_discovered"] == len(expected) + 1
    assert set(trusted(settings, "tmdb_movies", "2009-03")["id"].to_pylist()) == expected


def _files_under(folder) -> list:
    return [p for p in folder.rglob("*") if p.is_file()]


@pytest.mark.parametrize("credential_var", ["TMDB_API_TOKEN", "TMDB_API_KEY"])
def test_the_credential_never_reaches_logs_metadata_or_files(tmp_path, emulator, monkeypatch, capfd, caplog, credential_var):
    """Through the resource chosen by mode (EnvVar credential), with retries and a missing id
    so the error paths log too; then every byte under the lake and the Dagster home is read."""
    monkeypatch.delenv("TMDB_API_TOKEN", raising=False)
    monkeypatch.delenv("TMDB_API_KEY", raising=False)
    monkeypatch.setenv(credential_var, TOKEN)
    emulator.add_fault("rate_limit", count=2, retry_after="0")
    emulator.add_fault("server_error", count=1, path="/3/movie/")
    emulator.delete_ids([13183])
    settings = api_settings(tmp_path, emulator.base_url, credential_var)
    home = tmp_path / "dagster_home"
    home.mkdir()
    with DagsterInstance.local_temp(tempdir=str(home)) as instance:
        result = run_month(settings, instance, "2009-03")
        events = [str(entry) for entry in instance.all_logs(result.run_id)]
    assert result.success and raw_metadata(result)["tmdb_missing_ids"] == [13183]
    assert emulator.stats().count_by_status()[200] == 2 + 21  # two discover pages, 21 of 22 details
    files = _files_under(tmp_path)
    assert any(p.suffixes[-2:] == [".jsonl", ".gz"] for p in files) and any(p.suffix == ".db" for p in files)
    secret = TOKEN.encode()
    for path in files:
        data = path.read_bytes()
        assert secret not in data, path
        if data[:2] == b"\x1f\x8b":
            assert secret not in gzip.decompress(data), path
    captured = capfd.readouterr()
    for text in (captured.out, captured.err, caplog.text, *events):
        assert TOKEN not in text


def test_rerunning_a_month_replaces_it_with_the_same_rows(tmp_path, instance, emulator, token_env):
    settings = api_settings(tmp_path, emulator.base_url)
    tmdb = fast_tmdb(emulator.base_url)
    first = run_month(settings, instance, "2009-03", tmdb)
    before = {t: trusted(settings, t, "2009-03") for t in ("tmdb_movies", "tmdb_cast", "tmdb_crew")}
    raw_before = raw_lines(settings, "2009-03")
    second = run_month(settings, instance, "2009-03", tmdb)
    assert first.success and second.success
    assert raw_lines(settings, "2009-03") == raw_before
    assert len(list((settings.local_root / "raw/tmdb_api_movies/release_month=2009-03").iterdir())) == 1
    for table, old in before.items():
        assert len([k for k in data_file_keys(settings, f"trusted/{table}") if "release_month=2009-03/" in k]) == 1
        new = trusted(settings, table, "2009-03")
        assert new.drop_columns(["landed_at"]).equals(old.drop_columns(["landed_at"]))
        assert new["landed_at"][0].as_py() > old["landed_at"][0].as_py() if old.num_rows else True


def test_a_three_month_backfill_materializes_exactly_those_months(tmp_path, instance, emulator, token_env):
    settings = api_settings(tmp_path, emulator.base_url)
    months = tmdb_api_months(settings).get_partition_keys_in_range(PartitionKeyRange("2009-03", "2009-05"))
    assert months == ["2009-03", "2009-04", "2009-05"]
    job = build_definitions(settings).get_repository_def().get_job("tmdb_api_months")
    results = [job.execute_in_process(partition_key=month, instance=instance, raise_on_error=False) for month in months]
    assert all(r.success for r in results)
    for key in TMDB_API_KEYS:
        assert instance.get_materialized_partitions(key) == set(months), key
    assert sorted(p.name for p in (settings.local_root / "raw/tmdb_api_movies").iterdir()) == [f"release_month={m}" for m in months]
    for table in ("trusted/tmdb_movies", "trusted/tmdb_cast"):
        assert tables_for(settings).partitions(schema_for(table)) == months
    rows = {m: trusted(settings, "tmdb_movies", m).num_rows for m in months}
    assert rows == {m: len(month_ids(emulator, m)) for m in months} == {"2009-03": 22, "2009-04": 19, "2009-05": 16}


def test_a_range_of_months_is_one_run_and_each_month_keeps_its_own_metadata_and_checks(tmp_path, instance, emulator, token_env):
    """A single-run backfill (`BackfillPolicy.single_run`): one run over 2009-03...2009-05 writes
    each month as its own partition, with that month's counts on its materialization and each
    declared check evaluated on that month (Dagster alone would record them without a partition);
    a table's months are committed together."""
    settings = api_settings(tmp_path, emulator.base_url)
    months = ["2009-03", "2009-04", "2009-05"]
    result = run_range(settings, instance, emulator, months)
    assert result.success and len(instance.get_runs()) == 1
    expected = {m: len(month_ids(emulator, m)) for m in months}
    for key in TMDB_API_KEYS:
        assert instance.get_materialized_partitions(key) == set(months), key
    raw = {e.partition: e.materialization.metadata for e in result.get_asset_materialization_events() if e.asset_key == RAW}
    assert {m: raw[m]["titles_fetched"].value for m in months} == expected
    assert {m: raw[m]["window"].value for m in months} == {
        "2009-03": "2009-03-01..2009-03-31", "2009-04": "2009-04-01..2009-04-30", "2009-05": "2009-05-01..2009-05-31"}
    movies = {e.partition: e.materialization.metadata for e in result.get_asset_materialization_events() if e.asset_key == MOVIES}
    assert {m: (movies[m]["dagster/row_count"].value, movies[m]["records_in"].value) for m in months} == {
        m: (n, n) for m, n in expected.items()}
    assert {m: trusted(settings, "tmdb_movies", m).num_rows for m in months} == expected
    assert movies["2009-03"]["path"].value != movies["2009-04"]["path"].value
    assert len({movies[m]["snapshot_id"].value for m in months}) == 1, "the three months of a table are one Iceberg commit"
    evaluations = [e.event_specific_data for e in result.all_events if e.event_type_value == "ASSET_CHECK_EVALUATION"]
    checks = {(e.asset_key, e.check_name) for e in evaluations}
    assert sorted((e.asset_key, e.check_name, e.partition) for e in evaluations) == sorted(
        (key, name, m) for key, name in checks for m in months)
    assert all(e.passed and e.target_materialization_data.run_id == result.run_id for e in evaluations)
    assert {key for key, _ in checks} == {MOVIES, CAST, CREW}


def test_a_range_of_one_month_is_written_as_that_month(tmp_path, instance, emulator, token_env):
    """`--partition-range 2009-04...2009-04`, or a backfill of one month, is a range run with no
    single partition key: its tables are still that month's."""
    settings = api_settings(tmp_path, emulator.base_url)
    result = run_range(settings, instance, emulator, ["2009-04"])
    assert result.success
    assert trusted(settings, "tmdb_movies", "2009-04").num_rows == len(month_ids(emulator, "2009-04"))
    assert {e.partition for e in result.get_asset_check_evaluations()} == {"2009-04"}


def test_a_long_range_moves_the_months_it_parsed_to_spool_files_and_writes_the_same_rows(tmp_path, instance, emulator,
                                                                                         token_env, monkeypatch):
    """The trusted step holds every month of its range until the lake writes them: past the spool
    size they go to spool files (here at once), which are removed once written."""
    spooled, spool = [], SpooledTable.of.__func__

    def counted(cls, table):
        spooled.append(table.num_rows)
        return spool(cls, table)

    monkeypatch.setattr(trusted_factory, "SPOOL_BYTES", 0)
    monkeypatch.setattr(SpooledTable, "of", classmethod(counted))
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    settings = api_settings(tmp_path, emulator.base_url)
    months = ["2009-03", "2009-04", "2009-05"]
    assert run_range(settings, instance, emulator, months).success
    assert len(spooled) == 6, "the first two months' three tables each, spooled before the next month"
    assert {m: trusted(settings, "tmdb_movies", m).num_rows for m in months} == {m: len(month_ids(emulator, m)) for m in months}
    assert sum(spooled) == sum(trusted(settings, t, m).num_rows for t in ("tmdb_movies", "tmdb_cast", "tmdb_crew") for m in months[:2])
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith("movie_lake_spool_")] == []


def test_the_daily_schedule_asks_for_the_current_month():
    settings = load_settings({"MOVIE_LAKE_ENV": "local", "MOVIE_LAKE_ROOT": "unused"})
    repository = build_definitions(settings).get_repository_def()
    schedule = repository.get_schedule_def("tmdb_api_current_month_daily")
    tick = datetime(2026, 3, 15, 4, tzinfo=timezone.utc)
    [request] = schedule.evaluate_tick(build_schedule_context(scheduled_execution_time=tick, repository_def=repository)).run_requests
    assert (schedule.job_name, schedule.cron_schedule, request.partition_key) == ("tmdb_api_months", "0 4 * * *", "2026-03")
    assert schedule.default_status == DefaultScheduleStatus.STOPPED
    aws = load_settings({"MOVIE_LAKE_ENV": "aws", "MOVIE_LAKE_BUCKET": "lake"})
    assert tmdb_api_daily_schedule(aws, tmdb_api_months(aws)).default_status == DefaultScheduleStatus.RUNNING


def test_the_tmdb_resource_follows_the_mode():
    assert isinstance(tmdb_for(load_settings({"MOVIE_LAKE_ENV": "local"})), EmulatedTMDBResource)
    keyed = tmdb_for(load_settings({"MOVIE_LAKE_ENV": "local", "TMDB_API_BASE_URL": "http://127.0.0.1:9/3/", "TMDB_API_KEY": "x"}))
    assert type(keyed) is TMDBResource and keyed.base_url == "http://127.0.0.1:9/3"
    assert keyed.api_key == EnvVar("TMDB_API_KEY") and keyed.api_token is None
    real = tmdb_for(load_settings({"MOVIE_LAKE_ENV": "aws", "MOVIE_LAKE_BUCKET": "lake", "TMDB_API_TOKEN": "x"}))
    assert real.base_url == "https://api.themoviedb.org/3" and real.api_token == EnvVar("TMDB_API_TOKEN")


def test_the_start_month_is_configurable_and_checked():
    assert load_settings({}).tmdb_start_month == "1970-01"
    assert load_settings({"MOVIE_LAKE_TMDB_START_MONTH": "1962-10"}).tmdb_start_month == "1962-10"
    for bad in ("1990-1", "1990-13", "90-01", "1990-01-01"):
        with pytest.raises(ValueError, match="MOVIE_LAKE_TMDB_START_MONTH"):
            load_settings({"MOVIE_LAKE_TMDB_START_MONTH": bad})


def test_the_parser_quarantines_lines_without_id_or_title_and_accounts_for_all():
    good = json.dumps({"id": 7, "title": "Kept", "genres": [{"id": 18, "name": "Drama"}],
                       "belongs_to_collection": {"id": 9, "name": "Set"}, "credits": {"cast": [], "crew": []}})
    lines = [good, '{"title": "no id"}', "", '{"id": 8, "title": " "}', "{not json", '{"id": 9, "title": "t", "budget": "a lot"}']
    parsed = parse_details(gzip.compress("\n".join(lines).encode()), "fetched.jsonl.gz")
    assert parsed.rows_in == 5 and parsed.rows_out == 1 and parsed.rows_in == parsed.rows_out + len(parsed.rejects)
    assert [(r.line, r.field) for r in parsed.rejects] == [(2, "id"), (4, "title"), (5, None), (6, "budget")]
    assert parsed.rejects[0].reason == "id is missing" and parsed.rejects[1].record == '{"id": 8, "title": " "}'
    assert parsed["tmdb_movies"].to_pylist()[0]["collection_name"] == "Set"
    assert parse_details(gzip.compress(b""), "empty.jsonl.gz").rows_in == 0
    with pytest.raises(BadFileError, match="broken.jsonl.gz"):
        parse_details(b"\x1f\x8bnot really gzip", "broken.jsonl.gz")


def _land_csv(storage, instance, name: str, source: str, data: bytes, mtime: float | None = None) -> None:
    key = f"landing/{source}/{name}"
    storage.write_bytes(key, data)
    if mtime is not None:
        os.utime(storage.path(key), (mtime, mtime))
    instance.add_dynamic_partitions(f"{source}_files", [name])


def _run(settings, instance, keys, partition=None):
    defs = build_definitions(settings)
    result = materialize([*defs.assets, *defs.asset_checks], resources=defs.resources, selection=AssetSelection.assets(*keys),
                         partition_key=partition, instance=instance, raise_on_error=False)
    assert result.success and all(check_results(result))
    return result


def _by_id(table, column: str = "movie_id") -> dict:
    return {row[column]: row for row in table.to_pylist()}


CRAFTED_CREDITS = "crafted_credits.csv"


def _crafted_credits() -> bytes:
    """Cast credits the API lacks (Batman Forever: its API answer has no credits) or
    replaces (Watchmen: the newer API answer has its own cast)."""
    def cast(movie_id: int) -> str:
        return json.dumps([{"cast_id": 1, "character": "Someone", "credit_id": f"csv-{movie_id}", "gender": 0,
                            "id": 900000 + movie_id, "name": f"CSV Person {movie_id}", "order": 0}])
    return ("movie_id,title,cast,crew\n" + _csv_line(["414", "Batman Forever", cast(414), "[]"])
            + _csv_line(["13183", "Watchmen", cast(13183), "[]"])).encode()


def test_refined_tables_merge_csv_and_api_newest_landing_wins(local_settings, instance):
    """Offline (the emulator started by the resource itself): the CSV sample and a crafted
    credits file first, then API months 1995-05 and 2009-03, then a newer CSV re-landing."""
    storage = storage_for(local_settings)
    landings = [("tmdb_movies", CSV_MOVIES_FILE, (SAMPLE_LANDING / "tmdb_movies" / CSV_MOVIES_FILE).read_bytes()),
                ("tmdb_credits", CSV_CREDITS_FILE, (SAMPLE_LANDING / "tmdb_credits" / CSV_CREDITS_FILE).read_bytes()),
                ("tmdb_credits", CRAFTED_CREDITS, _crafted_credits())]
    csv_keys = {"tmdb_movies": [AssetKey(["raw", "tmdb_movies"]), AssetKey(["trusted", "movies"])],
                "tmdb_credits": [AssetKey(["raw", "tmdb_credits"]), AssetKey(["trusted", "movie_cast"]), AssetKey(["trusted", "movie_crew"]),
                                 AssetKey(["trusted", "unkeyed_credits"])]}
    for source, name, data in landings:
        _land_csv(storage, instance, name, source, data)
        _run(local_settings, instance, csv_keys[source], name)
    for month in ("1995-05", "2009-03"):
        _run(local_settings, instance, TMDB_API_KEYS, month)
    _run(local_settings, instance, REFINED_MOVIE_SIDE)

    movies = _by_id(lake_table(local_settings, "refined/dim_movie"))
    api_ids = {r["id"] for m in ("1995-05", "2009-03") for r in raw_lines(local_settings, m)}
    csv_ids = set(lake_table(local_settings, "trusted/movies", [CSV_MOVIES_FILE])["id"].to_pylist())
    assert len(movies) == len(csv_ids | api_ids) == 303 + len(api_ids - csv_ids)
    assert {movie_id for movie_id, row in movies.items() if row["source"] == "tmdb_api"} == api_ids
    batman, watchmen, avatar = movies[414], movies[13183], movies[19995]
    assert (batman["collection_id"], batman["collection_name"], batman["imdb_id"]) == (120794, "Batman Collection", "tt0112462")
    assert watchmen["source"] == "tmdb_api" and watchmen["collection_id"] is None and watchmen["imdb_id"] is not None
    assert avatar["source"] == "tmdb_csv" and avatar["collection_name"] is None and avatar["imdb_id"] is None
    assert _by_id(lake_table(local_settings, "refined/fact_movie_finance"))[414]["budget"] == 100000000

    cast = lake_table(local_settings, "refined/fact_cast")
    def cast_of(movie_id: int) -> set[str]:
        return set(cast.filter(pc.equal(pc.field("movie_id"), movie_id))["credit_id"].to_pylist())
    watchmen_api_cast = trusted(local_settings, "tmdb_cast", "2009-03").filter(pc.equal(pc.field("movie_id"), 13183))
    assert cast_of(13183) == set(watchmen_api_cast["credit_id"].to_pylist()) and len(cast_of(13183)) > 1
    assert cast_of(414) == {"csv-414"}
    people = _by_id(lake_table(local_settings, "refined/dim_person"), "person_id")
    assert 900000 + 414 in people and 900000 + 13183 not in people

    newer = datetime.now(timezone.utc).timestamp() + 3600
    _land_csv(storage, instance, "relanded.csv", "tmdb_movies", _csv_movie(414, title="Batman Forever (re-landed)"), newer)
    _run(local_settings, instance, csv_keys["tmdb_movies"], "relanded.csv")
    _run(local_settings, instance, REFINED_MOVIE_SIDE)
    batman = _by_id(lake_table(local_settings, "refined/dim_movie"))[414]
    assert (batman["source"], batman["title"]) == ("tmdb_csv", "Batman Forever (re-landed)")
    assert (batman["collection_name"], batman["imdb_id"]) == ("Batman Collection", "tt0112462")


def _csv_movie(movie_id: int, **changes: str) -> bytes:
    """A movies CSV holding one movie of the bundled sample, with some fields changed."""
    text = gzip.decompress((SAMPLE_LANDING / "tmdb_movies" / CSV_MOVIES_FILE).read_bytes()).decode()
    header, *rows = list(csv.reader(io.StringIO(text)))
    row = next(r for r in rows if r[header.index("id")] == str(movie_id))
    for name, value in changes.items():
        row[header.index(name)] = value
    return (_csv_line(header) + _csv_line(row)).encode()


def _csv_line(fields: list[str]) -> str:
    out = io.StringIO()
    csv.writer(out).writerow(fields)
    return out.getvalue()
