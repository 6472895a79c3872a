"""Start the TMDB emulator: in-process for tests and demos (``start_emulator``), or blocking (``serve``)."""

from __future__ import annotations

import logging
import threading
from datetime import date
from http.server import ThreadingHTTPServer
from pathlib import Path
from typing import Any, Iterable, Optional

from movie_lake.lib.tmdb.emulator.catalog import Catalog

from movie_lake.lib.tmdb.emulator.faults import Fault, FaultPlan, RateCap
from movie_lake.lib.tmdb.emulator.handler import EmulatorRequestHandler, EmulatorState, record_change
from movie_lake.lib.tmdb.emulator.traffic import TrafficStats, TrafficLog

logger = logging.getLogger("movie_lake.lib.tmdb.emulator")

DEFAULT_TOKEN = "movie-lake-emulator-token"
"""The emulator's default credential: a fake value, never a real TMDB token."""
DEFAULT_MAX_RESULTS = 10_000
SHUTDOWN_POLL_SECONDS = 0.05
"""How often the serving thread looks for a stop (`stop()` waits for it; see `stop_in_background`)."""


class EmulatorHTTPServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, address: tuple[str, int], state: EmulatorState) -> None:
        super().__init__(address, EmulatorRequestHandler)
        self.state = state

    def handle_error(self, request, client_address) -> None:  # type: ignore[no-untyped-def]
        logger.debug("emulator connection from %s ended with an error", client_address, exc_info=True)


class EmulatorHandle:
    """A running emulator. ``base_url`` ends in ``/3`` like TMDB's; use as a context manager or call ``stop()``."""

    def __init__(self, server: EmulatorHTTPServer, thread: threading.Thread) -> None:
        self._server, self._thread = server, thread
        self.state = server.state
        host, port = server.server_address[:2]
        self.host, self.port = str(host), int(port)
        self.root_url = f"http://{self.host}:{self.port}"
        self.base_url = f"{self.root_url}/3"
        self.exports_url = f"{self.root_url}/p/exports"

    @property
    def token(self) -> str:
        return self.state.token

    @property
    def catalog(self) -> Catalog:
        return self.state.catalog

    def add_fault(self, kind: str, count: int = 1, **options: object) -> None:
        """Queue a fault; options: ``path`` prefix, ``status``, ``retry_after``, ``seconds`` (see ``Fault``)."""
        self.state.faults.add(Fault(kind=kind, count=count, **options))  # type: ignore[arg-type]

    def clear_faults(self) -> None:
        self.state.faults.clear()

    def delete_ids(self, ids: Iterable[int]) -> None:
        self.state.faults.delete_ids(ids)

    def change(self, media: str, title_id: int, on: date, deleted: bool = False, **fields: Any) -> None:
        """Edit a title's fields (or delete it) and list it in the changes feed on day `on`."""
        record_change(self.state, media, title_id, on, fields, deleted)

    def hold(self, path: str = "/3/") -> None:
        self.state.faults.hold(path)

    def release(self) -> None:
        self.state.faults.release()

    def stats(self) -> TrafficStats:
        return self.state.traffic.snapshot()

    def reset_stats(self) -> None:
        self.state.traffic.reset()

    def stop(self) -> None:
        self.state.faults.release()
        self._server.shutdown()
        self._server.server_close()
        self._thread.join()

    def stop_in_background(self) -> None:
        """`stop()` without waiting for the serving thread to notice (up to SHUTDOWN_POLL_SECONDS):
        a run's teardown returns at once (waiting made each TMDB run ~30 ms longer, idle; polling
        more often cost more CPU than it saved)."""
        threading.Thread(target=self.stop, name="tmdb-emulator-stop", daemon=True).start()

    def __enter__(self) -> "EmulatorHandle":
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.stop()


def _build_server(
    host: str,
    port: int,
    token: str,
    max_results: int,
    sample_dir: Optional[Path],
    deleted_ids: Iterable[int],
    faults: Iterable[Fault],
    synthetic_movies: int = 0,
    rate_cap: Optional[float] = None,
) -> EmulatorHTTPServer:
    if not token:
        raise ValueError("the TMDB emulator needs a non-empty token")
    if max_results < 1:
        raise ValueError(f"the TMDB emulator's max_results must be at least 1, got {max_results}")
    state = EmulatorState(
        catalog=Catalog.synthetic(synthetic_movies, sample_dir) if synthetic_movies else Catalog.load(sample_dir),
        token=token,
        max_results=max_results,
        faults=FaultPlan(faults, deleted_ids),
        traffic=TrafficLog(),
        rate_cap=RateCap(rate_cap) if rate_cap else None,
    )
    return EmulatorHTTPServer((host, port), state)


def start_emulator(
    token: str = DEFAULT_TOKEN,
    *,
    host: str = "127.0.0.1",
    port: int = 0,
    max_results: int = DEFAULT_MAX_RESULTS,
    sample_dir: Optional[Path] = None,
    deleted_ids: Iterable[int] = (),
    faults: Iterable[Fault] = (),
    synthetic_movies: int = 0,
    rate_cap: Optional[float] = None,
) -> EmulatorHandle:
    """Serve the emulator from a background thread; port 0 picks a free port. `synthetic_movies`:
    serve ids 1..N made from the sample instead of the sample itself; `rate_cap`: answer 429
    above that many requests a second, like TMDB."""
    server = _build_server(host, port, token, max_results, sample_dir, deleted_ids, faults, synthetic_movies, rate_cap)
    thread = threading.Thread(
        target=server.serve_forever, kwargs={"poll_interval": SHUTDOWN_POLL_SECONDS}, name="tmdb-emulator", daemon=True
    )
    thread.start()
    return EmulatorHandle(server, thread)


def serve(
    host: str = "127.0.0.1",
    port: int = 0,
    token: str = DEFAULT_TOKEN,
    *,
    max_results: int = DEFAULT_MAX_RESULTS,
    sample_dir: Optional[Path] = None,
    deleted_ids: Iterable[int] = (),
    url_file: Optional[Path] = None,
    synthetic_movies: int = 0,
    rate_cap: Optional[float] = None,
) -> None:
    """Serve in the foreground until interrupted; prints the base URL and writes it to ``url_file`` if given."""
    server = _build_server(host, port, token, max_results, sample_dir, deleted_ids, (), synthetic_movies, rate_cap)
    bound_host, bound_port = server.server_address[:2]
    base_url = f"http://{bound_host}:{bound_port}/3"
    if url_file is not None:
        Path(url_file).write_text(base_url + "\n", encoding="utf-8")
    print(f"TMDB emulator serving {len(server.state.catalog.movies)} movies at {base_url}, id exports at "
          f"http://{bound_host}:{bound_port}/p/exports", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
