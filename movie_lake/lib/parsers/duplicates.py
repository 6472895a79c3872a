"""A key repeated inside one file: the later record wins, each earlier one is set aside
with a reason naming both lines (the same rule the video parser keeps for its own key)."""
from __future__ import annotations

import numpy as np

from movie_lake.lib.parsers.result import Reject


def later_wins(keys: np.ndarray, lines: np.ndarray, field: str, rejects: list[Reject]) -> np.ndarray:
    """Which records to keep, in order (`keys[i]`, `lines[i]` describe record i), with a
    Python step only per superseded record."""
    if not len(keys):
        return np.ones(0, bool)
    _, first_from_end = np.unique(keys[::-1], return_index=True)
    last = len(keys) - 1 - first_from_end
    keep = np.zeros(len(keys), bool)
    keep[last] = True
    dropped = np.flatnonzero(~keep)
    if len(dropped):
        kept_line = dict(zip(keys[last].tolist(), lines[last].tolist()))
        for key, line in zip(keys[dropped].tolist(), lines[dropped].tolist()):
            rejects.append(Reject(line, f"duplicate {field} {key} in this file: line {kept_line[key]} is kept", field))
    return keep
