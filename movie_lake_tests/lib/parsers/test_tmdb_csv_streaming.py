"""The TMDB CSV parsers read a stream in batches: same rows and rejects whatever the chunk and
batch sizes, gzip streamed (several members too), errors still naming the file and line."""
import gzip
import io

import pytest

from movie_lake.lib.parsers import csv_batches, landed_lines
from movie_lake.lib.parsers.result import BadFileError
from movie_lake.lib.parsers.tmdb_csv import parse_credits, parse_movies

from movie_lake_tests.lib.parsers.test_tmdb_csv_quarantine import CRAFTED, GOOD, movies_csv

CAST = '"[{""cast_id"": 1, ""character"": """", ""credit_id"": ""c{n}"", ""gender"": 2, ""id"": {n}, ""name"": ""P{n}"", ""order"": 0}]"'
CREW = '"[{""credit_id"": ""k{n}"", ""department"": ""Sound"", ""gender"": 0, ""id"": {n}, ""job"": """", ""name"": ""Q{n}""}]"'


def credits_csv(*rows: str) -> bytes:
    return ("\n".join(["movie_id,title,cast,crew", *rows]) + "\n").encode()


def credit(n: int, cast: str = CAST, crew: str = CREW) -> str:
    return f"{n},T{n},{cast.replace('{n}', str(n))},{crew.replace('{n}', str(n))}"


@pytest.fixture
def tiny_batches(monkeypatch):
    monkeypatch.setattr(csv_batches, "BATCH_ROWS", 2)
    monkeypatch.setattr(landed_lines, "CHUNK", 7)


def test_batches_and_chunks_do_not_change_rows_or_rejects(tiny_batches):
    result = parse_movies(io.BytesIO(gzip.compress(CRAFTED)), "crafted.csv.gz")
    assert result.table.column("id").to_pylist() == [1, 7]
    assert [(r.line, r.field) for r in result.rejects] == [(3, "genres"), (4, "runtime"), (5, "id"), (6, None), (7, "release_date")]
    assert result.table.column("genres").to_pylist() == [[{"id": 18, "name": "Drama"}]] * 2


def test_several_gzip_members_and_a_bare_cr_in_a_quoted_field(tiny_batches):
    one, two = GOOD.replace("ID", "1").replace("An overview", "An\rover\nview"), GOOD.replace("ID", "2")
    data = movies_csv(one, two)
    cut = data.index(b"\n") + 1
    result = parse_movies(gzip.compress(data[:cut]) + gzip.compress(data[cut:]), "m.csv.gz")
    assert result.table.column("overview").to_pylist() == ["An\rover\nview", "An overview"]


def test_json_with_keys_the_schema_does_not_declare_is_kept_through_the_row_by_row_path():
    extra = GOOD.replace("ID", "1").replace('""name"": ""Drama""', '""name"": ""Drama"", ""extra"": true')
    result = parse_movies(movies_csv(extra, GOOD.replace("ID", "2")), "m.csv")
    assert result.table.column("genres").to_pylist() == [[{"id": 18, "name": "Drama"}]] * 2 and not result.rejects


def test_credits_flatten_with_empty_text_as_null_and_bad_fields_set_aside(tiny_batches):
    """A bad cast or crew sets aside that field only; the record's other list is kept."""
    no_name = CAST.replace(', ""name"": ""P{n}""', "")
    rows = [credit(1), credit(2, cast=no_name), credit(3, crew='""'), credit(4, cast='"[1]"'), credit(5)]
    result = parse_credits(io.BytesIO(credits_csv(*rows)), "c.csv")
    kept = "; the record's other fields are kept"
    assert [(r.line, r.field, r.reason, r.record_kept) for r in result.rejects] == [
        (3, "cast", "cast item 0 has no name" + kept, True),
        (4, "crew", "crew is empty, expected a JSON list" + kept, True),
        (5, "cast", "cast is not a JSON list of objects" + kept, True),
    ]
    assert result["movie_cast"].select(["movie_id", "person_id", "character", "cast_order"]).to_pylist() == [
        {"movie_id": 1, "person_id": 1, "character": None, "cast_order": 0},
        {"movie_id": 3, "person_id": 3, "character": None, "cast_order": 0},
        {"movie_id": 5, "person_id": 5, "character": None, "cast_order": 0},
    ]
    assert result["movie_crew"].column("movie_id").to_pylist() == [1, 2, 4, 5]
    assert (result.rows_in, result.rows_out, result.records_rejected) == (5, 5, 0)


def test_a_credits_record_whose_cast_and_crew_are_both_bad_is_rejected_whole(tiny_batches):
    result = parse_credits(io.BytesIO(credits_csv(credit(1), credit(2, cast='""', crew='"[1]"'))), "c.csv")
    assert [(r.line, r.field, r.record_kept) for r in result.rejects] == [(3, "cast", False)]
    assert (result.rows_in, result.rows_out, result.records_rejected) == (2, 1, 1)


@pytest.mark.parametrize(
    "data, message",
    [
        (gzip.compress(movies_csv(GOOD))[:-12], "m.csv: not a readable gzip file"),
        (movies_csv(GOOD, GOOD) + "caf\xe9\n".encode("latin-1"), r"m.csv: not valid UTF-8 at line 4 \(byte"),
    ],
)
def test_stream_errors_name_the_file_and_line(tiny_batches, data, message):
    with pytest.raises(BadFileError, match=message):
        parse_movies(io.BytesIO(data), "m.csv")
