"""Synthetic TMDB credits in the real JSON format, one row per synthetic movie whose base row has credits.

Copy c of a real credits row belongs to synthetic movie `synthetic_id(c, movie_id)` and keeps that
row's exact cast and crew sizes (the real partial file: ~43 cast and ~63 crew entries per movie). Each
entry keeps its role fields (cast_id/order, department/job) and gets a fresh credit_id; about half the
entries get another real person (id, name, gender) and a third of cast entries another real character
name. Damage in the real rows carries over to their copies at the same rate: the row with an empty
movie_id stays without one, and the row with an empty crew field keeps it empty.
"""

from __future__ import annotations

import json
import random
from collections.abc import Iterator

from benchmarks.real_sources import CsvTable
from benchmarks.synth_movies import synthetic_id

PERSON_SWAP_RATE = 0.5
CHARACTER_SWAP_RATE = 0.3


class CreditsSynthesizer:
    def __init__(self, real: CsvTable, movie_ids_by_title: dict[str, int], rng: random.Random):
        self._rng = rng
        self._rows = [_ParsedCredits(row, movie_ids_by_title) for row in real.rows]
        people: dict[int, tuple[int, str, int]] = {}
        characters: set[str] = set()
        for parsed in self._rows:
            for entry in parsed.cast + parsed.crew:
                people.setdefault(entry["id"], (entry["id"], entry["name"], entry["gender"]))
            characters.update(entry["character"] for entry in parsed.cast)
        self._people = [people[k] for k in sorted(people)]
        self._characters = sorted(characters)

    def copy_rows(self, copy: int, title_suffixes: dict[int, str]) -> Iterator[list[str]]:
        for parsed in self._rows:
            suffix = title_suffixes.get(parsed.base_id, "") if parsed.base_id is not None else ""
            movie_id = "" if not parsed.movie_id_text else str(synthetic_id(copy, parsed.base_id))
            cast = json.dumps([self._vary(entry, is_cast=True) for entry in parsed.cast])
            crew = "" if parsed.crew_text == "" else json.dumps([self._vary(e, False) for e in parsed.crew])
            yield [movie_id, parsed.title + suffix, cast, crew]

    def _vary(self, entry: dict, is_cast: bool) -> dict:
        rng = self._rng
        varied = dict(entry)
        varied["credit_id"] = f"{rng.getrandbits(96):024x}"
        if rng.random() < PERSON_SWAP_RATE:
            person_id, name, gender = self._people[rng.randrange(len(self._people))]
            varied["id"], varied["name"], varied["gender"] = person_id, name, gender
        if is_cast and rng.random() < CHARACTER_SWAP_RATE:
            varied["character"] = self._characters[rng.randrange(len(self._characters))]
        return varied


class _ParsedCredits:
    """One real credits row with its JSON decoded and its movie id resolved (by title when it is missing)."""

    def __init__(self, row: list[str], movie_ids_by_title: dict[str, int]):
        self.movie_id_text, self.title, cast_text, self.crew_text = row
        self.base_id = int(self.movie_id_text) if self.movie_id_text else movie_ids_by_title.get(self.title)
        self.cast = json.loads(cast_text) if cast_text else []
        self.crew = json.loads(self.crew_text) if self.crew_text else []
