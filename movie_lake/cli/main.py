"""`movie-lake`: land files, ingest what is new, or run the whole demo."""
from __future__ import annotations

import argparse
import dataclasses
import sys
import time
from pathlib import Path

from movie_lake.cli.dashboard import add_commands as add_dashboard_commands
from movie_lake.cli.deploy import add_commands as add_deploy_commands
from movie_lake.cli.query import add_commands as add_query_commands
from movie_lake.cli.tables import add_commands as add_table_commands
from movie_lake.cli.tmdb import add_commands as add_tmdb_commands
from movie_lake.settings import load_settings


def _context(settings=None):
    from movie_lake.lib.collector import collector_paused

    with collector_paused(freeze=True):
        return _loaded_context(settings)


def _loaded_context(settings):
    from movie_lake.definitions import build_definitions
    from movie_lake.cli.instance import persistent_instance
    from movie_lake.defs.lake.lake_resource import LakeResource

    settings = settings or load_settings()
    instance = persistent_instance(settings)
    defs = build_definitions(settings)
    return settings, defs, instance, LakeResource.from_settings(settings).storage


def cmd_ingest(args, settings=None, requested=(), then=(), alongside=()) -> int:
    """`requested` may be a callable given the instance (what to ask for depends on what it holds)."""
    from movie_lake.cli.ingest import Ingestor
    from movie_lake.cli.summary import print_summary

    settings, defs, instance, storage = _context(settings)
    if callable(requested):
        requested = requested(instance)
    print(f"lake: {settings.lake_uri} ({settings.mode} mode)")
    started = time.monotonic()
    report = Ingestor(defs, instance, storage, verbose=getattr(args, "verbose", False),
                      workers=settings.ingest_workers).run(requested, then, alongside)
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
    from movie_lake.lib.collector import collector_paused

    with collector_paused():
        from movie_lake.lib.sample_landing import land_sample
        from movie_lake.cli.demo import catalog_runs, fetch_runs, months_to_fetch
        from movie_lake.defs.lake.lake_resource import LakeResource

        settings = dataclasses.replace(load_settings(), tmdb_offline=True)
        storage = LakeResource.from_settings(settings).storage
        landed = land_sample(storage)
        print(f"landed {len(landed)} sample file(s) into {storage.uri_of('landing')}")
        exports, then = catalog_runs(storage, settings)

    def first_stage(instance) -> list:
        months = months_to_fetch(instance)
        print(f"TMDB API months to fetch from the bundled emulator: {', '.join(months) or 'none (all in the lake)'}")
        return fetch_runs(months) + exports

    # the months before the crawl: a title in both is then newer in the catalog, which wins in every demo
    return cmd_ingest(args, settings, first_stage, then)


def _command(commands, name: str, text: str) -> argparse.ArgumentParser:
    return commands.add_parser(name, help=text, description=text)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="movie-lake",
        description="movie_lake: a Dagster data lake. Mode and locations come from MOVIE_LAKE_ENV, "
        "MOVIE_LAKE_ROOT, MOVIE_LAKE_BUCKET, MOVIE_LAKE_PREFIX (see README).",
    )
    parser.add_argument("--version", action="version", version=f"movie-lake {_version()}")
    parser.add_argument("--verbose", action="store_true",
                        help="show Dagster's own events and warnings (DEBUG logs, preview warnings) as well")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    _command(commands, "demo", "land the bundled sample, fetch a few TMDB API months from the bundled emulator "
             "(no key, no network) and ingest it all end to end").set_defaults(run=cmd_demo)
    _command(commands, "ingest", "finish everything the lake owes: each new landed file version through raw and "
             "trusted, then every table older than what it reads; safe to re-run after any crash or failure; "
             "exits 1 when a file, a step or a blocking check failed").set_defaults(run=cmd_ingest)
    land = _command(commands, "land", "copy local files into landing/<source>/ (whole, atomically)")
    land.add_argument("source", help="landing source, e.g. tmdb_movies")
    land.add_argument("files", nargs="+")
    land.set_defaults(run=cmd_land)
    add_tmdb_commands(commands)
    add_query_commands(commands)
    add_table_commands(commands)
    add_dashboard_commands(commands)
    add_deploy_commands(commands)
    return parser


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("movie_lake")
    except PackageNotFoundError:
        return "unknown"


def _quiet() -> None:
    """A person reads the step lines and the summary; Dagster's own chatter stays out."""
    import logging
    import warnings

    warnings.filterwarnings("ignore", module="dagster")
    warnings.filterwarnings("ignore", message=".*(preview|beta|deprecated).*")
    logging.getLogger("dagster").setLevel(logging.ERROR)


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if not args.verbose:
        _quiet()
    return args.run(args)


if __name__ == "__main__":
    sys.exit(main())
