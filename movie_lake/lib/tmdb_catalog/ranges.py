"""Id-range partitions: `0000000-0099999` holds ids 0..99,999 (width a setting), so a
backfill can redo one range and a crawl's progress is kept per range."""
from __future__ import annotations

from collections.abc import Iterable

DIGITS = 7


def range_key(title_id: int, width: int) -> str:
    start = title_id - title_id % width
    return f"{start:0{DIGITS}d}-{start + width - 1:0{DIGITS}d}"


def range_bounds(key: str) -> tuple[int, int]:
    """(first id, last id) of a range key."""
    first, _, last = key.partition("-")
    if not (first.isdigit() and last.isdigit()) or int(first) > int(last):
        raise ValueError(f"{key!r} is not an id range like 0000000-0099999")
    return int(first), int(last)


def in_range(ids: Iterable[int], key: str) -> list[int]:
    first, last = range_bounds(key)
    return [i for i in ids if first <= i <= last]


def range_keys(ids: Iterable[int], width: int) -> list[str]:
    return sorted({range_key(i, width) for i in ids})
