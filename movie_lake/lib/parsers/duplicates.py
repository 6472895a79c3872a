"""A key repeated inside one file: the later record wins, each earlier one is set aside
with a reason naming both lines (the same rule the video parser keeps for its own key)."""
from __future__ import annotations

from movie_lake.lib.parsers.result import Reject


def later_wins(keys: list, lines: list[int], field: str, rejects: list[Reject]) -> list[bool]:
    """Which records to keep, in order; `keys[i]` and `lines[i]` describe record i."""
    last: dict = {}
    for i, key in enumerate(keys):
        last[key] = i
    keep = []
    for i, key in enumerate(keys):
        winner = last[key]
        keep.append(winner == i)
        if winner != i:
            rejects.append(Reject(lines[i], f"duplicate {field} {key} in this file: line {lines[winner]} is kept", field))
    return keep
