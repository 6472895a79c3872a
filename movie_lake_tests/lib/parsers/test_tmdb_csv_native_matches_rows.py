"""The Arrow-native TMDB CSV reader gives exactly what the row-by-row reference reader gives:
the same tables, the same rejects (line, field, reason, record), the same counts, on the
real files, the synthetic x10 and thousands of seeded mutations of them."""
import gzip
import random
from importlib.resources import files

import pytest

from movie_lake.lib.parsers import landed_lines, native_csv, record_blocks
from movie_lake.lib.parsers.tmdb_csv import parse_credits, parse_credits_by_rows, parse_movies, parse_movies_by_rows

from movie_lake_tests.lib.parsers.mutations import mutated
from movie_lake_tests.lib.parsers.test_tmdb_csv_quarantine import CRAFTED, GOOD, movies_csv

SAMPLE = files("movie_lake") / "sample" / "landing"
READERS = {"movies": (parse_movies, parse_movies_by_rows), "credits": (parse_credits, parse_credits_by_rows)}


def outcome(parse, data: bytes, name: str):
    try:
        result = parse(data, name)
    except Exception as error:  # the same error, with the same message, is the same outcome
        return type(error).__name__, str(error)
    return ({t: table.to_pylist() for t, table in result.tables.items()}, result.rejects, result.rows_in,
            result.rows_out, result.notes)


def assert_readers_agree(kind: str, data: bytes, name: str = "f.csv") -> None:
    native, by_rows = READERS[kind]
    expected = outcome(by_rows, data, name)
    assert outcome(native, data, name) == expected


@pytest.fixture
def small_blocks(monkeypatch):
    """Blocks of 8 KiB, read 1 KiB at a time: several blocks per file, records and pending bytes
    across every cut."""
    monkeypatch.setattr(record_blocks, "BLOCK_BYTES", 8192)
    monkeypatch.setattr(landed_lines, "CHUNK", 1024)
    monkeypatch.setattr(native_csv, "CHUNK", 1024)


def sample_bytes(kind: str) -> bytes:
    folder = "tmdb_movies" if kind == "movies" else "tmdb_credits"
    (path,) = (SAMPLE / folder).iterdir()
    return gzip.decompress(path.read_bytes())


def test_the_readers_agree_on_the_real_tmdb_files(shared_data):
    for kind in READERS:
        data = (shared_data / f"tmdb_5000/tmdb_5000_{kind}.csv.gz").read_bytes()
        assert_readers_agree(kind, data, f"tmdb_5000_{kind}.csv.gz")


@pytest.mark.slow
def test_the_readers_agree_on_the_synthetic_x10_files(shared_data, tmp_path):
    from benchmarks.generate import ensure_scale

    generated = ensure_scale(tmp_path, 10)
    assert_readers_agree("movies", generated.movies_csv.read_bytes())
    assert_readers_agree("credits", generated.credits_csv.read_bytes())


def test_the_readers_agree_on_crafted_files_across_block_cuts(small_blocks):
    long_quoted = GOOD.replace("ID", "8").replace("An overview", "line one\nline two\r\n" + "x" * 9000)
    literal_quote_late = [GOOD.replace("ID", str(i)) for i in range(20, 80)] + [GOOD.replace("TID", 'T"ID').replace("ID", "9")]
    cases = {
        "crafted": CRAFTED,
        "record longer than a block": movies_csv(GOOD.replace("ID", "1"), long_quoted, GOOD.replace("ID", "2")),
        "literal quote after many blocks": movies_csv(*literal_quote_late, GOOD.replace("ID", "10")),
        "bare CR between records": movies_csv(GOOD.replace("ID", "1") + "\r" + GOOD.replace("ID", "2")),
        "blank and whitespace lines": movies_csv(GOOD.replace("ID", "1"), "", "   ", GOOD.replace("ID", "2"), ""),
        "duplicate ids": movies_csv(*[GOOD.replace("ID", str(i % 7)) for i in range(40)]),
        "quote left open at the end": movies_csv(GOOD.replace("ID", "1"), GOOD.replace("ID", "2") + ',"open'),
        "utf-16": ("\ufeff" + movies_csv(GOOD.replace("ID", "1")).decode()).encode("utf-16"),
        "two gzip members": gzip.compress(CRAFTED[:300]) + gzip.compress(CRAFTED[300:]),
        "invalid utf-8 late": movies_csv(*[GOOD.replace("ID", str(i)) for i in range(60)]) + b"1,\xe9\n",
    }
    for label, data in cases.items():
        assert_readers_agree("movies", data, label)


def test_the_readers_agree_when_two_literal_quotes_even_out_the_count_of_quotes(small_blocks):
    """Counting quotes alone would find record ends after the second literal quote; from
    the first one on, the file must go row by row. The leading records move the first
    literal quote across a block's start."""
    good = [GOOD.replace("ID", str(i)) for i in range(100, 200)]
    literal = [GOOD.replace("TID", 'T"ID').replace("ID", str(i)) for i in (1, 2)]
    for leading in range(36, 72):
        data = movies_csv(*good[:leading], literal[0], *good[leading:leading + 6], literal[1], *good[leading + 6:])
        assert_readers_agree("movies", data, f"{leading} records before")


@pytest.mark.parametrize("kind", READERS)
def test_the_readers_agree_on_seeded_mutations_of_the_sample(kind, small_blocks):
    original = sample_bytes(kind)
    rng = random.Random(f"native-vs-rows:{kind}")
    for _ in range(120):
        assert_readers_agree(kind, mutated(original, rng, [3_000, 30_000]), "mutated.csv")
