"""``python -m movie_lake.lib.tmdb.emulator``: serve the TMDB emulator in the foreground."""

from __future__ import annotations

import argparse
import os
import signal
from pathlib import Path

from movie_lake.lib.tmdb.emulator.server import DEFAULT_MAX_RESULTS, DEFAULT_TOKEN, serve

TOKEN_ENV = "TMDB_EMULATOR_TOKEN"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m movie_lake.lib.tmdb.emulator", description="Serve a local TMDB API emulator.")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0, help="0 picks a free port (default)")
    parser.add_argument(
        "--token", default=None, help=f"accepted credential (default: ${TOKEN_ENV}, else the built-in fake token)"
    )
    parser.add_argument("--max-results", type=int, default=DEFAULT_MAX_RESULTS, help="discover cap, like TMDB's 10,000")
    parser.add_argument("--deleted-id", type=int, action="append", default=[], help="an id discover lists but details 404s")
    parser.add_argument("--sample-dir", type=Path, default=None)
    parser.add_argument("--synthetic-movies", type=int, default=0, help="serve ids 1..N made from the sample (benchmarks)")
    parser.add_argument("--rate-cap", type=float, default=None, help="answer 429 above this many requests a second")
    parser.add_argument("--url-file", type=Path, default=None, help="write the base URL here once listening")
    args = parser.parse_args(argv)
    signal.signal(signal.SIGTERM, signal.default_int_handler)
    serve(
        args.host,
        args.port,
        args.token or os.environ.get(TOKEN_ENV) or DEFAULT_TOKEN,
        max_results=args.max_results,
        sample_dir=args.sample_dir,
        deleted_ids=args.deleted_id,
        url_file=args.url_file,
        synthetic_movies=args.synthetic_movies,
        rate_cap=args.rate_cap,
    )


if __name__ == "__main__":
    main()
