"""The local instance's event log (movie_lake/cli/event_log_storage.py) on a real SQLite
database: events written by another process reach a watcher (the webserver's live run
logs) although connections stay open and SQLite seldom checkpoints, and a forked child
writes beside its parent."""
from __future__ import annotations

import multiprocessing
import threading

from dagster import DagsterEvent, DagsterEventType, EventLogEntry
from dagster._core.events import EngineEventData

from movie_lake.cli.event_log_storage import LocalEventLogStorage


def engine_event(run_id: str, message: str) -> EventLogEntry:
    event = DagsterEvent(DagsterEventType.ENGINE_EVENT.value, "job", message=message, event_specific_data=EngineEventData())
    return EventLogEntry(error_info=None, level="INFO", user_message=message, run_id=run_id, timestamp=1.0,
                         dagster_event=event, job_name="job")


def _store_in_child(base_dir: str, run_id: str, count: int) -> None:
    storage = LocalEventLogStorage(base_dir)
    for i in range(count):
        storage.store_event(engine_event(run_id, f"child {i}"))


def test_a_watcher_sees_every_event_another_process_writes(tmp_path):
    storage = LocalEventLogStorage(str(tmp_path))
    storage.store_event(engine_event("run-a", "before the fork"))  # the parent holds an open connection
    seen: list[str] = []
    all_seen = threading.Event()

    def callback(entry, _cursor):
        seen.append(entry.user_message)
        if len(seen) == 5:
            all_seen.set()

    storage.watch("run-b", None, callback)
    try:
        child = multiprocessing.get_context("fork").Process(target=_store_in_child, args=(str(tmp_path), "run-b", 5))
        child.start()
        child.join(60)
        assert child.exitcode == 0
        assert all_seen.wait(30), f"the watcher saw only {seen}"
    finally:
        storage.dispose()
    assert seen == [f"child {i}" for i in range(5)]
    assert [r.event_log_entry.user_message for r in storage.get_records_for_run("run-a").records] == ["before the fork"]
    assert len(storage.get_records_for_run("run-b").records) == 5
