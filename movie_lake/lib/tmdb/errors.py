"""Errors raised by the TMDB client, and the redaction every message goes through."""

from __future__ import annotations

import re
from typing import Iterable, Optional

REDACTED = "***"
_API_KEY_PARAM = re.compile(r"(api_key=)[^&\s\"',)]+", re.IGNORECASE)
_BEARER = re.compile(r"(Bearer\s+)[^\s\"',)]+", re.IGNORECASE)


def redact(text: str, secrets: Iterable[Optional[str]] = ()) -> str:
    """``text`` with every given secret, any ``api_key=...`` value and any Bearer token replaced by ``***``."""
    for secret in secrets:
        if secret:
            text = text.replace(secret, REDACTED)
    text = _API_KEY_PARAM.sub(r"\1" + REDACTED, text)
    return _BEARER.sub(r"\1" + REDACTED, text)


class TMDBConfigError(ValueError):
    """The TMDB client was configured with missing or invalid values."""


class TMDBError(RuntimeError):
    """A TMDB request failed; carries the HTTP status and TMDB's own ``status_code``/``status_message``."""

    def __init__(
        self,
        message: str,
        *,
        http_status: Optional[int] = None,
        tmdb_status_code: Optional[int] = None,
        tmdb_status_message: Optional[str] = None,
    ) -> None:
        super().__init__(message)
        self.http_status = http_status
        self.tmdb_status_code = tmdb_status_code
        self.tmdb_status_message = tmdb_status_message


class TMDBAuthError(TMDBError):
    """TMDB answered 401: the token or key is wrong, revoked or missing. Retrying cannot help."""


class TMDBRequestError(TMDBError):
    """A request got an unexpected answer, or still failed after every retry."""


class TMDBDiscoverCapError(TMDBError):
    """A single day holds more discover results than TMDB lets one query page through."""
