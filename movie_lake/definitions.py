"""The one place the Definitions are assembled: every asset under `movie_lake.assets`,
the checks derived from their declared schemas, and the resources for the current mode."""
from __future__ import annotations

from dagster import AssetsDefinition, Definitions, load_assets_from_modules

from movie_lake.defs.analytics import assets as analytics_assets
from movie_lake.defs.dashboard import assets as dashboard_assets
from movie_lake.defs.landing import raw_assets
from movie_lake.defs.movies import credit_model, movie_model
from movie_lake.defs.tmdb_api import raw_assets as tmdb_raw, trusted_assets as tmdb_trusted
from movie_lake.defs.tmdb_csv import assets as tmdb_csv_assets
from movie_lake.defs.video import refined_assets as video_refined, trusted_assets as video_trusted
from movie_lake.defs.lake.automation import automate, automation_sensor
from movie_lake.defs.landing.backfill_jobs import backfill_jobs
from movie_lake.defs.lake.checks import dataset_checks
from movie_lake.defs.lake.by_mode import resources_for
from movie_lake.defs.tmdb_api.schedules import tmdb_api_daily_schedule
from movie_lake.lib.schemas import ALL_SCHEMAS
from movie_lake.defs.landing.sensor import build_landing_sensor
from movie_lake.settings import Settings, load_settings


def all_assets() -> list[AssetsDefinition]:
    """Every asset, with the automation and backfill policy of `automation.py` applied."""
    return automate(list(load_assets_from_modules([raw_assets, tmdb_raw, tmdb_csv_assets, tmdb_trusted, video_trusted, video_refined, movie_model, credit_model, analytics_assets, dashboard_assets])))


def all_checks(asset_defs: list[AssetsDefinition]) -> list:
    partitions = {key.to_user_string(): a.partitions_def for a in asset_defs for key in a.keys}
    return [
        check
        for name, schema in ALL_SCHEMAS.items()
        if name in partitions
        for check in dataset_checks(schema, partitions[name])
    ]


def build_definitions(settings: Settings | None = None) -> Definitions:
    settings = settings or load_settings()
    asset_defs = all_assets()
    return Definitions(
        assets=asset_defs,
        asset_checks=all_checks(asset_defs),
        jobs=backfill_jobs(asset_defs),
        sensors=[build_landing_sensor(settings), automation_sensor(settings.automation_interval_seconds)],
        schedules=[tmdb_api_daily_schedule(settings)],
        resources=resources_for(settings),
    )


defs = build_definitions()
