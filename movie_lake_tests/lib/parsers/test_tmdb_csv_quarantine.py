"""Bad input in the TMDB CSVs: bad records are quarantined with line and reason, bad files
fail naming what is wrong, and good files landed beside them go through."""
import csv
import gzip
import io
import json

import pyarrow.parquet as pq
import pytest

from movie_lake.lib.parsers.csv_records import MAX_FIELD_CHARS
from movie_lake.lib.parsers.result import BadFileError
from movie_lake.lib.parsers.tmdb_csv import MOVIE_COLUMNS, parse_credits, parse_movies

from movie_lake_tests.conftest import lake_table, ingest, storage_for

HEADER = ",".join(MOVIE_COLUMNS)
GOOD = '0,"[{""id"": 18, ""name"": ""Drama""}]",,ID,[],en,TID,"An overview",1.5,[],[],2001-02-03,0,90,[],Released,,Title ID,6.5,10'


def movies_csv(*rows: str) -> bytes:
    return ("\n".join([HEADER, *rows]) + "\n").encode()


CRAFTED = movies_csv(
    GOOD.replace("ID", "1"),
    GOOD.replace("ID", "2").replace('"[{""id"": 18, ""name"": ""Drama""}]"', '"[{""id"": 18, ""name"""'),  # broken JSON
    GOOD.replace("ID", "3").replace(",90,", ",ninety,"),  # runtime not a number
    GOOD.replace("ID", ""),  # missing id
    GOOD.replace("ID", "5") + ",surplus",  # one field too many
    GOOD.replace("ID", "6").replace("2001-02-03", "2001-02-30"),  # impossible date
    GOOD.replace("ID", "7"),
)


def test_crafted_bad_records_are_quarantined_with_line_field_and_reason():
    result = parse_movies(CRAFTED, "crafted.csv")
    assert result.table.column("id").to_pylist() == [1, 7]
    assert [(r.line, r.field) for r in result.rejects] == [(3, "genres"), (4, "runtime"), (5, "id"), (6, None), (7, "release_date")]
    assert result.rejects[1].reason == "runtime is not a number: 'ninety'"
    assert result.rejects[3].reason == "expected 20 fields, found 21"
    assert result.rows_in == 7 == result.rows_out + len(result.rejects)


def test_zero_budget_is_kept_but_flagged_unknown():
    row = parse_movies(movies_csv(GOOD.replace("ID", "1")), "f.csv").table.to_pylist()[0]
    assert (row["budget"], row["budget_known"], row["revenue_known"], row["runtime"]) == (0, False, False, 90)
    assert row["homepage"] is None and row["tagline"] is None and row["genres"] == [{"id": 18, "name": "Drama"}]


@pytest.mark.parametrize(
    "data, message",
    [
        (b"", "empty.csv: the file is empty"),
        (gzip.compress(b"   \n", mtime=0), "empty.csv: the file is empty"),
        (b"budget,genres,id\n1,[],2\n", "empty.csv: header is missing columns: title$"),
        ("budget\n\xe9t\xe9\n".encode("latin-1"), "empty.csv: not valid UTF-8 at line 2"),
        (b"\x1f\x8bnot really gzip", "empty.csv: not a readable gzip file"),
    ],
    ids=["empty", "gzip-of-blanks", "header-missing-columns", "latin-1", "broken-gzip"],
)
def test_unreadable_files_fail_with_a_clear_message(data, message):
    with pytest.raises(BadFileError, match=message):
        parse_movies(data, "empty.csv")


def test_a_bad_file_fails_its_own_partition_only(local_settings, instance):
    storage = storage_for(local_settings)
    storage.write_bytes("landing/tmdb_movies/good.csv", CRAFTED)
    storage.write_bytes("landing/tmdb_movies/wrong_header.csv", b"movie,name\n1,x\n")
    report = ingest(local_settings, instance)
    assert [f for f in report.failures if "wrong_header" in f or "trusted_tmdb_movies" in f] == [
        "trusted_tmdb_movies [wrong_header.csv]: movie_lake.lib.parsers.result.BadFileError: wrong_header.csv: header is missing "
        "columns: id, title"
    ]
    step = next(s for s in report.steps if s.asset == "trusted/movies")
    assert (step.partition, step.rows) == ("good.csv", 2)
    dim_movie = lake_table(local_settings, "refined/dim_movie")
    assert dim_movie.column("movie_id").to_pylist() == [1, 7]
    quarantined = pq.read_table(local_settings.local_root / "quarantine/tmdb_movies/source_file=good.csv/part-0.parquet")
    assert quarantined.column("line").to_pylist() == [3, 4, 5, 6, 7]


@pytest.mark.shared_data
def test_real_tmdb_movies_file_goes_through_whole(shared_data):
    result = parse_movies((shared_data / "tmdb_5000/tmdb_5000_movies.csv.gz").read_bytes(), "tmdb_5000_movies.csv.gz")
    assert (result.rows_in, result.table.num_rows, len(result.rejects)) == (4803, 4803, 0)
    overviews = result.table.column("overview").to_pylist()
    assert sum("\r" in o for o in overviews if o) == 3
    rows = {r["id"]: r for r in result.table.select(["id", "runtime", "release_date", "overview", "budget_known"]).to_pylist()}
    assert rows[380097]["release_date"] is None
    assert rows[370980]["runtime"] is None and rows[370980]["overview"] is None
    assert sum(not r["budget_known"] for r in rows.values()) == 1037


@pytest.mark.shared_data
def test_real_tmdb_credits_file_sets_aside_only_the_two_damaged_fields(shared_data):
    """Batman v Superman (empty movie_id) keeps its credits aside for the title repair; Jurassic
    World (empty crew) keeps its 28-person cast. Nothing of either record is lost."""
    result = parse_credits((shared_data / "tmdb_5000/tmdb_5000_credits.csv.gz").read_bytes(), "tmdb_5000_credits.csv.gz")
    assert [(r.line, r.field, r.record_kept) for r in result.rejects] == [(11, "movie_id", True), (30, "crew", True)]
    assert result.rejects[0].reason == "movie_id is missing; its 263 credits are kept in trusted/unkeyed_credits to be matched by title"
    assert result.rejects[1].reason == "crew is empty, expected a JSON list; the record's other fields are kept"
    assert "Batman v Superman" in result.rejects[0].record and "Jurassic World" in result.rejects[1].record
    assert (result.rows_in, result.rows_out, result.records_rejected) == (198, 198, 0)
    records = list(csv.DictReader(io.StringIO(gzip.decompress((shared_data / "tmdb_5000/tmdb_5000_credits.csv.gz").read_bytes()).decode(), newline="")))
    keyed = [r for r in records if r["movie_id"]]
    assert result["movie_cast"].num_rows == sum(len(json.loads(r["cast"])) for r in keyed)
    assert result["movie_crew"].num_rows == sum(len(json.loads(r["crew"])) for r in keyed if r["crew"])
    assert result["movie_cast"].column("movie_id").to_pylist().count(135397) == 28
    (batman,) = [r for r in records if not r["movie_id"]]
    unkeyed = result["unkeyed_credits"]
    assert unkeyed.num_rows == len(json.loads(batman["cast"])) + len(json.loads(batman["crew"])) == 263
    assert set(unkeyed.column("movie_title").to_pylist()) == {"Batman v Superman: Dawn of Justice"}


def _line(fields: list[str]) -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerow(fields)
    return out.getvalue()


def test_a_missing_optional_column_reads_as_null_with_a_note():
    cells = next(csv.reader([GOOD.replace("ID", "1")]))
    keep = [i for i, name in enumerate(MOVIE_COLUMNS) if name not in ("tagline", "keywords")]
    text = _line([MOVIE_COLUMNS[i] for i in keep]) + _line([cells[i] for i in keep])
    result = parse_movies(text.encode(), "f.csv")
    [movie] = result.table.to_pylist()
    assert movie["tagline"] is None and movie["keywords"] is None and movie["genres"] == [{"id": 18, "name": "Drama"}]
    assert result.notes == {"missing_optional_columns": "keywords, tagline"}


def test_a_duplicate_id_keeps_the_later_row_and_quarantines_the_earlier():
    data = movies_csv(GOOD.replace("ID", "5"), GOOD.replace("ID", "6"), GOOD.replace("ID", "5").replace("Drama", "Comedy"))
    result = parse_movies(data, "f.csv")
    assert sorted(result.table.column("id").to_pylist()) == [5, 6]
    assert [r["genres"][0]["name"] for r in result.table.to_pylist() if r["id"] == 5] == ["Comedy"]
    [dup] = result.rejects
    assert (dup.line, dup.field, dup.reason) == (2, "id", "duplicate id 5 in this file: line 4 is kept")
    assert result.rows_in == 3 == result.rows_out + len(result.rejects)


def test_a_duplicate_movie_id_in_credits_keeps_the_later_record():
    def cast(name: str) -> str:
        return json.dumps([{"cast_id": 1, "character": "c", "credit_id": name, "gender": 0, "id": 9, "name": name, "order": 0}])
    data = ("movie_id,title,cast,crew\n" + _line(["1", "A", cast("early"), "[]"]) + _line(["1", "A", cast("late"), "[]"])).encode()
    result = parse_credits(data, "c.csv")
    assert result["movie_cast"].column("credit_id").to_pylist() == ["late"]
    assert [(r.line, r.field) for r in result.rejects] == [(2, "movie_id")]
    assert result.rows_in == 2 == result.rows_out + len(result.rejects)


def test_field_size_is_limited_by_a_declared_rule_not_the_csv_default():
    long_overview = GOOD.replace("ID", "1").replace("An overview", "x" * 1_250_000)
    too_long = GOOD.replace("ID", "2").replace("An overview", "y" * (MAX_FIELD_CHARS + 1))
    result = parse_movies(movies_csv(long_overview, too_long), "f.csv")
    assert [len(m["overview"]) for m in result.table.to_pylist()] == [1_250_000]
    [rejected] = result.rejects
    assert rejected.reason == f"a field is longer than the declared limit of {MAX_FIELD_CHARS:,} characters"
    assert result.rows_in == 2
