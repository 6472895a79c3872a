"""Response bodies that TMDB returns for errors, and its static ``/configuration``."""

from __future__ import annotations

from typing import Any

INVALID_API_KEY = (7, "Invalid API key: You must be granted a valid key.")
NOT_FOUND = (34, "The resource you requested could not be found.")
INVALID_PAGE = (22, "Invalid page: Pages start at 1 and max at 500. They are expected to be an integer.")
INVALID_INPUT = (47, "The input is not valid.")
RATE_LIMITED = (25, "Your request count (#) is over the allowed limit of (40).")
INTERNAL_ERROR = (11, "Internal error: Something went wrong, contact TMDb.")
SERVICE_OFFLINE = (9, "Service offline: This service is temporarily offline, try again later.")
BACKEND_TIMEOUT = (24, "Your request to the backend server timed out. Try again.")

SERVER_ERRORS_BY_STATUS = {500: INTERNAL_ERROR, 502: INTERNAL_ERROR, 503: SERVICE_OFFLINE, 504: BACKEND_TIMEOUT}


def error_body(error: tuple[int, str], message: str | None = None) -> dict[str, Any]:
    status_code, status_message = error
    return {"status_code": status_code, "status_message": message or status_message, "success": False}


def configuration() -> dict[str, Any]:
    return {
        "change_keys": ["adult", "budget", "credits", "genres", "imdb_id", "keywords", "release_dates", "title"],
        "images": {
            "base_url": "http://image.tmdb.org/t/p/",
            "secure_base_url": "https://image.tmdb.org/t/p/",
            "backdrop_sizes": ["w300", "w780", "w1280", "original"],
            "logo_sizes": ["w45", "w92", "w154", "w185", "w300", "w500", "original"],
            "poster_sizes": ["w92", "w154", "w185", "w342", "w500", "w780", "original"],
            "profile_sizes": ["w45", "w185", "h632", "original"],
            "still_sizes": ["w92", "w185", "w300", "original"],
        },
    }
