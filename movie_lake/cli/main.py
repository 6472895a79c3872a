"""`movie-lake`: land files, ingest what is new, or run the whole demo."""
from __future__ import annotations

import argparse
import dataclasses
import sys
import time
from pathlib import Path

from movie_lake.cli.query import add_commands as add_query_commands
from movie_lake.settings import load_settings


def _context(settings=None):
    from movie_lake.definitions import build_definitions
    from movie_lake.cli.instance import persistent_instance
    from movie_lake.defs.lake.lake_resource import LakeResource

    settings = settings or load_settings()
    instance = persistent_instance(settings)
    defs = build_definitions(settings)
    return settings, defs, instance, LakeResource.from_settings(settings).storage


def cmd_ingest(args, settings=None, requested=()) -> int:
    from movie_lake.cli.ingest import Ingestor
    from movie_lake.cli.summary import print_summary

    settings, defs, instance, storage = _context(settings)
    print(f"lake: {settings.lake_uri} ({settings.mode} mode)")
    started = time.monotonic()
    report = Ingestor(defs, instance, storage, verbose=getattr(args, "verbose", False)).run(requested)
    print_summary(settings, storage, report, time.monotonic() - started)
    return 0 if report.ok else 1


def cmd_land(args) -> int:
    from movie_lake.lib.landing.rules import LANDING_SOURCES
    from movie_lake.defs.lake.lake_resource import LakeResource

    storage = LakeResource.from_settings(load_settings()).storage
    if args.source not in LANDING_SOURCES:
        print(f"unknown source {args.source!r}; one of: {', '.join(LANDING_SOURCES)}", file=sys.stderr)
        return 2
    for name in args.files:
        path = Path(name)
        key = f"{LANDING_SOURCES[args.source].folder}/{path.name}"
        storage.write_bytes(key, path.read_bytes())
        print(f"landed {storage.uri_of(key)}")
    return 0


def cmd_demo(args) -> int:
    from movie_lake.lib.sample_landing import land_sample
    from movie_lake.cli.demo import demo_months_to_fetch, fetch_runs
    from movie_lake.defs.lake.lake_resource import LakeResource

    settings = dataclasses.replace(load_settings(), tmdb_offline=True)
    storage = LakeResource.from_settings(settings).storage
    landed = land_sample(storage)
    print(f"landed {len(landed)} sample file(s) into {storage.uri_of('landing')}")
    months = demo_months_to_fetch(storage)
    print(f"TMDB API months to fetch from the bundled emulator: {', '.join(months) or 'none (all in the lake)'}")
    return cmd_ingest(args, settings, fetch_runs(months))


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="movie-lake",
        description="movie_lake: a Dagster data lake. Mode and locations come from MOVIE_LAKE_ENV, "
        "MOVIE_LAKE_ROOT, MOVIE_LAKE_BUCKET, MOVIE_LAKE_PREFIX (see README).",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    commands.add_parser(
        "demo", help="land the bundled sample, fetch a few TMDB API months from the bundled emulator (no key, "
        "no network) and ingest it all end to end"
    ).set_defaults(run=cmd_demo)
    commands.add_parser(
        "ingest", help="process everything new in landing/ through Dagster (raw → trusted → refined); "
        "exits 1 when a step or a blocking check failed"
    ).set_defaults(run=cmd_ingest)
    land = commands.add_parser("land", help="copy local files into landing/<source>/")
    land.add_argument("source", help="landing source, e.g. tmdb_movies")
    land.add_argument("files", nargs="+")
    land.set_defaults(run=cmd_land)
    add_query_commands(commands)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return args.run(args)


if __name__ == "__main__":
    sys.exit(main())
