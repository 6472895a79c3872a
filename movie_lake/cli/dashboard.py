"""`movie-lake dashboard`: serve the dashboard app over the mode's query engine, or export the
offline snapshot the lake holds."""
from __future__ import annotations

import sys
from pathlib import Path

from movie_lake.settings import load_settings


def _reader(settings):
    from movie_lake.defs.lake.by_mode import resources_for
    from movie_lake.lib.dashboard_app.reader import LakeReader

    resources = resources_for(settings)
    return LakeReader(resources["query_engine"].engine(), resources["lake"].storage,
                      version_seconds=settings.dashboard_version_seconds)


def cmd_dashboard(args) -> int:
    settings = load_settings()
    reader = _reader(settings)
    if args.export:
        from movie_lake.lib.dashboard.report_paths import REPORT_KEY

        try:
            page = reader.storage.read_bytes(REPORT_KEY)
        except (FileNotFoundError, OSError):
            print(f"no offline snapshot at {reader.storage.uri_of(REPORT_KEY)} yet: run movie-lake ingest", file=sys.stderr)
            return 1
        Path(args.export).write_bytes(page)
        print(f"wrote {args.export} ({len(page):,} bytes) from {reader.storage.uri_of(REPORT_KEY)}")
        return 0
    from movie_lake.lib.dashboard_app.app import create_app

    app = create_app(reader, settings.lake_uri, settings.dashboard_url_prefix)
    print(f"dashboard: http://{args.host}:{args.port}{settings.dashboard_url_prefix}  ({reader.engine_name} over "
          f"{settings.lake_uri}; Ctrl-C stops it)", flush=True)
    app.run(host=args.host, port=args.port, debug=False)
    return 0


def add_commands(commands) -> None:
    text = "serve the dashboard app (filters, cross-filtering, drill-downs) over the lake, read-only"
    parser = commands.add_parser("dashboard", help=text, description=text)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8050)
    parser.add_argument("--export", metavar="PATH", help="write the lake's offline HTML snapshot to PATH instead of serving")
    parser.set_defaults(run=cmd_dashboard)
