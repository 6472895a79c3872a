"""The TMDB emulator, over real HTTP on 127.0.0.1, and the bundled sample it serves."""

from __future__ import annotations

import gzip
import json
import logging
import subprocess
import sys
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from datetime import date
from pathlib import Path

import pytest
import requests

from movie_lake.lib.tmdb.emulator.catalog import SAMPLE_DIR
from movie_lake.lib.tmdb.emulator.server import start_emulator
from tools import build_tmdb_api_sample

TOKEN = "fake-emulator-test-token-0000"
REPO_ROOT = Path(__file__).resolve().parents[3]


@pytest.fixture()
def emulator():
    with start_emulator(TOKEN, max_results=10_000) as handle:
        yield handle


@pytest.fixture()
def http():
    with requests.Session() as session:
        session.headers["Authorization"] = f"Bearer {TOKEN}"
        yield session


def discover(http, emulator, gte: str, lte: str, page: int = 1) -> requests.Response:
    params = {
        "primary_release_date.gte": gte,
        "primary_release_date.lte": lte,
        "sort_by": "primary_release_date.asc",
        "page": page,
    }
    return http.get(f"{emulator.base_url}/discover/movie", params=params, timeout=5)


def test_emulator_listens_on_loopback_with_a_free_port(emulator):
    assert emulator.host == "127.0.0.1"
    assert emulator.port > 0
    assert emulator.base_url == f"http://127.0.0.1:{emulator.port}/3"


def test_discover_pages_a_month_twenty_at_a_time(http, emulator):
    expected = emulator.catalog.ids_released_between(date(2009, 9, 1), date(2009, 9, 30))
    first = discover(http, emulator, "2009-09-01", "2009-09-30").json()
    assert first["total_results"] == len(expected) > 40
    assert first["total_pages"] == 3
    pages = [first] + [discover(http, emulator, "2009-09-01", "2009-09-30", n).json() for n in (2, 3)]
    assert [len(p["results"]) for p in pages] == [20, 20, len(expected) - 40]
    ids = [movie["id"] for p in pages for movie in p["results"]]
    assert sorted(ids) == sorted(expected)
    dates = [movie["release_date"] for p in pages for movie in p["results"]]
    assert dates == sorted(dates)
    assert set(pages[0]["results"][0]) >= {"id", "title", "release_date", "genre_ids", "popularity"}


def test_discover_caps_pages_at_max_results_but_reports_the_true_total(http):
    with start_emulator(TOKEN, max_results=20) as emulator:
        first = discover(http, emulator, "2009-09-01", "2009-09-30").json()
        beyond = discover(http, emulator, "2009-09-01", "2009-09-30", 2)
    assert first["total_pages"] == 1
    assert first["total_results"] > 40
    assert beyond.status_code == 400
    assert beyond.json()["status_code"] == 22


def test_discover_rejects_a_malformed_date_naming_the_parameter(http, emulator):
    response = discover(http, emulator, "2009-13-01", "2009-09-30")
    assert response.status_code == 422
    assert "primary_release_date.gte" in response.json()["status_message"]


def test_details_are_shaped_like_tmdb_with_credits_and_keywords(http, emulator):
    movie_id = next(i for i, m in emulator.catalog.movies.items() if m["credits"]["cast"])
    url = f"{emulator.base_url}/movie/{movie_id}"
    full = http.get(url, params={"append_to_response": "credits,keywords"}, timeout=5).json()
    bare = http.get(url, timeout=5).json()
    expected_fields = {
        "belongs_to_collection", "imdb_id", "status", "origin_country", "genres", "production_companies",
        "production_countries", "spoken_languages", "budget", "revenue", "runtime", "release_date",
        "vote_average", "vote_count", "popularity", "original_language", "original_title", "overview",
        "tagline", "homepage", "id", "title",
    }
    assert expected_fields <= set(full)
    assert {"credits", "keywords"} <= set(full)
    assert "credits" not in bare and "keywords" not in bare
    cast_fields = {"id", "name", "character", "credit_id", "order", "gender", "cast_id", "known_for_department"}
    crew_fields = {"id", "name", "department", "job", "credit_id", "gender", "known_for_department"}
    assert all(cast_fields <= set(member) for member in full["credits"]["cast"])
    assert all(crew_fields <= set(member) for member in full["credits"]["crew"])
    assert all(set(k) == {"id", "name"} for k in full["keywords"]["keywords"])


def test_collections_have_the_api_shape(http, emulator):
    movie_id = next(i for i, m in emulator.catalog.movies.items() if m["belongs_to_collection"])
    movie = http.get(f"{emulator.base_url}/movie/{movie_id}", timeout=5).json()
    assert set(movie["belongs_to_collection"]) == {"id", "name", "poster_path", "backdrop_path"}


def test_genres_and_configuration(http, emulator):
    genres = http.get(f"{emulator.base_url}/genre/movie/list", timeout=5).json()["genres"]
    configuration = http.get(f"{emulator.base_url}/configuration", timeout=5).json()
    assert {"id": 28, "name": "Action"} in genres
    assert configuration["images"]["secure_base_url"].startswith("https://")


@pytest.mark.parametrize(
    "headers, params",
    [({}, {}), ({"Authorization": "Bearer wrong"}, {}), ({}, {"api_key": "wrong"})],
    ids=["no credentials", "wrong bearer", "wrong api_key"],
)
def test_wrong_or_missing_credentials_get_tmdb_401_body(emulator, headers, params):
    response = requests.get(f"{emulator.base_url}/genre/movie/list", headers=headers, params=params, timeout=5)
    assert response.status_code == 401
    assert response.json() == {
        "status_code": 7,
        "status_message": "Invalid API key: You must be granted a valid key.",
        "success": False,
    }


def test_api_key_query_parameter_is_accepted(emulator):
    response = requests.get(f"{emulator.base_url}/genre/movie/list", params={"api_key": TOKEN}, timeout=5)
    assert response.status_code == 200


def test_unknown_and_deleted_ids_get_tmdb_404_body(http, emulator):
    listed = discover(http, emulator, "2009-05-01", "2009-05-31").json()["results"]
    deleted_id = listed[0]["id"]
    emulator.delete_ids([deleted_id])
    still_listed = [m["id"] for m in discover(http, emulator, "2009-05-01", "2009-05-31").json()["results"]]
    deleted = http.get(f"{emulator.base_url}/movie/{deleted_id}", timeout=5)
    unknown = http.get(f"{emulator.base_url}/movie/999999999", timeout=5)
    assert deleted_id in still_listed
    for response in (deleted, unknown):
        assert response.status_code == 404
        assert response.json()["status_code"] == 34


def test_rate_limit_burst_then_recovery(http, emulator):
    emulator.add_fault("rate_limit", 2, retry_after="3")
    answers = [http.get(f"{emulator.base_url}/configuration", timeout=5) for _ in range(3)]
    assert [a.status_code for a in answers] == [429, 429, 200]
    assert answers[0].headers["Retry-After"] == "3"
    assert answers[0].json()["status_code"] == 25


def test_server_errors_follow_the_path_prefix(http, emulator):
    emulator.add_fault("server_error", 1, status=502, path="/3/movie/")
    config = http.get(f"{emulator.base_url}/configuration", timeout=5)
    movie = http.get(f"{emulator.base_url}/movie/534", timeout=5)
    again = http.get(f"{emulator.base_url}/movie/534", timeout=5)
    assert (config.status_code, movie.status_code, again.status_code) == (200, 502, 200)


def test_dropped_connection_then_recovery(http, emulator):
    emulator.add_fault("drop", 1)
    with pytest.raises(requests.ConnectionError):
        http.get(f"{emulator.base_url}/configuration", timeout=5)
    assert http.get(f"{emulator.base_url}/configuration", timeout=5).status_code == 200
    assert emulator.stats().count_by_status() == Counter({0: 1, 200: 1})


def test_slow_response_trips_a_client_timeout(http, emulator):
    emulator.add_fault("slow", 1, seconds=1.0)
    with pytest.raises(requests.Timeout):
        http.get(f"{emulator.base_url}/configuration", timeout=0.2)
    assert http.get(f"{emulator.base_url}/configuration", timeout=5).status_code == 200


def test_control_endpoint_queues_faults_and_rejects_bad_specs(http, emulator):
    control = f"{emulator.root_url}/__emulator__"
    queued = requests.post(f"{control}/faults", json=[{"kind": "server_error", "status": 500, "count": 2}], timeout=5)
    bad = requests.post(f"{control}/faults", json={"kind": "explode"}, timeout=5)
    statuses = [http.get(f"{emulator.base_url}/configuration", timeout=5).status_code for _ in range(3)]
    stats = requests.get(f"{control}/stats", timeout=5).json()
    assert queued.status_code == 200 and queued.json()["pending_faults"] == 1
    assert bad.status_code == 400 and "explode" in bad.json()["error"]
    assert statuses == [500, 500, 200]
    assert stats["by_status"] == {"200": 1, "500": 2}


def test_hold_gate_shows_requests_in_flight(http, emulator):
    emulator.hold("/3/configuration")
    with ThreadPoolExecutor(max_workers=2) as pool:
        futures = [pool.submit(requests.get, f"{emulator.base_url}/configuration", params={"api_key": TOKEN}, timeout=10)
                   for _ in range(2)]
        deadline = time.monotonic() + 10
        while emulator.stats().in_flight < 2 and time.monotonic() < deadline:
            time.sleep(0.01)
        held = emulator.stats().in_flight
        emulator.release()
        assert [f.result().status_code for f in futures] == [200, 200]
    assert held == 2
    assert emulator.stats().max_in_flight == 2


def test_emulator_logs_never_show_the_api_key(caplog, emulator):
    caplog.set_level(logging.DEBUG)
    requests.get(f"{emulator.base_url}/genre/movie/list", params={"api_key": TOKEN}, timeout=5)
    emulator_lines = [r.getMessage() for r in caplog.records if r.name == "movie_lake.lib.tmdb.emulator"]
    assert any("GET /3/genre/movie/list" in line for line in emulator_lines)
    assert not any(TOKEN in line for line in emulator_lines)


def test_module_entry_point_serves_until_terminated(tmp_path):
    url_file = tmp_path / "url"
    command = [sys.executable, "-m", "movie_lake.lib.tmdb.emulator", "--port", "0", "--token", TOKEN, "--url-file", str(url_file)]
    process = subprocess.Popen(command, cwd=REPO_ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 20
        while not url_file.exists() and process.poll() is None and time.monotonic() < deadline:
            time.sleep(0.05)
        base_url = url_file.read_text().strip()
        response = requests.get(f"{base_url}/configuration", headers={"Authorization": f"Bearer {TOKEN}"}, timeout=5)
    finally:
        process.terminate()
        out, err = process.communicate(timeout=10)
    assert base_url.startswith("http://127.0.0.1:")
    assert response.status_code == 200
    assert f"at {base_url}" in out
    assert TOKEN not in out + err


def _sample_movies() -> list[dict]:
    with gzip.open(SAMPLE_DIR / "movies.jsonl.gz", "rt", encoding="utf-8") as handle:
        return [json.loads(line) for line in handle]


def test_sample_is_small_and_makes_a_good_demo():
    movies = _sample_movies()
    months = Counter(m["release_date"][:7] for m in movies)
    collections = Counter(m["belongs_to_collection"]["id"] for m in movies if m["belongs_to_collection"])
    total_bytes = sum(p.stat().st_size for p in SAMPLE_DIR.iterdir())
    assert total_bytes < 1_000_000
    assert 200 <= len(movies) <= 500
    assert len({m["id"] for m in movies}) == len(movies)
    assert any(n > 20 for month, n in months.items() if "2008" <= month < "2013")
    assert sum(1 for n in collections.values() if n >= 3) >= 5
    assert sum(1 for m in movies if m["credits"]["cast"]) >= 10
    assert all(m["imdb_id"] is None or (m["imdb_id"].startswith("tt") and len(m["imdb_id"]) == 9) for m in movies)


@pytest.mark.shared_data
def test_sample_is_exactly_what_the_build_script_derives(shared_data, tmp_path):
    build_tmdb_api_sample.write(build_tmdb_api_sample.build(shared_data), tmp_path)
    for name in (build_tmdb_api_sample.MOVIES_FILE, build_tmdb_api_sample.GENRES_FILE):
        assert (tmp_path / name).read_bytes() == (SAMPLE_DIR / name).read_bytes(), name
