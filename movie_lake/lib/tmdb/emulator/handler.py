"""HTTP handling for the emulator: TMDB's ``/3/...`` routes and the ``/__emulator__/...`` control routes."""

from __future__ import annotations

import json
import logging
import re
import time
from dataclasses import dataclass, field
from datetime import date
from http.server import BaseHTTPRequestHandler
from typing import Any, Optional
from urllib.parse import parse_qs, urlsplit

from movie_lake.lib.tmdb.emulator import payloads
from movie_lake.lib.tmdb.emulator.catalog import Catalog, UnknownSortError, max_pages, page_of
from movie_lake.lib.tmdb.emulator.changes import CHANGES_MAX_DAYS, Change, ChangeLog, changes_page, export_file, export_media
from movie_lake.lib.tmdb.emulator.faults import Fault, FaultPlan, FaultSpecError, RateCap
from movie_lake.lib.tmdb.emulator.traffic import TrafficLog

logger = logging.getLogger("movie_lake.lib.tmdb.emulator")

CONTROL_PREFIX = "/__emulator__/"
API_PREFIX = "/3/"
MOVIE_PATH = re.compile(r"^/3/movie/(\d+)$")
TV_PATH = re.compile(r"^/3/tv/(\d+)$")
CHANGES_PATH = re.compile(r"^/3/(movie|tv)/changes$")
EXPORTS_PREFIX = "/p/exports/"
API_KEY_IN_TEXT = re.compile(r"(api_key=)[^&\s\"']+")
DROPPED = 0


@dataclass
class EmulatorState:
    catalog: Catalog
    token: str
    max_results: int
    faults: FaultPlan
    traffic: TrafficLog
    changes: ChangeLog = field(default_factory=ChangeLog)
    rate_cap: Optional[RateCap] = None


class Reply(Exception):
    """Raised inside a route to answer at once with a TMDB error body."""

    def __init__(self, status: int, body: dict[str, Any], headers: Optional[dict[str, str]] = None) -> None:
        super().__init__(status)
        self.status, self.body, self.headers = status, body, headers or {}


class EmulatorRequestHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "movie-lake-tmdb-emulator"
    disable_nagle_algorithm = True
    """Headers and body leave in two writes; with Nagle's algorithm the body waits for the
    client's delayed ACK of the headers, 40 ms per request on a kept-alive connection."""

    @property
    def state(self) -> EmulatorState:
        return self.server.state  # type: ignore[attr-defined]

    def log_message(self, format: str, *args: Any) -> None:
        logger.debug(API_KEY_IN_TEXT.sub(r"\1***", format % args))

    def do_GET(self) -> None:
        path = urlsplit(self.path).path
        if path.startswith(CONTROL_PREFIX):
            self._control("GET", path)
        elif path.startswith(API_PREFIX):
            self._api(path)
        elif path.startswith(EXPORTS_PREFIX):
            self._export(path)
        else:
            self._send(404, payloads.error_body(payloads.NOT_FOUND))

    def do_POST(self) -> None:
        self._control("POST", urlsplit(self.path).path)

    def do_DELETE(self) -> None:
        self._control("DELETE", urlsplit(self.path).path)

    def _send(self, status: int, body: Any, headers: Optional[dict[str, str]] = None, record=None) -> int:
        data = json.dumps(body).encode("utf-8")
        if record is not None:
            record(status)
        self.send_response(status)
        self.send_header("Content-Type", "application/json;charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(data)
        return status

    def _params(self) -> dict[str, str]:
        return {k: v[-1] for k, v in parse_qs(urlsplit(self.path).query).items()}

    def _api(self, path: str) -> None:
        started_at = self.state.traffic.enter()
        recorded: list[int] = []

        def record(status: int) -> None:
            recorded.append(status)
            self.state.traffic.record(path, status, started_at)

        try:
            self.state.faults.wait_if_held(path)
            fault = self.state.faults.take(path)
            if fault is not None and fault.kind == "drop":
                self.close_connection = True
                return
            if fault is not None and fault.kind == "slow":
                time.sleep(fault.seconds)
            try:
                if fault is not None and fault.kind in ("rate_limit", "server_error"):
                    raise fault_reply(fault)
                if self.state.rate_cap is not None and not self.state.rate_cap.admit():
                    raise Reply(429, payloads.error_body(payloads.RATE_LIMITED), {"Retry-After": "1"})
                self._check_token()
                self._send(200, self._route(path), record=record)
            except Reply as reply:
                self._send(reply.status, reply.body, reply.headers, record=record)
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True
        finally:
            if not recorded:
                record(DROPPED)
            self.state.traffic.leave()

    def _check_token(self) -> None:
        bearer = self.headers.get("Authorization", "")
        if bearer == f"Bearer {self.state.token}" or self._params().get("api_key") == self.state.token:
            return
        raise Reply(401, payloads.error_body(payloads.INVALID_API_KEY))

    def _route(self, path: str) -> Any:
        if path == "/3/discover/movie":
            return self._discover(self.state.catalog.discover, "primary_release_date")
        if path == "/3/genre/movie/list":
            return self.state.catalog.genres
        if path == "/3/discover/tv":
            return self._discover(self.state.catalog.discover_tv, "first_air_date")
        if path == "/3/genre/tv/list":
            return self.state.catalog.tv_genres
        if path == "/3/configuration":
            return payloads.configuration()
        match = CHANGES_PATH.match(path)
        if match:
            return self._changes(match.group(1))
        match = MOVIE_PATH.match(path)
        if match:
            return self._details(int(match.group(1)), self.state.catalog.details)
        match = TV_PATH.match(path)
        if match:
            return self._details(int(match.group(1)), self.state.catalog.tv_details)
        raise Reply(404, payloads.error_body(payloads.NOT_FOUND))

    def _discover(self, discover, date_field: str) -> dict[str, Any]:
        params = self._params()
        gte = _date_param(params, f"{date_field}.gte")
        lte = _date_param(params, f"{date_field}.lte")
        page_text = params.get("page", "1")
        limit = max_pages(self.state.max_results)
        if not page_text.isdigit() or not 1 <= int(page_text) <= limit:
            raise Reply(400, payloads.error_body(payloads.INVALID_PAGE))
        try:
            results = discover(gte, lte, params.get("sort_by", "popularity.desc"))
        except UnknownSortError as exc:
            raise Reply(422, payloads.error_body(payloads.INVALID_INPUT, f"Invalid parameters: {exc}")) from None
        return page_of(results, int(page_text), self.state.max_results)

    def _changes(self, media: str) -> dict[str, Any]:
        params = self._params()
        start, end = _date_param(params, "start_date"), _date_param(params, "end_date")
        end = end or date.today()
        start = start or end
        if start > end or (end - start).days > CHANGES_MAX_DAYS:
            message = f"Invalid date range: Should be a range no longer than {CHANGES_MAX_DAYS} days."
            raise Reply(422, payloads.error_body(payloads.INVALID_INPUT, message))
        page_text = params.get("page", "1")
        if not page_text.isdigit() or int(page_text) < 1:
            raise Reply(400, payloads.error_body(payloads.INVALID_PAGE))
        return changes_page(self.state.changes.changed_ids(media, start, end), int(page_text))

    def _export(self, path: str) -> None:
        """The daily id export: public like TMDB's files host (no token), with the API's faults."""
        started_at = self.state.traffic.enter()
        status = DROPPED
        try:
            fault = self.state.faults.take(path)
            found = export_media(path)
            if fault is not None and fault.kind in ("rate_limit", "server_error"):
                status = self._send(fault_reply(fault).status, {})
            elif found is None:
                status = self._send(404, payloads.error_body(payloads.NOT_FOUND))
            else:
                data = export_file(self.state.catalog, found[0])
                status = 200
                self.send_response(200)
                self.send_header("Content-Type", "application/gzip")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True
        finally:
            self.state.traffic.record(path, status, started_at)
            self.state.traffic.leave()

    def _details(self, title_id: int, details) -> dict[str, Any]:
        append = set(filter(None, self._params().get("append_to_response", "").split(",")))
        found = None if self.state.faults.is_deleted(title_id) else details(title_id, append)
        if found is None:
            raise Reply(404, payloads.error_body(payloads.NOT_FOUND))
        return found

    def _control(self, method: str, path: str) -> None:
        try:
            self._send(200, self._control_route(method, path[len(CONTROL_PREFIX) :]))
        except (FaultSpecError, ValueError, KeyError, TypeError) as exc:
            self._send(400, {"error": f"bad control request {method} {path}: {exc}"})

    def _control_route(self, method: str, name: str) -> dict[str, Any]:
        faults, traffic = self.state.faults, self.state.traffic
        if (method, name) == ("GET", "stats"):
            return traffic.snapshot().to_json()
        if (method, name) == ("POST", "reset"):
            traffic.reset()
        elif (method, name) == ("POST", "faults"):
            body = self._json_body()
            for spec in body if isinstance(body, list) else [body]:
                faults.add(Fault.from_json(spec))
        elif (method, name) == ("DELETE", "faults"):
            faults.clear()
        elif (method, name) == ("POST", "deleted"):
            faults.delete_ids(self._json_body()["ids"])
        elif (method, name) == ("POST", "changes"):
            body = self._json_body()
            for spec in body if isinstance(body, list) else [body]:
                record_change(self.state, spec["media"], int(spec["id"]), date.fromisoformat(spec["date"]),
                              spec.get("fields") or {}, bool(spec.get("deleted")))
        elif (method, name) == ("POST", "hold"):
            faults.hold(self._json_body().get("path", API_PREFIX))
        elif (method, name) == ("POST", "release"):
            faults.release()
        else:
            raise KeyError(f"no control route {method} {CONTROL_PREFIX}{name}")
        return {"ok": True, "pending_faults": len(faults.pending())}

    def _json_body(self) -> Any:
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b"{}"
        try:
            return json.loads(raw)
        except json.JSONDecodeError as exc:
            raise ValueError(f"body is not JSON: {exc}") from None


def fault_reply(fault: Fault) -> Reply:
    if fault.kind == "rate_limit":
        return Reply(429, payloads.error_body(payloads.RATE_LIMITED), {"Retry-After": fault.retry_after})
    error = payloads.SERVER_ERRORS_BY_STATUS[fault.status]
    return Reply(fault.status, payloads.error_body(error))


def _date_param(params: dict[str, str], name: str) -> Optional[date]:
    if name not in params:
        return None
    try:
        return date.fromisoformat(params[name])
    except ValueError:
        message = f"Invalid parameters: {name} must be a date as YYYY-MM-DD"
        raise Reply(422, payloads.error_body(payloads.INVALID_INPUT, message)) from None


def record_change(state: EmulatorState, media: str, title_id: int, on: date, fields: dict[str, Any], deleted: bool) -> None:
    """Edit (or delete) a title and list it in the changes feed under `on`."""
    if media not in ("movie", "tv"):
        raise ValueError(f"media must be movie or tv, got {media!r}")
    state.changes.record(state.catalog, Change(media, title_id, on, deleted), fields)
    if deleted:
        state.faults.delete_ids([title_id])
