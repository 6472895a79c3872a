"""`analytics/dashboard` as a real Dagster materialization: on the demo lake (local, every
asset upstream real) and in aws mode on the moto S3 server (small analysis frames)."""
from __future__ import annotations

import dataclasses
from datetime import datetime, timezone

import boto3
import pandas as pd
import pyarrow as pa
import pytest
from dagster import DagsterInstance, materialize

from movie_lake.defs.dashboard.assets import DASHBOARD_KEY
from movie_lake.lib.dashboard.report_paths import REPORT_KEY, local_dashboard_path
from movie_lake.lib.dashboard.sections import ANALYSES, SECTIONS
from movie_lake.definitions import build_definitions
from movie_lake.lib.sample_landing import land_sample
from movie_lake.lib.schemas import ALL_SCHEMAS, DatasetSchema
from movie_lake.lib.schemas.cast import cast_to_schema

from movie_lake_tests.cdp import Browser, chromium_path
from movie_lake_tests.conftest import tables_for, ingest, storage_for
from movie_lake_tests.dashboard_frames import HOSTILE, analysis_frames, refined_frames

MOVIE_CHARTS = [c.name for s in SECTIONS if s.id in ("genres", "ratings", "people") for c in s.charts]


@pytest.fixture
def demo_lake(tmp_path_factory):
    """The bundled sample ingested end to end: refined tables, analyses, dashboard."""
    from movie_lake.settings import load_settings

    settings = load_settings({"MOVIE_LAKE_ENV": "local", "MOVIE_LAKE_ROOT": str(tmp_path_factory.mktemp("demo") / "lake")})
    with DagsterInstance.ephemeral() as instance:
        land_sample(storage_for(settings))
        report = ingest(settings, instance)
        event = instance.get_latest_materialization_event(DASHBOARD_KEY)
        yield settings, report, event


def test_demo_writes_the_dashboard_into_the_lake_and_it_opens_offline(demo_lake):
    settings, report, event = demo_lake
    assert report.ok, report.failures + report.checks_failed
    assert event is not None, "analytics/dashboard was not materialized"
    path = local_dashboard_path(settings.local_root)
    assert path == settings.local_root / REPORT_KEY and path.stat().st_size > 3_000_000
    metadata = event.asset_materialization.metadata
    assert metadata["path"].value == str(path) and metadata["bytes"].value == path.stat().st_size
    sections = metadata["sections"].value
    for name in ANALYSES:
        assert f"analytics/{name} |" in sections
    assert metadata["charts"].value + metadata["no_data_panels"].value == sum(len(s.charts) for s in SECTIONS)
    if chromium_path() is None:
        pytest.skip("Debian chromium is not installed (see the Makefile's browser target)")
    check_opens_offline_with_every_movie_chart(settings)


def check_opens_offline_with_every_movie_chart(settings) -> None:
    page = local_dashboard_path(settings.local_root).read_text(encoding="utf-8")
    analysed = all(f"analytics/{name}" in ALL_SCHEMAS for name in ANALYSES)
    browser = Browser(chromium_path())
    try:
        browser.open(local_dashboard_path(settings.local_root).as_uri())
        charts = browser.evaluate("[...document.querySelectorAll('.js-plotly-plot')].map(p => p.id.slice(6))")
        panels = browser.evaluate("[...document.querySelectorAll('.no-data')].map(p => p.dataset.chart)")
        freshness = browser.evaluate("document.getElementById('freshness').innerText")
        assert browser.errors() == [] and browser.dialogs() == []
    finally:
        browser.close()
    assert len(charts) + len(panels) == sum(len(s.charts) for s in SECTIONS)
    if analysed:
        assert set(MOVIE_CHARTS) <= set(charts), f"movie charts shown as no-data panels: {panels}"
    assert "refined/dim_movie" in freshness and "tmdb_5000_movies_sample.csv.gz" in freshness
    assert "Films" in page and "303" in page


def _stored(schema: DatasetSchema, frame: pd.DataFrame) -> pa.Table:
    """A frame with the contract's columns, as the IO manager would store it (absent nullable columns null)."""
    table = pa.Table.from_pandas(frame, preserve_index=False)
    for column in schema.columns:
        if column.name not in table.column_names:
            table = table.append_column(column.name, pa.nulls(table.num_rows, column.type))
    return cast_to_schema(table.select(schema.column_names), schema)


def test_aws_mode_puts_text_html_on_s3_and_keeps_a_local_copy(aws_settings, tmp_path):
    if not all(f"analytics/{name}" in ALL_SCHEMAS for name in ANALYSES):
        pytest.skip("the analysis schemas (schemas/analytics.py) are not declared yet")
    settings = dataclasses.replace(aws_settings, local_root=tmp_path / "local")
    store = tables_for(settings)
    landed = datetime(2026, 11, 21, tzinfo=timezone.utc)
    refined = refined_frames()
    refined["dim_movie"] = refined["dim_movie"].assign(source="tmdb_csv", landed_at=landed)
    for name, frame in refined.items():
        store.write(ALL_SCHEMAS[f"refined/{name}"], _stored(ALL_SCHEMAS[f"refined/{name}"], frame))
    for name, frame in analysis_frames().items():
        store.write(ALL_SCHEMAS[f"analytics/{name}"], _stored(ALL_SCHEMAS[f"analytics/{name}"], frame))

    defs = build_definitions(settings)
    with DagsterInstance.ephemeral() as instance:
        result = materialize(defs.assets, selection=[DASHBOARD_KEY], resources=defs.resources, instance=instance)
    assert result.success
    bucket, prefix = settings.bucket, settings.prefix
    head = boto3.client("s3", endpoint_url=settings.aws_endpoint_url).head_object(Bucket=bucket, Key=f"{prefix}/{REPORT_KEY}")
    assert head["ContentType"].startswith("text/html")
    local = local_dashboard_path(settings.local_root)
    assert head["ContentLength"] == local.stat().st_size
    page = local.read_text(encoding="utf-8")
    assert "&lt;img src=x onerror=alert(1)&gt;" in page and HOSTILE not in page
    metadata = result.asset_materializations_for_node("analytics__dashboard")[0].metadata
    assert metadata["path"].value == f"s3://{bucket}/{prefix}/{REPORT_KEY}"
    assert metadata["no_data_panels"].value == 0
