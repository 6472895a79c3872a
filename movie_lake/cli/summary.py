"""The closing summary of an ingest: assets, rows per table, where the lake and catalog are."""
from __future__ import annotations

from movie_lake.lib.dashboard.report_paths import local_dashboard_path
from movie_lake.cli.ingest import IngestReport
from movie_lake.settings import Settings
from movie_lake.lib.storage.files import LakeStorage


def print_summary(settings: Settings, storage: LakeStorage, report: IngestReport, seconds: float) -> None:
    latest: dict[str, int | None] = {}
    for step in report.steps:
        if step.partition is None or step.rows is None:
            latest[step.asset] = step.rows
        else:
            latest[step.asset] = (latest.get(step.asset) or 0) + step.rows
    quarantined = sum({(s.step_key, s.partition): s.quarantined or 0 for s in report.steps}.values())
    fields = sum({(s.step_key, s.partition): s.fields_quarantined or 0 for s in report.steps}.values())
    refused = sum(1 for n in report.not_ingested if n.failed)
    print()
    print(f"ingested {len(report.files)} file(s) in {seconds:.1f} s: {len(report.steps)} materializations, "
          f"{len(report.failures)} failed steps, {report.checks_passed} checks passed, {len(report.checks_failed)} checks failed; "
          f"{quarantined:,} records and {fields:,} fields quarantined; landing: {len(report.not_ingested) - refused} skipped, {refused} refused")
    for asset, rows in sorted(latest.items()):
        print(f"  {asset:<34} {'' if rows is None else f'{rows:,} rows'}".rstrip())
    for failure in report.failures + report.checks_failed:
        print(f"  FAILED {failure}")
    for outcome in report.not_ingested:
        if outcome.failed:
            print(f"  REFUSED {outcome.key}: {outcome.reason}")
    print(f"lake: {settings.lake_uri}")
    print(f"quarantine: {storage.uri_of('quarantine')}")
    print(f"catalog: {settings.catalog_location}")
    print(f"dagster home (run history): {settings.dagster_home}")
    dashboard = local_dashboard_path(settings.local_root)
    if dashboard.exists():
        print(f"dashboard: {dashboard} (offline snapshot); the app with filters and drill-downs: movie-lake dashboard")
