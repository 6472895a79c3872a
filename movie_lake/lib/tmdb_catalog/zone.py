"""The catalog's raw objects, laid out so that progress is read from the lake itself:

- `raw/tmdb_<movie|tv>_ids/<name as published>`: the newest landed id export;
- `raw/<catalog source>/id_range=<range>/batch-<UTC time>-<first id>.jsonl.gz`: the details
  answers of one batch, unchanged, then `….json`, the batch's manifest (ids asked, fetched,
  missing, when, why). The manifest is written last: a batch without one (a killed crawl)
  does not count and is fetched again, so a re-run refetches at most the batch in flight;
- `raw/tmdb_changes/date=<day>/changes.json`: the ids the changes feed listed for the
  window that covered that day.
"""
from __future__ import annotations

import gzip
import json
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone

from movie_lake.lib.storage.files import LakeStorage
from movie_lake.lib.storage.raw import STAMP

CHANGES = "raw/tmdb_changes"
BATCH = "batch-"
DATA_SUFFIX = ".jsonl.gz"
MANIFEST_SUFFIX = ".json"


@dataclass(frozen=True)
class Batch:
    data_key: str
    fetched_at: datetime
    asked: tuple[int, ...]
    fetched: tuple[int, ...]
    missing: tuple[int, ...]
    reason: str

    @property
    def file_name(self) -> str:
        return self.data_key.rsplit("/", 1)[-1]


@dataclass(frozen=True)
class LandedExport:
    key: str
    export_date: date

    @property
    def file_name(self) -> str:
        return self.key.rsplit("/", 1)[-1]


class CatalogZone:
    def __init__(self, storage: LakeStorage):
        self.storage = storage

    # exports
    def land_export(self, media: str, file_name: str, export_date: date, data: bytes) -> LandedExport:
        folder = export_folder(media)
        key = f"{folder}/{file_name}"
        self.storage.write_bytes(key, data, content_type="application/gzip")
        self.storage.write_bytes(f"{folder}/export_date", export_date.isoformat().encode())
        for old in self.storage.list_files(folder):
            if old.key not in (key, f"{folder}/export_date"):
                self.storage.delete(old.key)
        return LandedExport(key, export_date)

    def newest_export(self, media: str) -> LandedExport:
        folder = export_folder(media)
        files = [f.key for f in self.storage.list_files(folder) if f.key.endswith(".json.gz")]
        if not files:
            raise FileNotFoundError(f"no TMDB {media} id export landed yet in {self.storage.uri_of(folder)}: "
                                    "run `movie-lake tmdb catalog` first")
        day = date.fromisoformat(self.storage.read_bytes(f"{folder}/export_date").decode())
        return LandedExport(files[-1], day)

    # batches
    def batches(self, folder: str) -> list[Batch]:
        """The range's finished batches, oldest first."""
        found = []
        for file in self.storage.list_files(folder):
            name = file.key.rsplit("/", 1)[-1]
            if name.startswith(BATCH) and name.endswith(MANIFEST_SUFFIX) and not name.endswith(DATA_SUFFIX):
                manifest = json.loads(self.storage.read_bytes(file.key))
                found.append(Batch(
                    data_key=file.key[: -len(MANIFEST_SUFFIX)] + DATA_SUFFIX,
                    fetched_at=datetime.fromisoformat(manifest["fetched_at"]),
                    asked=tuple(manifest["asked"]), fetched=tuple(manifest["fetched"]),
                    missing=tuple(manifest["missing"]), reason=manifest["reason"],
                ))
        return sorted(found, key=lambda b: (b.fetched_at, b.data_key))

    def remove_unfinished(self, folder: str) -> int:
        """Drop answers of batches that never got their manifest (a crawl killed mid-batch)."""
        files = {f.key for f in self.storage.list_files(folder)}
        orphans = [k for k in files if k.endswith(DATA_SUFFIX) and k[: -len(DATA_SUFFIX)] + MANIFEST_SUFFIX not in files]
        for key in orphans:
            self.storage.delete(key)
        return len(orphans)

    def write_batch(self, folder: str, asked: list[int], answers: list[bytes], missing: list[int],
                    fetched_at: datetime, reason: str) -> Batch:
        stem = f"{folder}/{BATCH}{fetched_at.astimezone(timezone.utc).strftime(STAMP)}-{asked[0]:07d}"
        data = gzip.compress(b"".join(line + b"\n" for line in answers), compresslevel=6, mtime=0)
        self.storage.write_bytes(stem + DATA_SUFFIX, data, content_type="application/gzip")
        fetched = sorted(set(asked) - set(missing))
        manifest = {"asked": asked, "fetched": fetched, "missing": sorted(missing),
                    "fetched_at": fetched_at.isoformat(), "reason": reason}
        self.storage.write_bytes(stem + MANIFEST_SUFFIX, json.dumps(manifest).encode(), content_type="application/json")
        return Batch(stem + DATA_SUFFIX, fetched_at, tuple(asked), tuple(fetched), tuple(sorted(missing)), reason)

    # changes
    def record_changes(self, day: date, window: tuple[date, date], ids_by_media: dict[str, list[int]],
                       read_at: datetime) -> str:
        key = f"{CHANGES}/date={day.isoformat()}/changes.json"
        body = {"date": day.isoformat(), "window": [window[0].isoformat(), window[1].isoformat()],
                "read_at": read_at.isoformat(), **ids_by_media}
        self.storage.write_bytes(key, json.dumps(body).encode(), content_type="application/json")
        return key

    def synced_days(self) -> list[date]:
        return sorted(date.fromisoformat(f.key.split("/date=")[1].split("/")[0])
                      for f in self.storage.list_files(CHANGES) if f.key.endswith("/changes.json"))

    def changed_after(self, media: str, first_day: date | None = None) -> dict[int, datetime]:
        """Each changed id with the end of the newest window that listed it: a fetch before that
        moment may be stale. Days before `first_day` are not read."""
        newest: dict[int, datetime] = {}
        for day in self.synced_days():
            if first_day is not None and day < first_day:
                continue
            body = json.loads(self.storage.read_bytes(f"{CHANGES}/date={day.isoformat()}/changes.json"))
            window_end = datetime.combine(date.fromisoformat(body["window"][1]) + timedelta(days=1), time(), timezone.utc)
            for title_id in body.get(media, []):
                newest[title_id] = max(newest.get(title_id, window_end), window_end)
        return newest


def export_folder(media: str) -> str:
    return f"raw/tmdb_{media}_ids"


def answered_at(batches: list[Batch]) -> dict[int, datetime]:
    """Each id with when TMDB last answered it (details or 404)."""
    answered: dict[int, datetime] = {}
    for batch in batches:
        for title_id in batch.asked:
            answered[title_id] = batch.fetched_at
    return answered


def stale_ids(answered: dict[int, datetime], changed: dict[int, datetime]) -> list[int]:
    """Ids the lake holds whose last answer came before a change window listing them ended."""
    return sorted(i for i, at in answered.items() if i in changed and at < changed[i])
