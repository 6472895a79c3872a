"""`movie-lake tmdb catalog` and `movie-lake tmdb sync`: crawl the whole TMDB catalog from its
daily id export, then follow the changes feed, ingesting everything downstream each time."""
from __future__ import annotations

import sys
import time
from datetime import date, datetime, timedelta, timezone

from dagster import AssetKey

from movie_lake.cli.tmdb import media_list
from movie_lake.defs.lake.reconcile import PlannedRun
from movie_lake.defs.tmdb_catalog.automation import CATALOG_SOURCES, refresh_config, refresh_keys, window_tags
from movie_lake.defs.tmdb_catalog.crawl import unanswered
from movie_lake.lib.tmdb_catalog.id_export import read_id_export
from movie_lake.lib.tmdb_catalog.ranges import range_keys
from movie_lake.lib.tmdb_catalog.sync import days_owed, stale_ranges, windows
from movie_lake.lib.tmdb_catalog.zone import CHANGES, CatalogZone, answered_at, export_folder


def export_runs(media: tuple[str, ...], export_date: date | None) -> list[PlannedRun]:
    runs = []
    for name in media:
        key = export_folder(name).split("/")
        config = {"ops": {"__".join(key): {"config": {"export_date": export_date.isoformat() if export_date else ""}}}}
        runs.append(PlannedRun((AssetKey(key),), None, f"land {name} id export", {}, run_config=config))
    return runs


def crawl_runs(zone: CatalogZone, media: tuple[str, ...], limit: int | None, range_size: int, include_adult: bool,
               say, owed_only: bool = False) -> list[PlannedRun]:
    """One run per id range holding ids of the newest export (the first `limit` ids only, if given);
    `owed_only`: only the ranges with ids no finished batch has answered (a crawl once killed)."""
    runs = []
    for name in media:
        try:
            export = zone.newest_export(name)
        except FileNotFoundError as missing:
            say(f"  no {name} crawl: {missing}")
            continue
        ids = read_id_export(zone.storage.read_bytes(export.key), export.file_name, include_adult).ids
        if limit is not None:
            ids = ids[:limit]
        max_id = ids[-1] if (limit is not None and ids) else 0
        config = refresh_config(name)
        config["ops"]["__".join(CATALOG_SOURCES[name].raw_key_path)]["config"] = {"fetch_new": True, "max_id": max_id}
        keys = range_keys(ids, range_size)
        say(f"{name}: {len(ids):,} ids of the {export.export_date} export in {len(keys)} id range(s)")
        if owed_only:
            source = CATALOG_SOURCES[name]
            keys = [k for k in keys if unanswered(ids, k, answered_at(zone.batches(source.raw_folder(k))))]
            say(f"  {len(keys)} of them with ids not fetched yet")
        runs += [PlannedRun(tuple(refresh_keys(name)), key, f"crawl {name} {key}", {}, run_config=config) for key in keys]
    return runs


def sync_runs(zone: CatalogZone, media: tuple[str, ...], start: date, day: date | None, say) -> list[PlannedRun]:
    """The changes windows owed through yesterday, or just `day`'s when given."""
    yesterday = (datetime.now(timezone.utc) - timedelta(days=1)).date()
    owed = [day] if day else days_owed(zone, media, start, yesterday)
    if not owed:
        say("changes feed: nothing owed (every day through yesterday is read, or no catalog is crawled yet)")
    found = windows(owed)
    for first, last in found:
        say(f"changes feed: {first}..{last} ({(last - first).days + 1} day(s))")
    return [PlannedRun((AssetKey(CHANGES.split("/")),), None, f"changes {first}..{last}", window_tags(first, last))
            for first, last in found]


def refresh_runs(zone: CatalogZone, media: tuple[str, ...], say) -> list[PlannedRun]:
    runs = []
    for name in media:
        for key, stale in stale_ranges(zone, name, CATALOG_SOURCES[name].name).items():
            say(f"{name} {key}: {stale:,} title(s) changed since fetched")
            runs.append(PlannedRun(tuple(refresh_keys(name)), key, f"refresh {name} {key}", {}, run_config=refresh_config(name)))
    return runs


def _run(args, requested, then) -> int:
    from movie_lake.cli.ingest import Ingestor
    from movie_lake.cli.main import _context
    from movie_lake.cli.summary import print_summary

    settings, defs, instance, storage = _context()
    print(f"lake: {settings.lake_uri} ({settings.mode} mode); TMDB: "
          f"{'the bundled emulator' if settings.tmdb_offline else 'the TMDB API'}", flush=True)
    started = time.monotonic()
    zone = CatalogZone(storage)
    ingestor = Ingestor(defs, instance, storage, verbose=getattr(args, "verbose", False), workers=settings.ingest_workers)
    report = ingestor.run(requested(settings, zone), [lambda stage=stage: stage(settings, zone) for stage in then])
    print_summary(settings, storage, report, time.monotonic() - started)
    return 0 if report.ok else 1


def cmd_catalog(args) -> int:

    try:
        media = media_list(args.media)
        export_date = date.fromisoformat(args.export_date) if args.export_date else None
        if args.limit is not None and args.limit < 1:
            raise ValueError(f"--limit must be at least 1, got {args.limit}")
    except ValueError as error:
        print(f"movie-lake tmdb catalog: {error}", file=sys.stderr)
        return 2
    say = lambda text: print(text, flush=True)  # noqa: E731
    return _run(args, lambda settings, zone: export_runs(media, export_date),
                [lambda settings, zone: crawl_runs(zone, media, args.limit, settings.tmdb_catalog_range_size,
                                                   settings.tmdb_include_adult, say)])


def cmd_sync(args) -> int:

    try:
        media = media_list(args.media)
        day = date.fromisoformat(args.date) if args.date else None
    except ValueError as error:
        print(f"movie-lake tmdb sync: {error}", file=sys.stderr)
        return 2
    say = lambda text: print(text, flush=True)  # noqa: E731
    return _run(args, lambda settings, zone: sync_runs(zone, media, date.fromisoformat(settings.tmdb_sync_start), day, say),
                [lambda settings, zone: refresh_runs(zone, media, say)])
