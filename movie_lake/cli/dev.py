"""`make dev`: the Dagster UI and daemon (`dagster dev`) on a persistent DAGSTER_HOME, and the
dashboard app beside them.

`dagster dev` started from a non-interactive parent ignores SIGINT and SIGTERM (see
STACK_NOTES), so it is started in its own process group with default signal handlers, and
Ctrl-C (or SIGTERM) here is passed on to that whole group as SIGINT.
"""
from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from movie_lake.cli.instance import prepare_dagster_home
from movie_lake.settings import load_settings

WORKSPACE = Path(__file__).resolve().parents[2] / "workspace.yaml"
STOP_SECONDS = 30


def _own_group_default_signals() -> None:
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    os.setsid()


def start_dagster_dev(host: str, port: int, env: dict[str, str] | None = None, **popen) -> subprocess.Popen:
    dagster = Path(sys.executable).with_name("dagster")
    command = [str(dagster), "dev", "-w", str(WORKSPACE), "-h", host, "-p", str(port)]
    return subprocess.Popen(command, cwd=WORKSPACE.parent, env=env, preexec_fn=_own_group_default_signals, **popen)


def live_group_members(pgid: int) -> list[int]:
    """Processes of the group that are still running (zombies waiting to be reaped don't count)."""
    proc = Path("/proc")
    if not proc.is_dir():
        try:
            os.killpg(pgid, 0)
            return [pgid]
        except ProcessLookupError:
            return []
    members = []
    for stat in proc.glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[2]) == pgid and fields[0] != "Z":
            members.append(int(stat.parent.name))
    return members


def _group_alive(pgid: int) -> bool:
    return bool(live_group_members(pgid))


def stop_dagster_dev(process: subprocess.Popen, timeout: float = STOP_SECONDS) -> int:
    """SIGINT to the whole group (webserver, daemon, code server, runs), then wait until every
    member is gone; SIGKILL what is left after `timeout` seconds. Returns dagster dev's exit code."""
    deadline = time.monotonic() + timeout
    if _group_alive(process.pid):
        try:
            os.killpg(process.pid, signal.SIGINT)
        except ProcessLookupError:
            pass
    while time.monotonic() < deadline and (process.poll() is None or _group_alive(process.pid)):
        time.sleep(0.2)
    if _group_alive(process.pid):
        try:
            os.killpg(process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
    return process.wait()


def _interrupt(*_) -> None:
    """SIGTERM takes the Ctrl-C path (stopping from inside a handler would deadlock on the
    Popen.wait the main thread is in)."""
    raise KeyboardInterrupt


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m movie_lake.cli.dev", description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=3000)
    parser.add_argument("--dashboard-port", type=int, default=8050)
    args = parser.parse_args(argv)
    settings = load_settings()
    home = prepare_dagster_home(settings)
    print(f"lake: {settings.lake_uri} ({settings.mode} mode); dagster home: {home}")
    print(f"UI: http://{args.host}:{args.port}  (Ctrl-C stops the webserver, the daemon and their runs)")
    print(f"dashboard app: http://{args.host}:{args.dashboard_port}{settings.dashboard_url_prefix}")
    process = start_dagster_dev(args.host, args.port)
    dashboard = subprocess.Popen([sys.executable, "-m", "movie_lake.cli.main", "dashboard", "--host", args.host,
                                  "--port", str(args.dashboard_port)], preexec_fn=_own_group_default_signals)
    signal.signal(signal.SIGTERM, _interrupt)
    try:
        return process.wait()
    except KeyboardInterrupt:
        print("\nstopping dagster dev and the dashboard app …")
        return stop_dagster_dev(process)
    finally:
        stop_dagster_dev(dashboard, timeout=10)


if __name__ == "__main__":
    sys.exit(main())
