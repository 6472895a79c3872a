"""S3 event notifications as the landing sensor reads them from SQS: which lake keys a message
names, or why the message cannot be read (it then goes to the dead-letter queue).

A message only says "look here": the sensor lists the named source folders and the Dagster
instance decides what is new, so duplicates, redeliveries, out-of-order events and events for
objects already gone need no handling of their own here.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from urllib.parse import unquote_plus


@dataclass(frozen=True)
class Notice:
    keys: tuple[str, ...] = ()
    """Lake keys (relative to the lake root, e.g. `landing/tmdb_movies/a.csv`) the message names."""
    ignored: tuple[str, ...] = ()
    """Objects it names outside the lake's landing zone (another prefix or bucket)."""
    unreadable: str | None = None
    """Why the message is not an S3 event notification; None when it is one."""
    test_event: bool = False
    """S3's `s3:TestEvent`, sent once when a notification is configured."""


@dataclass(frozen=True)
class LandingLocation:
    bucket: str
    prefix: str
    """The lake prefix in that bucket ("" = the bucket root)."""
    zone: str = "landing"

    def lake_key(self, bucket: str, object_key: str) -> str | None:
        start = f"{self.prefix}/" if self.prefix else ""
        if bucket != self.bucket or not object_key.startswith(start):
            return None
        key = object_key[len(start):]
        return key if key.startswith(f"{self.zone}/") else None


def read_notice(body: str, where: LandingLocation) -> Notice:
    try:
        event = json.loads(body)
    except ValueError as error:
        return Notice(unreadable=f"not JSON ({error})")
    if isinstance(event, dict) and isinstance(event.get("Message"), str) and event.get("Type") == "Notification":
        return read_notice(event["Message"], where)  # delivered through SNS
    if not isinstance(event, dict):
        return Notice(unreadable="not a JSON object")
    if event.get("Event") == "s3:TestEvent":
        return Notice(test_event=True)
    records = event.get("Records")
    if not isinstance(records, list) or not records:
        return Notice(unreadable="no Records list: not an S3 event notification")
    keys, ignored = [], []
    for number, record in enumerate(records):
        try:
            bucket = record["s3"]["bucket"]["name"]
            object_key = unquote_plus(record["s3"]["object"]["key"])
        except (KeyError, TypeError):
            return Notice(unreadable=f"record {number} has no s3.bucket.name / s3.object.key")
        key = where.lake_key(bucket, object_key)
        if key is None:
            ignored.append(f"s3://{bucket}/{object_key}")
        else:
            keys.append(key)
    return Notice(keys=tuple(keys), ignored=tuple(ignored))
