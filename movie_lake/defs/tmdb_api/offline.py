"""The TMDB resource per mode: the real API (credentials from env vars, by name), or an
offline flavour serving the bundled emulator, so local runs need no key and no network."""
from __future__ import annotations

from typing import Any, Optional

from dagster import EnvVar, InitResourceContext
from pydantic import Field, PrivateAttr

from movie_lake.lib.tmdb.emulator.server import DEFAULT_TOKEN, EmulatorHandle, start_emulator
from movie_lake.settings import Settings
from movie_lake.defs.tmdb_api.resource import DEFAULT_BASE_URL, TMDBClient, TMDBResource

CREDENTIAL_FIELDS = {"TMDB_API_TOKEN": "api_token", "TMDB_API_KEY": "api_key"}


class EmulatedTMDBResource(TMDBResource):
    """`TMDBResource` over the bundled TMDB emulator, started on 127.0.0.1 and a free port
    when a run (or, under the multiprocess executor, a step) starts, and stopped after it.
    The emulator's fixed, fake token stands in for credentials; `base_url` is ignored."""

    requests_per_second: float = Field(default=1000.0, description="Client-side rate cap: the emulator is local "
                                                                   "and is not TMDB, whose 40 requests/s it need not be held to.")
    _emulator: Optional[EmulatorHandle] = PrivateAttr(default=None)

    def setup_for_execution(self, context: InitResourceContext) -> None:
        self._emulator = start_emulator(token=DEFAULT_TOKEN)
        context.log.info(f"TMDB emulator (bundled sample, offline) serving at {self._emulator.base_url}")

    def teardown_after_execution(self, context: InitResourceContext) -> None:
        if self._emulator is not None:
            self._emulator.stop_in_background()
            self._emulator = None

    def get_client(self) -> TMDBClient:
        if self._emulator is None:
            raise RuntimeError("EmulatedTMDBResource serves its emulator only inside a Dagster run")
        return self.client_for(self._emulator.base_url, DEFAULT_TOKEN, None)

    def get_exports_url(self) -> str:
        if self._emulator is None:
            raise RuntimeError("EmulatedTMDBResource serves its emulator only inside a Dagster run")
        return self._emulator.exports_url


def tmdb_for(settings: Settings) -> TMDBResource:
    """Local mode without TMDB_API_BASE_URL: the emulator. Otherwise TMDB_API_BASE_URL (or
    TMDB's own address) with TMDB_API_TOKEN or TMDB_API_KEY passed as an `EnvVar`, so Dagster
    records the variable's name, never its value."""
    limits = {"max_concurrency": settings.tmdb_concurrency}
    if settings.tmdb_offline:
        return EmulatedTMDBResource(**limits)
    credential: dict[str, Any] = {}
    if settings.tmdb_credential_var:
        credential[CREDENTIAL_FIELDS[settings.tmdb_credential_var]] = EnvVar(settings.tmdb_credential_var)
    return TMDBResource(base_url=settings.tmdb_api_base_url or DEFAULT_BASE_URL, exports_url=settings.tmdb_exports_url,
                        requests_per_second=settings.tmdb_requests_per_second, **limits, **credential)
