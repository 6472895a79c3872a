"""Synthetic TMDB movies drawn from the real file's rows.

A scale-×k file is the real file followed by k-1 synthetic copies. Copy c holds one synthetic movie per
real row (in a shuffled order), so every per-row quirk (bare CRs in `overview`, empty `homepage`,
`runtime` written as `116.0`, status values, languages...) keeps its exact real rate. Each synthetic
movie gets:
- a unique id: c * ID_STRIDE + the base row's id (real ids are below ID_STRIDE);
- a varied title ("<base title>: <real keyword>" or a sequel numeral), also applied to original_title;
- jittered numbers and dates, with 0 ("unknown") and empty values kept as they are;
- each JSON list column taken either from the base row or from another random real row.
"""

from __future__ import annotations

import datetime as dt
import json
import random
from collections.abc import Iterator

from benchmarks.real_sources import CsvTable

ID_STRIDE = 1_000_000
LIST_COLUMNS = ("genres", "keywords", "production_companies", "production_countries", "spoken_languages")
SEQUEL_NUMERALS = ("II", "III", "IV", "V", "VI", "2", "3", "Part II", "Returns", "Reloaded", "Origins")
LATEST_RELEASE = dt.date(2017, 2, 1)
EARLIEST_RELEASE = dt.date(1910, 1, 1)


def synthetic_id(copy: int, real_id: int) -> int:
    return copy * ID_STRIDE + real_id


class MovieSynthesizer:
    def __init__(self, real: CsvTable, rng: random.Random):
        self._rows = real.rows
        self._rng = rng
        col = {name: i for i, name in enumerate(real.header)}
        self._col = col
        self._list_cols = [col[name] for name in LIST_COLUMNS]
        keywords = {
            kw["name"] for row in real.rows for kw in json.loads(row[col["keywords"]] or "[]")
        }
        self._title_words = sorted(word.title() for word in keywords if word.isascii())

    def title_suffix(self) -> str:
        rng = self._rng
        if rng.random() < 0.25:
            return " " + rng.choice(SEQUEL_NUMERALS)
        return ": " + rng.choice(self._title_words)

    def copy_rows(self, copy: int, suffixes: dict[int, str]) -> Iterator[list[str]]:
        """Yield copy `copy`; records the title suffix of each base id into `suffixes` (for credits)."""
        rng = self._rng
        col = self._col
        order = list(range(len(self._rows)))
        rng.shuffle(order)
        for base_index in order:
            row = list(self._rows[base_index])
            real_id = int(row[col["id"]])
            suffix = self.title_suffix()
            suffixes[real_id] = suffix
            if row[col["original_title"]] == row[col["title"]]:
                row[col["original_title"]] = row[col["title"]] + suffix
            else:
                row[col["original_title"]] += suffix
            row[col["title"]] += suffix
            row[col["id"]] = str(synthetic_id(copy, real_id))
            for i in self._list_cols:
                if rng.random() < 0.5:
                    row[i] = self._rows[rng.randrange(len(self._rows))][i]
            row[col["budget"]] = _scale_money(row[col["budget"]], rng)
            row[col["revenue"]] = _scale_money(row[col["revenue"]], rng)
            row[col["popularity"]] = _scale_popularity(row[col["popularity"]], rng)
            row[col["runtime"]] = _jitter_runtime(row[col["runtime"]], rng)
            row[col["release_date"]] = _shift_date(row[col["release_date"]], rng)
            row[col["vote_average"]] = _jitter_vote_average(row[col["vote_average"]], rng)
            row[col["vote_count"]] = _scale_count(row[col["vote_count"]], rng)
            yield row


def _scale_money(text: str, rng: random.Random) -> str:
    value = int(text)
    if value < 1000:  # 0 means unknown; tiny values are real data-entry quirks: keep both as they are
        return text
    return str(int(round(value * rng.lognormvariate(0.0, 0.35), -3)))


def _scale_count(text: str, rng: random.Random) -> str:
    value = int(text)
    return text if value == 0 else str(max(1, round(value * rng.lognormvariate(0.0, 0.4))))


def _scale_popularity(text: str, rng: random.Random) -> str:
    value = float(text)
    return text if value == 0 else f"{value * rng.lognormvariate(0.0, 0.4):.6f}"


def _jitter_runtime(text: str, rng: random.Random) -> str:
    if not text or float(text) == 0:
        return text
    minutes = max(1, round(float(text) * rng.uniform(0.9, 1.1)))
    return f"{minutes}.0" if "." in text else str(minutes)


def _jitter_vote_average(text: str, rng: random.Random) -> str:
    value = float(text)
    if value == 0:
        return text
    return f"{min(10.0, max(1.0, value + rng.gauss(0.0, 0.4))):.1f}"


def _shift_date(text: str, rng: random.Random) -> str:
    if not text:
        return text
    base = dt.date.fromisoformat(text)
    delta = dt.timedelta(days=rng.randint(-1500, 1500))
    shifted = base + delta
    if not EARLIEST_RELEASE <= shifted <= LATEST_RELEASE:
        shifted = base - delta  # mirror instead of clamping, so no date piles up at a bound
    return min(LATEST_RELEASE, max(EARLIEST_RELEASE, shifted)).isoformat()
