"""The resources for a mode, in one dict: the only place where local and aws differ."""
from __future__ import annotations

from ..io_managers import LakeParquetIOManager
from ..settings import Settings
from .lake import LakeResource


def resources_for(settings: Settings) -> dict:
    lake = LakeResource.from_settings(settings)
    return {
        "lake": lake,
        "lake_io_manager": LakeParquetIOManager(lake=lake),
    }
