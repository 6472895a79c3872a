"""`movie-lake tmdb fetch`: fetch TMDB API months (movies, series or both) and ingest everything
downstream of them, in one command (locally from the bundled emulator unless TMDB_API_BASE_URL
names an API; on aws from TMDB with the token from the environment)."""
from __future__ import annotations

import argparse
import re
import sys

MONTH = re.compile(r"(18|19|20)\d\d-(0[1-9]|1[0-2])")
MEDIA = ("movie", "tv")


def month_range(first: str, last: str | None) -> list[str]:
    for text in filter(None, (first, last)):
        if not MONTH.fullmatch(text):
            raise ValueError(f"{text!r} is not a month as YYYY-MM")
    last = last or first
    if last < first:
        raise ValueError(f"--to {last} is before --from {first}")
    year, month = map(int, first.split("-"))
    months = []
    while f"{year:04d}-{month:02d}" <= last:
        months.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def media_list(text: str) -> tuple[str, ...]:
    chosen = tuple(dict.fromkeys(part.strip() for part in text.split(",") if part.strip()))
    unknown = [m for m in chosen if m not in MEDIA]
    if unknown or not chosen:
        raise ValueError(f"--media takes {', '.join(MEDIA)} (comma-separated), got {text!r}")
    return chosen


def cmd_fetch(args) -> int:
    from movie_lake.cli.demo import fetch_runs
    from movie_lake.cli.main import cmd_ingest
    from movie_lake.settings import load_settings

    try:
        months, media = month_range(args.first, args.last), media_list(args.media)
    except ValueError as error:
        print(f"movie-lake tmdb fetch: {error}", file=sys.stderr)
        return 2
    settings = load_settings()
    if months[0] < settings.tmdb_start_month:
        print(f"movie-lake tmdb fetch: {months[0]} is before MOVIE_LAKE_TMDB_START_MONTH={settings.tmdb_start_month}",
              file=sys.stderr)
        return 2
    source = "the bundled emulator" if settings.tmdb_offline else "the TMDB API"
    print(f"fetching {len(months)} month(s) {months[0]}..{months[-1]} ({', '.join(media)}) from {source}")
    return cmd_ingest(args, settings, fetch_runs(months, media))


def add_commands(commands) -> None:
    text = "TMDB API: fetch months of movies and/or series, then ingest everything downstream"
    tmdb = commands.add_parser("tmdb", help=text, description=text)
    actions = tmdb.add_subparsers(dest="tmdb_command", required=True, metavar="ACTION")
    fetch_text = "fetch TMDB API months (discover + details) and ingest them through trusted, refined and analytics"
    fetch = actions.add_parser("fetch", help=fetch_text, description=fetch_text,
                               formatter_class=argparse.ArgumentDefaultsHelpFormatter)
    fetch.add_argument("--from", dest="first", required=True, metavar="YYYY-MM", help="first month")
    fetch.add_argument("--to", dest="last", metavar="YYYY-MM", help="last month (default: the first)")
    fetch.add_argument("--media", default="movie,tv", help="movie, tv or both, comma-separated")
    fetch.set_defaults(run=cmd_fetch)
