"""Synthetic YouTube trending rows: more videos per trending day, same days, same raw text quirks.

A scale-×k file keeps the real days; each day holds its real rows followed by k-1 synthetic copies of
them. A copy of a video gets one new 11-character id for all its days (so the one-row-per-video-per-day
shape and the `-`-prefixed ids keep their real rates), the id inside its thumbnail link, and counts
(views, likes, dislikes, comment_count) scaled by one factor per copy of a video, so day-to-day growth
keeps its real shape. Fields are rewritten as raw text; quoting, `\\n` escapes, bare CRs and
`"a"|"b"` tag lists pass through untouched.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from itertools import groupby

from benchmarks.real_sources import RawRecords

ID_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-"
VIDEO_ID, TRENDING_DATE, VIEWS, LIKES, DISLIKES, COMMENTS, THUMBNAIL = 0, 1, 7, 8, 9, 10, 11
COUNT_FIELDS = (VIEWS, LIKES, DISLIKES, COMMENTS)


class VideoSynthesizer:
    def __init__(self, real: RawRecords, rng: random.Random):
        self._real = real
        self._rng = rng
        self._used_ids = {record[VIDEO_ID] for record in real.records}

    def scaled_records(self, scale: int) -> Iterator[str]:
        """All records of the ×`scale` file, day by day, as raw text without line endings."""
        copies = [self._copy_plan(copy) for copy in range(1, scale)]
        for _, day in groupby(self._real.records, key=lambda record: record[TRENDING_DATE]):
            day_records = list(day)
            for record in day_records:
                yield ",".join(record)
            for ids, factors in copies:
                for record in day_records:
                    yield ",".join(_rewrite(record, ids, factors))

    def _copy_plan(self, copy: int) -> tuple[dict[str, str], dict[str, float]]:
        rng = self._rng
        ids: dict[str, str] = {}
        factors: dict[str, float] = {}
        for record in self._real.records:
            original = record[VIDEO_ID]
            if original not in ids:
                ids[original] = self._new_id(dash_first=original.startswith("-"))
                factors[original] = rng.lognormvariate(0.0, 0.5)
        return ids, factors

    def _new_id(self, dash_first: bool) -> str:
        rng = self._rng
        while True:
            bits = rng.getrandbits(66)
            chars = [ID_ALPHABET[(bits >> (6 * i)) & 63] for i in range(11)]
            chars[0] = "-" if dash_first else ID_ALPHABET[bits % 63]
            candidate = "".join(chars)
            if candidate not in self._used_ids:
                self._used_ids.add(candidate)
                return candidate


def _rewrite(record: list[str], ids: dict[str, str], factors: dict[str, float]) -> list[str]:
    original = record[VIDEO_ID]
    new_id = ids[original]
    factor = factors[original]
    fields = list(record)
    fields[VIDEO_ID] = new_id
    fields[THUMBNAIL] = record[THUMBNAIL].replace(original, new_id)
    for i in COUNT_FIELDS:
        fields[i] = str(round(int(record[i]) * factor))
    return fields
