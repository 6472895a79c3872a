"""`python -m benchmarks.crawl`: the TMDB catalog crawl against the emulator (in a process of
its own, serving a synthetic catalog of 1 M ids with its rate cap), and the typing of fetched
titles into trusted.

Each measurement runs in a fresh child process, so its peak RSS and CPU are its own:
- crawl at a cap of 40, 200 and 1,000 requests/s (the client held to the same rate):
  achieved rate, the client's CPU per 1,000 titles, peak RSS, at two catalog sizes at 1,000/s;
- parse + type 100 k fetched titles of one id range: seconds and peak RSS.
"""
from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import resource
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

TMDB_CATALOG_MOVIES = 1_100_000
"""About how many movies TMDB holds: the full crawl the estimate is for."""
CAPS = ((40, 8, 400), (200, 16, 2_000), (1_000, 32, 10_000), (1_000, 32, 40_000))
"""(requests/s cap, client concurrency, titles crawled)."""
BATCH = 500


def _serve_emulator(folder: Path, rate: float, movies: int) -> tuple[subprocess.Popen, str]:
    url_file = Path(tempfile.mkdtemp(dir=folder)) / "emulator.url"
    server = subprocess.Popen([sys.executable, "-m", "movie_lake.lib.tmdb.emulator", "--synthetic-movies", str(movies),
                               "--rate-cap", str(rate), "--url-file", str(url_file)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 30
    while not url_file.exists() or not url_file.read_text().strip():
        if time.monotonic() > deadline or server.poll() is not None:
            raise RuntimeError("the emulator did not start")
        time.sleep(0.05)
    return server, url_file.read_text().strip()


def _child_crawl(base_url: str, rate: float, concurrency: int, titles: int, lake: str, out) -> None:
    from movie_lake.lib.storage.files import LakeStorage
    from movie_lake.lib.tmdb.client import MOVIE, TMDBClient
    from movie_lake.lib.tmdb.emulator.server import DEFAULT_TOKEN
    from movie_lake.lib.tmdb_catalog.crawl import crawl
    from movie_lake.lib.tmdb_catalog.zone import CatalogZone

    zone = CatalogZone(LakeStorage.local(Path(lake)))
    before = resource.getrusage(resource.RUSAGE_SELF)
    with TMDBClient(base_url, api_token=DEFAULT_TOKEN, requests_per_second=rate, max_concurrency=concurrency) as client:
        started = time.perf_counter()
        outcome = crawl(client, zone, "raw/tmdb_catalog_movies/id_range=bench", MOVIE, list(range(1, titles + 1)), BATCH, "bench")
        seconds = time.perf_counter() - started
        stats = client.stats()
    after = resource.getrusage(resource.RUSAGE_SELF)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    out.send({"titles": outcome.fetched, "seconds": seconds, "requests": stats.requests, "rate_limited": stats.rate_limited,
              "cpu_seconds": cpu, "peak_rss_mb": after.ru_maxrss / 1024})


def _child_parse(lake: str, out) -> None:
    from movie_lake.lib.parsers.tmdb_api import parse_details
    from movie_lake.lib.parsers.tmdb_catalog import parse_range
    from movie_lake.lib.schemas.tmdb_catalog import MOVIE_SCHEMAS
    from movie_lake.lib.storage.files import LakeStorage
    from movie_lake.lib.tmdb_catalog.zone import CatalogZone

    zone = CatalogZone(LakeStorage.local(Path(lake)))
    batches = zone.batches("raw/tmdb_catalog_movies/id_range=bench")
    started = time.perf_counter()
    parsed = parse_range(batches, zone.storage.read_bytes, parse_details, MOVIE_SCHEMAS, "id", "movie_id")
    seconds = time.perf_counter() - started
    out.send({"titles": parsed.kept, "cast": parsed.tables["tmdb_catalog_cast"].num_rows, "seconds": seconds,
              "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024})


def _in_child(target, *args) -> dict:
    receive, send = multiprocessing.Pipe(duplex=False)
    child = multiprocessing.get_context("spawn").Process(target=target, args=(*args, send))
    child.start()
    send.close()
    try:
        result = receive.recv()
    except EOFError:
        raise RuntimeError(f"the measurement {target.__name__} died (exit code {child.join() or child.exitcode})") from None
    child.join()
    return result


def _write_synthetic_batches(lake: str, titles: int) -> None:
    """100 k answers as the crawl stores them, made from the emulator's synthetic catalog (no HTTP)."""
    from movie_lake.lib.storage.fetched import response_line
    from movie_lake.lib.storage.files import LakeStorage
    from movie_lake.lib.tmdb.emulator.catalog import APPENDABLE, Catalog
    from movie_lake.lib.tmdb_catalog.zone import CatalogZone

    catalog = Catalog.synthetic(titles)
    zone = CatalogZone(LakeStorage.local(Path(lake)))
    now = datetime.now(timezone.utc)
    for first in range(1, titles + 1, BATCH):
        ids = list(range(first, min(first + BATCH, titles + 1)))
        answers = [response_line(catalog.details(i, set(APPENDABLE))) for i in ids]
        zone.write_batch("raw/tmdb_catalog_movies/id_range=bench", ids, answers, [], now, "bench")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.crawl", description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="the 40/s cap and 10 k titles to parse only")
    args = parser.parse_args(argv)
    caps = CAPS[:1] if args.quick else CAPS
    parse_titles = 10_000 if args.quick else 100_000
    print(f"load average {os.getloadavg()[0]:.2f}; synthetic catalog of 1,000,000 ids; batches of {BATCH}", flush=True)
    rows = []
    with tempfile.TemporaryDirectory(prefix="crawl-bench-") as scratch:
        for rate, concurrency, titles in caps:
            server, base_url = _serve_emulator(Path(scratch), rate, 1_000_000)
            try:
                lake = tempfile.mkdtemp(dir=scratch)
                result = _in_child(_child_crawl, base_url, rate, concurrency, titles, lake)
            finally:
                server.terminate()
                server.wait()
            achieved = result["titles"] / result["seconds"]
            rows.append({"cap": rate, "concurrency": concurrency, **result, "achieved_per_second": achieved,
                         "of_cap": achieved / rate, "cpu_ms_per_1000": result["cpu_seconds"] / result["titles"] * 1e6,
                         "full_crawl_hours": TMDB_CATALOG_MOVIES / achieved / 3600})
            row = rows[-1]
            print(f"cap {rate:>5}/s x{concurrency:<3} {row['titles']:>7,} titles in {row['seconds']:6.1f} s: "
                  f"{achieved:7.1f}/s ({row['of_cap']:.1%} of cap), {row['rate_limited']} x 429, client CPU "
                  f"{row['cpu_ms_per_1000'] / 1000:.2f} s per 1,000 titles, peak RSS {row['peak_rss_mb']:.0f} MB; "
                  f"1.1 M movies at this rate: {row['full_crawl_hours']:.1f} h", flush=True)
        lake = tempfile.mkdtemp(dir=scratch)
        started = time.perf_counter()
        _write_synthetic_batches(lake, parse_titles)
        print(f"wrote {parse_titles:,} synthetic answers in {time.perf_counter() - started:.1f} s", flush=True)
        parsed = _in_child(_child_parse, lake)
        print(f"parse + type {parsed['titles']:,} titles ({parsed['cast']:,} cast rows) of one range: "
              f"{parsed['seconds']:.1f} s, peak RSS {parsed['peak_rss_mb']:.0f} MB", flush=True)
    print(json.dumps({"crawl": rows, "parse": parsed}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
