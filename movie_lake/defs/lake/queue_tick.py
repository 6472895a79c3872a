"""One tick of the lake_reconcile sensor fed by the landing queue (aws mode): S3's notifications
name the source folders to look at, so no tick lists all of `landing/`, and a slow full listing
(at the first tick, then every `MOVIE_LAKE_LANDING_LISTING_MINUTES`) catches anything a lost
notification would have missed.

Exactly once comes from the plan, not from the queue: a message only says where to look, and
the instance says what is done or running. A message is deleted one tick after it was read,
once that tick's cursor (and so its run requests) was committed; a tick that dies leaves its
messages to come back after the visibility timeout and be planned again, to the same answer.
"""
from __future__ import annotations

import json
import time
from dataclasses import dataclass, field
from datetime import datetime, timezone

from dagster import SensorEvaluationContext

from movie_lake.defs.lake.reconcile import Plan, plan_lake
from movie_lake.lib.landing.discovery import LandingScan, NotIngested, classify, scan_landing
from movie_lake.lib.landing.landing_queue import LandingQueue
from movie_lake.lib.landing.notifications import LandingLocation, read_notice
from movie_lake.lib.landing.rules import LANDING_SOURCES, LANDING_ZONE
from movie_lake.lib.storage.files import LakeFile, LakeStorage
from movie_lake.settings import Settings


@dataclass
class QueueCursor:
    delete: list[str] = field(default_factory=list)
    """Receipt handles of messages the committed tick planned; deleted at the next tick."""
    listed_at: float | None = None
    """When `landing/` was last listed whole (epoch seconds)."""
    owed: list[str] = field(default_factory=list)
    """Source folders whose plan was cut at the per-tick limit: looked at again next tick."""

    @classmethod
    def parse(cls, text: str | None) -> "QueueCursor":
        return cls(**json.loads(text)) if text else cls()

    def dump(self) -> str:
        return json.dumps({"delete": self.delete, "listed_at": self.listed_at, "owed": sorted(self.owed)})


@dataclass
class QueueTick:
    plan: Plan
    cursor: QueueCursor
    full_listing: bool
    folders: set[str]


def landing_location(settings: Settings) -> LandingLocation:
    return LandingLocation(settings.bucket_for(LANDING_ZONE), settings.prefix, LANDING_ZONE)


def queue_tick(context: SensorEvaluationContext, settings: Settings, storage: LakeStorage, queue: LandingQueue) -> QueueTick:
    cursor = QueueCursor.parse(context.cursor)
    if cursor.delete:
        stale = queue.delete(cursor.delete)
        if stale:
            context.log.info(f"{stale} message(s) came back before they were deleted; their new delivery is planned on its own")
    keys: set[str] = set()
    handles = []
    where = landing_location(settings)
    for message in queue.receive(settings.sensor_max_objects_per_tick):
        notice = read_notice(message["Body"], where)
        if notice.unreadable:
            queue.dead_letter(message, notice.unreadable)
            context.log.error(f"moved message {message.get('MessageId')} to {queue.dead_letter_name}: {notice.unreadable}")
            continue
        for outside in notice.ignored:
            context.log.info(f"notification for {outside}, outside {settings.zone_uri(LANDING_ZONE)}: ignored")
        keys.update(notice.keys)
        handles.append(message["ReceiptHandle"])

    now = time.time()
    full = cursor.listed_at is None or now - cursor.listed_at >= settings.landing_listing_minutes * 60
    folders = set(cursor.owed) | {folder for folder in map(_source_folder, keys) if folder}
    scan = None if full else _scan(storage, folders, keys)
    plan = plan_lake(context.repository_def.asset_graph, context.instance, storage, retry_failed=False, scan=scan)
    cut = len(plan.runs) > settings.sensor_max_objects_per_tick
    next_cursor = QueueCursor(
        delete=handles,
        listed_at=(None if cut else now) if full else cursor.listed_at,
        owed=sorted(folders) if cut and not full else [],
    )
    return QueueTick(plan, next_cursor, full, folders)


def _source_folder(key: str) -> str | None:
    """The source folder a `landing/<folder>/<name>` key sits in, if it is one."""
    parts = key.split("/")
    return parts[1] if len(parts) >= 3 and parts[1] in LANDING_SOURCES else None


def _scan(storage: LakeStorage, folders: set[str], keys: set[str]) -> LandingScan:
    """The named source folders, listed; a key outside every source folder gets its outcome alone."""
    scan = scan_landing(storage, folders)
    for key in sorted(keys):
        if _source_folder(key) is None:
            outcome = classify(LakeFile(key, 1, datetime.now(timezone.utc)))
            if isinstance(outcome, NotIngested):
                scan.not_ingested.append(outcome)
    return scan

