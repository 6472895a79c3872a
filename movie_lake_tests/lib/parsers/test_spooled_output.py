"""A parser's output larger than `SPOOL_BYTES` goes to a local Parquet spool, not memory, and
comes back as exactly the table the in-memory path gives (superseded duplicates dropped)."""
import pyarrow as pa
import pytest

from movie_lake.lib.parsers import spool
from movie_lake.lib.parsers.spool import SpooledTable
from movie_lake.lib.parsers.tmdb_csv import parse_credits, parse_movies

from movie_lake_tests.lib.parsers.test_tmdb_csv_native_matches_rows import sample_bytes


def duplicated(data: bytes, copies: int) -> bytes:
    """The file's records `copies` times over (every id repeats: later copies win)."""
    header, body = data.split(b"\n", 1)
    body = body if body.endswith(b"\n") else body + b"\n"
    return header + b"\n" + body * copies


def read_back(table) -> pa.Table:
    assert isinstance(table, SpooledTable)
    return pa.concat_tables(list(table.batches(batch_rows=100)))


@pytest.mark.parametrize("kind, parse", [("movies", parse_movies), ("credits", parse_credits)])
def test_a_spooled_result_is_the_in_memory_result(kind, parse, monkeypatch):
    data = duplicated(sample_bytes(kind), 3)
    in_memory = parse(data, "f.csv")
    monkeypatch.setattr(spool, "SPOOL_BYTES", 10_000)
    spooled = parse(data, "f.csv")
    assert spooled.tables.keys() == in_memory.tables.keys()
    for name, table in in_memory.tables.items():
        assert read_back(spooled[name]).equals(table), name
    assert (spooled.rejects, spooled.rows_in, spooled.rows_out) == (in_memory.rejects, in_memory.rows_in, in_memory.rows_out)
    assert sum("duplicate" in r.reason for r in spooled.rejects) >= 2 * in_memory.rows_out // 3


def test_a_spool_file_goes_away_with_its_last_view():
    table = SpooledTable(pa.schema([("id", pa.int64())]))
    table.append(pa.table({"id": [1, 2]}))
    view = table.finish().with_constant(pa.field("tag", pa.string()), "x")
    folder = table._folder
    del table
    assert read_back(view).to_pylist() == [{"id": 1, "tag": "x"}, {"id": 2, "tag": "x"}]
    import os

    assert os.path.isdir(folder)
    del view
    import gc

    gc.collect()
    assert not os.path.exists(folder)
