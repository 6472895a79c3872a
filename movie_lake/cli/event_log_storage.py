"""The local instance's event log: Dagster's consolidated SQLite storage (one database for
every run's events) with the per-event costs taken out.

Dagster's class builds a new SQLAlchemy engine and opens a new connection for every event,
and commits with SQLite's default `synchronous=FULL`: an fsync per event. A Dagster event
costs 10-20 ms that way; the demo writes about 5,000 of them. Here each process keeps one
engine (per database file; a forked child builds its own), and connections commit with
`synchronous=NORMAL`, which in WAL mode (Dagster creates the database in WAL mode) keeps
the database consistent through a crash or kill and can lose only the last commits on a
power cut. That is run history on a laptop; the aws instance uses PostgreSQL.

With connections kept open, SQLite rarely checkpoints, so new events are written to the
`-wal` file and the database file itself seldom changes: the webserver's live run logs
(`watch`) follow both files, where Dagster's watches the database file alone.
"""
from __future__ import annotations

from contextlib import contextmanager

from dagster._core.storage.event_log import ConsolidatedSqliteEventLogStorage
from dagster._core.storage.sql import create_engine
from dagster._core.storage.sqlite import SQLITE_BUSY_TIMEOUT_SECONDS
from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.pool import QueuePool
from watchdog.events import PatternMatchingEventHandler
from watchdog.observers import Observer

from movie_lake.lib.process_local import process_local

def _commit_without_fsync(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def shared_engine(conn_string: str) -> Engine:
    """This process's engine for the database, keeping its connections open between uses."""
    return process_local(("event log engine", conn_string), lambda: _engine(conn_string))


def _engine(conn_string: str) -> Engine:
    engine = create_engine(conn_string, poolclass=QueuePool, pool_size=4, max_overflow=8,
                           connect_args={"timeout": SQLITE_BUSY_TIMEOUT_SECONDS, "check_same_thread": False})
    event.listen(engine, "connect", _commit_without_fsync)
    return engine


class LocalEventLogStorage(ConsolidatedSqliteEventLogStorage):
    @contextmanager
    def _connect(self):
        with shared_engine(self._conn_string).connect() as conn:
            with conn.begin():
                yield conn

    def has_table(self, table_name: str) -> bool:
        """Asked for every asset check event; a table once there stays (migrations add them)."""
        found = self.__dict__.setdefault("_tables_found", set())
        if table_name not in found:
            engine = shared_engine(self._conn_string)
            with engine.connect() as conn:
                if engine.dialect.has_table(conn, table_name):
                    found.add(table_name)
        return table_name in found

    def watch(self, run_id, cursor, callback):
        if not self._obs:
            self._obs = Observer()
            self._obs.start()
            self._obs.schedule(_DatabaseOrLogWatchdog(self), self._base_dir, recursive=True)
        self._watchers[run_id][callback] = cursor


class _DatabaseOrLogWatchdog(PatternMatchingEventHandler):
    def __init__(self, storage: LocalEventLogStorage):
        self.storage = storage
        database = storage.get_db_path()
        super().__init__(patterns=[database, f"{database}-wal"])

    def on_modified(self, event):
        self.storage.on_modified()
