"""The benchmark data generator: deterministic, and its output reads as the real formats."""

from __future__ import annotations

import csv
import gzip
import io
import json

import pytest

from benchmarks.generate import generate_scale, scale_files
from benchmarks.paths import real_data_root
from benchmarks.real_sources import load_real_tmdb, load_real_videos, split_outside_quotes

pytestmark = pytest.mark.skipif(
    not (real_data_root() / "tmdb_5000").exists(), reason="the shared real data files are not on this machine"
)

SCALE = 3
REAL_MOVIES = 40
REGION = "CA"


@pytest.fixture(scope="module")
def real():
    return load_real_tmdb(max_movies=REAL_MOVIES)


def _generate(tmp_path, real, seed=8, scale=SCALE):
    files = scale_files(tmp_path, scale, regions=(REGION,))
    generate_scale(files, seed=seed, compress=False, real_tmdb=real)
    return files


def _all_bytes(files):
    return [p.read_bytes() for p in (files.movies_csv, files.credits_csv, *files.videos.values())]


def test_same_seed_gives_same_bytes_and_another_seed_does_not(tmp_path, real):
    first = _all_bytes(_generate(tmp_path / "a", real))
    again = _all_bytes(_generate(tmp_path / "b", real))
    other = _all_bytes(_generate(tmp_path / "c", real, seed=9))
    assert first == again
    assert first[0] != other[0] and first[1] != other[1] and first[2] != other[2]


def test_movies_parse_as_the_real_format_with_unique_ids(tmp_path, real):
    files = _generate(tmp_path, real)
    text = files.movies_csv.read_text(encoding="utf-8")
    rows = list(csv.reader(io.StringIO(text, newline=""), strict=True))
    header, body = rows[0], rows[1:]
    assert header == real.movies.header
    assert len(body) == REAL_MOVIES * SCALE
    assert body[:REAL_MOVIES] == real.movies.rows
    assert all(len(row) == 20 for row in body)
    ids = [row[header.index("id")] for row in body]
    assert len(set(ids)) == len(ids) and all(i.isdigit() for i in ids)
    for column in ("genres", "keywords", "production_companies", "production_countries", "spoken_languages"):
        assert all(isinstance(json.loads(row[header.index(column)]), list) for row in body)
    assert text.endswith("\n") and "\r\n" not in text


def test_credits_keep_the_real_json_shape_and_point_at_generated_movies(tmp_path, real):
    files = _generate(tmp_path, real)
    movie_rows = list(csv.reader(io.StringIO(files.movies_csv.read_text(encoding="utf-8"), newline="")))
    movie_ids = {row[3] for row in movie_rows[1:]}
    raw = files.credits_csv.read_bytes().decode("utf-8")
    assert raw.startswith("movie_id,title,cast,crew\r\n") and not raw.endswith("\n")
    rows = list(csv.reader(io.StringIO(raw, newline=""), strict=True))
    body = rows[1:]
    assert len(body) == len(real.credits.rows) * SCALE
    assert all(len(row) == 4 for row in body)
    ids = [row[0] for row in body if row[0]]
    assert len(set(ids)) == len(ids) and set(ids) <= movie_ids
    for real_row, copy in zip(real.credits.rows * SCALE, body):
        cast = json.loads(copy[2])
        assert len(cast) == len(json.loads(real_row[2]))
        assert all(set(entry) == {"cast_id", "character", "credit_id", "gender", "id", "name", "order"} for entry in cast)
        if real_row[3]:
            assert len(json.loads(copy[3])) == len(json.loads(real_row[3]))
        else:
            assert copy[3] == ""


def test_videos_scale_rows_per_day_with_unique_video_days(tmp_path, real):
    files = _generate(tmp_path, real)
    source = load_real_videos(REGION)
    text = files.videos[REGION].read_text(encoding="utf-8")
    records = split_outside_quotes(text, source.eol)
    assert records[0] == source.header
    body = [split_outside_quotes(record, ",") for record in records[1:]]
    assert len(body) == len(source.records) * SCALE
    assert all(len(fields) == 16 for fields in body)
    assert len({(f[0], f[1]) for f in body}) == len(body)
    assert all(f[0] in f[11] for f in body)


def test_scale_one_is_the_real_files_byte_for_byte(tmp_path):
    files = scale_files(tmp_path, 1, regions=(REGION,))
    generate_scale(files, seed=8, compress=False)
    folder = real_data_root()
    assert files.movies_csv.read_bytes() == gzip.decompress((folder / "tmdb_5000/tmdb_5000_movies.csv.gz").read_bytes())
    assert files.credits_csv.read_bytes() == gzip.decompress((folder / "tmdb_5000/tmdb_5000_credits.csv.gz").read_bytes())
    real_videos = gzip.decompress((folder / f"youtube_trending/{REGION}videos.csv.gz").read_bytes())
    assert files.videos[REGION].read_bytes() == real_videos
