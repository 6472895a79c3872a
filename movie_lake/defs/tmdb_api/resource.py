"""The TMDB API as a Dagster resource; the HTTP work is in ``TMDBClient``, which this builds."""

from __future__ import annotations

from typing import Any, Optional

from dagster import ConfigurableResource
from pydantic import Field

from movie_lake.lib.tmdb.client import (
    DEFAULT_BASE_URL,
    DEFAULT_EXPORTS_URL,
    TMDB_DISCOVER_MAX_RESULTS,
    MovieDetailsBatch,
    TMDBClient,
)
from movie_lake.lib.tmdb.errors import (
    REDACTED,
    TMDBAuthError,
    TMDBConfigError,
    TMDBDiscoverCapError,
    TMDBError,
    TMDBRequestError,
)
from movie_lake.lib.tmdb.http import RetryPolicy
from movie_lake.lib.tmdb.stats import TMDBStatsSnapshot

__all__ = [
    "DEFAULT_BASE_URL",
    "MovieDetailsBatch",
    "TMDBAuthError",
    "TMDBClient",
    "TMDBConfigError",
    "TMDBDiscoverCapError",
    "TMDBError",
    "TMDBRequestError",
    "TMDBResource",
    "TMDBStatsSnapshot",
]

SECRET_FIELDS = ("api_token", "api_key")


class TMDBResource(ConfigurableResource):
    """TMDB API v3 access. Give credentials with ``EnvVar`` so Dagster shows the variable, not the value.

    Use ``with tmdb.get_client() as client: ...``; each client has its own session and stats.
    """

    base_url: str = Field(default=DEFAULT_BASE_URL, description="TMDB API root, e.g. TMDB_API_BASE_URL.")
    api_token: Optional[str] = Field(
        default=None, description="API read access token, sent as 'Authorization: Bearer' (preferred)."
    )
    api_key: Optional[str] = Field(default=None, description="v3 API key, sent as the api_key query parameter.")
    timeout_seconds: float = Field(default=10.0, description="Connect and read timeout of every request.")
    max_retries: int = Field(default=5, description="Retries on 429, 5xx and connection errors.")
    backoff_base_seconds: float = Field(default=0.5, description="First retry delay; doubles each retry.")
    backoff_max_seconds: float = Field(default=30.0, description="Longest backoff delay.")
    retry_after_max_seconds: float = Field(default=60.0, description="Longest wait honoured from Retry-After.")
    requests_per_second: float = Field(default=40.0, description="Client-side rate cap.")
    max_concurrency: int = Field(default=4, description="Detail requests in flight at once.")
    exports_url: str = Field(default=DEFAULT_EXPORTS_URL, description="Where TMDB publishes its daily id exports.")
    discover_max_results: int = Field(
        default=TMDB_DISCOVER_MAX_RESULTS, description="Results one discover query can reach; larger windows are split."
    )

    def __repr_args__(self) -> Any:
        for name, value in super().__repr_args__():
            yield name, (REDACTED if name in SECRET_FIELDS and value else value)

    def get_client(self) -> TMDBClient:
        return self.client_for(self.base_url, self.api_token, self.api_key)

    def get_exports_url(self) -> str:
        return self.exports_url

    def client_for(self, base_url: str, api_token: Optional[str], api_key: Optional[str]) -> TMDBClient:
        """A client with this resource's limits for the given address and credential."""
        return TMDBClient(
            base_url,
            api_token=api_token,
            api_key=api_key,
            timeout_seconds=self.timeout_seconds,
            retry=RetryPolicy(
                max_retries=self.max_retries,
                backoff_base_seconds=self.backoff_base_seconds,
                backoff_max_seconds=self.backoff_max_seconds,
                retry_after_max_seconds=self.retry_after_max_seconds,
            ),
            requests_per_second=self.requests_per_second,
            max_concurrency=self.max_concurrency,
            discover_max_results=self.discover_max_results,
        )
