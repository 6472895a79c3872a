"""The catalog's pure pieces: reading an id export (bad lines named), id ranges, changes
windows of at most 14 days, and the emulator's exports and changes feeds over HTTP."""
from __future__ import annotations

import gzip
from datetime import date, timedelta

import pytest
import requests

from movie_lake.lib.parsers.result import BadFileError
from movie_lake.lib.tmdb.client import MOVIE, TV, TMDBClient
from movie_lake.lib.tmdb.emulator.server import start_emulator
from movie_lake.lib.tmdb_catalog.id_export import read_id_export
from movie_lake.lib.tmdb_catalog.ranges import range_bounds, range_key, range_keys
from movie_lake.lib.tmdb_catalog.sync import windows


def test_an_export_gives_its_ids_once_each_and_names_every_line_it_cannot_use():
    lines = [b'{"adult":false,"id":7,"original_title":"A","popularity":1.0,"video":false}',
             b'{"adult":true,"id":9,"original_title":"B","popularity":1.0,"video":false}',
             b'{"id":"x"}', b"not json", b'{"adult":false,"id":3}', b'{"adult":false,"id":7}', b""]
    data = gzip.compress(b"\n".join(lines))
    read = read_id_export(data, "movie_ids_12_01_2026.json.gz")
    assert read.ids == [3, 7]
    assert (read.lines, read.adult_left_out) == (6, 1)
    assert [(r.line, r.field) for r in read.rejects] == [(3, "id"), (4, None)]
    assert read.lines == len(read.ids) + read.adult_left_out + len(read.rejects) + 1  # one duplicate id
    assert read_id_export(data, "x", include_adult=True).ids == [3, 7, 9]
    with pytest.raises(BadFileError, match="movie_ids_12_01_2026.json.gz: not a readable gzip file"):
        read_id_export(b"plain text", "movie_ids_12_01_2026.json.gz")


def test_ids_fall_in_fixed_width_ranges():
    assert range_key(99_999, 100_000) == "0000000-0099999"
    assert range_key(100_000, 100_000) == "0100000-0199999"
    assert range_bounds("0100000-0199999") == (100_000, 199_999)
    assert range_keys([5, 150_001, 7, 1_234_567], 100_000) == ["0000000-0099999", "0100000-0199999", "1200000-1299999"]
    with pytest.raises(ValueError, match="not an id range"):
        range_bounds("2009-03")


def test_a_twenty_day_gap_is_two_windows_and_a_hole_splits_them():
    first = date(2026, 11, 1)
    days = [first + timedelta(days=n) for n in range(20)]
    assert windows(days) == [(first, first + timedelta(days=13)), (first + timedelta(days=14), first + timedelta(days=19))]
    assert windows(days[:3] + days[5:6]) == [(first, first + timedelta(days=2)), (days[5], days[5])]
    assert windows([]) == []


def test_the_emulator_publishes_exports_for_any_day_and_lists_changes_within_fourteen_days():
    with start_emulator(deleted_ids=[11]) as emulator, TMDBClient(emulator.base_url, api_token=emulator.token) as client:
        export = client.id_export(MOVIE, date(2026, 9, 1), emulator.exports_url)
        ids = read_id_export(export, "movie_ids").ids
        assert ids == sorted(emulator.catalog.movies) and 11 in ids  # a deleted id is still listed
        assert read_id_export(client.id_export(TV, date(2025, 1, 31), emulator.exports_url), "tv").ids == sorted(
            emulator.catalog.series)
        assert requests.get(f"{emulator.exports_url}/movie_ids_2026_12_01.json.gz").status_code == 404
        emulator.change("movie", 85, date(2026, 11, 3), title="Raiders (restored)")
        emulator.change("movie", 87, date(2026, 11, 20))
        emulator.change("tv", sorted(emulator.catalog.series)[0], date(2026, 11, 3))
        assert client.changes(MOVIE, date(2026, 11, 1), date(2026, 11, 14)) == [85]
        assert client.changes(MOVIE, date(2026, 11, 1), date(2026, 11, 15)) == [85]
        assert client.changes(TV, date(2026, 11, 3), date(2026, 11, 3)) == [sorted(emulator.catalog.series)[0]]
        assert client.details(MOVIE, 85)["title"] == "Raiders (restored)"
        with pytest.raises(ValueError, match="0 to 14 days"):
            client.changes(MOVIE, date(2026, 11, 1), date(2026, 11, 20))
        answer = requests.get(f"{emulator.base_url}/movie/changes", params={"start_date": "2026-11-01", "end_date": "2026-11-20"},
                              headers={"Authorization": f"Bearer {emulator.token}"})
        assert answer.status_code == 422 and "14 days" in answer.json()["status_message"]


def test_a_synthetic_catalog_serves_a_million_ids_without_holding_them():
    with start_emulator(synthetic_movies=1_000_000) as emulator, TMDBClient(emulator.base_url, api_token=emulator.token) as client:
        movie = client.details(MOVIE, 999_999)
        assert movie["id"] == 999_999 and movie["title"].endswith("#999999")
        assert len({c["credit_id"] for c in movie["credits"]["cast"]}) == len(movie["credits"]["cast"])
        assert client.details(MOVIE, 1_000_001) is None
        assert len(emulator.catalog.movies) == 1_000_000
