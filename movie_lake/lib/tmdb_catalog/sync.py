"""What a sync owes: the days of the changes feed not read yet, grouped in windows of at most
14 days, and the id ranges holding ids answered before a window listing them ended."""
from __future__ import annotations

from datetime import date, timedelta

from movie_lake.lib.tmdb.client import CHANGES_MAX_DAYS
from movie_lake.lib.tmdb_catalog.zone import CatalogZone, answered_at, stale_ids


def days_owed(zone: CatalogZone, media: tuple[str, ...], first_allowed: date, through: date) -> list[date]:
    """Days from the oldest landed export (the crawl knows everything before it) or the oldest
    synced day, through `through`, that the feed has not been read for."""
    synced = set(zone.synced_days())
    starts = [min(synced)] if synced else []
    for name in media:
        try:
            starts.append(zone.newest_export(name).export_date)
        except FileNotFoundError:
            pass
    if not starts:
        return []
    day, owed = max(min(starts), first_allowed), []
    while day <= through:
        if day not in synced:
            owed.append(day)
        day += timedelta(days=1)
    return owed


def windows(days: list[date], max_days: int = CHANGES_MAX_DAYS) -> list[tuple[date, date]]:
    """Consecutive days in runs of at most `max_days`: 20 days owed are two windows (14 + 6)."""
    found: list[tuple[date, date]] = []
    for day in sorted(days):
        if found and day == found[-1][1] + timedelta(days=1) and (day - found[-1][0]).days < max_days:
            found[-1] = (found[-1][0], day)
        else:
            found.append((day, day))
    return found


def stale_ranges(zone: CatalogZone, media: str, raw_name: str) -> dict[str, int]:
    """Id range → how many of its ids are stale, for ranges with any."""
    changed = zone.changed_after(media)
    if not changed:
        return {}
    owed = {}
    root = f"raw/{raw_name}/"
    folders = sorted({f.key[len(root):].split("/", 1)[0] for f in zone.storage.list_files(root)})
    for folder in folders:
        stale = stale_ids(answered_at(zone.batches(root + folder)), changed)
        if stale:
            owed[folder.split("=", 1)[1]] = len(stale)
    return owed
