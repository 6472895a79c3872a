"""GET requests to TMDB with auth, timeouts, a rate cap, retries and redacted errors.

Retries are a small loop here rather than urllib3's ``Retry`` because every attempt
must pass through the client-side rate cap and be counted for run metadata, a
``Retry-After`` must be capped, and urllib3's retry errors and debug logs carry the
full URL, which holds the key when ``api_key`` auth is used. For the same reason a
filter on urllib3's connection-pool logger redacts ``api_key=`` values.
"""

from __future__ import annotations

import logging
import random
import time
from dataclasses import dataclass
from email.utils import parsedate_to_datetime
from typing import Any, Callable, Optional

import requests
from requests.adapters import HTTPAdapter

from movie_lake.lib.tmdb.rate_limit import TokenBucket
from movie_lake.lib.tmdb.errors import (
    TMDBAuthError,
    TMDBConfigError,
    TMDBRequestError,
    redact,
)
from movie_lake.lib.tmdb.stats import TMDBStats

logger = logging.getLogger("movie_lake.tmdb")

RETRYABLE_STATUSES = frozenset({429, 500, 502, 503, 504})
RETRYABLE_EXCEPTIONS = (requests.ConnectionError, requests.Timeout, requests.exceptions.ChunkedEncodingError)


@dataclass(frozen=True)
class RetryPolicy:
    max_retries: int = 5
    backoff_base_seconds: float = 0.5
    backoff_max_seconds: float = 30.0
    retry_after_max_seconds: float = 60.0

    def __post_init__(self) -> None:
        if self.max_retries < 0:
            raise TMDBConfigError(f"max_retries must not be negative, got {self.max_retries}")
        if self.backoff_base_seconds < 0 or self.backoff_max_seconds < 0:
            raise TMDBConfigError("backoff seconds must not be negative")

    def delay(self, retry_number: int, retry_after: Optional[float], rng: random.Random) -> float:
        """Exponential backoff with jitter (between half and all of the step); never less than Retry-After."""
        step = min(self.backoff_max_seconds, self.backoff_base_seconds * 2 ** (retry_number - 1))
        jittered = step / 2 + rng.uniform(0, step / 2)
        if retry_after is None:
            return jittered
        return min(self.retry_after_max_seconds, max(retry_after, jittered))


def parse_retry_after(value: Optional[str]) -> Optional[float]:
    """Seconds from a ``Retry-After`` header (delta seconds or an HTTP date); None if absent or unreadable."""
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        return max(0.0, parsedate_to_datetime(value).timestamp() - time.time())
    except (TypeError, ValueError):
        return None


def tmdb_error_fields(response: requests.Response) -> tuple[Optional[int], Optional[str]]:
    try:
        body = response.json()
    except ValueError:
        return None, None
    if not isinstance(body, dict):
        return None, None
    return body.get("status_code"), body.get("status_message")


class _RedactApiKeys(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        cleaned = redact(message)
        if cleaned != message:
            record.msg, record.args = cleaned, ()
        return True


def _install_urllib3_redaction() -> None:
    pool_logger = logging.getLogger("urllib3.connectionpool")
    if not any(isinstance(f, _RedactApiKeys) for f in pool_logger.filters):
        pool_logger.addFilter(_RedactApiKeys())


class TMDBHttp:
    def __init__(
        self,
        base_url: str,
        *,
        api_token: Optional[str],
        api_key: Optional[str],
        timeout_seconds: float,
        retry: RetryPolicy,
        limiter: TokenBucket,
        pool_size: int,
        stats: TMDBStats,
        sleep: Callable[[float], None] = time.sleep,
        rng: Optional[random.Random] = None,
    ) -> None:
        if not base_url.startswith(("http://", "https://")):
            raise TMDBConfigError(f"TMDB base_url must start with http:// or https://, got {redact(base_url)!r}")
        if not (api_token or api_key):
            raise TMDBConfigError("TMDB credentials are missing: set api_token (TMDB_API_TOKEN) or api_key (TMDB_API_KEY)")
        if timeout_seconds <= 0:
            raise TMDBConfigError(f"timeout_seconds must be positive, got {timeout_seconds}")
        self.base_url = base_url.rstrip("/")
        self._api_key = None if api_token else api_key
        self._secrets = (api_token, api_key)
        self._timeout = timeout_seconds
        self._retry = retry
        self._limiter = limiter
        self._stats = stats
        self._sleep = sleep
        self._rng = rng or random.Random()
        self._session = requests.Session()
        adapter = HTTPAdapter(pool_connections=1, pool_maxsize=max(1, pool_size), max_retries=0)
        self._session.mount("http://", adapter)
        self._session.mount("https://", adapter)
        self._session.headers.update({"Accept": "application/json", "User-Agent": "movie-lake"})
        self._public = requests.Session()
        """For TMDB's public files: credentials never go to that host."""
        for scheme in ("http://", "https://"):
            self._public.mount(scheme, HTTPAdapter(pool_connections=1, pool_maxsize=1, max_retries=0))
        if api_token:
            self._session.headers["Authorization"] = f"Bearer {api_token}"
        else:
            _install_urllib3_redaction()

    def close(self) -> None:
        self._session.close()
        self._public.close()

    def _describe(self, path: str, params: dict[str, Any]) -> str:
        shown = " ".join(f"{k}={v}" for k, v in params.items())
        return redact(f"GET {path}" + (f" ({shown})" if shown else ""), self._secrets)

    def get_json(self, path: str, params: Optional[dict[str, Any]] = None, *, allow_404: bool = False) -> Any:
        """The decoded JSON body of ``GET base_url + path``; None for a 404 when ``allow_404``."""
        params = dict(params or {})
        query = {**params, "api_key": self._api_key} if self._api_key else params
        what = self._describe(path, params)
        response = self._request(self._session, self.base_url + path, query, what, allow_404)
        return None if response is None else self._decode(response, what)

    def get_public_bytes(self, url: str) -> Optional[bytes]:
        """The body of a public file (TMDB's daily exports), fetched without credentials, with the
        same rate cap and retries; None for a 404 (that day's file is not published)."""
        if not url.startswith(("http://", "https://")):
            raise TMDBConfigError(f"a TMDB file address must start with http:// or https://, got {url!r}")
        response = self._request(self._public, url, {}, f"GET {url}", allow_404=True)
        return None if response is None else response.content

    def _request(self, session: requests.Session, url: str, query: dict[str, Any], what: str,
                 allow_404: bool) -> Optional[requests.Response]:
        attempts = self._retry.max_retries + 1
        for attempt in range(1, attempts + 1):
            self._stats.add(requests=1, throttle_seconds=self._limiter.acquire())
            response, failure, retryable = self._send(session, url, query)
            if response is None and not retryable:
                raise TMDBRequestError(f"{what} failed: {failure}")
            if response is None:
                self._stats.add(connection_errors=1)
                self._retry_or_raise(what, attempt, attempts, f"{failure} (connection failed, dropped or timed out)", None)
                continue
            status = response.status_code
            if status == 200:
                return response
            code, message = tmdb_error_fields(response)
            problem = redact(f"HTTP {status}" + (f" (TMDB status {code}: {message})" if code else ""), self._secrets)
            if status == 401:
                raise TMDBAuthError(
                    f"TMDB rejected the credentials: {what} got {problem}",
                    http_status=status, tmdb_status_code=code, tmdb_status_message=message,
                )
            if status == 404 and allow_404:
                return None
            if status not in RETRYABLE_STATUSES:
                raise TMDBRequestError(
                    f"{what} failed: {problem}", http_status=status, tmdb_status_code=code, tmdb_status_message=message
                )
            self._stats.add(rate_limited=int(status == 429), server_errors=int(status >= 500))
            retry_after = parse_retry_after(response.headers.get("Retry-After"))
            self._retry_or_raise(what, attempt, attempts, problem, retry_after, status, code, message)
        raise AssertionError("unreachable: the retry loop returns or raises")

    def _send(self, session: requests.Session, url: str, query: dict[str, Any]) -> tuple[Optional[requests.Response], str, bool]:
        """``(response, "", True)``, or ``(None, exception type name, whether a retry can help)``.

        The exception's own text holds the URL (and so an ``api_key``): it stays here, and
        nothing is raised while it is being handled, which would chain it into tracebacks.
        """
        try:
            return session.get(url, params=query, timeout=self._timeout), "", True
        except RETRYABLE_EXCEPTIONS as exc:
            return None, type(exc).__name__, True
        except requests.RequestException as exc:
            return None, type(exc).__name__, False

    def _retry_or_raise(
        self,
        what: str,
        attempt: int,
        attempts: int,
        problem: str,
        retry_after: Optional[float],
        status: Optional[int] = None,
        code: Optional[int] = None,
        message: Optional[str] = None,
    ) -> None:
        if attempt >= attempts:
            raise TMDBRequestError(
                f"{what} failed after {attempts} attempts; last: {problem}",
                http_status=status, tmdb_status_code=code, tmdb_status_message=message,
            )
        delay = self._retry.delay(attempt, retry_after, self._rng)
        logger.warning("%s: %s; retry %d of %d in %.2f s", what, problem, attempt, attempts - 1, delay)
        self._stats.add(retries=1, backoff_seconds=delay)
        self._sleep(delay)

    def _decode(self, response: requests.Response, what: str) -> Any:
        try:
            return response.json()
        except ValueError:
            raise TMDBRequestError(f"{what}: TMDB answered 200 with a body that is not JSON", http_status=200) from None
