"""The TMDB client and resource, over real HTTP against the emulator on 127.0.0.1 (never the real TMDB)."""

from __future__ import annotations

import gzip
import json
import logging
import random
import threading
import time
import traceback
from collections import Counter
from datetime import date

import pytest

from movie_lake.lib.tmdb.emulator.server import start_emulator
from movie_lake.lib.tmdb.rate_limit import TokenBucket
from movie_lake.defs.tmdb_api.resource import (
    TMDBAuthError,
    TMDBClient,
    TMDBConfigError,
    TMDBDiscoverCapError,
    TMDBRequestError,
    TMDBResource,
)
from movie_lake.lib.tmdb.errors import redact
from movie_lake.lib.tmdb.http import RetryPolicy, parse_retry_after

TOKEN = "fake-client-test-token-1111"
FAST_RETRY = RetryPolicy(max_retries=4, backoff_base_seconds=0.01, backoff_max_seconds=0.05)
SEPTEMBER_2009 = (date(2009, 9, 1), date(2009, 9, 30))


@pytest.fixture()
def emulator():
    with start_emulator(TOKEN) as handle:
        yield handle


def make_client(emulator, **overrides) -> TMDBClient:
    options = dict(api_token=TOKEN, retry=FAST_RETRY, timeout_seconds=5.0, requests_per_second=1000.0)
    options.update(overrides)
    return TMDBClient(emulator.base_url, **options)


class RecordingSleep:
    """Stands in for ``time.sleep``: records the delays and returns at once."""

    def __init__(self) -> None:
        self.delays: list[float] = []
        self._lock = threading.Lock()

    def __call__(self, seconds: float) -> None:
        with self._lock:
            self.delays.append(seconds)


def discover_requests(emulator) -> list:
    return [r for r in emulator.stats().requests if r.path == "/3/discover/movie"]


def test_discover_pages_through_a_month_of_several_pages(emulator):
    with make_client(emulator) as client:
        movies = client.discover_movies(*SEPTEMBER_2009)
    expected = emulator.catalog.ids_released_between(*SEPTEMBER_2009)
    assert len(expected) > 40
    assert sorted(m["id"] for m in movies) == sorted(expected)
    assert len(discover_requests(emulator)) == 3


def test_a_window_over_the_cap_is_split_and_complete():
    window = (date(1995, 7, 1), date(1995, 9, 30))
    with start_emulator(TOKEN, max_results=40) as emulator:
        with make_client(emulator, discover_max_results=40) as client:
            movies = client.discover_movies(*window)
        statuses = Counter(r.status for r in discover_requests(emulator))
        expected = emulator.catalog.ids_released_between(*window)
    assert len(expected) > 2 * 40
    assert [m["id"] for m in movies] == sorted(expected, key=lambda i: (emulator.catalog.movies[i]["release_date"], i))
    assert statuses == Counter({200: sum(statuses.values())})
    assert sum(statuses.values()) > 3


def test_one_day_over_the_cap_fails_clearly_instead_of_truncating(emulator):
    days = Counter(m["release_date"] for m in emulator.catalog.movies.values())
    busy_day = date.fromisoformat(next(day for day, n in sorted(days.items()) if n >= 2))
    with make_client(emulator, discover_max_results=1) as client:
        with pytest.raises(TMDBDiscoverCapError, match=f"released on {busy_day}"):
            client.discover_movies(busy_day, busy_day)


def test_rate_limit_bursts_are_retried_honouring_retry_after(emulator):
    emulator.add_fault("rate_limit", 3, retry_after="7", path="/3/discover/")
    sleep = RecordingSleep()
    with make_client(emulator, sleep=sleep) as client:
        movies = client.discover_movies(*SEPTEMBER_2009)
        stats = client.stats()
    assert sorted(m["id"] for m in movies) == sorted(emulator.catalog.ids_released_between(*SEPTEMBER_2009))
    assert (stats.rate_limited, stats.retries) == (3, 3)
    assert sleep.delays.count(7.0) == 3


@pytest.mark.parametrize("status", [500, 502, 503, 504])
def test_server_errors_are_retried_and_nothing_is_lost(emulator, status):
    ids = sorted(emulator.catalog.ids_released_between(date(2009, 5, 1), date(2009, 5, 31)))
    emulator.add_fault("server_error", 3, status=status, path="/3/movie/")
    with make_client(emulator) as client:
        batch = client.fetch_movie_details(ids)
        stats = client.stats()
    assert [m["id"] for m in batch.movies] == ids
    assert batch.missing_ids == []
    assert stats.server_errors == 3
    assert emulator.stats().count_by_status()[status] == 3


def test_dropped_connections_and_timeouts_are_retried(emulator):
    emulator.add_fault("drop", 2, path="/3/movie/")
    emulator.add_fault("slow", 1, seconds=1.0, path="/3/movie/")
    ids = sorted(emulator.catalog.movies)[:3]
    with make_client(emulator, timeout_seconds=0.25, max_concurrency=1) as client:
        batch = client.fetch_movie_details(ids)
        stats = client.stats()
    assert [m["id"] for m in batch.movies] == ids
    assert stats.connection_errors == 3
    assert stats.retries == 3


def test_retries_give_up_with_tmdb_error_details(emulator):
    emulator.add_fault("server_error", 10, status=503)
    with make_client(emulator) as client:
        with pytest.raises(TMDBRequestError) as raised:
            client.genres()
    message = str(raised.value)
    assert "failed after 5 attempts" in message
    assert "HTTP 503" in message and "TMDB status 9" in message and "temporarily offline" in message
    assert raised.value.tmdb_status_code == 9


def test_wrong_credentials_fail_at_once_with_a_clear_message(emulator):
    with make_client(emulator, api_token="fake-but-wrong-token") as client:
        with pytest.raises(TMDBAuthError) as raised:
            client.fetch_movie_details(sorted(emulator.catalog.movies)[:5])
    assert "TMDB rejected the credentials" in str(raised.value)
    assert "Invalid API key" in str(raised.value)
    assert raised.value.http_status == 401 and raised.value.tmdb_status_code == 7
    assert emulator.stats().count_by_status()[401] <= 5


def test_a_deleted_movie_is_reported_missing_not_fatal(emulator):
    ids = sorted(emulator.catalog.ids_released_between(date(2009, 4, 1), date(2009, 4, 30)))
    emulator.delete_ids([ids[3]])
    with make_client(emulator) as client:
        batch = client.fetch_movie_details(ids)
        stats = client.stats()
    assert batch.missing_ids == [ids[3]]
    assert [m["id"] for m in batch.movies] == ids[:3] + ids[4:]
    assert stats.missing_ids == [ids[3]]
    assert stats.as_metadata()["tmdb_missing_count"] == 1


def test_details_carry_credits_and_keywords(emulator):
    with make_client(emulator) as client:
        details = client.movie_details(534)
    assert details["credits"]["cast"] and details["credits"]["crew"]
    assert details["keywords"]["keywords"]


def test_bad_movie_ids_are_named():
    client = TMDBClient("http://127.0.0.1:9/3", api_token=TOKEN)
    with pytest.raises(ValueError, match="'534'"):
        client.movie_details("534")  # type: ignore[arg-type]


def _secret_free_run(emulator, tmp_path, **credentials) -> tuple[list[str], str]:
    """Run a faulty ingestion and a failing one; return every exception text and what was written."""
    emulator.add_fault("rate_limit", 1, retry_after="0")
    emulator.add_fault("server_error", 1, status=500)
    emulator.add_fault("drop", 1)
    texts = []
    with make_client(emulator, **credentials) as client:
        movies = client.discover_movies(date(2009, 3, 1), date(2009, 3, 31))
        batch = client.fetch_movie_details([m["id"] for m in movies] + [999999999])
        out = tmp_path / "raw.jsonl.gz"
        with gzip.open(out, "wt", encoding="utf-8") as handle:
            for movie in batch.movies:
                handle.write(json.dumps(movie) + "\n")
        (tmp_path / "metadata.json").write_text(json.dumps(client.stats().as_metadata()))
        emulator.add_fault("server_error", 10, status=502)
        with pytest.raises(TMDBRequestError) as gave_up:
            client.genres()
        texts += [str(gave_up.value), "".join(traceback.format_exception(gave_up.value))]
    emulator.clear_faults()
    with make_client(emulator, api_token="fake-wrong-token", api_key=None) as client:
        with pytest.raises(TMDBAuthError) as rejected:
            client.genres()
        texts += [str(rejected.value), "".join(traceback.format_exception(rejected.value))]
    written = gzip.decompress(out.read_bytes()).decode() + (tmp_path / "metadata.json").read_text()
    return texts, written


@pytest.mark.parametrize("auth", ["api_token", "api_key"])
def test_credentials_never_appear_in_logs_errors_or_written_files(emulator, caplog, tmp_path, auth):
    caplog.set_level(logging.DEBUG)
    credentials = {"api_token": None, auth: TOKEN}
    texts, written = _secret_free_run(emulator, tmp_path, **credentials)
    assert "retry 1 of 4" in caplog.text
    assert any("TMDB rejected the credentials" in text for text in texts)
    for text in [caplog.text, written, *texts]:
        assert TOKEN not in text
    assert "fake-wrong-token" not in caplog.text + "".join(texts)


def test_resource_repr_hides_credentials():
    resource = TMDBResource(api_token=TOKEN, api_key="fake-key-2222")
    assert TOKEN not in repr(resource) and "fake-key-2222" not in repr(resource)


def test_resource_builds_a_working_client(emulator):
    resource = TMDBResource(base_url=emulator.base_url, api_key=TOKEN, backoff_base_seconds=0.01)
    with resource.get_client() as client:
        assert {"id": 28, "name": "Action"} in client.genres()
        assert client.max_concurrency == 4 and client.discover_max_results == 10_000


@pytest.mark.parametrize(
    "options, message",
    [
        ({"api_token": None, "api_key": None}, "credentials are missing"),
        ({"api_token": "", "api_key": ""}, "credentials are missing"),
        ({"base_url": "api.themoviedb.org/3"}, "must start with http"),
        ({"max_concurrency": 0}, "max_concurrency"),
        ({"requests_per_second": 0}, "requests_per_second"),
    ],
)
def test_bad_configuration_is_named(options, message):
    settings = {"base_url": "http://127.0.0.1:9/3", "api_token": TOKEN, **options}
    with pytest.raises(TMDBConfigError, match=message):
        TMDBResource(**settings).get_client()


def test_detail_concurrency_stays_within_the_bound(emulator):
    ids = sorted(emulator.catalog.ids_released_between(date(2009, 6, 1), date(2009, 6, 30)))[:10]
    emulator.hold("/3/movie/")
    result = {}
    with make_client(emulator, max_concurrency=3) as client:
        worker = threading.Thread(target=lambda: result.update(batch=client.fetch_movie_details(ids)))
        worker.start()
        deadline = time.monotonic() + 10
        while emulator.stats().in_flight < 3 and time.monotonic() < deadline:
            time.sleep(0.01)
        held_at_once = emulator.stats().in_flight
        emulator.release()
        worker.join(timeout=30)
    assert held_at_once == 3
    assert emulator.stats().max_in_flight == 3
    assert [m["id"] for m in result["batch"].movies] == ids


def test_every_request_passes_the_rate_cap(emulator):
    """The limiter's clock only moves when it sleeps, so its waits are exact: (n - burst) / rate."""
    fake_now = [0.0]
    sleep = RecordingSleep()

    def fake_sleep(seconds: float) -> None:
        sleep(seconds)
        fake_now[0] += seconds

    ids = sorted(emulator.catalog.ids_released_between(date(2009, 7, 1), date(2009, 7, 31)))
    with make_client(emulator, requests_per_second=5.0, sleep=fake_sleep, clock=lambda: fake_now[0]) as client:
        client.fetch_movie_details(ids)
        stats = client.stats()
    assert stats.requests == len(ids) == emulator.stats().count
    assert len(sleep.delays) == len(ids) - 1
    assert fake_now[0] == pytest.approx((len(ids) - 1) / 5.0)


def test_token_bucket_spaces_grants_after_the_burst():
    now = [0.0]
    grants = []

    def advance(seconds: float) -> None:
        now[0] += seconds

    bucket = TokenBucket(10.0, burst=3, clock=lambda: now[0], sleep=advance)
    for _ in range(8):
        bucket.acquire()
        grants.append(now[0])
    assert grants[:3] == [0.0, 0.0, 0.0]
    gaps = [later - earlier for earlier, later in zip(grants[2:], grants[3:])]
    assert gaps == pytest.approx([0.1] * 5)


def test_token_bucket_is_shared_fairly_between_threads():
    """Threads reserve permits in turn: total reserved wait equals what a single thread would wait."""
    bucket = TokenBucket(1000.0, burst=1, sleep=lambda seconds: None, clock=lambda: 0.0)
    waits = []
    lock = threading.Lock()

    def take(count: int) -> None:
        for _ in range(count):
            waited = bucket.acquire()
            with lock:
                waits.append(waited)

    threads = [threading.Thread(target=take, args=(25,)) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(waits) == pytest.approx([n / 1000.0 for n in range(100)])


def test_backoff_grows_exponentially_with_jitter_and_honours_retry_after():
    policy = RetryPolicy(backoff_base_seconds=1.0, backoff_max_seconds=8.0, retry_after_max_seconds=30.0)
    rng = random.Random(7)
    for retry_number, step in [(1, 1.0), (2, 2.0), (3, 4.0), (4, 8.0), (6, 8.0)]:
        delays = [policy.delay(retry_number, None, rng) for _ in range(50)]
        assert all(step / 2 <= d <= step for d in delays)
        assert len(set(delays)) > 1
    assert policy.delay(1, 12.0, rng) == 12.0
    assert policy.delay(1, 3600.0, rng) == 30.0


def test_retry_after_header_forms():
    assert parse_retry_after("7") == 7.0
    assert parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT") == 0.0
    assert parse_retry_after("soon") is None
    assert parse_retry_after(None) is None


def test_redact_removes_secrets_query_keys_and_bearer_tokens():
    text = "GET /3/movie/1?page=2&api_key=abc123 Authorization: Bearer xyz.987 and secret-s"
    cleaned = redact(text, ["secret-s"])
    assert "abc123" not in cleaned and "xyz.987" not in cleaned and "secret-s" not in cleaned
    assert "page=2" in cleaned


def test_tv_series_are_discovered_by_first_air_date_and_fetched_with_their_appends(emulator):
    from movie_lake.lib.tmdb.client import TV

    with make_client(emulator) as client:
        found = client.discover(TV, date(1995, 9, 1), date(1995, 9, 30))
        assert [s["name"] for s in found] == ["Star Wars: Outer Rim Patrol"]
        batch = client.fetch_details(TV, [found[0]["id"], 987654321])
        (series,) = batch.movies
        assert batch.missing_ids == [987654321]
        assert series["external_ids"]["imdb_id"].startswith("tt99") and series["aggregate_credits"]["cast"]
        assert client.stats().requests == 3
        assert {"id": 10765, "name": "Sci-Fi & Fantasy"} in client.genres(TV)
        assert {"id": 878, "name": "Science Fiction"} in client.genres()
    assert {"/3/discover/tv", f"/3/tv/{found[0]['id']}"} <= set(emulator.stats().paths())
