"""The one place where environment variables become settings.

`MOVIE_LAKE_ENV` picks the mode (`local`, the default, or `aws`); everything else
that differs between the modes hangs off the `Settings` built here.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

MODES = ("local", "aws")


@dataclass(frozen=True)
class Settings:
    mode: str
    local_root: Path
    bucket: str
    prefix: str
    aws_endpoint_url: str | None
    aws_region: str
    glue_database_prefix: str = "movie_lake"
    athena_workgroup: str = "primary"
    athena_output: str = ""
    athena_timeout_seconds: float = 600.0
    aws_account_id: str = ""
    sensor_interval_seconds: int = 30
    sensor_max_objects_per_tick: int = 200
    automation_interval_seconds: int = 30

    def glue_database(self, layer: str) -> str:
        """The Glue database holding a lake layer's tables, e.g. `movie_lake_refined`."""
        return f"{self.glue_database_prefix}_{layer}"

    @property
    def athena_output_uri(self) -> str:
        """Where Athena writes query results: beside the lake, not inside it."""
        folder = "/".join(part for part in ("athena-results", self.prefix) if part)
        return self.athena_output or f"s3://{self.bucket}/{folder}/"

    @property
    def lake_uri(self) -> str:
        """Where the lake lives, for people: a folder or an s3:// URI."""
        if self.mode == "aws":
            return f"s3://{self.bucket}/{self.prefix}".rstrip("/")
        return str(self.local_root)

    @property
    def dagster_home(self) -> Path:
        """Run history lives beside the lake so it survives restarts of `dagster dev`."""
        return Path(os.environ.get("DAGSTER_HOME") or self.local_root / "dagster_home")


def load_settings(environ: dict[str, str] | None = None) -> Settings:
    env = os.environ if environ is None else environ
    mode = env.get("MOVIE_LAKE_ENV", "local").strip().lower() or "local"
    if mode not in MODES:
        raise ValueError(f"MOVIE_LAKE_ENV={mode!r} is not one of {', '.join(MODES)}")
    bucket = env.get("MOVIE_LAKE_BUCKET", "")
    if mode == "aws" and not bucket:
        raise ValueError("MOVIE_LAKE_ENV=aws needs MOVIE_LAKE_BUCKET (the lake's S3 bucket)")
    return Settings(
        mode=mode,
        local_root=Path(env.get("MOVIE_LAKE_ROOT", ".movie_lake")).absolute(),
        bucket=bucket,
        prefix=env.get("MOVIE_LAKE_PREFIX", "movie_lake").strip("/"),
        aws_endpoint_url=env.get("AWS_ENDPOINT_URL") or None,
        aws_region=env.get("AWS_REGION") or env.get("AWS_DEFAULT_REGION") or "us-east-1",
        glue_database_prefix=env.get("MOVIE_LAKE_GLUE_DATABASE_PREFIX", "movie_lake").strip() or "movie_lake",
        athena_workgroup=env.get("MOVIE_LAKE_ATHENA_WORKGROUP", "primary").strip() or "primary",
        athena_output=env.get("MOVIE_LAKE_ATHENA_OUTPUT", "").strip(),
        athena_timeout_seconds=float(env.get("MOVIE_LAKE_ATHENA_TIMEOUT", "600")),
        aws_account_id=env.get("MOVIE_LAKE_AWS_ACCOUNT_ID", "").strip(),
        sensor_interval_seconds=_positive_int(env, "MOVIE_LAKE_SENSOR_INTERVAL", 30),
        sensor_max_objects_per_tick=_positive_int(env, "MOVIE_LAKE_SENSOR_MAX_OBJECTS", 200),
        automation_interval_seconds=_positive_int(env, "MOVIE_LAKE_AUTOMATION_INTERVAL", 30),
    )


def _positive_int(env, name: str, default: int) -> int:
    text = env.get(name, "").strip()
    if not text:
        return default
    if not text.isdigit() or int(text) < 1:
        raise ValueError(f"{name}={text!r} must be a whole number of at least 1")
    return int(text)
