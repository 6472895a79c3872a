"""The landing sensor's cursor: which landed object versions have been handled.

A high-water mark (the newest LastModified handled) plus a digest of every object version
handled within `LATE_WINDOW` of it. An object is pending when it is inside that window and
its version is not in the set; everything older than the window was handled before the
mark passed it. This makes the cursor exact where a plain "newer than" mark is not:

- objects sharing the mark's LastModified second are told apart by key and version;
- a replaced file (same key, new LastModified/ETag) is a new version, so it is pending;
- an object whose LastModified is earlier than the mark but that became visible late (a
  slow upload, a listing that raced the upload) is still found within the window;
- work per tick is bounded: the oldest pending objects first, and the mark only moves
  over what was handled, so the rest is picked up next tick.

The set stays as small as the number of objects landed within the window.
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from movie_lake.lib.landing.listing import LandingObject

LATE_WINDOW = timedelta(minutes=15)
FORMAT = 1


def version_digest(obj: LandingObject) -> str:
    return hashlib.sha1(f"{obj.key}\0{obj.version}".encode()).hexdigest()[:16]


@dataclass(frozen=True)
class LandingCursor:
    mark: datetime | None = None
    handled: frozenset[str] = field(default_factory=frozenset)

    @classmethod
    def decode(cls, text: str | None) -> "LandingCursor":
        if not text:
            return cls()
        data = json.loads(text)
        if data.get("format") != FORMAT:
            raise ValueError(f"landing sensor cursor has format {data.get('format')!r}, expected {FORMAT}; reset the cursor in the UI")
        return cls(datetime.fromisoformat(data["mark"]) if data["mark"] else None, frozenset(data["handled"]))

    def encode(self) -> str:
        mark = self.mark.isoformat() if self.mark else None
        return json.dumps({"format": FORMAT, "mark": mark, "handled": sorted(self.handled)}, separators=(",", ":"))

    def is_pending(self, obj: LandingObject) -> bool:
        if self.mark is not None and obj.modified < self.mark - LATE_WINDOW:
            return False
        return version_digest(obj) not in self.handled

    def pending(self, objects: list[LandingObject], limit: int) -> list[LandingObject]:
        """The oldest `limit` objects not handled yet, in (LastModified, key) order."""
        waiting = sorted((o for o in objects if self.is_pending(o)), key=lambda o: (o.modified, o.key))
        return waiting[:limit]

    def advanced(self, batch: list[LandingObject], listed: list[LandingObject]) -> "LandingCursor":
        """The cursor after handling `batch`; `listed` (this tick's listing) prunes versions
        that left the window or are no longer in landing."""
        times = [o.modified for o in batch] + ([self.mark] if self.mark else [])
        if not times:
            return self
        mark = max(times)
        present = {version_digest(o) for o in listed if o.modified >= mark - LATE_WINDOW}
        handled = (self.handled | {version_digest(o) for o in batch}) & present
        return LandingCursor(mark, frozenset(handled))
