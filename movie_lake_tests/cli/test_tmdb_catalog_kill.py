"""A catalog crawl killed with SIGKILL mid-crawl and run again ends complete, having refetched
at most the batch that was in flight."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import uuid

import pytest

from movie_lake.cli.main import main
from movie_lake.lib.schemas import schema_for
from movie_lake.lib.storage import TableStore
from movie_lake.lib.tmdb.emulator.server import start_emulator
from movie_lake.settings import load_settings

from movie_lake_tests.conftest import storage_for

BATCH = 20


@pytest.mark.slow
def test_a_crawl_killed_mid_batch_is_finished_by_the_next_refetching_at_most_one_batch(tmp_path, monkeypatch):
    with start_emulator(token=f"secret-{uuid.uuid4().hex}", deleted_ids=[87]) as emulator:
        env = {"MOVIE_LAKE_ENV": "local", "MOVIE_LAKE_ROOT": str(tmp_path / "lake"), "DAGSTER_HOME": str(tmp_path / "home"),
               "TMDB_API_BASE_URL": emulator.base_url, "TMDB_API_TOKEN": emulator.token,
               "TMDB_EXPORTS_BASE_URL": emulator.exports_url, "MOVIE_LAKE_TMDB_BATCH_SIZE": str(BATCH),
               "MOVIE_LAKE_TMDB_RATE": "60", "MOVIE_LAKE_TMDB_ID_RANGE": "1000000", "PYTHONWARNINGS": "ignore"}
        crawl = subprocess.Popen([sys.executable, "-m", "movie_lake.cli.main", "tmdb", "catalog", "--media", "movie",
                                  "--export-date", "2026-12-01"], env={**os.environ, **env}, start_new_session=True,
                                 stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, stdin=subprocess.DEVNULL)
        folder = tmp_path / "lake" / "raw" / "tmdb_catalog_movies" / "id_range=0000000-0999999"
        deadline = time.monotonic() + 120
        while len(list(folder.glob("batch-*.json"))) < 3 and time.monotonic() < deadline and crawl.poll() is None:
            time.sleep(0.05)
        time.sleep(0.15)  # into the next batch
        os.killpg(crawl.pid, signal.SIGKILL)
        crawl.wait()
        finished = len(list(folder.glob("batch-*.json")))
        assert 3 <= finished < -(-len(emulator.catalog.movies) // BATCH), "the kill came too late to test anything"
        before = len([p for p in emulator.stats().paths() if p.startswith("/3/movie/")])

        for name, value in env.items():
            monkeypatch.setenv(name, value)
        assert main(["tmdb", "catalog", "--media", "movie", "--export-date", "2026-12-01"]) == 0
        requested = [p for p in emulator.stats().paths() if p.startswith("/3/movie/")]
        assert len(requested) - len(emulator.catalog.movies) <= BATCH  # at most the batch in flight fetched twice
        assert before - finished * BATCH <= BATCH
        assert not list(folder.glob("*.jsonl.gz")) or all(p.with_suffix("").with_suffix(".json").exists()
                                                           for p in folder.glob("*.jsonl.gz"))
        movies = TableStore(storage_for(load_settings())).read(schema_for("trusted/tmdb_catalog_movies"))
        assert sorted(movies.column("id").to_pylist()) == sorted(set(emulator.catalog.movies) - {87})
        titles = dict(zip(movies.column("id").to_pylist(), movies.column("title").to_pylist()))
        assert all(titles[i] == emulator.catalog.movies[i]["title"] for i in titles)
