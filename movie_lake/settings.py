"""The one place where environment variables become settings.

`MOVIE_LAKE_ENV` picks the mode (`local`, the default, or `aws`); everything else
that differs between the modes hangs off the `Settings` built here.
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from datetime import date

from movie_lake.lib.tmdb.client import DEFAULT_EXPORTS_URL
from pathlib import Path

MODES = ("local", "aws")
TMDB_CREDENTIAL_VARS = ("TMDB_API_TOKEN", "TMDB_API_KEY")
"""Checked in this order: a read access token (Bearer) is preferred over a v3 key."""
DEFAULT_TMDB_SYNC_START = "2026-01-01"
"""The first day partition of the changes feed; a lake syncs from its crawl's export date on."""
DEFAULT_TMDB_START_MONTH = "1970-01"
"""Early enough for the classic franchises (Star Wars 1977, Alien 1979) the demo fetches."""
ZONE_BUCKET_VARS = {
    "MOVIE_LAKE_LANDING_BUCKET": ("landing", "raw"),
    "MOVIE_LAKE_PROCESSED_BUCKET": ("trusted", "quarantine", "refined"),
    "MOVIE_LAKE_REPORTING_BUCKET": ("analytics", "reports"),
}
"""Optional per-zone buckets (the seed lakes' raw-landing / processed / reporting split); a zone
without one lives in `MOVIE_LAKE_BUCKET` under the same prefix."""


DEFAULT_FOCUS_GENRES = ("Science Fiction", "Fantasy", "Sci-Fi & Fantasy")
"""The Sci-Fi/Fantasy challenge: TMDB's movie genres and its combined TV genre."""


@dataclass(frozen=True)
class Prices:
    """The prices the cost estimate uses, each a setting; defaults are AWS list prices for us-east-1
    (S3 Standard storage and PUTs, Athena per TB scanned)."""

    s3_gb_month_usd: float = 0.023
    s3_put_per_1000_usd: float = 0.005
    athena_tb_scanned_usd: float = 5.0


PRICE_VARS = {
    "s3_gb_month_usd": "MOVIE_LAKE_PRICE_S3_GB_MONTH", "s3_put_per_1000_usd": "MOVIE_LAKE_PRICE_S3_PUT_PER_1000",
    "athena_tb_scanned_usd": "MOVIE_LAKE_PRICE_ATHENA_TB",
}


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
    zone_buckets: tuple[tuple[str, str], ...] = ()
    """(zone, bucket) for the zones kept outside `bucket` (see `ZONE_BUCKET_VARS`)."""
    landing_queue: str = ""
    """aws mode: the name of the SQS queue S3 notifies of new `landing/` objects (its dead-letter
    queue is `<name>-dlq`); empty: the sensor lists `landing/` whole each tick."""
    landing_listing_minutes: int = 60
    """With a queue: how often the sensor still lists `landing/` whole, in case a notification was lost."""
    sensor_interval_seconds: int = 30
    sensor_max_objects_per_tick: int = 200
    tmdb_api_base_url: str | None = None
    tmdb_credential_var: str | None = None
    """The name of the env var holding the TMDB credential (never its value)."""
    tmdb_offline: bool = False
    """Read TMDB from the bundled emulator: local mode without TMDB_API_BASE_URL, and the demo."""
    tmdb_start_month: str = DEFAULT_TMDB_START_MONTH
    """The first monthly partition of the TMDB API assets (`YYYY-MM`)."""
    tmdb_schedule_running: bool = False
    """Whether the daily TMDB schedules start switched on (aws mode: yes; local: switch them on in the UI)."""
    tmdb_exports_url: str = DEFAULT_EXPORTS_URL
    """Where TMDB publishes its daily id exports (TMDB_EXPORTS_BASE_URL); offline: the emulator's."""
    tmdb_requests_per_second: float = 40.0
    """The client-side rate cap for the real API (the emulator is not held to it)."""
    tmdb_concurrency: int = 8
    """Detail requests in flight at once."""
    tmdb_catalog_batch_size: int = 500
    """Ids fetched per stored batch of the catalog crawl: a killed crawl refetches at most one."""
    tmdb_catalog_range_size: int = 100_000
    """Ids per catalog partition (`0000000-0099999`)."""
    tmdb_include_adult: bool = False
    """Crawl the titles the export flags adult."""
    tmdb_sync_start: str = DEFAULT_TMDB_SYNC_START
    """The first day of the changes-feed partitions (YYYY-MM-DD)."""
    duckdb_memory_limit: str = "512MB"
    table_engine: str = "embedded"
    full_rebuild: bool = False
    """MOVIE_LAKE_FULL_REBUILD=1: the embedded engine rebuilds every refined table whole instead of
    only the rows a landing changed (the runs' resource config `table_sql: incremental: false` too)."""
    """What builds the refined tables from their SQL: `athena` (aws mode's default: Athena MERGEs
    into the Iceberg tables) or `embedded` (DuckDB in the run, reading the tables' files)."""
    """DuckDB's working memory in a refined step; beyond it DuckDB spills to disk."""
    ingest_workers: int = 2
    """Runs `movie-lake ingest` carries out at once, each in its own process (independent
    partitions of one plan: the movies and credits files of one landing, say)."""
    freshness_warn_hours: int = 26
    freshness_fail_hours: int = 50
    """Refined and analytics tables older than these are shown as late (warn) or overdue (fail)."""
    franchise_series_file: Path | None = None
    """JSON naming the series of each franchise (TMDB collection id → series ids); None: the
    packaged default for the demo (`sample/franchise_series.json`)."""
    franchise_focus_genres: tuple[str, ...] = DEFAULT_FOCUS_GENRES
    """The franchises the franchise analyses cover: those with a film or series of one of these genres..."""
    franchise_focus_names: tuple[str, ...] = ()
    """...or, when given, exactly the franchises of these names."""
    dashboard_url_prefix: str = "/"
    """Where the dashboard app is served (`/dashboard/` behind the deployment's load balancer)."""
    dashboard_version_seconds: float = 30.0
    """How long the dashboard trusts a table's listing before looking again whether it changed."""
    prices: Prices = field(default_factory=lambda: Prices())

    @property
    def catalog_location(self) -> str:
        """Where the table catalog is, for people."""
        if self.mode == "aws":
            return f"Glue databases {self.glue_database('trusted')}, {self.glue_database('refined')}, {self.glue_database('analytics')}"
        return str(self.local_root / "catalog.duckdb")

    def glue_database(self, layer: str) -> str:
        """The Glue database holding a lake layer's tables, e.g. `movie_lake_refined`."""
        return f"{self.glue_database_prefix}_{layer}"

    def catalog_table_name(self, layer: str, table: str) -> str:
        """A lake table's name for SQL tools: `refined.dim_movie` in the local catalog,
        `<glue database>.dim_movie` on Athena."""
        return f"{self.glue_database(layer) if self.mode == 'aws' else layer}.{table}"

    @property
    def lake_bucket(self) -> str:
        """The bucket holding the lake, or "" when the lake is the local folder."""
        return self.bucket if self.mode == "aws" else ""

    @property
    def storage_kind(self) -> str:
        """Where tables live, as a Dagster asset kind."""
        return "s3" if self.mode == "aws" else "duckdb"

    @property
    def query_engine_kind(self) -> str:
        return "athena" if self.mode == "aws" else "duckdb"

    @property
    def athena_output_uri(self) -> str:
        """Where Athena writes query results: beside the lake, not inside it."""
        folder = "/".join(part for part in ("athena-results", self.prefix) if part)
        return self.athena_output or f"s3://{self.bucket}/{folder}/"

    @property
    def landing_dead_letter_queue(self) -> str:
        return f"{self.landing_queue}-dlq" if self.landing_queue else ""

    def bucket_for(self, zone: str) -> str:
        return dict(self.zone_buckets).get(zone, self.bucket)

    @property
    def own_zone_buckets(self) -> dict[str, str]:
        """`ZONE_BUCKET_VARS` name → bucket, for the zone groups kept outside the lake bucket."""
        return {name: self.bucket_for(zones[0]) for name, zones in ZONE_BUCKET_VARS.items()
                if self.bucket_for(zones[0]) != self.bucket}

    @property
    def buckets(self) -> list[str]:
        """Every bucket the lake uses, the main one first."""
        return list(dict.fromkeys([self.bucket, *(bucket for _, bucket in self.zone_buckets)]))

    def zone_uri(self, key: str) -> str:
        """The URI of a lake key (`trusted/tmdb_movies`): in its zone's bucket on aws, under the folder locally."""
        if self.mode != "aws":
            return f"{self.local_root}/{key}"
        root = "/".join(part for part in (self.bucket_for(key.split("/", 1)[0]), self.prefix) if part)
        return f"s3://{root}/{key}"

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


TABLE_ENGINES = ("embedded", "athena")


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
        zone_buckets=_zone_buckets(env, bucket) if mode == "aws" else (),
        landing_queue=env.get("MOVIE_LAKE_LANDING_QUEUE", "").strip() if mode == "aws" else "",
        landing_listing_minutes=_positive_int(env, "MOVIE_LAKE_LANDING_LISTING_MINUTES", 60),
        sensor_interval_seconds=_positive_int(env, "MOVIE_LAKE_SENSOR_INTERVAL", 30),
        sensor_max_objects_per_tick=_positive_int(env, "MOVIE_LAKE_SENSOR_MAX_OBJECTS", 200),
        tmdb_api_base_url=env.get("TMDB_API_BASE_URL", "").strip().rstrip("/") or None,
        tmdb_credential_var=next((name for name in TMDB_CREDENTIAL_VARS if env.get(name, "").strip()), None),
        tmdb_offline=mode == "local" and not env.get("TMDB_API_BASE_URL", "").strip(),
        tmdb_start_month=_month(env, "MOVIE_LAKE_TMDB_START_MONTH", DEFAULT_TMDB_START_MONTH),
        tmdb_schedule_running=mode == "aws",
        tmdb_exports_url=env.get("TMDB_EXPORTS_BASE_URL", "").strip().rstrip("/") or DEFAULT_EXPORTS_URL,
        tmdb_requests_per_second=_positive_number(env, "MOVIE_LAKE_TMDB_RATE", 40.0),
        tmdb_concurrency=_positive_int(env, "MOVIE_LAKE_TMDB_CONCURRENCY", 8),
        tmdb_catalog_batch_size=_positive_int(env, "MOVIE_LAKE_TMDB_BATCH_SIZE", 500),
        tmdb_catalog_range_size=_positive_int(env, "MOVIE_LAKE_TMDB_ID_RANGE", 100_000),
        tmdb_include_adult=_flag(env, "MOVIE_LAKE_TMDB_INCLUDE_ADULT"),
        tmdb_sync_start=_day(env, "MOVIE_LAKE_TMDB_SYNC_START", DEFAULT_TMDB_SYNC_START),
        duckdb_memory_limit=env.get("MOVIE_LAKE_DUCKDB_MEMORY_LIMIT", "").strip() or "512MB",
        table_engine=_table_engine(env, mode),
        full_rebuild=_flag(env, "MOVIE_LAKE_FULL_REBUILD"),
        ingest_workers=_positive_int(env, "MOVIE_LAKE_INGEST_WORKERS", min(2, os.cpu_count() or 1)),
        freshness_warn_hours=_positive_int(env, "MOVIE_LAKE_FRESHNESS_WARN_HOURS", 26),
        freshness_fail_hours=_positive_int(env, "MOVIE_LAKE_FRESHNESS_FAIL_HOURS", 50),
        franchise_series_file=Path(env["MOVIE_LAKE_FRANCHISE_SERIES_FILE"]).absolute()
        if env.get("MOVIE_LAKE_FRANCHISE_SERIES_FILE", "").strip() else None,
        franchise_focus_genres=_names(env, "MOVIE_LAKE_FRANCHISE_FOCUS_GENRES") or DEFAULT_FOCUS_GENRES,
        franchise_focus_names=_names(env, "MOVIE_LAKE_FRANCHISE_FOCUS_NAMES"),
        dashboard_url_prefix=_url_prefix(env.get("MOVIE_LAKE_DASHBOARD_URL_PREFIX", "/")),
        dashboard_version_seconds=_positive_number(env, "MOVIE_LAKE_DASHBOARD_VERSION_SECONDS", 30.0),
        prices=Prices(**{name: _price(env, var, getattr(Prices, name)) for name, var in PRICE_VARS.items()}),
    )


def _table_engine(env, mode: str) -> str:
    engine = env.get("MOVIE_LAKE_TABLE_ENGINE", "").strip().lower() or ("athena" if mode == "aws" else "embedded")
    if engine not in TABLE_ENGINES or (engine == "athena" and mode != "aws"):
        raise ValueError(f"MOVIE_LAKE_TABLE_ENGINE={engine!r}: use embedded, or athena in aws mode")
    return engine


def _url_prefix(text: str) -> str:
    """`dashboard` → `/dashboard/`: Dash wants a leading and a trailing slash."""
    inner = text.strip().strip("/")
    return f"/{inner}/" if inner else "/"


def _names(env, name: str) -> tuple[str, ...]:
    """A comma-separated list; names with commas are not expected (TMDB genres and collections have none)."""
    return tuple(part.strip() for part in env.get(name, "").split(",") if part.strip())


def _price(env, name: str, default: float) -> float:
    text = env.get(name, "").strip()
    try:
        value = float(text) if text else default
    except ValueError:
        raise ValueError(f"{name}={text!r} must be a price in USD, e.g. 0.023") from None
    if value < 0:
        raise ValueError(f"{name}={text!r} must not be negative")
    return value


def _zone_buckets(env, bucket: str) -> tuple[tuple[str, str], ...]:
    pairs = []
    for name, zones in ZONE_BUCKET_VARS.items():
        zone_bucket = env.get(name, "").strip()
        if zone_bucket and zone_bucket != bucket:
            pairs += [(zone, zone_bucket) for zone in zones]
    return tuple(pairs)


def _month(env, name: str, default: str) -> str:
    text = env.get(name, "").strip() or default
    if not re.fullmatch(r"(18|19|20)\d\d-(0[1-9]|1[0-2])", text):
        raise ValueError(f"{name}={text!r} must be a month as YYYY-MM, e.g. 1990-01")
    return text


def _positive_number(env, name: str, default: float) -> float:
    text = env.get(name, "").strip()
    try:
        value = float(text) if text else default
    except ValueError:
        value = -1.0
    if value <= 0:
        raise ValueError(f"{name}={text!r} must be a positive number, e.g. 40")
    return value


def _flag(env, name: str) -> bool:
    text = env.get(name, "").strip().lower()
    if text not in ("", "0", "1", "true", "false", "yes", "no"):
        raise ValueError(f"{name}={text!r} must be true or false")
    return text in ("1", "true", "yes")


def _day(env, name: str, default: str) -> str:
    text = env.get(name, "").strip() or default
    try:
        date.fromisoformat(text)
    except ValueError:
        raise ValueError(f"{name}={text!r} must be a day as YYYY-MM-DD") from None
    return text


def _positive_int(env, name: str, default: int) -> int:
    text = env.get(name, "").strip()
    if not text:
        return default
    if not text.isdigit() or int(text) < 1:
        raise ValueError(f"{name}={text!r} must be a whole number of at least 1")
    return int(text)
