"""A persistent Dagster instance beside the lake (run history survives restarts)."""
from __future__ import annotations

import os
from pathlib import Path

from dagster import DagsterInstance

from movie_lake.settings import Settings

DAGSTER_YAML = "telemetry:\n  enabled: false\n"


def prepare_dagster_home(settings: Settings) -> Path:
    home = settings.dagster_home
    home.mkdir(parents=True, exist_ok=True)
    config = home / "dagster.yaml"
    if not config.exists():
        config.write_text(DAGSTER_YAML)
    os.environ["DAGSTER_HOME"] = str(home)
    return home


def persistent_instance(settings: Settings) -> DagsterInstance:
    prepare_dagster_home(settings)
    return DagsterInstance.get()
