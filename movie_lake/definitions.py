"""The one place the Definitions are assembled: every asset under `movie_lake.assets`,
the checks derived from their declared schemas, and the resources for the current mode."""
from __future__ import annotations

from dagster import AssetsDefinition, Definitions, load_assets_from_package_module

from . import assets
from .automation import automate, automation_sensor
from .backfill_jobs import backfill_jobs
from .checks.dataset_checks import dataset_checks
from .resources.by_mode import resources_for
from .schedules import tmdb_api_daily_schedule
from .schemas import ALL_SCHEMAS
from .sensors.landing_sensor import build_landing_sensor
from .settings import Settings, load_settings


def all_assets() -> list[AssetsDefinition]:
    """Every asset, with the automation and backfill policy of `automation.py` applied."""
    return automate(list(load_assets_from_package_module(assets)))


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
