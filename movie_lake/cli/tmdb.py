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
    months = [first]
    while months[-1] < last:
        months.append(next_month(months[-1]))
    return months


def next_month(month: str) -> str:
    """The `YYYY-MM` key after `month`."""
    year, number = map(int, month.split("-"))
    return f"{year + 1:04d}-01" if number == 12 else f"{year:04d}-{number + 1:02d}"


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
    return cmd_ingest(args, settings, alongside=fetch_runs(months, media))


def add_commands(commands) -> None:
    text = "TMDB API: fetch months, crawl the whole catalog, or sync its changes; then ingest everything downstream"
    tmdb = commands.add_parser("tmdb", help=text, description=text)
    actions = tmdb.add_subparsers(dest="tmdb_command", required=True, metavar="ACTION")
    fetch_text = "fetch TMDB API months (discover + details) and ingest them through trusted, refined and analytics"
    fetch = actions.add_parser("fetch", help=fetch_text, description=fetch_text,
                               formatter_class=argparse.ArgumentDefaultsHelpFormatter)
    fetch.add_argument("--from", dest="first", required=True, metavar="YYYY-MM", help="first month")
    fetch.add_argument("--to", dest="last", metavar="YYYY-MM", help="last month (default: the first)")
    fetch.add_argument("--media", default="movie,tv", help="movie, tv or both, comma-separated")
    fetch.set_defaults(run=cmd_fetch)
    add_catalog_commands(actions)


def _catalog_command(name: str):
    """Runs `cli.tmdb_catalog.cmd_<name>`, imported only when called (it loads Dagster)."""
    def run(args) -> int:
        from movie_lake.cli import tmdb_catalog

        return getattr(tmdb_catalog, f"cmd_{name}")(args)
    return run


def add_catalog_commands(actions) -> None:
    text = ("crawl the whole TMDB catalog: land the daily id export, fetch details for every id not fetched yet "
            "(resumable, in id-range partitions), ingest everything downstream")
    catalog = actions.add_parser("catalog", help=text, description=text)
    catalog.add_argument("--export-date", metavar="YYYY-MM-DD", help="the export to crawl (default: the newest published)")
    catalog.add_argument("--limit", type=int, metavar="N", help="crawl only the export's first N ids")
    catalog.add_argument("--media", default="movie,tv", help="movie, tv or both, comma-separated")
    catalog.set_defaults(run=_catalog_command("catalog"))
    text = ("follow TMDB's changes feed: for each day since the last sync (windows of up to 14 days), "
            "re-fetch the changed titles the lake holds and ingest downstream")
    sync = actions.add_parser("sync", help=text, description=text)
    sync.add_argument("--date", metavar="YYYY-MM-DD", help="read just this day's changes (default: every day owed)")
    sync.add_argument("--media", default="movie,tv", help="movie, tv or both, comma-separated")
    sync.set_defaults(run=_catalog_command("sync"))

